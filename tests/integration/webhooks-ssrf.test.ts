import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { assertWebhookUrlAllowed, createWebhookEndpoint } from "~/domain/webhooks/webhook-endpoints.server";
import { db } from "~/lib/db.server";
import { loadEnvironment } from "~/lib/env.server";
import { createSafeHttpClient, SafeHttpError, type Resolver, type SafeHttpClient } from "~/lib/net/safe-http-client.server";

/**
 * The SSRF guard through the real client, against a real server on 127.0.0.1: every form of a
 * loopback address is refused with private networks off (the server is never reached) and
 * accepted with them on; a name is resolved once and the connection goes where the check said;
 * redirects are not followed; timeouts and the body cap hold.
 */

type Hit = { path: string; host: string };
let hits: Hit[] = [];
let behaviour: (request: http.IncomingMessage, response: http.ServerResponse) => void = (_request, response) => response.end("ok");
let server: http.Server;
let port = 0;
const clients: SafeHttpClient[] = [];

function client(options: Parameters<typeof createSafeHttpClient>[0]): SafeHttpClient {
  const created = createSafeHttpClient({ connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, ...options });
  clients.push(created);
  return created;
}

const resolverTo = (...addresses: string[]): Resolver & { calls: string[] } => {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
};

beforeAll(async () => {
  server = http.createServer((request, response) => {
    hits.push({ path: request.url ?? "", host: request.headers.host ?? "" });
    request.resume();
    request.on("end", () => behaviour(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(() => {
  hits = [];
  behaviour = (_request, response) => response.end("ok");
});

afterAll(async () => {
  clients.forEach((created) => created.close());
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const loopbackForms = () => [
  `http://127.0.0.1:${port}/hook`,
  `http://2130706433:${port}/hook`,
  `http://0x7f.1:${port}/hook`,
  `http://017700000001:${port}/hook`,
  `http://127.1:${port}/hook`,
  `http://[::ffff:127.0.0.1]:${port}/hook`,
  `http://localhost:${port}/hook`,
];

async function refusal(promise: Promise<unknown>): Promise<SafeHttpError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SafeHttpError);
  return error as SafeHttpError;
}

describe("with private networks off (the default)", () => {
  it("refuses every form of a loopback address, and the server is never reached", async () => {
    const closed = client({ allowPrivateNetworks: false });
    for (const url of loopbackForms()) {
      const error = await refusal(closed.post(url, { headers: {}, body: "{}" }));
      expect(error.kind, url).toBe("refused");
      expect(error.refusal, url).toBe("loopback");
    }
    expect(hits).toHaveLength(0);
  });

  it.each([
    ["http://[::1]/", "loopback"],
    ["http://169.254.169.254/latest/meta-data/", "linkLocal"],
    ["http://[fe80::1]/", "linkLocal"],
    ["http://10.0.0.8/", "private"],
    ["http://172.16.5.4/", "private"],
    ["http://192.168.1.1/", "private"],
    ["http://100.64.0.1/", "carrierGradeNat"],
    ["http://[fd00::1]/", "uniqueLocal"],
    ["http://224.0.0.1/", "multicast"],
    ["http://255.255.255.255/", "broadcast"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://198.18.0.1/", "reserved"],
    ["http://[::ffff:169.254.169.254]/", "linkLocal"],
    ["http://[64:ff9b::7f00:1]/", "loopback"],
    ["http://[2002:7f00:1::]/", "loopback"],
    ["gopher://127.0.0.1/", "scheme"],
    ["https://user:password@example.com/", "credentials"],
  ])("refuses %s (%s) before any connection", async (url, expected) => {
    const error = await refusal(client({ allowPrivateNetworks: false }).post(url, { headers: {}, body: "{}" }));
    expect(error).toMatchObject({ kind: "refused", refusal: expected });
  });

  it("refuses a name that resolves to loopback, or to a public and a private address", async () => {
    const toLoopback = resolverTo("127.0.0.1");
    expect(await refusal(client({ allowPrivateNetworks: false, resolve: toLoopback }).post(`http://hooks.example.test:${port}/`, { headers: {}, body: "" }))).toMatchObject({
      kind: "refused",
      refusal: "loopback",
    });
    const mixed = resolverTo("93.184.216.34", "10.1.2.3");
    expect(await refusal(client({ allowPrivateNetworks: false, resolve: mixed }).post("http://rebind.example.test/", { headers: {}, body: "" }))).toMatchObject({ refusal: "private" });
    const metadata = resolverTo("::ffff:169.254.169.254");
    expect(await refusal(client({ allowPrivateNetworks: true, resolve: metadata }).post("http://metadata.example.test/", { headers: {}, body: "" }))).toMatchObject({ refusal: "linkLocal" });
    expect(hits).toHaveLength(0);
  });

  it("says when a name does not resolve", async () => {
    const failing: Resolver = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.example.test"), { code: "ENOTFOUND" });
    };
    expect(await refusal(client({ resolve: failing }).post("https://nowhere.example.test/", { headers: {}, body: "" }))).toMatchObject({ kind: "dns" });
  });
});

describe("with private networks on (LAN receivers, tests)", () => {
  it("accepts loopback in every form and reaches the server", async () => {
    const open = client({ allowPrivateNetworks: true });
    for (const url of loopbackForms()) {
      const response = await open.post(url, { headers: { "content-type": "application/json" }, body: '{"a":1}' });
      expect(response.status, url).toBe(200);
      expect(response.address).toBe("127.0.0.1");
    }
    expect(hits.map((hit) => hit.path)).toEqual(loopbackForms().map(() => "/hook"));
  });

  it("still refuses link-local (cloud metadata) and reserved ranges", async () => {
    const open = client({ allowPrivateNetworks: true });
    expect(await refusal(open.post("http://169.254.169.254/", { headers: {}, body: "" }))).toMatchObject({ refusal: "linkLocal" });
    expect(await refusal(open.post("http://0.0.0.0/", { headers: {}, body: "" }))).toMatchObject({ refusal: "unspecified" });
  });

  it("resolves a name once and connects to the address it checked, keeping the name in Host", async () => {
    const resolve = resolverTo("127.0.0.1");
    const open = client({ allowPrivateNetworks: true, resolve });
    const response = await open.post(`http://hooks.example.test:${port}/pinned`, { headers: {}, body: "{}" });
    expect(response.status).toBe(200);
    expect(resolve.calls).toEqual(["hooks.example.test"]);
    expect(hits).toEqual([{ path: "/pinned", host: `hooks.example.test:${port}` }]);
  });

  it("does not follow a redirect to 127.0.0.1: the 3xx is the answer", async () => {
    const target = http.createServer((_request, response) => response.end("reached"));
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    let targetHits = 0;
    target.on("request", () => (targetHits += 1));
    behaviour = (_request, response) => {
      response.writeHead(307, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/admin` });
      response.end();
    };
    try {
      const response = await client({ allowPrivateNetworks: true }).post(`http://127.0.0.1:${port}/hook`, { headers: {}, body: "{}" });
      expect(response.status).toBe(307);
      expect(response.headers.location).toContain("/admin");
      expect(targetHits).toBe(0);
    } finally {
      await new Promise<void>((resolve) => target.close(() => resolve()));
    }
  });

  it("gives up after the total timeout when the receiver never answers", async () => {
    behaviour = () => undefined;
    const started = Date.now();
    const error = await refusal(client({ allowPrivateNetworks: true, totalTimeoutMs: 300 }).post(`http://127.0.0.1:${port}/slow`, { headers: {}, body: "{}" }));
    expect(error.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("keeps the first bytes of a large answer and stops reading at the cap", async () => {
    behaviour = (_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, "a");
      for (let index = 0; index < 32; index++) response.write(chunk);
      response.end();
    };
    const response = await client({ allowPrivateNetworks: true, keepBodyBytes: 1024, readBodyBytes: 128 * 1024 }).post(`http://127.0.0.1:${port}/big`, { headers: {}, body: "{}" });
    expect(response.status).toBe(200);
    expect(response.bodyStart).toHaveLength(1024);
    expect(response.bodyTruncated).toBe(true);
    expect(response.bodyBytesRead).toBeLessThan(2 * 1024 * 1024);
  });
});

describe("saving an endpoint", () => {
  it.each([
    ["http://127.0.0.1:9000/hook", "webhooks.url.refused.loopback"],
    ["http://2130706433/", "webhooks.url.refused.loopback"],
    ["http://[::ffff:127.0.0.1]/", "webhooks.url.refused.loopback"],
    ["http://192.168.0.20/", "webhooks.url.refused.private"],
    ["http://100.64.3.3/", "webhooks.url.refused.private"],
    ["http://169.254.169.254/", "webhooks.url.refused.linkLocal"],
    ["http://224.0.0.1/", "webhooks.url.refused.special"],
    ["ftp://example.com/", "webhooks.validation.scheme"],
  ])("refuses %s with a field error on the URL", async (url, code) => {
    const error = await assertWebhookUrlAllowed(url, client({ allowPrivateNetworks: false })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code, field: "url" });
  });

  it("refuses a name resolving to loopback or to nothing, and creates nothing", async () => {
    await expect(assertWebhookUrlAllowed("https://internal.example.test/", client({ allowPrivateNetworks: false, resolve: resolverTo("127.0.0.1") }))).rejects.toMatchObject({
      code: "webhooks.url.refused.loopback",
    });
    await expect(assertWebhookUrlAllowed("https://internal.example.test/", client({ resolve: resolverTo() }))).rejects.toMatchObject({ code: "webhooks.url.unresolvable", field: "url" });
    const attempt = createWebhookEndpoint(
      { form: { url: "http://10.0.0.5/hook", description: "", events: ["ticket.created"], active: true }, actorId: null },
      { client: client({ allowPrivateNetworks: false }) },
    );
    await expect(attempt).rejects.toMatchObject({ code: "webhooks.url.refused.private" });
    expect(await db().webhookEndpoint.count()).toBe(0);
  });

  it("follows WEBHOOKS_ALLOW_PRIVATE_NETWORKS, off unless set to true", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-env-"));
    expect(loadEnvironment({ DATA_DIR: dir }).WEBHOOKS_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(loadEnvironment({ DATA_DIR: dir, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: "true" }).WEBHOOKS_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(() => loadEnvironment({ DATA_DIR: dir, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: "peut-être" })).toThrow(/WEBHOOKS_ALLOW_PRIVATE_NETWORKS/);

    const environmentKey = Symbol.for("comptoir.environment");
    const store = globalThis as Record<symbol, unknown>;
    try {
      process.env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = "true";
      delete store[environmentKey];
      const open = createSafeHttpClient();
      clients.push(open);
      expect((await open.post(`http://127.0.0.1:${port}/env`, { headers: {}, body: "" })).status).toBe(200);
      await expect(assertWebhookUrlAllowed(`http://127.0.0.1:${port}/env`)).resolves.toBeUndefined();
    } finally {
      delete process.env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS;
      delete store[environmentKey];
    }
    await expect(assertWebhookUrlAllowed(`http://127.0.0.1:${port}/env`)).rejects.toMatchObject({ code: "webhooks.url.refused.loopback" });
  });
});
