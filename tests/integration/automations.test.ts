import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleAutomationEvent, automationConsumer } from "~/domain/automations/automation-consumer.server";
import { AUTOMATION_LOOP_LIMIT } from "~/domain/automations/rule-vocabulary";
import { storeInboundEmail } from "~/domain/channels/email/inbound-store.server";
import { processInboundEmail } from "~/domain/channels/email/process-inbound.server";
import { submitWebRequest } from "~/domain/channels/web-form/intake.server";
import { webRequestTypes } from "~/domain/channels/web-form/web-form-schema";
import { addAgentMessage, addCustomerMessage, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import { moveDeal } from "~/domain/sales/deal-commands.server";
import { db } from "~/lib/db.server";
import type { EventDispatcher } from "../../server/workers/event-dispatcher.ts";
import { aCannedReply, aRule, runsOf, when } from "../support/automations-factories.ts";
import { aCompany } from "../support/customers-factories.ts";
import { anEmailTicket, mailFixture, useMailSettings } from "../support/email-factories.ts";
import { startTestDispatcher, watchEvents } from "../support/events.ts";
import { aGroup, aUser } from "../support/factories.ts";
import { formTokenAged } from "../support/portal-factories.ts";
import { aDeal, viewerOf } from "../support/sales-deals-factories.ts";

/**
 * The automations consumer over the real commands: tickets opened by the web form or by mail,
 * customer replies, deals won. Rules act through the ticket commands (history, events, mail) on
 * behalf of the rule, never loop, mail a customer at most once per rule and day, and an event
 * handled twice changes nothing the second time.
 */

let dispatcher: EventDispatcher;
let admin: Awaited<ReturnType<typeof aUser>>;
let julien: Awaited<ReturnType<typeof aUser>>;
let sophie: Awaited<ReturnType<typeof aUser>>;
let n1: { id: string };
let n2: { id: string };

beforeAll(async () => {
  useMailSettings({ MAIL_FROM: "Support Comptoir <support@example.test>" });
  admin = await aUser({ role: "admin", name: "Claire Admin" });
  n1 = await aGroup("Support N1 (auto)");
  n2 = await aGroup("Support N2 (auto)");
  julien = await aUser({ role: "technician", name: "Julien N2", groupIds: [n2.id] });
  sophie = await aUser({ role: "technician", name: "Sophie N2", groupIds: [n2.id], restrictToGroups: true });
  dispatcher = await startTestDispatcher([automationConsumer]);
});

afterAll(async () => {
  await dispatcher?.stop();
});

// Each test switches on its own rules only.
afterEach(async () => {
  await db().automationRule.updateMany({ data: { active: false } });
});

let formCounter = 0;
function webRequest(subject: string, description: string) {
  formCounter += 1;
  const fields = new FormData();
  const values: Record<string, string> = {
    name: "Marie Dupont",
    email: `marie.dupont${formCounter}@boulangerie-lemoine.fr`,
    phone: "",
    company: "",
    type: "incident",
    subject,
    description,
    site_web: "",
    jeton: formTokenAged(10_000),
  };
  for (const [name, value] of Object.entries(values)) fields.append(name, value);
  return submitWebRequest({ fields, files: [], rejected: [], oversizedFields: [], clientAddress: `203.0.113.${formCounter}`, locale: "fr", offeredTypes: webRequestTypes });
}

async function historyOf(ticketId: string) {
  const rows = await db().ticketEvent.findMany({ where: { ticketId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => ({ kind: row.kind, actorId: row.actorId, data: JSON.parse(row.data) as Record<string, unknown> }));
}

const sortingRule = () =>
  aRule(
    {
      name: "Tri des incidents",
      trigger: "ticket_created",
      conditions: {
        all: [when({ field: "type", operator: "is", values: ["incident"] })],
        any: [when({ field: "subject", operator: "contains", text: "caisse" }), when({ field: "customer_text", operator: "contains", text: "ecran noir" })],
      },
      actions: [
        { type: "set_group", groupId: n2.id },
        { type: "set_priority", priority: "high" },
        { type: "add_tags", tags: ["caisse"] },
        { type: "notify", recipient: "group", userId: null },
      ],
    },
    { actorId: admin.id },
  );

describe("rules on new tickets", () => {
  it("sorts a web-form ticket: group, priority, tag and the group told, in the history under the rule's name", async () => {
    const rule = await sortingRule();
    const watch = await watchEvents();
    const submitted = await webRequest("Notre caisse ne démarre plus", "Depuis ce matin, écran NOIR au démarrage.");
    expect(submitted.ok).toBe(true);
    await dispatcher.drain();

    const ticket = await db().ticket.findFirstOrThrow({
      where: { number: submitted.ok ? submitted.ticketNumber : -1 },
      select: { id: true, groupId: true, priority: true, status: true, tags: { select: { tag: { select: { name: true } } } } },
    });
    expect(ticket).toMatchObject({ groupId: n2.id, priority: "high", status: "new" });
    expect(ticket.tags.map((entry) => entry.tag.name)).toEqual(["caisse"]);

    const history = await historyOf(ticket.id);
    const byRule = history.filter((entry) => entry.data.automation);
    expect(byRule.map((entry) => entry.kind).sort()).toEqual(["automation_notified", "group", "priority", "sla", "tags"].sort());
    for (const entry of byRule) {
      expect(entry.actorId).toBeNull();
      expect(entry.data.automation).toEqual({ ruleId: rule.id, ruleName: "Tri des incidents" });
    }
    expect(byRule.find((entry) => entry.kind === "priority")?.data).toMatchObject({ from: "normal", to: "high" });
    expect(byRule.find((entry) => entry.kind === "automation_notified")?.data.names).toEqual(["Julien N2", "Sophie N2"].sort());
    // The ticket's own creation is the customer's, not the rule's.
    expect(history.find((entry) => entry.kind === "created")?.data.automation).toBeUndefined();

    const created = (await watch.read("ticket.created"))[0];
    const updates = await watch.read("ticket.updated");
    expect(updates).toHaveLength(1);
    expect(updates[0].actor).toEqual({ kind: "automation", id: rule.id });
    expect(updates[0].payload).toMatchObject({ ticketId: ticket.id, actorId: null });
    expect(updates[0].payload.changes).toEqual(expect.arrayContaining(["groupId", "priority", "tags"]));
    const notices = await watch.read("notification.created");
    expect(notices.map((event) => event.actor.kind)).toEqual(["automation", "automation"]);

    const notifications = await db().notification.findMany({ where: { ticketId: ticket.id }, select: { userId: true, kind: true, data: true } });
    expect(notifications.map((row) => row.userId).sort()).toEqual([julien.id, sophie.id].sort());
    expect(notifications.every((row) => row.kind === "automation" && JSON.parse(row.data).actorName === "Tri des incidents")).toBe(true);

    const runs = await runsOf(rule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: "applied", runKey: created.id, ticketId: ticket.id });
  });

  it("leaves alone a ticket its conditions do not hold for", async () => {
    const rule = await sortingRule();
    const submitted = await webRequest("Question sur la facture 2026-118", "Bonjour, pouvez-vous m'envoyer un duplicata ?");
    await dispatcher.drain();
    const ticket = await db().ticket.findFirstOrThrow({ where: { number: submitted.ok ? submitted.ticketNumber : -1 }, select: { groupId: true, priority: true } });
    expect(ticket).toEqual({ groupId: null, priority: "normal" });
    expect(await runsOf(rule.id)).toEqual([]);
  });

  it("acts on a ticket opened by mail, on the words of the customer's mail", async () => {
    const rule = await aRule(
      {
        name: "Erreur E04 = urgent",
        trigger: "ticket_created",
        conditions: { all: [when({ field: "customer_text", operator: "contains", text: "erreur e04" }), when({ field: "channel", operator: "is", values: ["email"] })], any: [] },
        actions: [
          { type: "set_priority", priority: "urgent" },
          { type: "set_group", groupId: n1.id },
        ],
      },
      { actorId: admin.id },
    );
    const mailbox = await db().mailbox.create({ data: { name: "Support", host: "imap.example.test", port: 993, username: "boite@example.test", passwordEncrypted: "", uidValidity: 1n } });
    const { inboundEmailId } = await storeInboundEmail({ mailboxId: mailbox.id, uidValidity: 1n, uid: 1, raw: mailFixture("utf8-french.eml") });
    const outcome = await processInboundEmail(inboundEmailId);
    expect(outcome).toMatchObject({ status: "processed", createdTicket: true });
    await dispatcher.drain();

    const inbound = await db().inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId }, select: { ticketId: true } });
    const ticket = await db().ticket.findUniqueOrThrow({ where: { id: inbound.ticketId! }, select: { priority: true, groupId: true, slaPolicyId: true } });
    expect(ticket).toMatchObject({ priority: "urgent", groupId: n1.id });
    // The SLA follows the priority the rule set, as it would for a person.
    const history = await historyOf(inbound.ticketId!);
    expect(history.filter((entry) => entry.kind === "sla" && entry.data.automation)).toHaveLength(1);
    expect((await runsOf(rule.id)).map((run) => run.outcome)).toEqual(["applied"]);
  });
});

