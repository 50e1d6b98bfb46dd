import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeTickets } from "~/domain/helpdesk/ticket-merge.server";
import { db } from "~/lib/db.server";
import { ApiClient, ApiContract } from "../support/api-contract.ts";
import { aClientCompany, anApiActivity, anApiDeal, anApiTicket, anApiUser, tinyPng, type ApiUser } from "../support/api-factories.ts";

import { acceptQuote, createQuote, sendQuote } from "~/domain/sales/quote-commands.server";
import { aCustomerWithDeal, aLine, aProduct, aSellerIdentity, quoteInput } from "../support/sales-documents-factories.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { deliverDueWebhooks, queueWebhookCall } from "~/domain/webhooks/webhook-delivery.server";
import { useEnvironment } from "../support/api-factories.ts";
import { loopbackClient, startWebhookReceiver, type WebhookReceiver } from "../support/webhooks-factories.ts";

/**
 * The contract: the served OpenAPI document is valid, and every operation's answers, successes
 * and errors, match it (status listed for the operation, content type, body schema) — checked
 * with ajv by the client on every call. The last test fails if an operation of the document was
 * not exercised with at least one success and one error.
 */

let app: TestApp;
let contract: ApiContract;
let admin: ApiUser;
let api: ApiClient;
let marketing: ApiUser;

