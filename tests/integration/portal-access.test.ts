import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addAgentMessage } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { aUser } from "../support/factories.ts";
import { aCompany, aCustomer, aThread, formTokenAged, portalCookieFor, solve } from "../support/portal-factories.ts";
import { CustomerBrowser, htmlText } from "../support/portal-http.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * Customer A never reads, downloads or changes customer B's ticket, message or attachment by
 * changing an id: every portal route and every attachment route answers 404 (and logs a
 * warning), exactly as for a ticket that does not exist. Internal notes and agent-only fields
 * never reach the portal. What customers type is shown as text everywhere.
 */

let app: TestApp;
let agent: Awaited<ReturnType<typeof aUser>>;
let alice: Awaited<ReturnType<typeof aCustomer>>;
let bob: Awaited<ReturnType<typeof aCustomer>>;
let aliceThread: Awaited<ReturnType<typeof aThread>>;
let bobThread: Awaited<ReturnType<typeof aThread>>;
let asAlice: CustomerBrowser;
let warnings: string[];

beforeAll(async () => {
  app = await startTestApp();
  await aUser({ role: "admin" });
  agent = await aUser({ role: "technician", name: "Julien Moreau" });
  alice = await aCustomer({ firstName: "Alice" });
  bob = await aCustomer({ firstName: "Bob" });
  aliceThread = await aThread({ requesterId: alice.contactId, agentId: agent.id, subject: "Imprimante d'Alice" });
  bobThread = await aThread({ requesterId: bob.contactId, agentId: agent.id, subject: "Serveur de Bob" });
  asAlice = new CustomerBrowser(app.url);
  asAlice.setCookie(await portalCookieFor(alice.contactId));
  await asAlice.get("/portail");
});

afterAll(async () => {
  await app?.close();
});

beforeEach(() => {
  warnings = [];
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    warnings.push(args.map(String).join(" "));
  });
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("comptoir.rateLimiters")];
});

async function ticketState(ticketId: string) {
  return db().ticket.findUniqueOrThrow({
    where: { id: ticketId },
    select: { status: true, version: true, _count: { select: { messages: true } }, rating: { select: { id: true } } },
  });
}

describe("without a portal session", () => {
  it("sends every portal page to the portal's sign-in, remembering where to come back", async () => {
    const anonymous = new CustomerBrowser(app.url);
    for (const path of ["/portail", `/portail/tickets/${aliceThread.number}`, "/portail/nouvelle-demande", "/portail/compte", `/portail/pieces-jointes/${aliceThread.attachments.customer}`]) {
      const response = await anonymous.get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toMatch(/^\/portail\/connexion/);
    }
    expect((await anonymous.get(`/portail/tickets/${aliceThread.number}`)).headers.get("location")).toBe(`/portail/connexion?vers=${encodeURIComponent(`/portail/tickets/${aliceThread.number}`)}`);
  });

  it("does not let a staff session into the portal, nor a portal session into the staff area", async () => {
    const staff = new HttpSession(app.url);
    expect((await staff.signIn(agent.email, "motdepasse-solide")).status).toBe(302);
    expect((await staff.get("/portail")).headers.get("location")).toBe("/portail/connexion");
    const support = await asAlice.get("/support");
    expect(support.status).toBe(302);
    expect(support.headers.get("location")).toMatch(/^\/connexion/);
  });
});

