import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addAgentMessage } from "~/domain/helpdesk/tickets.server";
import { ratingSummary, satisfactionLinks, satisfactionToken, ticketRating } from "~/domain/portal/satisfaction.server";
import { db } from "~/lib/db.server";
import { signToken } from "~/lib/signed-tokens.server";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aCompany, aCustomer, aThread, portalCookieFor, solve } from "../support/portal-factories.ts";
import { CustomerBrowser, htmlText } from "../support/portal-http.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * Satisfaction: the signed link in the "solved" mail rates once without signing in; the portal
 * rates and changes a rating; summaries per agent and per company.
 */

let app: TestApp;
let agent: Awaited<ReturnType<typeof aUser>>;
let adminEmail = "";

beforeAll(async () => {
  adminEmail = (await aUser({ role: "admin" })).email;
  agent = await aUser({ role: "technician", name: "Sophie Lefèvre" });
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

function pathOf(link: string) {
  const url = new URL(link);
  return url.pathname + url.search;
}

describe("rating from the link in the 'solved' mail", () => {
  it("puts one signed link per answer in the solved mail and in a reply that solves", async () => {
    const customer = await aCustomer();
    const thread = await aThread({ requesterId: customer.contactId, agentId: agent.id });
    await solve(thread.ticketId, agent.id);
    const solvedMail = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: thread.ticketId, kind: "ticket_solved" }, select: { html: true, text: true } });
    expect(solvedMail.text).toMatch(/\/satisfaction\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\?note=good/);
    expect(solvedMail.text).toMatch(/\?note=bad/);
    expect(solvedMail.html).toContain("Êtes-vous satisfait de notre réponse ?");

    const other = await aThread({ requesterId: customer.contactId, agentId: agent.id });
    await addAgentMessage({ ticketId: other.ticketId, agentId: agent.id, visibility: "public", bodyText: "C'est réparé.", statusAfter: "solved" });
    const reply = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: other.ticketId, kind: "agent_reply" }, orderBy: { createdAt: "desc" }, select: { text: true } });
    expect(reply.text).toContain("/satisfaction/");
    // A reply that does not solve asks nothing.
    const third = await aThread({ requesterId: customer.contactId, agentId: agent.id });
    const plain = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: third.ticketId, kind: "agent_reply" }, select: { text: true } });
    expect(plain.text).not.toContain("/satisfaction/");
  });

  it("opens without recording anything, then records the rating and comment once, without signing in", async () => {
    const customer = await aCustomer();
    const thread = await aThread({ requesterId: customer.contactId, agentId: agent.id, subject: "Badgeuse muette" });
    await solve(thread.ticketId, agent.id);
    const links = satisfactionLinks({ ticketId: thread.ticketId, contactId: customer.contactId });
    const browser = new CustomerBrowser(app.url);
    const page = await browser.get(pathOf(links.bad));
    expect(page.status).toBe(200);
    expect(htmlText(page.body)).toContain("Badgeuse muette");
    expect(page.body).toMatch(/<input type="radio" name="rating"[^>]*checked=""[^>]*value="bad"/);
    expect(page.body).not.toMatch(/<input type="radio" name="rating"[^>]*checked=""[^>]*value="good"/);
    expect(await ticketRating(thread.ticketId)).toBeNull();

    const missing = await browser.post(pathOf(links.bad), { comment: "sans note" }, { multipart: true });
    expect(missing.status).toBe(400);
    expect(htmlText(missing.body)).toContain("Indiquez si vous êtes satisfait ou non.");
    expect(missing.body).toContain("sans note");

    const sent = await browser.post(pathOf(links.bad), { rating: "bad", comment: "Trois jours <b>sans</b> réponse." }, { multipart: true });
    expect(sent.status).toBe(200);
    expect(htmlText(sent.body)).toContain("Merci pour votre avis !");
    expect(await ticketRating(thread.ticketId)).toMatchObject({ rating: "bad", comment: "Trois jours <b>sans</b> réponse." });

    // Once: the link now shows the rating given and changes nothing.
    const again = await browser.get(pathOf(links.good));
    expect(htmlText(again.body)).toContain("Vous avez déjà donné votre avis");
    expect(again.body).toContain("Trois jours &lt;b&gt;sans&lt;/b&gt; réponse.");
    const retry = await browser.post(pathOf(links.good), { rating: "good", comment: "" }, { multipart: true });
    expect(retry.status).toBe(409);
    expect((await ticketRating(thread.ticketId))?.rating).toBe("bad");
  });

  it("refuses forged, tampered, expired and reopened-ticket links", async () => {
    const customer = await aCustomer();
    const thread = await aThread({ requesterId: customer.contactId, agentId: agent.id });
    await solve(thread.ticketId, agent.id);
    const browser = new CustomerBrowser(app.url);
    await browser.get("/portail/connexion"); // a page with a form: the visitor's CSRF token

    const forged = signToken("something-else", { k: thread.ticketId, c: customer.contactId, e: Date.now() + 60_000 });
    const [payload, signature] = satisfactionToken({ ticketId: thread.ticketId, contactId: customer.contactId }).split(".");
    const other = await aCustomer();
    const tampered = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), c: other.contactId })).toString("base64url")}.${signature}`;
    for (const token of [forged, tampered, "pas-un-jeton"]) {
      const page = await browser.get(`/satisfaction/${token}`);
      expect(page.status).toBe(200);
      expect(htmlText(page.body)).toContain("Ce lien d'avis n'est pas valide.");
      expect((await browser.post(`/satisfaction/${token}`, { rating: "good" }, { multipart: true })).status).toBe(410);
    }

    const expired = satisfactionToken({ ticketId: thread.ticketId, contactId: customer.contactId, now: new Date(Date.now() - 31 * 24 * 60 * 60 * 1000) });
    expect(htmlText((await browser.get(`/satisfaction/${expired}`)).body)).toContain("Ce lien d'avis a expiré.");

    // A link for someone who is not the requester (a colleague forwarded the mail, then the requester changed): refused.
    const notRequester = satisfactionToken({ ticketId: thread.ticketId, contactId: other.contactId });
    expect(htmlText((await browser.get(`/satisfaction/${notRequester}`)).body)).toContain("Ce lien d'avis n'est pas valide.");

    // Reopened since the mail: nothing to rate yet.
    await db().ticket.update({ where: { id: thread.ticketId }, data: { status: "open", solvedAt: null } });
    const reopened = satisfactionToken({ ticketId: thread.ticketId, contactId: customer.contactId });
    expect(htmlText((await browser.get(`/satisfaction/${reopened}`)).body)).toContain("Cette demande a été rouverte");
    expect(await ticketRating(thread.ticketId)).toBeNull();
  });
});

describe("rating from the portal", () => {
  it("rates a solved ticket, then changes the rating; not before it is solved", async () => {
    const customer = await aCustomer();
    const thread = await aThread({ requesterId: customer.contactId, agentId: agent.id });
    const browser = new CustomerBrowser(app.url);
    browser.setCookie(await portalCookieFor(customer.contactId));
    const open = await browser.get(`/portail/tickets/${thread.number}`);
    expect(htmlText(open.body)).not.toContain("Êtes-vous satisfait ?");
    expect((await browser.post(`/portail/tickets/${thread.number}`, { intent: "rate", rating: "good", comment: "" }, { multipart: true })).status).toBe(409);

    await solve(thread.ticketId, agent.id);
    await browser.get(`/portail/tickets/${thread.number}`);
    expect((await browser.post(`/portail/tickets/${thread.number}`, { intent: "rate", rating: "good", comment: "Rapide et efficace" }, { multipart: true })).status).toBe(302);
    const page = await browser.get(`/portail/tickets/${thread.number}`);
    expect(htmlText(page.body)).toContain("Votre avis : Satisfait");
    expect((await browser.post(`/portail/tickets/${thread.number}`, { intent: "rate", rating: "bad", comment: "Finalement, le problème est revenu." }, { multipart: true })).status).toBe(302);
    expect(await ticketRating(thread.ticketId)).toMatchObject({ rating: "bad", comment: "Finalement, le problème est revenu." });
  });
});

describe("summaries", () => {
  it("sums up ratings per agent (the tickets assigned to them) and per company", async () => {
    const company = await aCompany("Fromagerie Roux");
    const other = await aUser({ role: "technician", name: "Autre technicien" });
    const customers = await Promise.all([aCustomer({ companyId: company.id }), aCustomer({ companyId: company.id }), aCustomer()]);
    const rate = async (customer: (typeof customers)[number], by: { id: string }, rating: "good" | "bad", comment = "") => {
      const thread = await aThread({ requesterId: customer.contactId, agentId: by.id });
      await db().ticket.update({ where: { id: thread.ticketId }, data: { companyId: customer.companyId } });
      await solve(thread.ticketId, by.id);
      const browser = new CustomerBrowser(app.url);
      const link = satisfactionLinks({ ticketId: thread.ticketId, contactId: customer.contactId });
      await browser.get(pathOf(link.page));
      await browser.post(pathOf(link.page), { rating, comment }, { multipart: true });
      return thread;
    };
    const fresh = await aUser({ role: "technician" });
    await rate(customers[0], fresh, "good", "Parfait");
    await rate(customers[1], fresh, "bad", "Trop long");
    await rate(customers[2], fresh, "good");
    await rate(customers[0], other, "good");

    const bySophie = await ratingSummary({ userId: fresh.id });
    expect(bySophie).toMatchObject({ good: 2, bad: 1, total: 3, percentGood: 67 });
    expect(bySophie.recent.map((entry) => entry.comment)).toEqual(expect.arrayContaining(["Parfait", "Trop long", ""]));
    const byCompany = await ratingSummary({ companyId: company.id });
    expect(byCompany).toMatchObject({ good: 2, bad: 1, total: 3, percentGood: 67 });
    expect(await ratingSummary({ companyId: (await aCompany()).id })).toMatchObject({ total: 0, percentGood: null, recent: [] });
    const sinceTomorrow = await ratingSummary({ userId: fresh.id }, { since: new Date(Date.now() + 24 * 60 * 60 * 1000) });
    expect(sinceTomorrow.total).toBe(0);
    // A technician restricted to their groups only counts (and sees the comments of) tickets they may see.
    const restricted = await aUser({ role: "technician", restrictToGroups: true });
    expect(await ratingSummary({ companyId: company.id }, { viewer: restricted })).toMatchObject({ total: 0, recent: [] });
    expect((await ratingSummary({ companyId: company.id }, { viewer: fresh })).total).toBe(3);

    // Shown on the company page and on the agent's page in Administration.
    const staff = new HttpSession(app.url);
    await staff.signIn(fresh.email, TEST_PASSWORD);
    const companyPage = htmlText(await (await staff.get(`/clients/societes/${company.id}`)).text());
    expect(companyPage).toContain("67 % de clients satisfaits (2 satisfaits, 1 non satisfaits sur 3 avis)");
    expect(companyPage).toContain("Trop long");
    const admin = new HttpSession(app.url);
    await admin.signIn(adminEmail, TEST_PASSWORD);
    const agentPage = htmlText(await (await admin.get(`/admin/utilisateurs/${fresh.id}`)).text());
    expect(agentPage).toContain("Satisfaction des clients (90 derniers jours)");
    expect(agentPage).toContain("67 % de clients satisfaits");
  });
});