describe("rules on customer replies", () => {
  it("runs on the customer's answer, not on the message that opened the ticket", async () => {
    const rule = await aRule(
      {
        name: "Le client a répondu",
        trigger: "customer_replied",
        actions: [
          { type: "add_tags", tags: ["réponse-client"] },
          { type: "notify", recipient: "assignee", userId: null },
        ],
      },
      { actorId: admin.id },
    );
    const ticket = await anEmailTicket({ subject: "Imprimante bloquée" });
    await dispatcher.drain();
    expect(await runsOf(rule.id)).toEqual([]);

    await addAgentMessage({ ticketId: ticket.ticketId, agentId: julien.id, visibility: "public", bodyText: "Pouvez-vous la redémarrer ?" });
    await dispatcher.drain();
    expect(await runsOf(rule.id)).toEqual([]);

    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "C'est fait, sans succès." });
    await dispatcher.drain();
    const runs = await runsOf(rule.id);
    expect(runs.map((run) => run.outcome)).toEqual(["applied"]);
    const notification = await db().notification.findFirstOrThrow({ where: { ticketId: ticket.ticketId, kind: "automation" }, select: { userId: true } });
    expect(notification.userId).toBe(julien.id);
  });
});

describe("guards", () => {
  it("stops two rules that undo each other after the per-ticket limit", async () => {
    const raise = await aRule(
      { name: "Monter", trigger: "ticket_updated", conditions: { all: [when({ field: "priority", operator: "is", values: ["normal"] })], any: [] }, actions: [{ type: "set_priority", priority: "high" }] },
      { actorId: admin.id },
    );
    const lower = await aRule(
      { name: "Descendre", trigger: "ticket_updated", conditions: { all: [when({ field: "priority", operator: "is", values: ["high"] })], any: [] }, actions: [{ type: "set_priority", priority: "normal" }] },
      { actorId: admin.id },
    );
    const ticket = await anEmailTicket({ subject: "Ping-pong" });
    const { version } = await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId }, select: { version: true } });
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: version, actorId: julien.id, changes: { tags: ["ping"] } });
    await dispatcher.drain();

    const runs = [...(await runsOf(raise.id)), ...(await runsOf(lower.id))];
    expect(runs.filter((run) => run.outcome === "applied")).toHaveLength(AUTOMATION_LOOP_LIMIT);
    expect(runs.filter((run) => run.outcome === "loop_guard")).toHaveLength(1);
    // Each rule alternated: never twice in a row on its own change.
    const applied = runs.filter((run) => run.outcome === "applied").sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
    expect(applied.filter((run) => run.ruleId === raise.id)).toHaveLength(AUTOMATION_LOOP_LIMIT / 2);
    // Nothing more happens afterwards.
    const count = await db().automationRun.count();
    await dispatcher.drain();
    expect(await db().automationRun.count()).toBe(count);
  });

  it("never reacts to its own change", async () => {
    const rule = await aRule({ name: "Marquer vu", trigger: "ticket_updated", actions: [{ type: "add_tags", tags: ["vu"] }, { type: "set_type", ticketType: "other" }] }, { actorId: admin.id });
    const ticket = await anEmailTicket({ subject: "Une fois" });
    const { version } = await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId }, select: { version: true } });
    const watch = await watchEvents();
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: version, actorId: julien.id, changes: { priority: "low" } });
    await dispatcher.drain();
    expect((await runsOf(rule.id)).map((run) => run.outcome)).toEqual(["applied"]);
    // The rule's own change is an event it is not even offered.
    const own = (await watch.read("ticket.updated")).filter((event) => event.actor.kind === "automation");
    expect(own.map((event) => event.actor.id)).toEqual([rule.id]);
    expect(await handleAutomationEvent(own[0])).toEqual([]);
    // A person's change is: the rule looks again (and finds nothing left to do).
    const byPerson = (await watch.read("ticket.updated")).find((event) => event.actor.kind === "user")!;
    expect(await handleAutomationEvent(byPerson)).toEqual([{ ruleId: rule.id, result: { outcome: "already_done" } }]);
  });

  it("mails a customer at most once per rule and day, however many times they write", async () => {
    const reply = await aCannedReply("Bien reçu", "Bonjour {{client.prenom}}, nous avons bien reçu votre message sur la demande n° {{ticket.numero}}.\n{{agent.nom}}");
    const rule = await aRule({ name: "Accusé de réponse", trigger: "customer_replied", actions: [{ type: "send_reply", cannedReplyId: reply.id }] }, { actorId: admin.id });
    const ticket = await anEmailTicket({ subject: "Toner", name: "Marie Dupont" });
    const watch = await watchEvents();
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "Une précision." });
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "Et une autre." });
    await dispatcher.drain();

    const mails = await db().outboundEmail.findMany({ where: { ticketId: ticket.ticketId, kind: "automation_reply" }, select: { text: true, headers: true, toAddress: true } });
    expect(mails).toHaveLength(1);
    expect(mails[0].toAddress).toBe(ticket.email);
    expect(mails[0].text).toContain("Bonjour Marie, nous avons bien reçu votre message sur la demande n° " + ticket.number);
    expect(JSON.parse(mails[0].headers)).toMatchObject({ "Auto-Submitted": "auto-generated" });
    const automatic = await db().message.findMany({ where: { ticketId: ticket.ticketId, direction: "out" }, select: { authorUserId: true, processingNote: true, visibility: true } });
    expect(automatic).toEqual([{ authorUserId: null, visibility: "public", processingNote: "Réponse automatique : règle « Accusé de réponse » (Bien reçu)" }]);
    expect(await db().automationMail.count({ where: { ruleId: rule.id } })).toBe(1);
    // The automatic reply does not count as our answer: the customer still waits, the status stays.
    expect(await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId }, select: { firstRespondedAt: true, lastAgentReplyAt: true, status: true } })).toEqual({
      firstRespondedAt: null,
      lastAgentReplyAt: null,
      status: "new",
    });

    // The next day, a new message gets a new automatic mail.
    const replies = (await watch.read("message.added")).filter((event) => event.actor.kind !== "automation");
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const results = await handleAutomationEvent(replies[1], { now: tomorrow });
    expect(results.map((entry) => entry.result.outcome)).toEqual(["applied"]);
    expect(await db().outboundEmail.count({ where: { ticketId: ticket.ticketId, kind: "automation_reply" } })).toBe(2);
  });

  it("does nothing twice when an event is handled again (replay after a crash)", async () => {
    const rule = await sortingRule();
    const watch = await watchEvents();
    const submitted = await webRequest("Caisse bloquée au magasin", "Plus rien ne s'affiche.");
    await dispatcher.drain();
    const created = (await watch.read("ticket.created"))[0];
    const ticketId = (created.payload as { ticketId: string }).ticketId;
    const before = {
      history: (await historyOf(ticketId)).length,
      notifications: await db().notification.count({ where: { ticketId } }),
      version: (await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { version: true } })).version,
    };
    expect(submitted.ok).toBe(true);

    const again = await handleAutomationEvent(created);
    expect(again).toEqual([{ ruleId: rule.id, result: { outcome: "already_done" } }]);
    expect({
      history: (await historyOf(ticketId)).length,
      notifications: await db().notification.count({ where: { ticketId } }),
      version: (await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { version: true } })).version,
    }).toEqual(before);
    expect(await runsOf(rule.id)).toHaveLength(1);
  });
});