beforeAll(async () => {
  admin = await anApiUser("admin", { name: "Alice Admin", locale: "en" });
  marketing = await anApiUser("marketing", { name: "Marc Marketing" });
  app = await startTestApp();
  contract = await ApiContract.load(app.url);
  api = new ApiClient(app.url, contract, admin.token);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const json = (answer: { status: number; text: string }, status: number) => expect(answer.status, answer.text).toBe(status);

describe("the OpenAPI document", () => {
  it("is served publicly, valid, cacheable, and in French on request", async () => {
    const response = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(response.headers.get("cache-control")).toContain("public");
    const etag = response.headers.get("etag")!;
    expect((await fetch(`${app.url}/api/v1/openapi.json`, { headers: { "If-None-Match": etag } })).status).toBe(304);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(Object.keys(document.paths)).toContain("/tickets/{ticket}/replies");
    const french = (await (await fetch(`${app.url}/api/v1/openapi.json?lang=fr`)).json()) as { paths: Record<string, Record<string, { summary: string }>> };
    expect(french.paths["/tickets"]!.get!.summary).toBe("Lister les tickets");
  });
});

describe("tickets", () => {
  let number: number;
  let ticketId: string;

  it("opens a ticket for a customer by address (201, Location, ETag), refuses a bad one (422, 415, 400, 413)", async () => {
    const created = await api.post("/tickets", {
      subject: "Imprimante bloquée",
      body: "L'imprimante affiche E-204.",
      requester: { email: "marie.dupont@atelier-contrat.fr", name: "Marie Dupont" },
      priority: "high",
      tags: ["Imprimante"],
    });
    json(created, 201);
    number = created.body.number;
    ticketId = created.body.id;
    expect(created.headers.get("location")).toMatch(new RegExp(`/api/v1/tickets/${number}$`));
    expect(created.headers.get("etag")).toBe(`"${created.body.version}"`);
    expect(created.body).toMatchObject({ subject: "Imprimante bloquée", priority: "high", channel: "web", tags: ["imprimante"], requester: { name: "Marie Dupont", email: "marie.dupont@atelier-contrat.fr" } });
    expect(created.body.messages[0]).toMatchObject({ visibility: "public", direction: "in", bodyText: "L'imprimante affiche E-204." });

    const invalid = await api.post("/tickets", { subject: "", body: "x", requester: {}, colour: "blue" });
    json(invalid, 422);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(["colour", "requester.email", "subject"]);
    json(await api.request("POST", "/tickets", { rawBody: "subject=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 415);
    json(await api.request("POST", "/tickets", { rawBody: "{not json", headers: { "Content-Type": "application/json" } }), 400);
    json(await api.post("/tickets", { subject: "x".repeat(1_100_000) }), 413);
  });

  it("lists tickets page by page with a Link to the next one, and refuses an unknown filter value (400)", async () => {
    const { contact } = await aClientCompany();
    for (let index = 0; index < 3; index++) await anApiTicket({ agentId: admin.id, contactId: contact.id });
    const first = await api.get(`/tickets?requesterId=${contact.id}&limit=2`);
    json(first, 200);
    expect(first.body.data).toHaveLength(2);
    expect(first.headers.get("link")).toContain(`cursor=${first.body.next}`);
    const second = await api.get(`/tickets?requesterId=${contact.id}&limit=2&cursor=${first.body.next}`);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.next).toBeNull();
    const bad = await api.get("/tickets?status=fermé&colour=blue");
    json(bad, 400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(["colour", "status"]);
    json(await api.get("/tickets", { token: null }), 401);
    json(await api.get("/tickets", { token: marketing.token }), 403);
  });

  it("reads a ticket with its ETag, answers 304 to a current copy and 404 to an unknown one", async () => {
    const read = await api.get(`/tickets/${number}`);
    json(read, 200);
    const etag = read.headers.get("etag")!;
    json(await api.get(`/tickets/${number}`, { headers: { "If-None-Match": etag } }), 304);
    json(await api.get(`/tickets/${ticketId}`), 200);
    json(await api.get("/tickets/999999"), 404);
  });

  it("changes fields on the If-Match version (200), refuses a stale one (412), none (428) and a merged ticket (409)", async () => {
    const read = await api.get(`/tickets/${number}`);
    const changed = await api.patch(`/tickets/${number}`, { status: "on_hold", tags: ["imprimante", "pièce"] }, { headers: { "If-Match": read.headers.get("etag")! } });
    json(changed, 200);
    expect(changed.body).toMatchObject({ status: "on_hold", tags: ["imprimante", "pièce"], version: read.body.version + 1 });
    json(await api.patch(`/tickets/${number}`, { status: "open" }, { headers: { "If-Match": read.headers.get("etag")! } }), 412);
    json(await api.patch(`/tickets/${number}`, { status: "open" }), 428);
    json(await api.patch(`/tickets/${number}`, {}, { headers: { "If-Match": "*" } }), 422);

    const { contact } = await aClientCompany();
    const source = await anApiTicket({ agentId: admin.id, contactId: contact.id });
    const target = await anApiTicket({ agentId: admin.id, contactId: contact.id });
    await mergeTickets({ viewer: admin, sourceId: source.ticketId, targetNumber: target.number, expectedVersion: source.version });
    const merged = await api.patch(`/tickets/${source.number}`, { priority: "urgent" }, { headers: { "If-Match": "*" } });
    json(merged, 409);
    expect(merged.body.detail).toMatch(/merged/i);
  });

  it("replies with an attachment (201), adds a note, and the file downloads with its bytes", async () => {
    const reply = await api.post(`/tickets/${number}/replies`, {
      body: "Bonjour, voici la photo du voyant.",
      statusAfter: "pending_customer",
      attachments: [{ filename: "voyant.png", content: tinyPng.toString("base64") }],
    });
    json(reply, 201);
    expect(reply.body.ticket.status).toBe("pending_customer");
    const attachment = reply.body.message.attachments[0];
    expect(attachment).toMatchObject({ filename: "voyant.png", contentType: "image/png", size: tinyPng.length });
    const file = await fetch(attachment.url.replace(/^https?:\/\/[^/]+/, app.url), { headers: { Authorization: `Bearer ${admin.token}` } });
    const checked = await contract.check("GET", new URL(attachment.url).pathname, file.clone());
    expect(checked.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(tinyPng)).toBe(true);
    json(await api.get("/attachments/cmunknownattachment000"), 404);

    const note = await api.post(`/tickets/${number}/notes`, { body: "Pièce commandée." });
    json(note, 201);
    expect(note.body.message).toMatchObject({ visibility: "internal", direction: "out" });
    const placeholder = await api.post(`/tickets/${number}/replies`, { body: "Bonjour {{client.prenom}}," });
    json(placeholder, 422);
    expect(placeholder.body.errors[0]).toMatchObject({ field: "body", code: "helpdesk.composer.unfilledPlaceholders" });
    const refused = await api.post(`/tickets/${number}/notes`, { body: "x", attachments: [{ filename: "virus.exe", content: "TVqQAAMAAAAEAAAA" }] });
    json(refused, 422);
    expect(refused.body.errors[0]).toMatchObject({ field: "attachments.0.filename", code: "publicApi.validation.fileType" });
    json(await api.post("/tickets/424242/notes", { body: "x" }), 404);
  });
});

describe("contacts and companies", () => {
  let companyId: string;
  let contactId: string;

  it("creates a company and a contact (201), refusing an address another contact holds and naming them (422)", async () => {
    const company = await api.post("/companies", { name: "Menuiserie Aubert", sector: "industry", domains: ["https://www.menuiserie-aubert.fr/"], postalCode: "69003", city: "Lyon" });
    json(company, 201);
    companyId = company.body.id;
    expect(company.body).toMatchObject({ domains: ["menuiserie-aubert.fr"], lifecycleStage: "prospect", prospectSource: null, country: "FR" });
    json(await api.post("/companies", { name: "Sans secteur" }), 422);
    const freeMail = await api.post("/companies", { name: "Gmail SARL", sector: "services", domains: ["gmail.com"] });
    json(freeMail, 422);
    expect(freeMail.body.errors[0]).toMatchObject({ field: "domains.0", code: "customers.validation.freeMailDomain" });

    const contact = await api.post("/contacts", { firstName: "Paul", lastName: "Aubert", emails: ["paul@menuiserie-aubert.fr", "p.aubert@gmail.com"], companyId, jobTitle: "Gérant" });
    json(contact, 201);
    contactId = contact.body.id;
    expect(contact.body.emails).toEqual([
      { address: "paul@menuiserie-aubert.fr", primary: true, bounced: false },
      { address: "p.aubert@gmail.com", primary: false, bounced: false },
    ]);
    const taken = await api.post("/contacts", { lastName: "Autre", emails: ["PAUL@menuiserie-aubert.fr"] });
    json(taken, 422);
    expect(taken.body.errors[0]).toMatchObject({ field: "emails.0", code: "customers.conflict.emailOwned", record: { type: "contact", id: contactId } });
    expect(taken.body.errors[0].message).toContain("Paul Aubert");
  });

  it("lists, searches and pages contacts and companies, refusing a cursor that is not theirs (400)", async () => {
    const contacts = await api.get(`/contacts?q=aubert&limit=1`);
    json(contacts, 200);
    expect(contacts.body.data[0].id).toBe(contactId);
    const companies = await api.get("/companies?q=menuiserie&sort=-updatedAt");
    json(companies, 200);
    expect(companies.body.data.map((company: { id: string }) => company.id)).toContain(companyId);
    json(await api.get("/contacts?cursor=bm90LWEtY3Vyc29y"), 400);
    json(await api.get("/companies?sort=size"), 400);
    const found = await api.get("/search?q=aubert");
    json(found, 200);
    expect(found.body.contacts.map((contact: { id: string }) => contact.id)).toContain(contactId);
    json(await api.get("/search"), 400);
  });

  it("reads and updates with If-Match on the record's version (200, 412), 404 for an unknown record", async () => {
    const contact = await api.get(`/contacts/${contactId}`);
    json(contact, 200);
    const updated = await api.patch(`/contacts/${contactId}`, { jobTitle: "Directeur", consentState: "opt_in", consentBasis: "Salon Batimat 2026" }, { headers: { "If-Match": contact.headers.get("etag")! } });
    json(updated, 200);
    // Consent is the primary address's: the derived flag and its state (source api, through changeConsent).
    expect(updated.body).toMatchObject({ jobTitle: "Directeur", marketingConsent: true, consentState: "opt_in", firstName: "Paul" });
    json(await api.patch(`/contacts/${contactId}`, { jobTitle: "Stagiaire" }, { headers: { "If-Match": contact.headers.get("etag")! } }), 412);
    expect((await db().contact.findUniqueOrThrow({ where: { id: contactId } })).jobTitle).toBe("Directeur");
    json(await api.get("/contacts/cmunknowncontact0000000"), 404);
    json(await api.patch("/contacts/cmunknowncontact0000000", { jobTitle: "x" }, { headers: { "If-Match": "*" } }), 404);

    const company = await api.get(`/companies/${companyId}`);
    json(company, 200);
    const changed = await api.patch(`/companies/${companyId}`, { phone: "04 72 00 00 00", lifecycleStage: "client", clientSince: "2026-01-15" }, { headers: { "If-Match": company.headers.get("etag")! } });
    json(changed, 200);
    expect(changed.body).toMatchObject({ phone: "04 72 00 00 00", lifecycleStage: "client", clientSince: "2026-01-15", domains: ["menuiserie-aubert.fr"] });
    json(await api.patch(`/companies/${companyId}`, { phone: "04 72 11 11 11" }, { headers: { "If-Match": company.headers.get("etag")! } }), 412);
    json(await api.get("/companies/cmunknowncompany0000000"), 404);
  });

  it("merges a duplicate into the record of the address (200) and refuses merging a record with itself (422)", async () => {
    const duplicate = await api.post("/contacts", { firstName: "Paul", lastName: "Aubert", emails: ["paul.aubert@menuiserie-aubert.fr"], phone: "06 11 22 33 44" });
    json(duplicate, 201);
    const { ticketId } = await anApiTicket({ agentId: admin.id, contactId: duplicate.body.id });
    const merged = await api.post(`/contacts/${contactId}/merge`, { duplicateId: duplicate.body.id });
    json(merged, 200);
    expect(merged.body.merged).toEqual({ id: duplicate.body.id, tickets: 1 });
    expect(merged.body.contact.emails.map((email: { address: string }) => email.address)).toContain("paul.aubert@menuiserie-aubert.fr");
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticketId } })).requesterId).toBe(contactId);
    json(await api.post(`/contacts/${contactId}/merge`, { duplicateId: contactId }), 422);

    const other = await api.post("/companies", { name: "Menuiserie Aubert SARL", sector: "industry" });
    const companyMerge = await api.post(`/companies/${companyId}/merge`, { duplicateId: other.body.id });
    json(companyMerge, 200);
    expect(await db().company.findUnique({ where: { id: other.body.id } })).toBeNull();
    json(await api.post(`/companies/${companyId}/merge`, { duplicateId: other.body.id }), 422);
  });

  it("pages a customer's timeline, and 404 for an unknown customer", async () => {
    await anApiTicket({ agentId: admin.id, contactId });
    const timeline = await api.get(`/contacts/${contactId}/timeline?limit=1`);
    json(timeline, 200);
    expect(timeline.body.data).toHaveLength(1);
    const next = await api.get(`/contacts/${contactId}/timeline?limit=1&cursor=${timeline.body.next}`);
    json(next, 200);
    expect(next.body.data[0].id).not.toBe(timeline.body.data[0].id);
    const company = await api.get(`/companies/${companyId}/timeline?kinds=ticket`);
    json(company, 200);
    expect(company.body.data.every((entry: { kind: string }) => entry.kind === "ticket")).toBe(true);
    json(await api.get("/contacts/cmunknowncontact0000000/timeline"), 404);
    json(await api.get("/companies/cmunknowncompany0000000/timeline"), 404);
  });
});