describe("customer A and customer B", () => {
  it("lists only A's own tickets", async () => {
    const list = await asAlice.get("/portail?statut=all");
    expect(list.status).toBe(200);
    const text = htmlText(list.body);
    expect(text).toContain("Imprimante d'Alice");
    expect(text).toContain(`#${aliceThread.number}`);
    expect(text).not.toContain("Serveur de Bob");
    expect(text).not.toContain(`#${bobThread.number}`);
    // Asking for the company view without being a company manager changes nothing.
    expect(htmlText((await asAlice.get("/portail?statut=all&vue=company")).body)).not.toContain("Serveur de Bob");
  });

  it("shows A's public thread with its attachments, never the internal note or agent-only fields", async () => {
    const page = await asAlice.get(`/portail/tickets/${aliceThread.number}`);
    expect(page.status).toBe(200);
    const text = htmlText(page.body);
    expect(text).toContain("L'imprimante affiche E-204.");
    expect(text).toContain("Pouvez-vous redémarrer l'imprimante ?");
    expect(text).toContain("Julien Moreau · Support");
    expect(page.body).toContain(`/portail/pieces-jointes/${aliceThread.attachments.customer}`);
    expect(page.body).toContain(`/portail/pieces-jointes/${aliceThread.attachments.agent}`);
    expect(text).not.toContain("NOTE INTERNE");
    expect(page.body).not.toContain(aliceThread.attachments.internal);
    expect(text).not.toContain("contrat-interne.pdf");
    expect(page.body).not.toContain(aliceThread.noteMessageId);
    // No agent-only field: priority, group, tags, SLA.
    expect(text).not.toMatch(/Priorité|Normale|Échéance|SLA/);
  });

  it("answers 404 for B's ticket page, like a ticket that does not exist, and logs a warning", async () => {
    const other = await asAlice.get(`/portail/tickets/${bobThread.number}`);
    const missing = await asAlice.get("/portail/tickets/999999");
    const garbage = await asAlice.get("/portail/tickets/abc");
    expect([other.status, missing.status, garbage.status]).toEqual([404, 404, 404]);
    expect(htmlText(other.body)).not.toContain("Serveur de Bob");
    expect(htmlText(other.body)).toContain("Cette demande n'existe pas ou n'est pas rattachée à votre compte.");
    expect(warnings.some((line) => line.includes(`contact ${alice.contactId}`) && line.includes(`#${bobThread.number}`))).toBe(true);
  });

  it("refuses every action on B's ticket (reply, close, reopen, rate) with a 404, changing nothing", async () => {
    await solve(bobThread.ticketId, agent.id);
    const before = await ticketState(bobThread.ticketId);
    const attempts: Array<Record<string, string>> = [{ intent: "reply", body: "Je lis le ticket de Bob" }, { intent: "close" }, { intent: "reopen" }, { intent: "rate", rating: "bad", comment: "!" }];
    for (const fields of attempts) {
      const response = await asAlice.post(`/portail/tickets/${bobThread.number}`, fields, { multipart: true });
      expect(response.status, fields.intent).toBe(404);
    }
    expect(await ticketState(bobThread.ticketId)).toEqual(before);
    expect(warnings.filter((line) => line.includes(`#${bobThread.number}`)).length).toBeGreaterThanOrEqual(4);
  });

  it("serves A's public attachments and refuses B's and any internal note's with a 404", async () => {
    const own = await fetch(`${app.url}/portail/pieces-jointes/${aliceThread.attachments.customer}`, { headers: { Cookie: asAlice.cookieHeader() } });
    expect(own.status).toBe(200);
    expect(own.headers.get("content-disposition")).toMatch(/^attachment; filename="photo-erreur.pdf"/);
    expect(own.headers.get("content-security-policy")).toContain("sandbox");
    expect(await own.text()).toContain("%PDF-1.4 customer");
    const agentFile = await fetch(`${app.url}/portail/pieces-jointes/${aliceThread.attachments.agent}`, { headers: { Cookie: asAlice.cookieHeader() } });
    expect(agentFile.status).toBe(200);

    for (const id of [bobThread.attachments.customer, bobThread.attachments.agent, bobThread.attachments.internal, aliceThread.attachments.internal, "inconnu", "x".repeat(200)]) {
      const response = await asAlice.get(`/portail/pieces-jointes/${id}`);
      expect(response.status, id).toBe(404);
      expect(response.body).not.toContain("%PDF");
    }
    expect(warnings.some((line) => line.includes(`attachment ${aliceThread.attachments.internal}`))).toBe(true);
  });

  it("keeps A out of the staff attachment route", async () => {
    const reported: unknown[] = [];
    vi.spyOn(console, "error").mockImplementation((error: unknown) => void reported.push(error));
    const response = await asAlice.get(`/support/pieces-jointes/${aliceThread.attachments.customer}`);
    // The staff route sends anyone without a staff session to the staff sign-in (a 404 if the
    // route is not deployed, which Remix reports through handleError).
    expect([302, 404]).toContain(response.status);
    if (response.status === 302) expect(response.headers.get("location")).toMatch(/^\/connexion/);
    else for (const error of reported) expect((error as { status?: number }).status).toBe(404);
    expect(response.body).not.toContain("%PDF");
  });

  it("opens a new portal request for A only, whatever the form says", async () => {
    const page = await asAlice.get("/portail/nouvelle-demande");
    expect(page.status).toBe(200);
    const response = await asAlice.post(
      "/portail/nouvelle-demande",
      { type: "information", subject: "Question de facturation", description: "Quel est le délai de paiement ?", requesterId: bob.contactId, contactId: bob.contactId },
      { files: [{ name: "pieces_jointes", filename: "facture.pdf", content: "%PDF-1.4 facture", type: "application/pdf" }] },
    );
    expect(response.status).toBe(302);
    const ticket = await db().ticket.findFirstOrThrow({ where: { subject: "Question de facturation" }, select: { number: true, channel: true, requesterId: true, messages: { select: { attachments: { select: { filename: true } } } } } });
    expect(ticket).toMatchObject({ channel: "portal", requesterId: alice.contactId });
    expect(ticket.messages[0].attachments).toEqual([{ filename: "facture.pdf" }]);
    expect(response.location).toBe(`/portail/tickets/${ticket.number}`);
  });

  it("shows A's account and never anyone else's", async () => {
    const page = await asAlice.get("/portail/compte");
    expect(page.status).toBe(200);
    expect(page.body).toContain(alice.email);
    expect(page.body).not.toContain(bob.email);
  });
});

