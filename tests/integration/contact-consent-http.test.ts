import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transactionWithEvents } from "~/domain/event-store.server";
import { changeConsent } from "~/domain/marketing/consent/consent-changes.server";
import { db } from "~/lib/db.server";
import { aContact } from "../support/customers-factories.ts";
import { TEST_PASSWORD } from "../support/factories.ts";
import { aSalesPerson } from "../support/sales-agenda-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/** The contact page's consent: each address, its history newest first, and a change recorded by hand through changeConsent. */
describe("consent on the contact page", () => {
  let app: TestApp;
  let session: HttpSession;
  let contact: { id: string };
  const primary = `lucie.${Date.now()}@atelier.test`;
  const second = `compta.${Date.now()}@atelier.test`;

  beforeAll(async () => {
    await aSalesPerson("admin");
    const marketer = await aSalesPerson("marketing", "Mona Marketing");
    contact = await aContact({ firstName: "Lucie", lastName: "Atelier", emails: [primary, second] });
    await transactionWithEvents((tx, events) => changeConsent(tx, events, { address: second, state: "opt_in", source: "form", actorId: null }));
    await transactionWithEvents((tx, events) => changeConsent(tx, events, { address: second, state: "unsubscribed", source: "unsubscribe", note: "Trop de mails", actorId: null }));
    app = await startTestApp();
    session = new HttpSession(app.url);
    expect((await session.signIn(marketer.email, TEST_PASSWORD)).status).toBe(302);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("shows every address with its state and its history, newest first", async () => {
    const page = await (await session.get(`/clients/contacts/${contact.id}`)).text();
    expect(page).toContain("Consentement marketing");
    const section = page.slice(page.indexOf(`data-consent-address="${second}"`));
    expect(section).toContain("Désinscrit");
    // Newest first: the unsubscription before the opt-in.
    expect(section.indexOf("Lien de désinscription")).toBeLessThan(section.indexOf("Formulaire web"));
    expect(section).toContain("Trop de mails");
  });

  it("records an opt-in by hand only with its basis, and never lifts a suppression without one", async () => {
    const withoutBasis = await session.postForm(`/clients/contacts/${contact.id}`, { intent: "consent", address: primary, state: "opt_in", basis: "", note: "" });
    expect(withoutBasis.status).toBe(400);
    expect(await withoutBasis.text()).toContain("Indiquez comment le consentement a été donné");
    expect(await db().marketingConsent.count({ where: { address: primary } })).toBe(0);

    const withBasis = await session.postForm(`/clients/contacts/${contact.id}`, { intent: "consent", address: primary, state: "opt_in", basis: "Accord par téléphone le 3/12", note: "" });
    expect(withBasis.status).toBe(302);
    expect(await db().marketingConsent.findUniqueOrThrow({ where: { address: primary } })).toMatchObject({ state: "opt_in", source: "manual", basis: "Accord par téléphone le 3/12" });
    const page = await (await session.get(`/clients/contacts/${contact.id}`)).text();
    expect(page).toContain("Mona Marketing");
    expect(page).toContain("Accord par téléphone le 3/12");

    const lift = await session.postForm(`/clients/contacts/${contact.id}`, { intent: "consent", address: second, state: "b2b_interest", basis: "", note: "" });
    expect(lift.status).toBe(400);
    expect(await lift.text()).toContain("Cette adresse est exclue");
    expect((await db().marketingConsent.findUniqueOrThrow({ where: { address: second } })).state).toBe("unsubscribed");

    const foreign = await session.postForm(`/clients/contacts/${contact.id}`, { intent: "consent", address: "quelqu.un@ailleurs.test", state: "unsubscribed", basis: "", note: "" });
    expect(foreign.status).toBe(400);
    expect(await db().marketingConsent.count({ where: { address: "quelqu.un@ailleurs.test" } })).toBe(0);
  });
});
