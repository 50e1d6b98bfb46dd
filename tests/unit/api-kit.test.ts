import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ZodEffects, ZodObject, type ZodTypeAny } from "zod";
import { describe, expect, it } from "vitest";
import { parseIfMatch } from "~/lib/api/conditions.server";
import { ApiProblem, fieldIssuesFromZod, renameField } from "~/lib/api/problem.server";
import { apiEndpoints } from "~/lib/api/v1/index.server";
import { z } from "~/lib/api/zod";
import { loadEnvironment } from "~/lib/env.server";
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetOrderBy } from "~/lib/keyset";

/** The public API's kit, without a server: cursors, If-Match, field errors, and the endpoints' own declarations. */

describe("keyset pages", () => {
  it("round-trips a cursor and refuses one of another order, tampered or of the wrong shape", () => {
    const at = new Date("2026-03-14T09:30:00.123Z");
    const cursor = encodeKeysetCursor("contacts:name", ["Dupont", "Marie"], "cm1");
    expect(decodeKeysetCursor(cursor, "contacts:name", 2)).toEqual({ values: ["Dupont", "Marie"], id: "cm1" });
    expect(decodeKeysetCursor(encodeKeysetCursor("deals:-amount", [1250], "cm2"), "deals:-amount", 1)).toEqual({ values: [1250], id: "cm2" });
    expect(decodeKeysetCursor(encodeKeysetCursor("x", [at], "cm3"), "x", 1)?.values[0]).toEqual(at);
    expect(decodeKeysetCursor(cursor, "contacts:-updatedAt", 1)).toBeNull();
    expect(decodeKeysetCursor(cursor, "contacts:name", 1)).toBeNull();
    expect(decodeKeysetCursor(`${cursor}x`, "contacts:name", 2)).toBeNull();
    expect(decodeKeysetCursor("not/base64", "contacts:name", 2)).toBeNull();
    expect(decodeKeysetCursor(Buffer.from('["contacts:name",{"x":1},"a","cm1"]').toString("base64url"), "contacts:name", 2)).toBeNull();
    expect(decodeKeysetCursor(Buffer.from('["contacts:name","a","b","bad id!"]').toString("base64url"), "contacts:name", 2)).toBeNull();
  });

  it("writes 'after this row' as a range on the first column and the OR expansion, id last", () => {
    const order = [
      { field: "lastName", direction: "asc" },
      { field: "firstName", direction: "asc" },
    ] as const;
    expect(keysetAfter(order, { values: ["Dupont", "Marie"], id: "cm1" })).toEqual({
      AND: [
        { lastName: { gte: "Dupont" } },
        {
          OR: [
            { AND: [{ lastName: { gt: "Dupont" } }] },
            { AND: [{ lastName: "Dupont" }, { firstName: { gt: "Marie" } }] },
            { AND: [{ lastName: "Dupont" }, { firstName: "Marie" }, { id: { gt: "cm1" } }] },
          ],
        },
      ],
    });
    expect(keysetAfter([{ field: "updatedAt", direction: "desc" }], { values: [new Date(5)], id: "cm9" })).toEqual({
      AND: [{ updatedAt: { lte: new Date(5) } }, { OR: [{ AND: [{ updatedAt: { lt: new Date(5) } }] }, { AND: [{ updatedAt: new Date(5) }, { id: { lt: "cm9" } }] }] }],
    });
    expect(keysetOrderBy([{ field: "amountCents", direction: "desc" }])).toEqual([{ amountCents: "desc" }, { id: "desc" }]);
  });
});