describe("a company manager", () => {
  it("follows every ticket of their company, and only of their company", async () => {
    const company = await aCompany("Menuiserie Aubert");
    const manager = await aCustomer({ companyId: company.id, companyManager: true, firstName: "Claire" });
    const colleague = await aCustomer({ companyId: company.id, firstName: "Paul" });
    const colleagueThread = await aThread({ requesterId: colleague.contactId, agentId: agent.id, subject: "Scie à ruban bloquée" });
    // A ticket of the company filed by someone who later left it is still the company's.
    const browser = new CustomerBrowser(app.url);
    browser.setCookie(await portalCookieFor(manager.contactId));

    const mine = htmlText((await browser.get("/portail?statut=all")).body);
    expect(mine).not.toContain("Scie à ruban bloquée");
    const companyView = htmlText((await browser.get("/portail?statut=all&vue=company")).body);
    expect(companyView).toContain("Scie à ruban bloquée");
    expect(companyView).not.toContain("Serveur de Bob");
    expect(companyView).not.toContain("Imprimante d'Alice");

    const page = await browser.get(`/portail/tickets/${colleagueThread.number}`);
    expect(page.status).toBe(200);
    expect(htmlText(page.body)).toContain("demandée par Paul Test");
    expect(htmlText(page.body)).not.toContain("NOTE INTERNE");
    expect((await browser.get(`/portail/pieces-jointes/${colleagueThread.attachments.customer}`)).status).toBe(200);
    expect((await browser.get(`/portail/pieces-jointes/${colleagueThread.attachments.internal}`)).status).toBe(404);
    expect((await browser.get(`/portail/tickets/${bobThread.number}`)).status).toBe(404);

    // The colleague (not a manager) does not see the manager's tickets.
    const managerThread = await aThread({ requesterId: manager.contactId, agentId: agent.id, subject: "Devis menuiserie" });
    const asColleague = new CustomerBrowser(app.url);
    asColleague.setCookie(await portalCookieFor(colleague.contactId));
    expect((await asColleague.get(`/portail/tickets/${managerThread.number}`)).status).toBe(404);
    // Only the requester rates: the manager sees no rating form on the colleague's solved ticket.
    await solve(colleagueThread.ticketId, agent.id);
    expect(htmlText((await browser.get(`/portail/tickets/${colleagueThread.number}`)).body)).not.toContain("Êtes-vous satisfait ?");
  });

  it("loses the company view when an agent withdraws it", async () => {
    const company = await aCompany("Garage Moreau");
    const manager = await aCustomer({ companyId: company.id, companyManager: true });
    const colleague = await aCustomer({ companyId: company.id });
    const colleagueThread = await aThread({ requesterId: colleague.contactId, agentId: agent.id, subject: "Pont élévateur" });
    const browser = new CustomerBrowser(app.url);
    browser.setCookie(await portalCookieFor(manager.contactId));
    expect((await browser.get(`/portail/tickets/${colleagueThread.number}`)).status).toBe(200);
    await db().contact.update({ where: { id: manager.contactId }, data: { companyManager: false } });
    expect((await browser.get(`/portail/tickets/${colleagueThread.number}`)).status).toBe(404);
    // Withdrawing portal access ends the session at once.
    await db().contact.update({ where: { id: manager.contactId }, data: { portalAccess: false } });
    expect((await browser.get("/portail")).headers.get("location")).toBe("/portail/connexion");
  });
});

