import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { aUser } from "../support/factories.ts";
import { aCustomer, formTokenAged, portalCookieFor } from "../support/portal-factories.ts";
import { CustomerBrowser } from "../support/portal-http.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * The explicit opt-in of the public form and the portal over HTTP: offered unticked with its
 * sentence; ticked, it records opt_in (source form / portal) with its history line; unticked, it
 * records nothing.
 */

let app: TestApp;

beforeAll(async () => {
  process.env.WEB_FORM_MIN_FILL_SECONDS = "3";
  app = await startTestApp();
  await aUser({ role: "admin" });
});

afterAll(async () => {
  await app?.close();
});

let counter = 0;
function request(email: string, overrides: Record<string, string> = {}) {
  counter += 1;
  return {
    name: "Marie Dupont",
    email,
    phone: "",
    company: "",
    type: "information",
    subject: `Une question (${counter})`,
    description: "Quels sont vos horaires d'intervention ?",
    site_web: "",
    jeton: formTokenAged(10_000),
    ...overrides,
  };
}

describe("marketing opt-in on the public form and in the portal", () => {
  it("offers an unticked box with a clear sentence on the form", async () => {
    const page = await new CustomerBrowser(app.url).get("/demande");
    expect(page.body).toContain("J&#x27;accepte de recevoir par e-mail des informations et des offres commerciales.");
    const box = /<input[^>]*name="marketingOptIn"[^>]*>/.exec(page.body)?.[0] ?? "";
    expect(box).toContain('type="checkbox"');
    expect(box).not.toContain("checked");
    const english = await new CustomerBrowser(app.url).get("/demande?lang=en");
    expect(english.body).toContain("I agree to receive information and commercial offers by e-mail.");
  });

  it("records an opt-in from the form only when the box is ticked", async () => {
    const visitor = new CustomerBrowser(app.url);
    await visitor.get("/demande");
    const ticked = await visitor.post("/demande?index", { ...request("Oui.Merci@Exemple-Optin.fr"), marketingOptIn: "on" }, { multipart: true });
    expect(ticked.status).toBe(302);
    const consent = await db().marketingConsent.findUniqueOrThrow({ where: { address: "oui.merci@exemple-optin.fr" } });
    const contact = await db().contactEmail.findUniqueOrThrow({ where: { address: "oui.merci@exemple-optin.fr" } });
    expect(consent).toMatchObject({ state: "opt_in", source: "form", contactId: contact.contactId, changedById: null });
    const history = await db().marketingConsentChange.findMany({ where: { address: "oui.merci@exemple-optin.fr" } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ previousState: null, state: "opt_in", source: "form", contactId: contact.contactId });

    const other = new CustomerBrowser(app.url);
    await other.get("/demande");
    const unticked = await other.post("/demande?index", request("non.merci@exemple-optin.fr"), { multipart: true });
    expect(unticked.status).toBe(302);
    expect(await db().contactEmail.count({ where: { address: "non.merci@exemple-optin.fr" } })).toBe(1);
    expect(await db().marketingConsent.count({ where: { address: "non.merci@exemple-optin.fr" } })).toBe(0);
    expect(await db().marketingConsentChange.count({ where: { address: "non.merci@exemple-optin.fr" } })).toBe(0);
  });

  it("records an opt-in from the portal's new request only when ticked", async () => {
    const alice = await aCustomer({ firstName: "Alice", email: "alice.optin@exemple-portail.fr" });
    const asAlice = new CustomerBrowser(app.url);
    asAlice.setCookie(await portalCookieFor(alice.contactId));
    const page = await asAlice.get("/portail/nouvelle-demande");
    expect(/<input[^>]*name="marketingOptIn"[^>]*>/.exec(page.body)?.[0]).not.toContain("checked");

    const unticked = await asAlice.post("/portail/nouvelle-demande", { type: "information", subject: "Sans case cochée", description: "Une question." });
    expect(unticked.status).toBe(302);
    expect(await db().marketingConsent.count({ where: { address: "alice.optin@exemple-portail.fr" } })).toBe(0);

    await asAlice.get("/portail/nouvelle-demande");
    const ticked = await asAlice.post("/portail/nouvelle-demande", { type: "information", subject: "Avec case cochée", description: "Une autre question.", marketingOptIn: "on" });
    expect(ticked.status).toBe(302);
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: "alice.optin@exemple-portail.fr" } })).toMatchObject({ state: "opt_in", source: "portal", contactId: alice.contactId });
  });

  it("lets the customer tick and untick the box on their account page, each change in the history", async () => {
    const bob = await aCustomer({ firstName: "Bob", email: "bob.compte@exemple-portail.fr" });
    const asBob = new CustomerBrowser(app.url);
    asBob.setCookie(await portalCookieFor(bob.contactId));
    const page = await asBob.get("/portail/compte");
    expect(/<input[^>]*name="marketingOptIn"[^>]*>/.exec(page.body)?.[0]).not.toContain("checked");
    // Saving the unticked box of someone without consent records nothing.
    expect((await asBob.post("/portail/compte", { intent: "marketing" })).status).toBe(302);
    expect(await db().marketingConsentChange.count({ where: { address: "bob.compte@exemple-portail.fr" } })).toBe(0);

    await asBob.get("/portail/compte");
    expect((await asBob.post("/portail/compte", { intent: "marketing", marketingOptIn: "on" })).status).toBe(302);
    const ticked = await asBob.get("/portail/compte");
    expect(/<input[^>]*name="marketingOptIn"[^>]*>/.exec(ticked.body)?.[0]).toContain("checked");
    expect((await asBob.post("/portail/compte", { intent: "marketing" })).status).toBe(302);
    const history = await db().marketingConsentChange.findMany({ where: { address: "bob.compte@exemple-portail.fr" }, orderBy: { at: "asc" } });
    expect(history.map((line) => `${line.state}:${line.source}`)).toEqual(["opt_in:portal", "unsubscribed:portal"]);
  });
});
