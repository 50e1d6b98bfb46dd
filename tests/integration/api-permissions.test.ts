import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiToken } from "~/domain/identity/api-tokens.server";
import { updateUser } from "~/domain/identity/users.server";
import { db } from "~/lib/db.server";
import { ApiClient, ApiContract, aToken } from "../support/api-contract.ts";
import { aClientCompany, anApiActivity, anApiDeal, anApiTicket, anApiUser, tinyPng, useEnvironment, type ApiUser } from "../support/api-factories.ts";
import { aGroup } from "../support/factories.ts";
import { sessionCookieFor } from "../support/realtime-factories.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { watchEvents } from "../support/events.ts";
import { acceptQuote, createQuote, sendQuote } from "~/domain/sales/quote-commands.server";
import { aCustomerWithDeal, aLine, aSellerIdentity, quoteInput } from "../support/sales-documents-factories.ts";

/**
 * Who reaches what over the API: each role's token against each resource, the token's scopes
 * (a missing one is 403 naming it, a read-only one writes nothing), revoked, expired and
 * deactivated tokens (401), and the record rules of the token's user, unchanged: a restricted
 * technician never reaches another group's ticket (404, by number as by id), a sales rep never
 * another rep's deal or activity. Every answer is also checked against the contract.
 */

let app: TestApp;
let api: ApiClient;
let admin: ApiUser;
let technician: ApiUser;
let restricted: ApiUser;
let rep: ApiUser;
let otherRep: ApiUser;
let marketing: ApiUser;
let groupA: { id: string };
let groupB: { id: string };
let client: Awaited<ReturnType<typeof aClientCompany>>;

beforeAll(async () => {
  groupA = await aGroup("Atelier API");
  groupB = await aGroup("Terrain API");
  admin = await anApiUser("admin", { locale: "en" });
  technician = await anApiUser("technician", { groupIds: [groupA.id] });
  restricted = await anApiUser("technician", { groupIds: [groupB.id], restrictToGroups: true, name: "Sophie Terrain", locale: "en" });
  rep = await anApiUser("sales", { name: "Romain Commercial", locale: "en" });
  otherRep = await anApiUser("sales", { name: "Claire Commerciale" });
  marketing = await anApiUser("marketing");
  client = await aClientCompany("Boulangerie Permissions");
  app = await startTestApp();
  api = new ApiClient(app.url, await ApiContract.load(app.url));
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const ticketBody = () => ({ subject: "Caisse bloquée", body: "La caisse ne démarre plus.", requester: { id: client.contact.id } });

describe("each role's token against each resource", () => {
  const contactBody = () => ({ lastName: "Nouveau", phone: "01 23 45 67 89" });
  const dealBody = () => ({ title: "Four neuf", companyId: client.company.id });
  type Expected = { tickets: number; newTicket: number; contacts: number; newContact: number; deals: number; newDeal: number; activities: number };
  const cases: Array<[string, () => ApiUser, Expected]> = [
    ["admin", () => admin, { tickets: 200, newTicket: 201, contacts: 200, newContact: 201, deals: 200, newDeal: 201, activities: 200 }],
    ["technician", () => technician, { tickets: 200, newTicket: 201, contacts: 200, newContact: 201, deals: 200, newDeal: 403, activities: 200 }],
    // Opened without a group, the ticket is not theirs to see: created, answered 204.
    ["restricted technician", () => restricted, { tickets: 200, newTicket: 204, contacts: 200, newContact: 201, deals: 200, newDeal: 403, activities: 200 }],
    ["sales rep", () => rep, { tickets: 200, newTicket: 403, contacts: 200, newContact: 201, deals: 200, newDeal: 201, activities: 200 }],
    ["marketing", () => marketing, { tickets: 403, newTicket: 403, contacts: 200, newContact: 403, deals: 403, newDeal: 403, activities: 403 }],
  ];
  it.each(cases)("%s", async (_name, user, expected) => {
    const client = api.as(user().token);
    const got: Expected = {
      tickets: (await client.get("/tickets")).status,
      newTicket: (await client.post("/tickets", ticketBody())).status,
      contacts: (await client.get("/contacts")).status,
      newContact: (await client.post("/contacts", contactBody())).status,
      deals: (await client.get("/deals")).status,
      newDeal: (await client.post("/deals", dealBody())).status,
      activities: (await client.get("/activities")).status,
    };
    expect(got).toEqual(expected);
  });

  it("says why: a role that does not allow it (forbidden) is not a missing scope", async () => {
    const refused = await api.as(rep.token).post("/tickets", ticketBody());
    expect(refused.body.type).toMatch(/#problem-forbidden$/);
    expect(refused.body.detail).toBe("The role of this token's user does not allow this operation.");
  });
});

describe("scopes", () => {
  it("answers 403 naming the scope a token lacks, with the Bearer challenge", async () => {
    const ticketsOnly = api.as(await aToken(technician.id, ["tickets:read"]));
    const refused = await ticketsOnly.get("/contacts");
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/#problem-insufficient-scope$/);
    expect(refused.body.detail).toContain("customers:read");
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="Comptoir API", error="insufficient_scope", scope="customers:read"');
  });

  it("a read-only token writes nothing, and does not read internal notes nor their files", async () => {
    const { ticketId, number } = await anApiTicket({ agentId: technician.id, contactId: client.contact.id, groupId: groupA.id });
    const writer = api.as(technician.token);
    const note = await writer.post(`/tickets/${number}/notes`, { body: "Note interne confidentielle", attachments: [{ filename: "schema.png", content: tinyPng.toString("base64") }] });
    expect(note.status).toBe(201);
    const noteFile = note.body.message.attachments[0].id as string;

    const reader = api.as(await aToken(technician.id, ["tickets:read"]));
    const before = await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { version: true, status: true } });
    expect((await reader.patch(`/tickets/${number}`, { status: "solved" }, { headers: { "If-Match": "*" } })).status).toBe(403);
    expect((await reader.post(`/tickets/${number}/replies`, { body: "Bonjour" })).status).toBe(403);
    expect((await reader.post(`/tickets/${number}/notes`, { body: "Note" })).status).toBe(403);
    expect((await reader.post("/tickets", ticketBody())).status).toBe(403);
    expect(await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { version: true, status: true } })).toEqual(before);

    const read = await reader.get(`/tickets/${number}`);
    expect(read.status).toBe(200);
    expect(read.body.messages.map((message: { visibility: string }) => message.visibility)).toEqual(["public"]);
    expect(read.text).not.toContain("confidentielle");
    expect((await reader.get(`/attachments/${noteFile}`)).status).toBe(404);
    expect((await writer.get(`/attachments/${noteFile}`)).status).toBe(200);
  });
});