describe("replying, closing and reopening from the portal", () => {
  it("adds A's reply to the same thread as a customer message with its file, reopening a solved ticket", async () => {
    const thread = await aThread({ requesterId: alice.contactId, agentId: agent.id, subject: "Scanner réseau" });
    await solve(thread.ticketId, agent.id);
    const page = await asAlice.get(`/portail/tickets/${thread.number}`);
    expect(htmlText(page.body)).toContain("Répondre rouvrira cette demande.");
    const response = await asAlice.post(`/portail/tickets/${thread.number}`, { intent: "reply", body: "Le problème est revenu ce matin." }, {
      files: [{ name: "pieces_jointes", filename: "capture.png", content: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]), type: "image/png" }],
    });
    expect(response.status).toBe(302);
    const ticket = await db().ticket.findUniqueOrThrow({
      where: { id: thread.ticketId },
      select: { status: true, channel: true, messages: { orderBy: { createdAt: "desc" }, take: 1, select: { direction: true, visibility: true, authorContactId: true, bodyText: true, attachments: { select: { filename: true } } } } },
    });
    expect(ticket.status).toBe("open");
    expect(ticket.channel).toBe("web");
    expect(ticket.messages[0]).toEqual({ direction: "in", visibility: "public", authorContactId: alice.contactId, bodyText: "Le problème est revenu ce matin.", attachments: [{ filename: "capture.png" }] });
  });

  it("keeps the reply typed when it is refused, and asks for the files again", async () => {
    const thread = await aThread({ requesterId: alice.contactId, agentId: agent.id });
    await asAlice.get(`/portail/tickets/${thread.number}`);
    const response = await asAlice.post(`/portail/tickets/${thread.number}`, { intent: "reply", body: "Voici le fichier" }, {
      files: [{ name: "pieces_jointes", filename: "virus.exe", content: "MZ", type: "application/octet-stream" }],
    });
    expect(response.status).toBe(400);
    expect(response.body).toContain("Voici le fichier");
    expect(htmlText(response.body)).toContain("virus.exe : ce type de fichier n'est pas accepté");
  });

  it("closes a solved ticket, then reopens it within the delay but not after it", async () => {
    const thread = await aThread({ requesterId: alice.contactId, agentId: agent.id });
    await asAlice.get(`/portail/tickets/${thread.number}`);
    // Not solved yet: closing is refused.
    expect((await asAlice.post(`/portail/tickets/${thread.number}`, { intent: "close" }, { multipart: true })).status).toBe(409);
    await solve(thread.ticketId, agent.id);
    expect((await asAlice.post(`/portail/tickets/${thread.number}`, { intent: "close" }, { multipart: true })).status).toBe(302);
    expect((await ticketState(thread.ticketId)).status).toBe("closed");
    const history = await db().ticketEvent.findFirstOrThrow({ where: { ticketId: thread.ticketId, kind: "status" }, orderBy: { createdAt: "desc" }, select: { actorId: true, data: true } });
    expect(history.actorId).toBeNull();
    expect(JSON.parse(history.data)).toMatchObject({ from: "solved", to: "closed", reason: "customer_closed" });

    expect((await asAlice.post(`/portail/tickets/${thread.number}`, { intent: "reopen" }, { multipart: true })).status).toBe(302);
    expect((await ticketState(thread.ticketId)).status).toBe("open");

    // Solved 15 days ago, with the default 14-day delay: too late to reopen or reply.
    await solve(thread.ticketId, agent.id, new Date(Date.now() - 15 * 24 * 60 * 60 * 1000));
    const page = await asAlice.get(`/portail/tickets/${thread.number}`);
    expect(htmlText(page.body)).toContain("Cette demande ne peut plus recevoir de réponse.");
    expect(page.body).not.toContain('value="reopen"');
    expect((await asAlice.post(`/portail/tickets/${thread.number}`, { intent: "reopen" }, { multipart: true })).status).toBe(409);
    expect((await asAlice.post(`/portail/tickets/${thread.number}`, { intent: "reply", body: "Encore là ?" }, { multipart: true })).status).toBe(409);
    expect((await ticketState(thread.ticketId)).status).toBe("solved");

    // An administrator lengthens the delay: reopening works again.
    await db().setting.upsert({ where: { key: "portal.reopenDays" }, create: { key: "portal.reopenDays", value: "30" }, update: { value: "30" } });
    expect((await asAlice.post(`/portail/tickets/${thread.number}`, { intent: "reopen" }, { multipart: true })).status).toBe(302);
    await db().setting.delete({ where: { key: "portal.reopenDays" } });
  });

  it("refuses a portal post without the visitor's CSRF token", async () => {
    const thread = await aThread({ requesterId: alice.contactId, agentId: agent.id });
    const response = await asAlice.post(`/portail/tickets/${thread.number}`, { intent: "reply", body: "forgé" }, { multipart: true, withCsrf: false });
    expect(response.status).toBe(403);
  });
});

