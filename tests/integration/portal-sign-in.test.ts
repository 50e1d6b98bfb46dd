import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { deliverDueEmails } from "~/domain/channels/email/outbox-delivery.server";
import { consumePortalLink, LINK_LIFETIME_MS, requestPortalLink } from "~/domain/portal/login-links.server";
import { db } from "~/lib/db.server";
import { createSmtpTransport } from "~/lib/mail/transport.server";
import { sha256Hex } from "~/lib/signed-tokens.server";
import { aUser } from "../support/factories.ts";
import { aCustomer, portalCookieFor } from "../support/portal-factories.ts";
import { CustomerBrowser, htmlText } from "../support/portal-http.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * Passwordless sign-in: the answer never tells whether an address is known; links are
 * single-use, expire, are bound to their address and stored as hashes; the optional password
 * follows the staff rules; the portal session has its own cookie.
 */

let app: TestApp;
let sink: SmtpSink;

beforeAll(async () => {
  await aUser({ role: "admin" });
  app = await startTestApp();
  sink = await startSmtpSink();
});

afterAll(async () => {
  await app?.close();
  await sink?.stop();
});

beforeEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("comptoir.rateLimiters")];
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

/** Asks for a link through the page, as a person does; returns the response and the page shown next. */
async function askForLink(email: string, browser = new CustomerBrowser(app.url)) {
  await browser.get("/portail/connexion");
  const response = await browser.post("/portail/connexion", { intent: "link", email, vers: "/portail" });
  const next = response.location ? await browser.get(response.location) : null;
  return { response, next };
}

/** The link the last portal_link mail to this address carries (the outbox row's text part). */
async function linkMailedTo(address: string): Promise<string> {
  await vi.waitFor(async () => expect(await db().outboundEmail.count({ where: { toAddress: address, kind: "portal_link" } })).toBeGreaterThan(0));
  const mail = await db().outboundEmail.findFirstOrThrow({ where: { toAddress: address, kind: "portal_link" }, orderBy: { createdAt: "desc" }, select: { text: true } });
  const link = /https?:\/\/\S+\/portail\/lien\/[A-Za-z0-9_-]+(?:\?vers=\S+)?/.exec(mail.text)?.[0];
  if (!link) throw new Error(`No link in: ${mail.text}`);
  return link;
}

function tokenOf(link: string): string {
  return new URL(link).pathname.split("/").pop()!;
}

describe("asking for a sign-in link", () => {
  it("answers exactly the same for a known address, an unknown one and one without portal access", async () => {
    const known = await aCustomer();
    const withoutAccess = await aCustomer({ portalAccess: false });
    const answers = await Promise.all([known.email, "personne@inconnu.test", withoutAccess.email].map((email) => askForLink(email)));
    for (const { response, next } of answers) {
      expect(response.status).toBe(302);
      expect(response.location).toBe("/portail/connexion?lien=envoye");
      expect(htmlText(next!.body)).toContain("Si cette adresse est connue de notre support, un lien de connexion vient de lui être envoyé.");
    }
    const pages = answers.map(({ next }) => htmlText(next!.body).replace(/[A-Za-z0-9_-]{40,}/g, ""));
    expect(new Set(pages).size).toBe(1);

    await linkMailedTo(known.email);
    expect(await db().outboundEmail.count({ where: { toAddress: { in: ["personne@inconnu.test", withoutAccess.email] } } })).toBe(0);
    expect(await db().portalLoginLink.count({ where: { contactId: withoutAccess.contactId } })).toBe(0);
  });

  it("answers before looking the address up, so timing cannot tell either", async () => {
    const known = await aCustomer();
    const result = requestPortalLink({ email: known.email, clientAddress: "192.0.2.1", locale: "fr" });
    // The answer is decided synchronously; the lookup has not even started.
    expect(result.limited).toBe(false);
    expect(await db().portalLoginLink.count({ where: { contactId: known.contactId } })).toBe(0);
    if (!result.limited) await result.done;
    expect(await db().portalLoginLink.count({ where: { contactId: known.contactId } })).toBe(1);
  });

  it("mails a link whose token is stored only as a hash, in the customer's language", async () => {
    const customer = await aCustomer();
    await db().contact.update({ where: { id: customer.contactId }, data: { language: "en" } });
    await askForLink(customer.email);
    const link = await linkMailedTo(customer.email);
    const token = tokenOf(link);
    const stored = await db().portalLoginLink.findFirstOrThrow({ where: { contactId: customer.contactId }, select: { tokenHash: true, email: true, expiresAt: true } });
    expect(stored.tokenHash).toBe(sha256Hex(token));
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.email).toBe(customer.email);
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(LINK_LIFETIME_MS - 60_000);
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { toAddress: customer.email, kind: "portal_link" }, select: { subject: true, headers: true } });
    expect(mail.subject).toBe("Your sign-in link to the customer portal");
    expect(JSON.parse(mail.headers)).toMatchObject({ "Auto-Submitted": "auto-generated" });
  });

  it("really goes out by SMTP with the link in it", async () => {
    const customer = await aCustomer();
    await askForLink(customer.email);
    await linkMailedTo(customer.email);
    await deliverDueEmails(createSmtpTransport(sink.url));
    const received = await sink.waitForMessage((mail) => mail.envelope.to.includes(customer.email));
    expect(received.parsed.subject).toBe("Votre lien de connexion à l'espace client");
    expect(received.parsed.text).toMatch(/\/portail\/lien\/[A-Za-z0-9_-]{43}/);
    expect(received.parsed.html).toContain("/portail/lien/");
  });

  it("limits requests per address, with the same message whether the address is known or not", async () => {
    const known = await aCustomer();
    for (let attempt = 0; attempt < 5; attempt++) expect((await askForLink(known.email)).response.status).toBe(302);
    const limited = await askForLink(known.email);
    expect(limited.response.status).toBe(429);
    expect(htmlText(limited.response.body)).toMatch(/Plusieurs liens ont déjà été demandés\. Réessayez dans 60 minutes\./);
    for (let attempt = 0; attempt < 5; attempt++) await askForLink("fantome@inconnu.test");
    expect((await askForLink("fantome@inconnu.test")).response.status).toBe(429);
  });
});