describe("sales", () => {
  let companyId: string;
  let contactId: string;
  let dealId: string;
  let activityId: string;

  beforeAll(async () => {
    const client = await aClientCompany("Imprimerie Lenoir");
    companyId = client.company.id;
    contactId = client.contact.id;
  });

  it("reads the pipeline", async () => {
    const pipeline = await api.get("/pipeline");
    json(pipeline, 200);
    expect(pipeline.body.stages.map((stage: { id: string }) => stage.id)).toContain("stage_qualification");
    json(await api.get("/pipeline", { token: marketing.token }), 403);
  });

  it("creates a deal in cents (201) and refuses a contact of another company (422)", async () => {
    const created = await api.post("/deals", { title: "Renouvellement du parc", companyId, contactId, amountCents: 1_250_050, expectedCloseDate: "2026-06-30", source: "referral" });
    json(created, 201);
    dealId = created.body.id;
    expect(created.body).toMatchObject({ amountCents: 1_250_050, expectedCloseDate: "2026-06-30", stage: { id: "stage_qualification" }, owner: { id: admin.id } });
    const stranger = await aClientCompany();
    const refused = await api.post("/deals", { title: "Mauvais contact", companyId, contactId: stranger.contact.id });
    json(refused, 422);
    expect(refused.body.errors[0]).toMatchObject({ field: "contactId", code: "sales.deal.validation.contactNotOfCompany" });
  });

  it("lists, reads, updates (If-Match) and moves a deal, a lost stage needing its reason", async () => {
    json(await api.get("/deals?status=open&sort=-amount"), 200);
    json(await api.get("/deals?closePeriod=someday"), 400);
    const read = await api.get(`/deals/${dealId}`);
    json(read, 200);
    json(await api.get("/deals/cmunknowndeal00000000000"), 404);
    const updated = await api.patch(`/deals/${dealId}`, { amountCents: 1_400_000 }, { headers: { "If-Match": read.headers.get("etag")! } });
    json(updated, 200);
    expect(updated.body.amountCents).toBe(1_400_000);
    json(await api.patch(`/deals/${dealId}`, { amountCents: 1 }, { headers: { "If-Match": read.headers.get("etag")! } }), 412);
    const lost = await api.post(`/deals/${dealId}/stage`, { stageId: "stage_lost" });
    json(lost, 422);
    expect(lost.body.errors[0]).toMatchObject({ field: "lossReasonId", code: "sales.deal.validation.lossReasonRequired" });
    const moved = await api.post(`/deals/${dealId}/stage`, { stageId: "stage_lost", lossReasonId: "loss_price", lossNote: "Trop cher" }, { headers: { "If-Match": updated.headers.get("etag")! } });
    json(moved, 200);
    expect(moved.body).toMatchObject({ stage: { id: "stage_lost", kind: "lost" }, lossReason: { id: "loss_price" }, lossNote: "Trop cher" });
    expect(moved.body.closedAt).not.toBeNull();
  });

  it("creates, lists, reads, updates and marks activities done, with the form's rules (422)", async () => {
    const created = await api.post("/activities", { kind: "appointment", subject: "Démonstration", date: "2026-03-12", time: "10:00", endTime: "11:00", mode: "onsite", companyId, contactId, dealId });
    json(created, 201);
    activityId = created.body.id;
    expect(created.body).toMatchObject({ date: "2026-03-12", time: "10:00", endTime: "11:00", startsAt: "2026-03-12T09:00:00.000Z", allDay: false, deal: { id: dealId } });
    const invalid = await api.post("/activities", { kind: "appointment", subject: "Sans fin", date: "2026-03-12", time: "10:00", companyId });
    json(invalid, 422);
    expect(invalid.body.errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(["endTime", "mode"]));
    await anApiActivity({ ownerId: admin.id, companyId, startsAt: new Date("2026-03-13T08:00:00Z") });
    const listed = await api.get(`/activities?from=2026-03-12&to=2026-03-13&companyId=${companyId}`);
    json(listed, 200);
    expect(listed.body.data.map((activity: { startsAt: string }) => activity.startsAt)).toEqual(["2026-03-12T09:00:00.000Z", "2026-03-13T08:00:00.000Z"]);
    json(await api.get("/activities?from=2026-03-13&to=2026-03-12"), 400);
    const read = await api.get(`/activities/${activityId}`);
    json(read, 200);
    json(await api.get("/activities/cmunknownactivity0000000"), 404);
    const moved = await api.patch(`/activities/${activityId}`, { date: "2026-03-13", time: "14:00", endTime: "15:30" }, { headers: { "If-Match": read.headers.get("etag")! } });
    json(moved, 200);
    expect(moved.body).toMatchObject({ date: "2026-03-13", time: "14:00", endTime: "15:30" });
    json(await api.patch(`/activities/${activityId}`, { kind: "call" }, { headers: { "If-Match": "*" } }), 422);
    const done = await api.post(`/activities/${activityId}/done`, { done: true });
    json(done, 200);
    expect(done.body.done).toBe(true);
    json(await api.post(`/activities/${activityId}/done`, { done: "yes" }), 422);
  });
});

