import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pruneIdempotencyKeys } from "~/lib/api/idempotency.server";
import { db } from "~/lib/db.server";
import { ApiClient, ApiContract, aToken } from "../support/api-contract.ts";
import { aClientCompany, anApiDeal, anApiTicket, anApiUser, useEnvironment, type ApiUser } from "../support/api-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * The conventions every operation follows, over real HTTP: If-Match on the domain's own locks
 * (a stale version changes nothing), Idempotency-Key (a retry, or two at once, create one
 * record and get the same answer), the rate limit per token, CORS only for configured origins,
 * the cross-site write guard that still protects the app, problems in the caller's language.
 */

let app: TestApp;
let api: ApiClient;
let technician: ApiUser;
let admin: ApiUser;
let client: Awaited<ReturnType<typeof aClientCompany>>;
let restore: (() => void) | null = null;

beforeAll(async () => {
  technician = await anApiUser("technician", { name: "Julien Bureau", locale: "fr" });
  admin = await anApiUser("admin", { locale: "en" });
  client = await aClientCompany("Garage Conventions");
  app = await startTestApp();
  api = new ApiClient(app.url, await ApiContract.load(app.url), technician.token);
}, 120_000);

afterEach(() => {
  restore?.();
  restore = null;
});

afterAll(async () => {
  await app?.close();
});

describe("If-Match", () => {
  it("refuses a stale version with 412 and the current ETag, and changes nothing", async () => {
    const ticket = await anApiTicket({ agentId: technician.id, contactId: client.contact.id });
    const first = await api.patch(`/tickets/${ticket.number}`, { priority: "high" }, { headers: { "If-Match": `"${ticket.version}"` } });
    expect(first.status).toBe(200);
    const before = await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId }, select: { version: true, priority: true, status: true, updatedAt: true } });
    const stale = await api.patch(`/tickets/${ticket.number}`, { priority: "low", status: "solved" }, { headers: { "If-Match": `"${ticket.version}"` } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("etag")).toBe(`"${before.version}"`);
    expect(stale.body.type).toMatch(/#problem-precondition-failed$/);
    expect(await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId }, select: { version: true, priority: true, status: true, updatedAt: true } })).toEqual(before);
    expect(await db().outboundEmail.count({ where: { ticketId: ticket.ticketId, kind: "ticket_solved" } })).toBe(0);

    const stalenote = await api.post(`/tickets/${ticket.number}/notes`, { body: "Trop tard" }, { headers: { "If-Match": `"${ticket.version}"` } });
    expect(stalenote.status).toBe(412);
    expect(await db().message.count({ where: { ticketId: ticket.ticketId, bodyText: "Trop tard" } })).toBe(0);
  });

  it("works the same on records locked on their last change (contacts) and on counters (deals)", async () => {
    const contact = await api.get(`/contacts/${client.contact.id}`);
    const etag = contact.headers.get("etag")!;
    expect((await api.patch(`/contacts/${client.contact.id}`, { jobTitle: "Gérante" }, { headers: { "If-Match": etag } })).status).toBe(200);
    const stale = await api.patch(`/contacts/${client.contact.id}`, { jobTitle: "Stagiaire" }, { headers: { "If-Match": etag } });
    expect(stale.status).toBe(412);
    expect((await db().contact.findUniqueOrThrow({ where: { id: client.contact.id } })).jobTitle).toBe("Gérante");

    const deal = await anApiDeal({ ownerId: admin.id, companyId: client.company.id });
    const sales = api.as(admin.token);
    expect((await sales.post(`/deals/${deal.id}/stage`, { stageId: "stage_won" }, { headers: { "If-Match": `"${deal.version}"` } })).status).toBe(200);
    expect((await sales.post(`/deals/${deal.id}/stage`, { stageId: "stage_qualification" }, { headers: { "If-Match": `"${deal.version}"` } })).status).toBe(412);
    expect((await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).stageId).toBe("stage_won");
  });

  it("requires If-Match on PATCH (428), takes * for the current version, and refuses an unreadable one (400)", async () => {
    const ticket = await anApiTicket({ agentId: technician.id, contactId: client.contact.id });
    const missing = await api.patch(`/tickets/${ticket.number}`, { priority: "high" });
    expect(missing.status).toBe(428);
    expect(missing.body.type).toMatch(/#problem-precondition-required$/);
    for (const header of ['W/"1"', '"1", "2"', "1"]) expect((await api.patch(`/tickets/${ticket.number}`, { priority: "high" }, { headers: { "If-Match": header } })).status).toBe(400);
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId } })).priority).toBe("normal");
    const any = await api.patch(`/tickets/${ticket.number}`, { priority: "high" }, { headers: { "If-Match": "*" } });
    expect(any.status).toBe(200);
    expect(any.body.priority).toBe("high");
  });
});