describe("using a link", () => {
  it("asks to confirm before using it (mail scanners open links), then signs in once with a portal-only cookie", async () => {
    const customer = await aCustomer();
    await askForLink(customer.email);
    const link = await linkMailedTo(customer.email);
    const browser = new CustomerBrowser(app.url);
    const opened = await browser.get(new URL(link).pathname);
    expect(opened.status).toBe(200);
    expect(htmlText(opened.body)).toContain(`Vous allez vous connecter avec l'adresse ${customer.email}.`);
    // Opening it twice (a scanner, then the person) does not use it.
    expect((await browser.get(new URL(link).pathname)).status).toBe(200);

    const used = await browser.post(new URL(link).pathname, { vers: "/portail" });
    expect(used.status).toBe(302);
    expect(used.location).toBe("/portail");
    const cookie = browser.rawSetCookies.find((line) => line.startsWith("comptoir_portal="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//i);
    expect(browser.hasCookie("comptoir_session")).toBe(false);
    expect((await browser.get("/portail")).status).toBe(200);
    const session = await db().portalSession.findFirstOrThrow({ where: { contactId: customer.contactId }, select: { tokenHash: true } });
    expect(session.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    // Single use: the same link, again, from anywhere.
    const again = new CustomerBrowser(app.url);
    const page = await again.get(new URL(link).pathname);
    expect(htmlText(page.body)).toContain("Ce lien de connexion a déjà servi.");
    const reuse = await again.post(new URL(link).pathname, { vers: "/portail" });
    expect(reuse.status).toBe(410);
    expect(again.hasCookie("comptoir_portal")).toBe(false);
  });

  it("comes back to the page that asked for sign-in", async () => {
    const customer = await aCustomer();
    const browser = new CustomerBrowser(app.url);
    await browser.get("/portail/connexion?vers=%2Fportail%2Fcompte");
    await browser.post("/portail/connexion", { intent: "link", email: customer.email, vers: "/portail/compte" });
    const link = await linkMailedTo(customer.email);
    expect(link).toContain("?vers=%2Fportail%2Fcompte");
    await browser.get(new URL(link).pathname + new URL(link).search);
    const used = await browser.post(new URL(link).pathname, { vers: "/portail/compte" });
    expect(used.location).toBe("/portail/compte");
    // Never anywhere outside the portal.
    const other = await aCustomer();
    await askForLink(other.email);
    const otherLink = await linkMailedTo(other.email);
    const outside = new CustomerBrowser(app.url);
    await outside.get(new URL(otherLink).pathname);
    expect((await outside.post(new URL(otherLink).pathname, { vers: "https://evil.example/" })).location).toBe("/portail");
  });

  it("refuses an expired link", async () => {
    const customer = await aCustomer();
    await askForLink(customer.email);
    const link = await linkMailedTo(customer.email);
    await db().portalLoginLink.updateMany({ where: { contactId: customer.contactId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const browser = new CustomerBrowser(app.url);
    expect(htmlText((await browser.get(new URL(link).pathname)).body)).toContain("Ce lien de connexion a expiré.");
    expect((await browser.post(new URL(link).pathname, {})).status).toBe(410);
    expect(browser.hasCookie("comptoir_portal")).toBe(false);
    // Expiry is checked at the moment of use too.
    const fresh = await aCustomer();
    await askForLink(fresh.email);
    const token = tokenOf(await linkMailedTo(fresh.email));
    expect(await consumePortalLink(token, new Date(Date.now() + LINK_LIFETIME_MS + 1000))).toEqual({ ok: false, reason: "expired" });
  });

  it("is bound to its address: it stops working once the address leaves the contact, or the contact loses portal access", async () => {
    const customer = await aCustomer();
    await askForLink(customer.email);
    const moved = tokenOf(await linkMailedTo(customer.email));
    // The address is moved to another contact (a merge, a correction by an agent).
    const other = await aCustomer();
    await db().contactEmail.update({ where: { address: customer.email }, data: { contactId: other.contactId } });
    expect(await consumePortalLink(moved)).toEqual({ ok: false, reason: "invalid" });
    expect(await db().portalSession.count({ where: { contactId: { in: [customer.contactId, other.contactId] } } })).toBe(0);

    const second = await aCustomer();
    await askForLink(second.email);
    const withdrawn = tokenOf(await linkMailedTo(second.email));
    await db().contact.update({ where: { id: second.contactId }, data: { portalAccess: false } });
    expect(await consumePortalLink(withdrawn)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses made-up tokens without a hint", async () => {
    const browser = new CustomerBrowser(app.url);
    for (const token of ["x".repeat(43), "court", "A".repeat(500)]) {
      const page = await browser.get(`/portail/lien/${token}`);
      expect(page.status).toBe(200);
      expect(htmlText(page.body)).toContain("Ce lien de connexion n'est pas valide.");
    }
  });
});

describe("the optional password and signing out", () => {
  it("lets a customer set a password, sign in with it, and gives one generic error otherwise", async () => {
    const customer = await aCustomer();
    const browser = new CustomerBrowser(app.url);
    browser.setCookie(await portalCookieFor(customer.contactId));
    await browser.get("/portail/compte");
    const short = await browser.post("/portail/compte", { intent: "password", password: "court", confirmPassword: "court" });
    expect(short.status).toBe(400);
    expect(htmlText(short.body)).toContain("Le mot de passe doit contenir au moins 8 caractères.");
    expect((await browser.post("/portail/compte", { intent: "password", password: "un-bon-mot-de-passe", confirmPassword: "un-bon-mot-de-passe" })).status).toBe(302);
    expect((await db().contact.findUniqueOrThrow({ where: { id: customer.contactId }, select: { portalPasswordHash: true } })).portalPasswordHash).toMatch(/^\$2[aby]\$/);

    const visitor = new CustomerBrowser(app.url);
    await visitor.get("/portail/connexion");
    const wrong = await visitor.post("/portail/connexion", { intent: "password", email: customer.email, password: "pas-le-bon", vers: "/portail" });
    const unknown = await visitor.post("/portail/connexion", { intent: "password", email: "inconnu@exemple.test", password: "pas-le-bon", vers: "/portail" });
    const noPassword = await visitor.post("/portail/connexion", { intent: "password", email: (await aCustomer()).email, password: "pas-le-bon", vers: "/portail" });
    for (const response of [wrong, unknown, noPassword]) {
      expect(response.status).toBe(401);
      expect(htmlText(response.body)).toContain("Adresse e-mail ou mot de passe incorrect.");
    }
    const right = await visitor.post("/portail/connexion", { intent: "password", email: customer.email.toUpperCase(), password: "un-bon-mot-de-passe", vers: "/portail/compte" });
    expect(right.status).toBe(302);
    expect(right.location).toBe("/portail/compte");
    expect(visitor.hasCookie("comptoir_portal")).toBe(true);
  });

  it("locks password sign-in after repeated failures, even with the right password", async () => {
    const customer = await aCustomer();
    const browser = new CustomerBrowser(app.url);
    browser.setCookie(await portalCookieFor(customer.contactId));
    await browser.get("/portail/compte");
    await browser.post("/portail/compte", { intent: "password", password: "un-bon-mot-de-passe", confirmPassword: "un-bon-mot-de-passe" });
    const visitor = new CustomerBrowser(app.url);
    await visitor.get("/portail/connexion");
    for (let attempt = 0; attempt < 10; attempt++) await visitor.post("/portail/connexion", { intent: "password", email: customer.email, password: `faux-${attempt}` });
    const locked = await visitor.post("/portail/connexion", { intent: "password", email: customer.email, password: "un-bon-mot-de-passe" });
    expect(locked.status).toBe(429);
    expect(htmlText(locked.body)).toContain("Trop de tentatives de connexion. Réessayez dans 15 minutes.");
  });

  it("signs out: the cookie is cleared and the session row revoked", async () => {
    const customer = await aCustomer();
    const browser = new CustomerBrowser(app.url);
    browser.setCookie(await portalCookieFor(customer.contactId));
    await browser.get("/portail");
    const out = await browser.post("/portail/deconnexion", {});
    expect(out.status).toBe(302);
    expect(out.location).toBe("/portail/connexion");
    expect(browser.hasCookie("comptoir_portal")).toBe(false);
    expect(await db().portalSession.count({ where: { contactId: customer.contactId, revokedAt: null } })).toBe(0);
  });

  it("closes the customer's other sessions on request and when the password changes", async () => {
    const customer = await aCustomer();
    const laptop = new CustomerBrowser(app.url);
    laptop.setCookie(await portalCookieFor(customer.contactId));
    const phone = new CustomerBrowser(app.url);
    phone.setCookie(await portalCookieFor(customer.contactId));
    await laptop.get("/portail/compte");
    expect((await laptop.post("/portail/compte", { intent: "sign-out-others" })).status).toBe(302);
    expect((await phone.get("/portail")).status).toBe(302);
    expect((await laptop.get("/portail")).status).toBe(200);
  });
});