describe("rules on deals", () => {
  it("tells the owner when a deal is won, not when it moves to an open stage", async () => {
    const seller = await aUser({ role: "sales", name: "Thomas Ventes" });
    const rule = await aRule(
      {
        name: "Affaire gagnée",
        trigger: "deal_won",
        conditions: { all: [when({ field: "deal_amount", operator: "greater", amount: 500_000 })], any: [] },
        actions: [
          { type: "notify", recipient: "deal_owner", userId: null },
          { type: "notify", recipient: "user", userId: julien.id },
        ],
      },
      { actorId: admin.id },
    );
    const company = await aCompany({ name: "Garage Lemaire" });
    const deal = await aDeal({ companyId: company.id, ownerId: seller.id, amountCents: 1_200_000, title: "Renouvellement du parc" });
    const moved = await moveDeal(viewerOf(seller), { dealId: deal.id, toStageId: "stage_proposal", expectedVersion: deal.version }).catch(() => null);
    await dispatcher.drain();
    expect(await runsOf(rule.id)).toEqual([]);

    await moveDeal(viewerOf(seller), { dealId: deal.id, toStageId: "stage_won", expectedVersion: moved ? moved.version : deal.version });
    await dispatcher.drain();
    const runs = await runsOf(rule.id);
    expect(runs).toMatchObject([{ outcome: "applied", dealId: deal.id, ticketId: null }]);
    // Julien (support) may read deals; the owner is told too.
    const notified = await db().notification.findMany({ where: { kind: "automation", ticketId: null }, select: { userId: true, data: true } });
    expect(notified.map((row) => row.userId).sort()).toEqual([seller.id, julien.id].sort());
    expect(JSON.parse(notified[0].data)).toMatchObject({ actorName: "Affaire gagnée", dealId: deal.id, subject: "Renouvellement du parc" });
  });
});