describe("revoked, expired and deactivated tokens", () => {
  it("answers 401 with the Bearer challenge, and never reads the session cookie", async () => {
    const user = await anApiUser("technician");
    const revoked = await aToken(user.id, ["tickets:read"]);
    expect((await api.as(revoked).get("/tickets")).status).toBe(200);
    const row = await db().apiToken.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
    await revokeApiToken({ tokenId: row.id, actor: null });
    const refused = await api.as(revoked).get("/tickets");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="Comptoir API", error="invalid_token"');

    const hourAgo = new Date(Date.now() - 3_600_000);
    const expired = await aToken(user.id, ["tickets:read"], { now: hourAgo, expiresAt: new Date(Date.now() - 60_000) });
    expect((await api.as(expired).get("/tickets")).status).toBe(401);

    const kept = await aToken(user.id, ["tickets:read"]);
    await updateUser(user.id, { ...user, active: false, actorId: admin.id });
    expect((await api.as(kept).get("/tickets")).status).toBe(401);

    const { cookie } = await sessionCookieFor(technician.id);
    const withCookie = await api.as(null).get("/tickets", { headers: { Cookie: cookie } });
    expect(withCookie.status).toBe(401);
    expect(withCookie.headers.get("www-authenticate")).toBe('Bearer realm="Comptoir API"');
    expect((await api.as(null).get("/tickets", { headers: { Authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } })).status).toBe(401);
  });
});