describe("script, HTML and control characters", () => {
  it("are shown as text in the portal and in the staff queue, never run", async () => {
    const hostileName = '<img src=x onerror="alert(1)">Eve';
    const hostileSubject = "<script>alert('sujet')</script> Facture";
    const hostileBody = "Bonjour\u0007\u200e\u202e <b>gras</b> <script>alert('corps')</script>";
    const visitor = new CustomerBrowser(app.url);
    const sent = await visitor.post(
      "/demande?index",
      { name: hostileName, email: "eve@exemple.test", phone: "", company: "<i>ACME</i>", type: "incident", subject: hostileSubject, description: hostileBody, site_web: "", jeton: formTokenAged(10_000) },
      { multipart: true },
    );
    expect(sent.status).toBe(302);
    const ticket = await db().ticket.findFirstOrThrow({ where: { requester: { emails: { some: { address: "eve@exemple.test" } } } }, select: { id: true, number: true, subject: true, requesterId: true, messages: { select: { bodyText: true } } } });
    // Stored as typed, minus the invisible control and direction characters.
    expect(ticket.subject).toBe(hostileSubject);
    expect(ticket.messages[0].bodyText).toBe("Bonjour <b>gras</b> <script>alert('corps')</script>");
    await addAgentMessage({ ticketId: ticket.id, agentId: agent.id, visibility: "public", bodyText: "<script>alert('agent')</script> Réponse" });

    const eve = new CustomerBrowser(app.url);
    eve.setCookie(await portalCookieFor(ticket.requesterId));
    for (const path of ["/portail?statut=all", `/portail/tickets/${ticket.number}`]) {
      const page = await eve.get(path);
      expect(page.status).toBe(200);
      expect(page.body).not.toMatch(/<script>alert/);
      expect(page.body).not.toContain("<b>gras</b>");
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).toContain("&lt;script&gt;alert(");
    }

    const staff = new HttpSession(app.url);
    await staff.signIn(agent.email, "motdepasse-solide");
    const queue = await staff.get("/support");
    const queueHtml = await queue.text();
    expect(queueHtml).toContain("&lt;script&gt;alert(");
    expect(queueHtml).not.toMatch(/<script>alert/);
    expect(queueHtml).not.toContain("<img src=x");
    const ticketPage = await staff.get(`/support/tickets/${ticket.number}`);
    expect(ticketPage.status).toBe(200);
    const ticketHtml = await ticketPage.text();
    expect(ticketHtml).toContain("&lt;script&gt;alert(");
    expect(ticketHtml).not.toMatch(/<script>alert/);
    expect(ticketHtml).not.toContain("<b>gras</b>");
    expect(ticketHtml).not.toContain("<img src=x");
  });
});
