import { beforeAll, describe, expect, it } from "vitest";
import { publicApiGateway } from "~/lib/api/v1/index.server";
import { db } from "~/lib/db.server";
import { anApiUser, type ApiUser } from "../support/api-factories.ts";
import { frenchRows } from "../fixtures/import/world.ts";
import { fixture, runToEnd } from "../support/import-factories.ts";

/**
 * POST /api/v1/imports with a multipart file, then the job's status and its rejected rows, through
 * the API gateway itself (token, scope, permission, validation), without a browser or a build.
 */

let admin: ApiUser;
let technician: ApiUser;
let readOnly: ApiUser;

async function call(user: ApiUser | null, method: string, path: string, body?: { bytes: Buffer; contentType: string }) {
  const headers: Record<string, string> = { accept: "application/json", ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...(body ? { "content-type": body.contentType, "content-length": String(body.bytes.length) } : {}) };
  const admission = await publicApiGateway().admit({ method, path, search: "", header: (name) => headers[name.toLowerCase()], clientAddress: "127.0.0.1" });
  const response = admission.kind === "answer" ? admission.response : await admission.proceed(body?.bytes ?? null);
  const text = typeof response.body === "string" ? response.body : response.body ? await new Response(response.body).text() : "";
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

async function multipart(fields: Record<string, string | { name: string; bytes: Buffer }>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value.bytes)]), value.name);
  }
  const request = new Request("http://localhost/", { method: "POST", body: form });
  return { bytes: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get("content-type")! };
}

beforeAll(async () => {
  admin = await anApiUser("admin", { locale: "fr" });
  technician = await anApiUser("technician");
  readOnly = await anApiUser("admin", { scopes: ["customers:read"] });
});

describe("POST /api/v1/imports", () => {
  it("queues the French file with its mapping and options, then reports its status and rejected rows", async () => {
    const mapping = JSON.stringify([
      { column: 0, header: "Raison sociale", target: "company.name" },
      { column: 1, header: "Nom", target: "lastName" },
      { column: 2, header: "Prénom", target: "firstName" },
      { column: 3, header: "E-mail", target: "email" },
      { column: 4, header: "Tél.", target: "phone" },
      { column: 8, header: "SIRET", target: "company.siret" },
    ]);
    const body = await multipart({ entity: "contacts", mapping, options: JSON.stringify({ consent: { kind: "none" } }), file: { name: "contacts-excel-fr.csv", bytes: fixture("contacts-excel-fr.csv") } });
    const created = await call(admin, "POST", "/imports", body);
    expect(created.status, created.text).toBe(201);
    const job = created.json();
    expect(job).toMatchObject({ entity: "contacts", status: "queued", fileName: "contacts-excel-fr.csv", rejectedRowsUrl: null });
    expect(created.headers.Location).toMatch(new RegExp(`/api/v1/imports/${job.id as string}$`));
    expect(await db().auditLog.count({ where: { entityId: job.id as string, action: "import.started", actorId: admin.id } })).toBe(1);

    await runToEnd(job.id as string, 50);
    const read = await call(admin, "GET", `/imports/${job.id as string}`);
    expect(read.status).toBe(200);
    const finished = read.json();
    expect(finished).toMatchObject({ status: "completed", doneRows: frenchRows.length, totalRows: frenchRows.length });
    expect((finished.counts as { rejected: number }).rejected).toBe(4);
    expect(finished.rejectedRowsUrl).toMatch(/\/imports\/.+\/rejected-rows$/);

    const csv = await call(admin, "GET", `/imports/${job.id as string}/rejected-rows`);
    expect(csv.status).toBe(200);
    expect(csv.headers["Content-Type"] ?? csv.headers["content-type"]).toMatch(/^text\/csv/);
    expect(csv.text.split("\r\n")[0]).toBe("Raison sociale;Nom;Prénom;E-mail;Tél.;Adresse;CP;Ville;SIRET;Fonction;Code client;Motif du rejet");
  });

  it("refuses a mapping without a name or an e-mail, a missing file, a token without the scope, a role without the right", async () => {
    const noIdentity = await multipart({ entity: "contacts", mapping: JSON.stringify([{ column: 7, header: "Ville", target: "company.city" }]), file: { name: "a.csv", bytes: fixture("contacts-excel-fr.csv") } });
    const refused = await call(admin, "POST", "/imports", noIdentity);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("import.mapping.contactIdentity");

    const noFile = await call(admin, "POST", "/imports", await multipart({ entity: "contacts" }));
    expect(noFile.status).toBe(422);

    const file = await multipart({ entity: "contacts", file: { name: "contacts-utf8-bom.csv", bytes: fixture("contacts-utf8-bom.csv") } });
    expect((await call(readOnly, "POST", "/imports", file)).status).toBe(403);
    expect((await call(technician, "POST", "/imports", file)).status).toBe(403);
    expect((await call(null, "POST", "/imports", file)).status).toBe(401);
    expect((await call(admin, "GET", "/imports/inconnu")).status).toBe(404);
  });
});