describe("products, quotes and orders", () => {
  it("lists and reads the price list, quotes (effective status, lines, totals) and orders, 404 for unknown ones", async () => {
    const product = await aProduct({ name: "Contrat de maintenance annuel", unitPriceCents: 120_000, vatRateBps: 2000 });
    await aProduct({ name: "Ancien modèle", active: false });
    const listed = await api.get("/products?q=maintenance");
    json(listed, 200);
    expect(listed.body.data.map((entry: { id: string }) => entry.id)).toContain(product.id);
    expect((await api.get("/products?active=false")).body.data.every((entry: { active: boolean }) => !entry.active)).toBe(true);
    json(await api.get(`/products/${product.id}`), 200);
    json(await api.get("/products/cmunknownproduct0000000"), 404);
    json(await api.get("/products?active=oui"), 400);

    await aSellerIdentity();
    const { company, contact, deal } = await aCustomerWithDeal(admin.id);
    const { quoteId } = await createQuote(admin, quoteInput({ companyId: company.id, dealId: deal.id, contactId: contact.id, lines: [aLine({ productId: product.id, description: "Maintenance", unitPrice: 120_000, quantity: 1500, discount: 1000 })] }));
    const draft = await api.get(`/quotes/${quoteId}`);
    json(draft, 200);
    expect(draft.body).toMatchObject({ status: "draft", lines: [{ quantityMilli: 1500, unitPriceCents: 120_000, discountBps: 1000, totalExclCents: 162_000 }], totals: { totalExclCents: 162_000, totalVatCents: 32_400, totalInclCents: 194_400 } });
    await sendQuote(admin, { quoteId, version: draft.body.version });
    const sent = await db().quote.findUniqueOrThrow({ where: { id: quoteId }, select: { version: true } });
    const accepted = await acceptQuote(admin, { quoteId, version: sent.version });
    const quotes = await api.get(`/quotes?companyId=${company.id}&status=accepted`);
    json(quotes, 200);
    expect(quotes.body.data).toMatchObject([{ id: quoteId, status: "accepted", order: { id: accepted.orderId } }]);
    json(await api.get("/quotes?status=lost"), 400);
    json(await api.get("/quotes/cmunknownquote000000000"), 404);

    const orders = await api.get(`/orders?companyId=${company.id}`);
    json(orders, 200);
    expect(orders.body.data).toMatchObject([{ id: accepted.orderId, number: accepted.orderNumber, totalExclCents: 162_000 }]);
    const order = await api.get(`/orders/${accepted.orderId}`);
    json(order, 200);
    expect(order.body).toMatchObject({ quote: { id: quoteId }, lines: [{ totalExclCents: 162_000 }], totals: { totalInclCents: 194_400 } });
    json(await api.get("/orders/cmunknownorder000000000"), 404);
    json(await api.get("/orders?from=2026-13-01"), 400);
  });
});

