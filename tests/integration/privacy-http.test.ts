import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERASED_CONTACT_NAME } from "~/domain/privacy/erasure-text";
import { db } from "~/lib/db.server";
import { aContact, aCustomerTicket } from "../support/customers-factories.ts";
import { TEST_PASSWORD } from "../support/factories.ts";
import { aSalesPerson } from "../support/sales-agenda-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/** The erasure and retention pages over HTTP: administrators only, a typed confirmation, post/redirect/get. */
describe("GDPR pages", () => {
  let app: TestApp;
  let admin: HttpSession;
  let manager: HttpSession;
  let technician: HttpSession;

  beforeAll(async () => {
    const people = { admin: await aSalesPerson("admin"), manager: await aSalesPerson("manager"), technician: await aSalesPerson("technician") };
    app = await startTestApp();
    admin = new HttpSession(app.url);
    manager = new HttpSession(app.url);
    technician = new HttpSession(app.url);
    expect((await admin.signIn(people.admin.email, TEST_PASSWORD)).status).toBe(302);
    expect((await manager.signIn(people.manager.email, TEST_PASSWORD)).status).toBe(302);
    expect((await technician.signIn(people.technician.email, TEST_PASSWORD)).status).toBe(302);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("only administrators see the way to erasure, the page and its action", async () => {
    const contact = await aContact({ firstName: "Gaspard", lastName: "Intouchable", emails: [`gaspard.${Date.now()}@exemple.test`] });
    await aCustomerTicket(contact, { subject: "Gaspard demande" });
    for (const session of [manager, technician]) {
      expect((await session.get(`/clients/contacts/${contact.id}/effacer`)).status).toBe(403);
      expect((await session.postForm(`/clients/contacts/${contact.id}/effacer`, { confirmation: "EFFACER" })).status).toBe(403);
    }
    expect(await (await manager.get(`/clients/contacts/${contact.id}`)).text()).not.toContain("/effacer");
    expect(await (await admin.get(`/clients/contacts/${contact.id}`)).text()).toContain(`/clients/contacts/${contact.id}/effacer`);
    expect((await db().contact.findUniqueOrThrow({ where: { id: contact.id } })).erasedAt).toBeNull();
    expect((await admin.get(`/clients/contacts/inconnu/effacer`)).status).toBe(404);
  });

  it("states the counts, refuses without the typed word, erases with it", async () => {
    const contact = await aContact({ firstName: "Ophélie", lastName: "Effaçable", emails: [`ophelie.${Date.now()}@exemple.test`, `o.${Date.now()}@perso.test`] });
    await aCustomerTicket(contact, { subject: "Ophélie a un souci" });
    const page = await (await admin.get(`/clients/contacts/${contact.id}/effacer`)).text();
    expect(page).toContain("Adresses e-mail supprimées : 2");
    expect(page).toContain("Tickets rendus anonymes (objet neutre ; statut, dates, SLA et assignation conservés) : 1");
    expect(page).toContain("Pour confirmer, tapez EFFACER");

    const refused = await admin.postForm(`/clients/contacts/${contact.id}/effacer`, { confirmation: "oui" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Tapez EFFACER pour confirmer.");
    expect((await db().contact.findUniqueOrThrow({ where: { id: contact.id } })).erasedAt).toBeNull();

    const done = await admin.postForm(`/clients/contacts/${contact.id}/effacer`, { confirmation: " effacer " });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/clients/contacts/${contact.id}`);
    const erased = await db().contact.findUniqueOrThrow({ where: { id: contact.id }, select: { lastName: true, erasedAt: true } });
    expect(erased.lastName).toBe(ERASED_CONTACT_NAME);
    expect(erased.erasedAt).toBeInstanceOf(Date);
    const after = await (await admin.get(`/clients/contacts/${contact.id}`)).text();
    expect(after).toContain("Données personnelles effacées le");
    expect(after).not.toContain("Ophélie");
    expect(after).not.toContain(`/clients/contacts/${contact.id}/modifier`);
    // The anonymous record cannot be filled in again.
    const edit = await admin.postForm(`/clients/contacts/${contact.id}/modifier`, { firstName: "Ophélie", lastName: "Revenue", emails: "ophelie@revenue.test", primaryEmail: "0", language: "fr" });
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain("sa fiche ne peut plus être modifiée");
    expect((await db().contact.findUniqueOrThrow({ where: { id: contact.id } })).lastName).toBe(ERASED_CONTACT_NAME);
    // Asking again sends back to the contact page.
    expect((await admin.get(`/clients/contacts/${contact.id}/effacer`)).status).toBe(302);
  });

  it("the retention page: administrators only, saves the period, lists the dry run", async () => {
    expect((await manager.get("/admin/rgpd")).status).toBe(403);
    expect((await manager.postForm("/admin/rgpd", { intent: "save", months: "36" })).status).toBe(403);
    expect(await (await admin.get("/admin/rgpd")).text()).toContain("anonymisation automatique est désactivée.");

    const invalid = await admin.postForm("/admin/rgpd", { intent: "save", months: "2" });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain("Indiquez un nombre de mois entre 6 et 240");

    const old = await aContact({ firstName: "Ancien", lastName: "Client" });
    const ticket = await aCustomerTicket(old, { createdAt: new Date("2020-01-10T10:00:00Z"), status: "closed" });
    await db().ticket.update({ where: { id: ticket.id }, data: { closedAt: new Date("2020-01-11T10:00:00Z") } });
    await db().contact.update({ where: { id: old.id }, data: { createdAt: new Date("2020-01-01T10:00:00Z") } });

    expect((await admin.postForm("/admin/rgpd", { intent: "save", months: "36" })).status).toBe(302);
    const page = await (await admin.get("/admin/rgpd")).text();
    expect(page).toContain("Les contacts inactifs depuis 36 mois");
    expect(page).toContain("Ancien Client");
    expect((await admin.postForm("/admin/rgpd", { intent: "run" })).status).toBe(302);
    expect((await db().contact.findUniqueOrThrow({ where: { id: old.id } })).erasedAt).toBeInstanceOf(Date);
    expect(await (await admin.get("/admin/rgpd")).text()).toContain("a dépassé la durée.");
  });
});