describe("Idempotency-Key", () => {
  const newTicket = (subject: string) => ({ subject, body: "Le portail ne s'ouvre plus.", requester: { id: client.contact.id } });

  it("replays the first answer to a retry and creates one ticket", async () => {
    const key = crypto.randomUUID();
    const first = await api.post("/tickets", newTicket("Portail A"), { headers: { "Idempotency-Key": key } });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const retry = await api.post("/tickets", newTicket("Portail A"), { headers: { "Idempotency-Key": key } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get("location")).toBe(first.headers.get("location"));
    expect(retry.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(await db().ticket.count({ where: { subject: "Portail A" } })).toBe(1);
    // Without a key, the same body is a new ticket.
    expect((await api.post("/tickets", newTicket("Portail A"))).status).toBe(201);
    expect(await db().ticket.count({ where: { subject: "Portail A" } })).toBe(2);
  });

  it("lets one of several simultaneous duplicates run; the others get its answer", async () => {
    const key = crypto.randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, () => api.post("/tickets", newTicket("Portail simultané"), { headers: { "Idempotency-Key": key } })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get("idempotent-replayed") === "true")).toHaveLength(5);
    expect(await db().ticket.count({ where: { subject: "Portail simultané" } })).toBe(1);
    expect(await db().message.count({ where: { ticket: { subject: "Portail simultané" } } })).toBe(1);
  });

  it("refuses the key with another body or on another route (422), keeps keys per token, and refuses an unreadable key (400)", async () => {
    const key = crypto.randomUUID();
    expect((await api.post("/tickets", newTicket("Portail B"), { headers: { "Idempotency-Key": key } })).status).toBe(201);
    const otherBody = await api.post("/tickets", newTicket("Portail C"), { headers: { "Idempotency-Key": key } });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.type).toMatch(/#problem-idempotency-key-reused$/);
    expect((await api.post("/contacts", { lastName: "Clé", phone: "01 23 45 67 89" }, { headers: { "Idempotency-Key": key } })).status).toBe(422);
    expect(await db().ticket.count({ where: { subject: "Portail C" } })).toBe(0);
    // Another token's key space is its own.
    const other = api.as(await aToken(technician.id, ["tickets:write"]));
    expect((await other.post("/tickets", newTicket("Portail C"), { headers: { "Idempotency-Key": key } })).status).toBe(201);
    expect((await api.post("/tickets", newTicket("Portail D"), { headers: { "Idempotency-Key": "clé avec espaces" } })).status).toBe(400);
  });

  it("stores refusals too, and forgets keys after 24 hours", async () => {
    const key = crypto.randomUUID();
    const refused = await api.post("/tickets", { subject: "Sans demandeur", body: "x", requester: { id: "cmunknowncontact0000000" } }, { headers: { "Idempotency-Key": key } });
    expect(refused.status).toBe(422);
    const again = await api.post("/tickets", { subject: "Sans demandeur", body: "x", requester: { id: "cmunknowncontact0000000" } }, { headers: { "Idempotency-Key": key } });
    expect(again.headers.get("idempotent-replayed")).toBe("true");

    const old = crypto.randomUUID();
    expect((await api.post("/tickets", newTicket("Portail E"), { headers: { "Idempotency-Key": old } })).status).toBe(201);
    await db().apiIdempotencyKey.updateMany({ where: { key: old }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    const afterExpiry = await api.post("/tickets", newTicket("Portail E"), { headers: { "Idempotency-Key": old } });
    expect(afterExpiry.status).toBe(201);
    expect(afterExpiry.headers.get("idempotent-replayed")).toBeNull();
    expect(await db().ticket.count({ where: { subject: "Portail E" } })).toBe(2);

    const kept = await db().apiIdempotencyKey.count();
    expect(await pruneIdempotencyKeys(new Date(Date.now() + 25 * 3_600_000))).toBe(kept);
    expect(await db().apiIdempotencyKey.count()).toBe(0);
  });
});

describe("rate limit", () => {
  it("counts per token, says how many are left, and answers 429 with Retry-After beyond", async () => {
    restore = useEnvironment({ API_REQUESTS_PER_MINUTE: "3" });
    const token = await aToken(technician.id, ["tickets:read"]);
    const limited = api.as(token);
    const remaining: string[] = [];
    for (let index = 0; index < 3; index++) {
      const answer = await limited.get("/tickets?limit=1");
      expect(answer.status).toBe(200);
      expect(answer.headers.get("ratelimit-limit")).toBe("3");
      remaining.push(answer.headers.get("ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = await limited.get("/tickets?limit=1");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("ratelimit-reset"))).toBeLessThanOrEqual(60);
    expect(refused.body.detail).toContain("3");
    expect((await api.as(await aToken(technician.id, ["tickets:read"])).get("/tickets?limit=1")).status).toBe(200);
  });
});

describe("CORS", () => {
  const preflight = (origin: string) =>
    fetch(`${app.url}/api/v1/tickets`, { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type, idempotency-key" } });

  it("is off by default: no browser origin is allowed", async () => {
    const answer = await api.get("/tickets?limit=1", { headers: { Origin: "https://boutique.exemple.fr" } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    const options = await preflight("https://boutique.exemple.fr");
    expect(options.status).toBe(204);
    expect(options.headers.get("access-control-allow-origin")).toBeNull();
    expect(options.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("allows the configured origins only, preflight included", async () => {
    restore = useEnvironment({ API_CORS_ORIGINS: "https://boutique.exemple.fr, https://www.exemple.fr" });
    const options = await preflight("https://boutique.exemple.fr");
    expect(options.status).toBe(204);
    expect(options.headers.get("access-control-allow-origin")).toBe("https://boutique.exemple.fr");
    expect(options.headers.get("access-control-allow-methods")).toBe("GET, POST, HEAD, OPTIONS");
    expect(options.headers.get("access-control-allow-headers")).toContain("Idempotency-Key");
    expect(options.headers.get("access-control-allow-credentials")).toBeNull();
    const answer = await api.get("/tickets?limit=1", { headers: { Origin: "https://boutique.exemple.fr" } });
    expect(answer.headers.get("access-control-allow-origin")).toBe("https://boutique.exemple.fr");
    expect(answer.headers.get("access-control-expose-headers")).toContain("RateLimit-Remaining");
    expect(answer.headers.get("vary")).toContain("Origin");
    const refusedWithProblem = await api.get("/tickets", { token: null, headers: { Origin: "https://www.exemple.fr" } });
    expect(refusedWithProblem.status).toBe(401);
    expect(refusedWithProblem.headers.get("access-control-allow-origin")).toBe("https://www.exemple.fr");
    const stranger = await preflight("https://pirate.exemple.com");
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    expect((await api.get("/tickets?limit=1", { headers: { Origin: "https://pirate.exemple.com" } })).headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the cross-site write guard", () => {
  it("lets a cross-site API write through (the API reads no cookie) while the app's forms stay protected", async () => {
    const crossSite = { Origin: "https://pirate.exemple.com", "Sec-Fetch-Site": "cross-site" };
    const created = await api.post("/tickets", { subject: "Depuis un autre site", body: "Bonjour", requester: { id: client.contact.id } }, { headers: crossSite });
    expect(created.status).toBe(201);
    const anonymous = await api.post("/tickets", { subject: "Sans jeton", body: "x", requester: { id: client.contact.id } }, { token: null, headers: crossSite });
    expect(anonymous.status).toBe(401);

    const session = new HttpSession(app.url);
    await session.get("/connexion");
    const form = await session.postForm("/connexion", { email: "x@exemple.test", password: "x" }, { headers: crossSite });
    expect(form.status).toBe(403);
    expect(await form.text()).toContain("origine étrangère");
    const sameSite = await session.postForm("/connexion", { email: "x@exemple.test", password: "x" });
    expect(sameSite.status).not.toBe(403);
  });
});

describe("problems", () => {
  it("speak the token user's language, or the one asked for, and English without a user", async () => {
    const french = await api.get("/tickets?status=inconnu");
    expect(french.body).toMatchObject({ status: 400, title: "Requête invalide" });
    expect(french.body.errors[0]).toMatchObject({ field: "status", code: "validation.choose", message: "Choisissez une valeur dans la liste." });
    const english = await api.get("/tickets?status=inconnu", { headers: { "Accept-Language": "en-GB,en;q=0.8" } });
    expect(english.body.title).toBe("Invalid request");
    const anonymous = await api.get("/tickets", { token: null });
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(anonymous.body).toMatchObject({ status: 401, title: "Authentication required", instance: "/api/v1/tickets" });
    expect(anonymous.body.type).toMatch(/\/api\/docs#problem-unauthorized$/);
    expect((await api.get("/tickets", { token: null, headers: { "Accept-Language": "fr-FR" } })).body.title).toBe("Authentification requise");
  });

  it("answer unknown routes (404) and methods (405 with Allow) as problems too", async () => {
    const unknown = await fetch(`${app.url}/api/v1/factures`, { headers: { Authorization: `Bearer ${technician.token}` } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    const method = await fetch(`${app.url}/api/v1/tickets`, { method: "DELETE", headers: { Authorization: `Bearer ${technician.token}` } });
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
  });
});
