import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { aRule, when } from "../support/automations-factories.ts";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { anEndpoint, startWebhookReceiver } from "../support/webhooks-factories.ts";
import { deleteWebhookEndpoint } from "~/domain/webhooks/webhook-endpoints.server";

/**
 * Administration › Automatisations over real HTTP (production build): admins only, plain forms
 * whose rows are added by the server, field errors that keep what was typed, the dry run that
 * writes nothing, switching on with the version, order, audit, the run log, and the ticket
 * history naming the rule.
 */

let app: TestApp;
let admin: Awaited<ReturnType<typeof aUser>>;
let technician: Awaited<ReturnType<typeof aUser>>;
let manager: Awaited<ReturnType<typeof aUser>>;
let n2: { id: string; name: string };

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  return session;
}

/** The page's text as a reader sees it: entities decoded, React's text separators gone. */
const html = (text: string) => text.replace(/<!-- -->/g, "").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

beforeAll(async () => {
  admin = await aUser({ role: "admin", name: "Claire Admin" });
  technician = await aUser({ role: "technician", name: "Julien Tech" });
  manager = await aUser({ role: "manager", name: "Nathalie Direction" });
  n2 = await aGroup("Support N2 (http)");
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

/** A valid rule as the form posts it. */
function ruleFields(overrides: Record<string, string | string[]> = {}) {
  return {
    intent: "save",
    name: "Tri des incidents",
    description: "Les incidents vont au N2",
    trigger: "ticket_created",
    "conditions.all.0.field": "type",
    "conditions.all.0.operator": "is",
    "conditions.all.0.values": "incident",
    "conditions.any.0.field": "subject",
    "conditions.any.0.operator": "contains",
    "conditions.any.0.text": "caisse",
    "actions.0.type": "set_group",
    "actions.0.value": n2.id,
    "actions.1.type": "set_priority",
    "actions.1.value": "high",
    ...overrides,
  };
}

describe("who may open Automatisations", () => {
  it("refuses people who do not manage settings, pages and forms alike", async () => {
    for (const user of [technician, manager]) {
      const session = await signedIn(user);
      expect((await session.get("/admin/automatisations")).status).toBe(403);
      expect((await session.get("/admin/automatisations/nouvelle")).status).toBe(403);
      const post = await session.postForm("/admin/automatisations/nouvelle", ruleFields());
      expect(post.status).toBe(403);
    }
    expect(await db().automationRule.count({ where: { name: "Tri des incidents" } })).toBe(0);
  });

  it("shows the tab to admins", async () => {
    const session = await signedIn(admin);
    const page = await session.get("/admin/automatisations");
    expect(page.status).toBe(200);
    const text = html(await page.text());
    expect(text).toContain("Nouvelle règle");
    expect(text).toContain('href="/admin/automatisations"');
  });
});

describe("writing a rule", () => {
  it("adds rows with the server, keeps what was typed, and reports each mistake next to its field", async () => {
    const session = await signedIn(admin);
    await session.get("/admin/automatisations/nouvelle");
    const added = await session.postForm("/admin/automatisations/nouvelle", { ...ruleFields(), intent: "add-condition:all", "newCondition.all": "company_contract" });
    expect(added.status).toBe(200);
    const form = html(await added.text());
    expect(form).toContain('name="conditions.all.1.field" value="company_contract"');
    expect(form).toContain('value="Tri des incidents"');

    const refused = await session.postForm("/admin/automatisations/nouvelle", {
      ...ruleFields({ name: "", "conditions.any.0.text": "", "actions.1.value": "très haute" }),
    });
    expect(refused.status).toBe(400);
    const page = html(await refused.text());
    expect(page).toContain("Ce champ est obligatoire.");
    expect(page).toContain("Choisissez une valeur dans la liste.");
    expect(page).toContain(">Les incidents vont au N2</textarea>");
    expect(await db().automationRule.count()).toBe(0);

    const timeRule = await session.postForm("/admin/automatisations/nouvelle", { ...ruleFields(), trigger: "time" });
    expect(timeRule.status).toBe(400);
    expect(html(await timeRule.text())).toContain("Une règle horaire a besoin");
  });

  it("creates the rule inactive and audited, then switches it on with the version the admin saw", async () => {
    const session = await signedIn(admin);
    await session.get("/admin/automatisations/nouvelle");
    const created = await session.postForm("/admin/automatisations/nouvelle", ruleFields({ name: "Tri HTTP" }));
    expect(created.status).toBe(302);
    const rule = await db().automationRule.findFirstOrThrow({ where: { name: "Tri HTTP" } });
    expect(created.headers.get("location")).toBe(`/admin/automatisations/${rule.id}`);
    expect(rule).toMatchObject({ active: false, trigger: "ticket_created", version: 1, createdById: admin.id });
    expect(JSON.parse(rule.actions)).toEqual([
      { type: "set_group", groupId: n2.id },
      { type: "set_priority", priority: "high" },
    ]);

    const editPage = html(await (await session.get(`/admin/automatisations/${rule.id}`)).text());
    expect(editPage).toContain("Cette règle est inactive");
    expect(editPage).toMatch(/name="conditions.any.0.text"[^>]*value="caisse"/);

    const stale = await session.postForm(`/admin/automatisations/${rule.id}`, { intent: "toggle", active: "true", version: "7" });
    expect(stale.status).toBe(302);
    expect((await db().automationRule.findUniqueOrThrow({ where: { id: rule.id } })).active).toBe(false);
    const on = await session.postForm(`/admin/automatisations/${rule.id}`, { intent: "toggle", active: "true", version: "1" });
    expect(on.status).toBe(302);
    expect(await db().automationRule.findUniqueOrThrow({ where: { id: rule.id } })).toMatchObject({ active: true, version: 2 });
    const audit = await db().auditLog.findMany({ where: { entityType: "automation_rule", entityId: rule.id }, orderBy: { at: "asc" }, select: { action: true, actorId: true } });
    expect(audit).toEqual([
      { action: "automation.created", actorId: admin.id },
      { action: "automation.activated", actorId: admin.id },
    ]);

    // An edit made on the page loaded before the switch is refused, and says why.
    const conflict = await session.postForm(`/admin/automatisations/${rule.id}`, { ...ruleFields({ name: "Tri HTTP renommé" }), version: "1" });
    expect(conflict.status).toBe(409);
    expect(html(await conflict.text())).toContain("Quelqu'un a modifié cette règle entre-temps");
    const saved = await session.postForm(`/admin/automatisations/${rule.id}`, { ...ruleFields({ name: "Tri HTTP renommé" }), version: "2" });
    expect(saved.status).toBe(302);
    expect(await db().automationRule.findUniqueOrThrow({ where: { id: rule.id } })).toMatchObject({ name: "Tri HTTP renommé", version: 3, updatedById: admin.id });
  });

  it("answers 404 for a rule that does not exist", async () => {
    const session = await signedIn(admin);
    expect((await session.get("/admin/automatisations/inconnue")).status).toBe(404);
    expect((await session.get("/admin/automatisations/inconnue/journal")).status).toBe(404);
  });
});

describe("the dry run, the order and the log", () => {
  it("tries a rule on the last 30 days without writing anything", async () => {
    // The rule switched on above would sort these tickets first.
    await db().automationRule.updateMany({ data: { active: false } });
    const requester = await aRequester({ name: "Lucie Caisse" });
    await createTicket({ requesterId: requester.contactId, subject: "La caisse redémarre sans cesse", channel: "email", type: "incident", openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: "Depuis hier." } });
    await createTicket({ requesterId: requester.contactId, subject: "Demande de devis", channel: "email", type: "information", openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: "Merci." } });
    await app.server.events.drain();
    const session = await signedIn(admin);
    await session.get("/admin/automatisations/nouvelle");
    const before = { runs: await db().automationRun.count(), events: await db().domainEvent.count(), rules: await db().automationRule.count() };
    const tried = await session.postForm("/admin/automatisations/nouvelle", { ...ruleFields({ name: "Essai" }), intent: "dry-run" });
    expect(tried.status).toBe(200);
    const page = html(await tried.text());
    expect(page).toContain("Simulation sur les 30 derniers jours");
    expect(page).toContain("La caisse redémarre sans cesse");
    expect(page).not.toContain("Demande de devis");
    expect(page).toContain(`Groupe : Aucun groupe → ${n2.name}`);
    expect(page).toContain("Priorité : Normale → Haute");
    expect(page).toMatch(/Objet contient « caisse » — ici : « La caisse redémarre sans cesse » : <span[^>]*>oui/);
    expect({ runs: await db().automationRun.count(), events: await db().domainEvent.count(), rules: await db().automationRule.count() }).toEqual(before);
  });

  it("moves rules up and down, and the ticket history and the log name the rule that acted", async () => {
    const first = await aRule({ name: "Première", trigger: "ticket_updated", actions: [{ type: "add_tags", tags: ["un"] }] }, { actorId: admin.id, active: false });
    const second = await aRule(
      { name: "Tri des incidents (journal)", trigger: "ticket_created", conditions: { all: [when({ field: "subject", operator: "contains", text: "imprimante" })], any: [] }, actions: [{ type: "set_priority", priority: "urgent" }] },
      { actorId: admin.id },
    );
    const session = await signedIn(admin);
    await session.get("/admin/automatisations");
    expect((await session.postForm("/admin/automatisations", { intent: "up", ruleId: second.id })).status).toBe(302);
    const order = await db().automationRule.findMany({ orderBy: { position: "asc" }, select: { id: true } });
    expect(order.findIndex((rule) => rule.id === second.id)).toBeLessThan(order.findIndex((rule) => rule.id === first.id));

    const requester = await aRequester({ name: "Paul Imprimante" });
    const ticket = await createTicket({ requesterId: requester.contactId, subject: "Imprimante HS", channel: "email", openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: "Elle ne s'allume plus." } });
    await app.server.events.drain();
    const ticketPage = html(await (await session.get(`/support/tickets/${ticket.number}`)).text());
    expect(ticketPage).toMatch(/Règle « Tri des incidents \(journal\) »<\/span> · Priorité : <span[^>]*>Normale<\/span> → <span[^>]*>Urgente/);

    const log = html(await (await session.get(`/admin/automatisations/${second.id}/journal`)).text());
    expect(log).toContain(`#${ticket.number} · Imprimante HS`);
    expect(log).toContain("Appliquée");
    expect(log).toContain("Priorité : Normale → Urgente");
    const list = html(await (await session.get("/admin/automatisations")).text());
    expect(list).toContain(`ticket n° ${ticket.number}`);
  });

  it("deletes a rule once confirmed", async () => {
    const rule = await aRule({ name: "À supprimer", trigger: "ticket_created", actions: [{ type: "set_type", ticketType: "other" }] }, { actorId: admin.id, active: false });
    const session = await signedIn(admin);
    await session.get(`/admin/automatisations/${rule.id}`);
    const unconfirmed = await session.postForm(`/admin/automatisations/${rule.id}`, { intent: "delete" });
    expect(unconfirmed.status).toBe(400);
    expect(await db().automationRule.count({ where: { id: rule.id } })).toBe(1);
    const deleted = await session.postForm(`/admin/automatisations/${rule.id}`, { intent: "delete", confirm: "on" });
    expect(deleted.status).toBe(302);
    expect(await db().automationRule.count({ where: { id: rule.id } })).toBe(0);
    expect(await db().auditLog.count({ where: { action: "automation.deleted", entityId: rule.id } })).toBe(1);
  });

  it("calls a webhook chosen among the active ones; says when there is none, and when the chosen one is gone", async () => {
    await db().webhookEndpoint.deleteMany();
    const session = await signedIn(admin);
    await session.get("/admin/automatisations/nouvelle");
    const fields = (value: string) => ({ ...ruleFields({ name: "Incidents → ERP" }), "actions.2.type": "call_webhook", "actions.2.value": value });
    const none = html(await (await session.postForm("/admin/automatisations/nouvelle", { ...ruleFields({ name: "Incidents → ERP" }), intent: "add-action", newAction: "call_webhook" })).text());
    expect(none).toContain("Appeler un webhook");
    expect(none).toContain("Aucun webhook actif : enregistrez-en un dans Administration › Webhooks.");
    const unchosen = await session.postForm("/admin/automatisations/nouvelle", fields(""));
    expect(unchosen.status).toBe(400);
    expect(html(await unchosen.text())).toContain("Choisissez un webhook.");

    const receiver = await startWebhookReceiver();
    try {
      const erp = await anEndpoint(receiver, "/erp", ["ticket.created"], { description: "ERP" });
      await anEndpoint(receiver, "/boutique", ["ticket.created"], { description: "Boutique", active: false });
      const offered = html(await (await session.postForm("/admin/automatisations/nouvelle", { ...fields(""), intent: "refresh" })).text());
      expect(offered).toContain(`<option value="${erp.id}">ERP</option>`);
      expect(offered).not.toMatch(/<option[^>]*>Boutique/);
      expect(offered).toContain("Il reçoit un appel signé « automation.triggered »");

      const tried = html(await (await session.postForm("/admin/automatisations/nouvelle", { ...fields(erp.id), intent: "dry-run" })).text());
      expect(tried).toContain("Appeler le webhook « ERP »");
      const created = await session.postForm("/admin/automatisations/nouvelle", fields(erp.id));
      expect(created.status).toBe(302);
      const rule = await db().automationRule.findFirstOrThrow({ where: { name: "Incidents → ERP" } });
      expect(JSON.parse(rule.actions)[2]).toEqual({ type: "call_webhook", endpointId: erp.id });

      // Deleted since: the page says so at once, and saving is refused with the reason.
      await deleteWebhookEndpoint({ endpointId: erp.id, actorId: admin.id });
      const edit = html(await (await session.get(`/admin/automatisations/${rule.id}`)).text());
      expect(edit).toContain("(webhook supprimé)");
      expect(edit).toContain("Ce webhook n'existe plus (supprimé)");
      const refused = await session.postForm(`/admin/automatisations/${rule.id}`, { ...fields(erp.id), version: String(rule.version) });
      expect(refused.status).toBe(400);
      expect(html(await refused.text())).toContain("Ce webhook n'existe plus (supprimé) : choisissez-en un autre ou retirez l'action.");
    } finally {
      await receiver.close();
    }
  });

  it("speaks English to an English-speaking admin", async () => {
    const english = await aUser({ role: "admin", locale: "en" });
    const session = await signedIn(english);
    const page = html(await (await session.get("/admin/automatisations/nouvelle")).text());
    expect(page).toContain("New rule");
    expect(page).toContain("Try on the last 30 days");
  });
});