describe("a restricted technician", () => {
  it("never reaches another group's ticket: not listed, 404 by number and by id, to read and to write", async () => {
    const own = await anApiTicket({ agentId: admin.id, contactId: client.contact.id, groupId: groupB.id, subject: "Terminal du magasin" });
    const other = await anApiTicket({ agentId: admin.id, contactId: client.contact.id, groupId: groupA.id, subject: "Serveur de l'atelier" });
    const reply = await api.as(admin.token).post(`/tickets/${other.number}/replies`, { body: "Pièce jointe", attachments: [{ filename: "photo.png", content: tinyPng.toString("base64") }] });
    const otherFile = reply.body.message.attachments[0].id as string;
    const sophie = api.as(restricted.token);

    const listed = await sophie.get(`/tickets?requesterId=${client.contact.id}&limit=100`);
    const numbers = listed.body.data.map((ticket: { number: number }) => ticket.number);
    expect(numbers).toContain(own.number);
    expect(numbers).not.toContain(other.number);
    expect((await sophie.get(`/tickets/${own.number}`)).status).toBe(200);
    for (const ref of [String(other.number), other.ticketId]) {
      const read = await sophie.get(`/tickets/${ref}`);
      expect(read.status).toBe(404);
      expect(read.text).not.toContain("Serveur");
      expect((await sophie.patch(`/tickets/${ref}`, { priority: "urgent" }, { headers: { "If-Match": "*" } })).status).toBe(404);
      expect((await sophie.post(`/tickets/${ref}/replies`, { body: "Bonjour" })).status).toBe(404);
      expect((await sophie.post(`/tickets/${ref}/notes`, { body: "Note" })).status).toBe(404);
    }
    expect((await sophie.get(`/attachments/${otherFile}`)).status).toBe(404);
    const found = await sophie.get(`/search?q=${encodeURIComponent("Serveur atelier")}`);
    expect(found.body.tickets).toEqual([]);
    const timeline = await sophie.get(`/contacts/${client.contact.id}/timeline?kinds=ticket`);
    expect(timeline.body.data.map((entry: { id: string }) => entry.id)).not.toContain(other.ticketId);
    expect((await db().ticket.findUniqueOrThrow({ where: { id: other.ticketId } })).priority).toBe("normal");
  });

  it("hands their own ticket to another group: saved (204 with the new version), then out of reach", async () => {
    const own = await anApiTicket({ agentId: admin.id, contactId: client.contact.id, groupId: groupB.id });
    const sophie = api.as(restricted.token);
    const handed = await sophie.patch(`/tickets/${own.number}`, { groupId: groupA.id }, { headers: { "If-Match": `"${own.version}"` } });
    expect(handed.status).toBe(204);
    expect(handed.headers.get("etag")).toBe(`"${own.version + 1}"`);
    expect((await sophie.get(`/tickets/${own.number}`)).status).toBe(404);
  });
});