describe("webhooks", () => {
  let receiver: WebhookReceiver;
  let restoreEnvironment: () => void;
  let webhookId: string;
  let secret: string;
  let etag: string;

  beforeAll(async () => {
    // The receiver is on loopback: allowed only with private networks on (as on a LAN install).
    restoreEnvironment = useEnvironment({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: "true" });
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    restoreEnvironment?.();
    await receiver?.close();
  });

  it("registers an endpoint (201, Location, ETag, the secret once), replays a retried request without storing the secret in clear, and refuses a forbidden URL on url (422)", async () => {
    const key = "9f1c2b7e-5a0d-4c8e-b1f3-2d6a7e8c9b10";
    const body = { url: receiver.url("/erp"), description: "ERP", events: ["ticket.created", "ticket.solved"] };
    const created = await api.post("/webhooks", body, { headers: { "Idempotency-Key": key } });
    json(created, 201);
    webhookId = created.body.id;
    secret = created.body.secret;
    etag = created.headers.get("etag")!;
    receiver.expect("/erp", secret);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(created.headers.get("location")).toMatch(new RegExp(`/api/v1/webhooks/${webhookId}$`));
    expect(etag).toBe(`"${created.body.version}"`);
    expect(created.body).toMatchObject({ url: receiver.url("/erp"), description: "ERP", events: ["ticket.created", "ticket.solved"], active: true, disabledAt: null, createdBy: { id: admin.id } });
    // The retry answers the first answer, secret included; the stored copy is sealed.
    const retried = await api.post("/webhooks", body, { headers: { "Idempotency-Key": key } });
    json(retried, 201);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.body).toMatchObject({ id: webhookId, secret });
    expect(await db().webhookEndpoint.count({ where: { url: receiver.url("/erp") } })).toBe(1);
    const stored = await db().apiIdempotencyKey.findFirstOrThrow({ where: { key } });
    expect(stored.body).not.toContain(secret);
    expect(stored.body).toMatch(/^sealed:/);

    const metadata = await api.post("/webhooks", { url: "http://169.254.169.254/latest/meta-data/", events: ["ticket.created"] });
    json(metadata, 422);
    expect(metadata.body.errors).toEqual([expect.objectContaining({ field: "url", code: "webhooks.url.refused.linkLocal" })]);
    const invalid = await api.post("/webhooks", { url: "ftp://erp.example.fr/", events: [], colour: "blue" });
    json(invalid, 422);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(["colour"]);
    const shapes = await api.post("/webhooks", { url: "ftp://erp.example.fr/", events: [] });
    json(shapes, 422);
    expect(shapes.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]).sort()).toEqual([
      ["events", "webhooks.validation.eventsRequired"],
      ["url", "webhooks.validation.scheme"],
    ]);
  });

  it("lists and reads endpoints (ETag, 304), 404 for an unknown one, 400 for a cursor that is not the list's", async () => {
    const listed = await api.get("/webhooks?active=true&limit=100");
    json(listed, 200);
    expect(listed.body.data.map((endpoint: { id: string }) => endpoint.id)).toContain(webhookId);
    expect(JSON.stringify(listed.body)).not.toContain("whsec_");
    json(await api.get("/webhooks?cursor=bm90LWEtY3Vyc29y"), 400);
    const read = await api.get(`/webhooks/${webhookId}`);
    json(read, 200);
    expect(read.headers.get("etag")).toBe(etag);
    expect(read.body).not.toHaveProperty("secret");
    json(await api.get(`/webhooks/${webhookId}`, { headers: { "If-None-Match": etag } }), 304);
    json(await api.get("/webhooks/cmunknownwebhook0000000"), 404);
  });

  it("changes an endpoint on its If-Match version (200), refuses a stale one (412 with the current ETag), none (428) and a forbidden URL (422)", async () => {
    const changed = await api.patch(`/webhooks/${webhookId}`, { events: ["ticket.created", "ticket.updated"], description: "ERP (compta)" }, { headers: { "If-Match": etag } });
    json(changed, 200);
    expect(changed.body).toMatchObject({ events: ["ticket.created", "ticket.updated"], description: "ERP (compta)", url: receiver.url("/erp") });
    const stale = await api.patch(`/webhooks/${webhookId}`, { active: false }, { headers: { "If-Match": etag } });
    json(stale, 412);
    expect(stale.headers.get("etag")).toBe(`"${changed.body.version}"`);
    json(await api.patch(`/webhooks/${webhookId}`, { active: false }), 428);
    const loopback = await api.patch(`/webhooks/${webhookId}`, { url: "http://0x7f.1/hooks" }, { headers: { "If-Match": "*" } });
    // 0x7f.1 is 127.0.0.1: allowed here (private networks on); the unspecified address never is.
    json(loopback, 200);
    const unspecified = await api.patch(`/webhooks/${webhookId}`, { url: "http://0.0.0.0/hooks" }, { headers: { "If-Match": "*" } });
    json(unspecified, 422);
    expect(unspecified.body.errors[0]).toMatchObject({ field: "url", code: "webhooks.url.refused.special" });
    const back = await api.patch(`/webhooks/${webhookId}`, { url: receiver.url("/erp") }, { headers: { "If-Match": "*" } });
    json(back, 200);
    etag = back.headers.get("etag")!;
    json(await api.patch("/webhooks/cmunknownwebhook0000000", { active: false }, { headers: { "If-Match": "*" } }), 404);
  });

  it("sends a signed test event (200 with the receiver's answer), 404 for an unknown endpoint", async () => {
    const ping = await api.post(`/webhooks/${webhookId}/ping`, undefined);
    json(ping, 200);
    expect(ping.body).toMatchObject({ delivered: true, responseStatus: 200, error: null });
    const received = receiver.on("/erp").at(-1)!;
    expect(received.verifyError).toBeNull();
    expect(received.verified).toMatchObject({ type: "ping", data: { endpointId: webhookId } });
    receiver.respond(() => ({ status: 503, body: "maintenance" }));
    const failed = await api.post(`/webhooks/${webhookId}/ping`, undefined);
    json(failed, 200);
    expect(failed.body).toMatchObject({ delivered: false, responseStatus: 503, responseBody: "maintenance", error: "HTTP 503" });
    receiver.respond(() => ({ status: 200, body: "ok" }));
    json(await api.post("/webhooks/cmunknownwebhook0000000/ping", undefined), 404);
  });

  it("pages the delivery log with a status filter, and sends a finished delivery again (200) but not a test event (409)", async () => {
    const call = { endpointId: webhookId, eventId: "evt_contract_1", eventPosition: null, type: "ticket.created", occurredAt: new Date(), actor: { kind: "system" as const, id: null }, data: { number: 1 } };
    expect(await queueWebhookCall(call)).toBe(true);
    const client = loopbackClient();
    try {
      await deliverDueWebhooks({ client });
    } finally {
      client.close();
    }
    // Page by page, newest first, each delivery once.
    const seen: Array<{ id: string; eventType: string; eventId: string; createdAt: string }> = [];
    let next: string | null = null;
    do {
      const page = await api.get(`/webhooks/${webhookId}/deliveries?limit=2${next ? `&cursor=${next}` : ""}`);
      json(page, 200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data);
      next = page.body.next;
    } while (next);
    expect(new Set(seen.map((delivery) => delivery.id)).size).toBe(seen.length);
    expect(seen.map((delivery) => delivery.createdAt)).toEqual([...seen.map((delivery) => delivery.createdAt)].sort().reverse());
    expect(seen.filter((delivery) => delivery.eventType === "ping")).toHaveLength(2);
    expect(seen.map((delivery) => delivery.eventId)).toContain("evt_contract_1");
    const failed = await api.get(`/webhooks/${webhookId}/deliveries?status=failed`);
    json(failed, 200);
    expect(failed.body.data).toMatchObject([{ eventType: "ping", status: "failed", responseStatus: 503, error: "HTTP 503" }]);
    const delivered = (await api.get(`/webhooks/${webhookId}/deliveries?status=delivered`)).body.data.find((delivery: { eventType: string }) => delivery.eventType === "ticket.created");
    expect(delivered).toMatchObject({ webhookId: "msg_evt_contract_1", status: "delivered", attempts: 1 });
    expect(JSON.parse(delivered.payload)).toMatchObject({ type: "ticket.created", data: { number: 1 } });
    json(await api.get(`/webhooks/${webhookId}/deliveries?status=sent`), 400);
    json(await api.get("/webhooks/cmunknownwebhook0000000/deliveries"), 404);

    const replayed = await api.post(`/webhooks/${webhookId}/deliveries/${delivered.id}/replay`, undefined);
    json(replayed, 200);
    expect(replayed.body).toMatchObject({ id: delivered.id, status: "queued", attempts: 0, webhookId: "msg_evt_contract_1" });
    const ping = failed.body.data[0];
    const refused = await api.post(`/webhooks/${webhookId}/deliveries/${ping.id}/replay`, undefined);
    json(refused, 409);
    expect(refused.body.detail).toMatch(/test event/);
    json(await api.post(`/webhooks/${webhookId}/deliveries/cmunknowndelivery000000/replay`, undefined), 404);
  });

  it("rotates the secret (the new one once; the previous one still signs for 24 hours), 404 for an unknown endpoint", async () => {
    const rotated = await api.post(`/webhooks/${webhookId}/rotate-secret`, undefined);
    json(rotated, 200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(new Date(rotated.body.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    // Signed with both: a receiver still on the old secret and one on the new both verify it.
    receiver.expect("/erp", rotated.body.secret);
    json(await api.post(`/webhooks/${webhookId}/ping`, undefined), 200);
    expect(receiver.on("/erp").at(-1)!.verifyError).toBeNull();
    expect(receiver.on("/erp").at(-1)!.signature.split(" ")).toHaveLength(2);
    const read = await api.get(`/webhooks/${webhookId}`);
    expect(read.body.version).toBe(rotated.body.version);
    expect(read.body.previousSecretExpiresAt).toBe(rotated.body.previousSecretExpiresAt);
    json(await api.post("/webhooks/cmunknownwebhook0000000/rotate-secret", undefined), 404);
  });

  it("deletes an endpoint and its log (204), then it is not found (404)", async () => {
    json(await api.request("DELETE", `/webhooks/${webhookId}`), 204);
    expect(await db().webhookDelivery.count({ where: { endpointId: webhookId } })).toBe(0);
    json(await api.request("DELETE", `/webhooks/${webhookId}`), 404);
    json(await api.get(`/webhooks/${webhookId}`), 404);
  });
});

describe("imports", () => {
  /** A multipart body as a browser or curl -F sends it (text only, so a string will do). */
  function multipart(fields: Record<string, string | { filename: string; content: string }>) {
    const boundary = `----comptoir${Date.now()}`;
    const parts = Object.entries(fields).map(([name, value]) =>
      typeof value === "string"
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: text/csv\r\n\r\n${value.content}\r\n`,
    );
    return { rawBody: `${parts.join("")}--${boundary}--\r\n`, headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` } };
  }

  it("queues a file (201, Location), reads its status and its rejected rows, refuses a file it cannot map (422) and an unknown import (404)", async () => {
    const file = { filename: "contacts.csv", content: "Raison sociale;Nom;Prénom;E-mail\r\nGarage Perrin;Perrin;Marc;marc@garage-perrin-api.fr\r\nGarage Perrin;Perrin;Luc;luc@\r\n" };
    const created = await api.request("POST", "/imports", multipart({ entity: "contacts", file }));
    json(created, 201);
    expect(created.headers.get("location")).toMatch(new RegExp(`/api/v1/imports/${created.body.id}$`));
    expect(created.body).toMatchObject({ entity: "contacts", status: "queued" });
    const read = await api.get(`/imports/${created.body.id}`);
    json(read, 200);
    expect(read.body.id).toBe(created.body.id);
    const rejected = await api.get(`/imports/${created.body.id}/rejected-rows`);
    json(rejected, 200);
    expect(rejected.headers.get("content-type")).toContain("text/csv");

    json(await api.request("POST", "/imports", multipart({ entity: "contacts", file: { filename: "villes.csv", content: "Ville\r\nLyon\r\n" } })), 422);
    json(await api.get("/imports/cmf3k2x0p0001qv8h5t2d9a1b"), 404);
    json(await api.get("/imports/cmf3k2x0p0001qv8h5t2d9a1b/rejected-rows"), 404);
  });
});

describe("coverage", () => {
  it("exercised every operation of the document with a success and an error", () => {
    const missing: string[] = [];
    for (const operationId of contract.operationIds()) {
      const statuses = [...(contract.exercised.get(operationId) ?? [])];
      if (!statuses.some((status) => status < 300)) missing.push(`${operationId}: no success`);
      if (!statuses.some((status) => status >= 400)) missing.push(`${operationId}: no error`);
    }
    expect(missing).toEqual([]);
  });
});