describe("If-Match", () => {
  it.each([
    ['"7"', { version: 7 }],
    ["*", { any: true }],
    [' "1733412345123" ', { version: 1733412345123 }],
  ])("reads %s", (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it.each(['W/"7"', '"7", "8"', "7", '"v7"', ""])("refuses %j", (header) => {
    expect(() => parseIfMatch(header)).toThrow(ApiProblem);
  });

  it("is absent when not sent", () => {
    expect(parseIfMatch(undefined)).toBeNull();
  });
});

describe("field errors from zod", () => {
  const schema = z
    .object({
      subject: z.string().min(1, "validation.required").max(5),
      email: z.string().email(),
      priority: z.enum(["low", "high"]),
      count: z.number().int().max(3),
      nested: z.object({ id: z.string() }),
    })
    .strict();

  it("gives each field one stable code, ours when the schema has one, one from zod's issue otherwise", () => {
    const parsed = schema.safeParse({ subject: "toolong", email: "nope", priority: "medium", count: 9, nested: {}, colour: "blue" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(fieldIssuesFromZod(parsed.error)).toEqual([
      { field: "subject", code: "validation.tooLong" },
      { field: "email", code: "validation.email" },
      { field: "priority", code: "validation.choose" },
      { field: "count", code: "publicApi.validation.tooBig", params: { maximum: "3" } },
      { field: "nested.id", code: "validation.required" },
      { field: "colour", code: "publicApi.validation.unknownField" },
    ]);
  });

  it("renames form fields to the API's", () => {
    expect(renameField("requesterId", { requesterId: "requester.id" })).toBe("requester.id");
    expect(renameField("emails.2", { emails: "addresses" })).toBe("addresses.2");
    expect(renameField("subject", {})).toBe("subject");
  });
});

function shapeOf(schema: ZodTypeAny | undefined): string[] {
  let current = schema;
  while (current instanceof ZodEffects) current = current.innerType();
  return current instanceof ZodObject ? Object.keys(current.shape as object) : [];
}

describe("the endpoints' declarations", () => {
  it("have unique operation ids and paths whose parameters their schema names", () => {
    const ids = apiEndpoints.map((endpoint) => endpoint.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const endpoint of apiEndpoints) {
      const names = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(shapeOf(endpoint.params).sort(), endpoint.operationId).toEqual(names.sort());
    }
  });

  it.each(apiEndpoints.map((endpoint) => [endpoint.operationId, endpoint] as const))("%s: its example is a valid request", (_id, endpoint) => {
    const example = endpoint.example ?? {};
    if (endpoint.params) expect(endpoint.params.safeParse(example.params).success).toBe(true);
    if (endpoint.query) expect(endpoint.query.safeParse(example.query ?? {}).error?.issues ?? []).toEqual([]);
    if (endpoint.body) expect(endpoint.body.safeParse(example.body).error?.issues ?? []).toEqual([]);
    expect(Object.keys(example.query ?? {}).every((name) => shapeOf(endpoint.query).includes(name))).toBe(true);
  });
});

describe("configuration", () => {
  const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-api-env-"));

  it("reads the API's rate limit and CORS origins, with safe defaults (600 a minute, no origin)", () => {
    const defaults = loadEnvironment({ DATA_DIR: dataDir() });
    expect(defaults.API_REQUESTS_PER_MINUTE).toBe(600);
    expect(defaults.API_CORS_ORIGINS).toEqual([]);
    const set = loadEnvironment({ DATA_DIR: dataDir(), API_REQUESTS_PER_MINUTE: "120", API_CORS_ORIGINS: "https://www.exemple.fr, http://localhost:5173/ ,https://boutique.exemple.fr" });
    expect(set.API_REQUESTS_PER_MINUTE).toBe(120);
    expect(set.API_CORS_ORIGINS).toEqual(["https://www.exemple.fr", "http://localhost:5173", "https://boutique.exemple.fr"]);
    expect(loadEnvironment({ DATA_DIR: dataDir(), API_CORS_ORIGINS: "*" }).API_CORS_ORIGINS).toEqual(["*"]);
  });

  it.each(["https://www.exemple.fr/boutique", "www.exemple.fr", "ftp://exemple.fr"])("refuses the origin %s, naming the variable", (origin) => {
    expect(() => loadEnvironment({ DATA_DIR: dataDir(), API_CORS_ORIGINS: origin })).toThrowError(/API_CORS_ORIGINS/);
  });

  it("refuses a rate limit that is not a positive whole number", () => {
    expect(() => loadEnvironment({ DATA_DIR: dataDir(), API_REQUESTS_PER_MINUTE: "0" })).toThrowError(/API_REQUESTS_PER_MINUTE/);
  });
});