describe("sales reps", () => {
  it("reach their own deals and activities only: another rep's is 404 to read and to write, never listed", async () => {
    const mine = await anApiDeal({ ownerId: rep.id, companyId: client.company.id, title: "Vitrine réfrigérée" });
    const theirs = await anApiDeal({ ownerId: otherRep.id, companyId: client.company.id, title: "Pétrin industriel" });
    const theirActivity = await anApiActivity({ ownerId: otherRep.id, companyId: client.company.id });
    const romain = api.as(rep.token);

    const listed = await romain.get(`/deals?ownerId=${otherRep.id}&limit=100`);
    expect(listed.status).toBe(200);
    const ids = listed.body.data.map((deal: { id: string }) => deal.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(listed.body.data.every((deal: { owner: { id: string } }) => deal.owner.id === rep.id)).toBe(true);
    expect((await romain.get(`/deals/${mine.id}`)).status).toBe(200);
    const read = await romain.get(`/deals/${theirs.id}`);
    expect(read.status).toBe(404);
    expect(read.text).not.toContain("Pétrin");
    expect((await romain.patch(`/deals/${theirs.id}`, { amountCents: 1 }, { headers: { "If-Match": "*" } })).status).toBe(404);
    expect((await romain.post(`/deals/${theirs.id}/stage`, { stageId: "stage_won" })).status).toBe(404);
    expect((await db().deal.findUniqueOrThrow({ where: { id: theirs.id } })).stageId).toBe("stage_qualification");

    expect((await romain.get(`/activities/${theirActivity.id}`)).status).toBe(404);
    expect((await romain.patch(`/activities/${theirActivity.id}`, { subject: "x" }, { headers: { "If-Match": "*" } })).status).toBe(404);
    expect((await romain.post(`/activities/${theirActivity.id}/done`, { done: true })).status).toBe(404);
    const activities = await romain.get(`/activities?ownerId=${otherRep.id}`);
    expect(activities.body.data).toEqual([]);

    const forOther = await romain.post("/deals", { title: "Pour Claire", companyId: client.company.id, ownerId: otherRep.id });
    expect(forOther.status).toBe(422);
    expect(forOther.body.errors[0]).toMatchObject({ field: "ownerId", code: "sales.deal.validation.ownerNotAllowed" });
  });
});

describe("quotes and orders", () => {
  it("follow the sales record rule: another rep's quote and order are 404 and never listed; marketing reads no price list", async () => {
    await aSellerIdentity();
    const { company, contact, deal } = await aCustomerWithDeal(otherRep.id);
    const claire = { id: otherRep.id, role: otherRep.role, restrictToGroups: false };
    const { quoteId } = await createQuote(claire, quoteInput({ companyId: company.id, dealId: deal.id, contactId: contact.id, lines: [aLine()] }));
    await sendQuote(claire, { quoteId, version: 1 });
    const sent = await db().quote.findUniqueOrThrow({ where: { id: quoteId }, select: { version: true } });
    const { orderId } = await acceptQuote(claire, { quoteId, version: sent.version });
    const romain = api.as(rep.token);
    expect((await romain.get(`/quotes/${quoteId}`)).status).toBe(404);
    expect((await romain.get(`/orders/${orderId}`)).status).toBe(404);
    expect((await romain.get(`/quotes?companyId=${company.id}`)).body.data).toEqual([]);
    expect((await romain.get(`/orders?companyId=${company.id}`)).body.data).toEqual([]);
    const own = api.as(otherRep.token);
    expect((await own.get(`/quotes/${quoteId}`)).status).toBe(200);
    expect((await own.get(`/orders/${orderId}`)).status).toBe(200);
    expect((await api.as(technician.token).get(`/orders/${orderId}`)).status).toBe(200);
    expect((await api.as(marketing.token).get("/products")).status).toBe(403);
  });
});

describe("webhooks", () => {
  it("are for administrators' tokens with webhooks:manage: another role cannot hold the scope, a token without it gets 403 naming it", async () => {
    const manager = await anApiUser("manager", { locale: "en" });
    await expect(aToken(technician.id, ["webhooks:manage"])).rejects.toMatchObject({ code: "api.tokens.validation.scopeNotForRole" });
    await expect(aToken(manager.id, ["webhooks:manage"])).rejects.toMatchObject({ code: "api.tokens.validation.scopeNotForRole" });
    // Every scope the manager's role can use, still no webhooks: their role does not allow it.
    const byManager = await api.as(manager.token).get("/webhooks");
    expect(byManager.status).toBe(403);
    expect(byManager.body.type).toMatch(/#problem-forbidden$/);
    for (const user of [technician, rep, marketing]) expect((await api.as(user.token).post("/webhooks", { url: "https://erp.example.com/", events: ["ticket.created"] })).status).toBe(403);

    const ticketsOnly = api.as(await aToken(admin.id, ["tickets:read", "tickets:write"]));
    const refused = await ticketsOnly.get("/webhooks");
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/#problem-insufficient-scope$/);
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="Comptoir API", error="insufficient_scope", scope="webhooks:manage"');
    expect((await ticketsOnly.post("/webhooks", { url: "https://erp.example.com/", events: ["ticket.created"] })).status).toBe(403);
    expect(await db().webhookEndpoint.count({ where: { url: "https://erp.example.com/" } })).toBe(0);

    // The scope alone reads no ticket.
    const webhooksOnly = api.as(await aToken(admin.id, ["webhooks:manage"]));
    expect((await webhooksOnly.get("/tickets")).status).toBe(403);
    expect((await webhooksOnly.get("/webhooks")).status).toBe(200);
  });

  it("are workspace settings: another administrator's endpoint is listed, read, changed and deleted by any administrator", async () => {
    const restore = useEnvironment({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: "true" });
    try {
      const other = await anApiUser("admin", { name: "Hugo Admin" });
      const created = await api.as(other.token).post("/webhooks", { url: "http://127.0.0.1:9/boutique", description: "Boutique d'Hugo", events: ["contact.created"] });
      expect(created.status).toBe(201);
      const mine = api.as(admin.token);
      expect((await mine.get("/webhooks?limit=100")).body.data.map((endpoint: { id: string }) => endpoint.id)).toContain(created.body.id);
      const read = await mine.get(`/webhooks/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.createdBy).toEqual({ id: other.id, name: "Hugo Admin" });
      const changed = await mine.patch(`/webhooks/${created.body.id}`, { active: false }, { headers: { "If-Match": read.headers.get("etag")! } });
      expect(changed.status).toBe(200);
      expect(changed.body.active).toBe(false);
      const audit = await db().auditLog.findFirstOrThrow({ where: { action: "webhook.updated", entityId: created.body.id } });
      expect(audit.actorId).toBe(admin.id);
      expect((await mine.request("DELETE", `/webhooks/${created.body.id}`)).status).toBe(204);
    } finally {
      restore();
    }
  });
});

describe("actor", () => {
  it("records the domain events of API writes as the API's, naming the token's user", async () => {
    const events = await watchEvents();
    const created = await api.as(technician.token).post("/tickets", { subject: "Depuis l'API", body: "Bonjour", requester: { email: "evenements@client-api.fr" } });
    expect(created.status).toBe(201);
    const recorded = await events.read("ticket.created", "contact.saved", "message.added");
    expect(recorded.map((event) => event.name).sort()).toEqual(["contact.saved", "message.added", "ticket.created"]);
    expect(recorded.every((event) => event.actor.kind === "api" && event.actor.id === technician.id)).toBe(true);
  });
});

