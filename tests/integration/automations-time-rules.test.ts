import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleAutomationEvent } from "~/domain/automations/automation-consumer.server";
import { dryRunRule } from "~/domain/automations/dry-run.server";
import type { RuleDefinition } from "~/domain/automations/rule-schemas";
import { DRY_RUN_MAX_MATCHES } from "~/domain/automations/rule-vocabulary";
import { createRule, setRuleActive } from "~/domain/automations/rules.server";
import { claimSchedulerMinute, runTimeRules } from "~/domain/automations/time-rule-runs.server";
import { fromZoned } from "~/domain/helpdesk/sla/business-calendar";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { startAutomationScheduler } from "../../server/workers/automation-scheduler.ts";
import { aCannedReply, aRule, runsOf, statusChangedAt, when } from "../support/automations-factories.ts";
import { useMailSettings } from "../support/email-factories.ts";
import { watchEvents } from "../support/events.ts";
import { aGroup, aUser } from "../support/factories.ts";
import { aQueueTicket, aRequester } from "../support/helpdesk-factories.ts";

/**
 * Time rules with a clock passed in (once per ticket and period, never every minute), the
 * scheduler's minute claim, and the dry run: bounded, writing nothing, and saying exactly what the
 * rule then does when it is switched on.
 */

const DAY = 24 * 60 * 60 * 1000;
const paris = (day: number, hour: number, month = 3) => fromZoned({ year: 2026, month, day }, hour * 60, "Europe/Paris");
// Wednesday 11 March 2026, 10:00 in Paris.
const now = paris(11, 10);

let admin: Awaited<ReturnType<typeof aUser>>;
let agent: Awaited<ReturnType<typeof aUser>>;
let n1: { id: string };
let reminder: { id: string };

beforeAll(async () => {
  useMailSettings({ MAIL_FROM: "Support Comptoir <support@example.test>" });
  admin = await aUser({ role: "admin" });
  n1 = await aGroup("Support N1 (horaires)");
  agent = await aUser({ role: "technician", name: "Paul N1", groupIds: [n1.id] });
  await aUser({ role: "technician", name: "Nina N1", groupIds: [n1.id] });
  reminder = await aCannedReply("Relance", "Bonjour {{client.prenom}}, avez-vous pu essayer notre proposition pour la demande n° {{ticket.numero}} ?\n{{agent.nom}}");
});

// Each test switches on its own rules only.
afterEach(async () => {
  await db().automationRule.updateMany({ data: { active: false } });
});

async function aPendingTicket(pendingSince: Date, overrides: Parameters<typeof aQueueTicket>[0] = {}) {
  const ticket = await aQueueTicket({ createdAt: new Date(pendingSince.getTime() - DAY), status: "open", ...overrides });
  await statusChangedAt(ticket.id, "pending_customer", pendingSince);
  return ticket;
}

const pendingFor = (days: number) => ({
  all: [when({ field: "status", operator: "is", values: ["pending_customer"] }), when({ field: "since_status_change", operator: "greater", amount: days, unit: "days" })],
  any: [],
});

async function mailsTo(ticketId: string) {
  return db().outboundEmail.count({ where: { ticketId, kind: "automation_reply" } });
}

describe("time rules", () => {
  it("reminds after 7 days pending and closes after 14, once per period", async () => {
    const remind = await aRule({ name: "Relance à 7 jours", trigger: "time", conditions: pendingFor(7), actions: [{ type: "send_reply", cannedReplyId: reminder.id }] }, { actorId: admin.id });
    const close = await aRule({ name: "Clôture à 14 jours", trigger: "time", conditions: pendingFor(14), actions: [{ type: "set_status", status: "closed" }] }, { actorId: admin.id });
    const eightDays = await aPendingTicket(new Date(now.getTime() - 8 * DAY));
    const fifteenDays = await aPendingTicket(new Date(now.getTime() - 15 * DAY));
    const twoDays = await aPendingTicket(new Date(now.getTime() - 2 * DAY));
    const openForAges = await aQueueTicket({ createdAt: new Date(now.getTime() - 20 * DAY), status: "open" });

    await runTimeRules(now);
    expect(await mailsTo(eightDays.id)).toBe(1);
    expect(await mailsTo(fifteenDays.id)).toBe(1);
    expect(await mailsTo(twoDays.id)).toBe(0);
    expect(await mailsTo(openForAges.id)).toBe(0);
    const statuses = await db().ticket.findMany({ where: { id: { in: [eightDays.id, fifteenDays.id, twoDays.id, openForAges.id] } }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((ticket) => [ticket.id, ticket.status]))).toEqual({
      [eightDays.id]: "pending_customer",
      [fifteenDays.id]: "closed",
      [twoDays.id]: "pending_customer",
      [openForAges.id]: "open",
    });
    const closing = (await db().ticketEvent.findMany({ where: { ticketId: fifteenDays.id, kind: "status" }, orderBy: { createdAt: "desc" }, take: 1 }))[0];
    expect(JSON.parse(closing.data)).toMatchObject({ from: "pending_customer", to: "closed", automation: { ruleId: close.id, ruleName: "Clôture à 14 jours" } });

    // A minute later, and a day later: nothing again for the same period.
    await runTimeRules(new Date(now.getTime() + 60_000));
    await runTimeRules(new Date(now.getTime() + DAY));
    expect(await mailsTo(eightDays.id)).toBe(1);
    expect((await runsOf(remind.id)).map((run) => run.ticketId).sort()).toEqual([eightDays.id, fifteenDays.id].sort());

    // The customer answers, the agent asks again: a new period, a new reminder 7 days later.
    const later = new Date(now.getTime() + 2 * DAY);
    await statusChangedAt(eightDays.id, "open", later);
    await statusChangedAt(eightDays.id, "pending_customer", new Date(later.getTime() + 60_000));
    await runTimeRules(new Date(later.getTime() + 3 * DAY));
    expect(await mailsTo(eightDays.id)).toBe(1);
    await runTimeRules(new Date(later.getTime() + 8 * DAY));
    expect(await mailsTo(eightDays.id)).toBe(2);
  });

  it("tells the group of a ticket nobody took within 2 business hours", async () => {
    const rule = await aRule(
      {
        name: "Non assigné depuis 2 h ouvrées",
        trigger: "time",
        conditions: {
          all: [
            when({ field: "assignee", operator: "is", values: ["none"] }),
            when({ field: "group", operator: "is", values: [n1.id] }),
            when({ field: "status", operator: "is", values: ["new", "open"] }),
            when({ field: "since_created", operator: "greater", amount: 2, unit: "business_hours" }),
          ],
          any: [],
        },
        actions: [{ type: "notify", recipient: "group", userId: null }],
      },
      { actorId: admin.id },
    );
    // Monday 9 March, 10:00: Friday 17:00 is 2.5 business hours ago, Monday 9:00 only 1.
    const monday = paris(9, 10);
    const fridayEvening = await aQueueTicket({ createdAt: paris(6, 17), status: "new", groupId: n1.id });
    const mondayMorning = await aQueueTicket({ createdAt: paris(9, 9), status: "new", groupId: n1.id });
    const taken = await aQueueTicket({ createdAt: paris(6, 17), status: "open", groupId: n1.id, assigneeId: agent.id });

    await runTimeRules(monday);
    await runTimeRules(new Date(monday.getTime() + 60_000));
    const notified = await db().notification.findMany({ where: { kind: "automation" }, select: { ticketId: true, user: { select: { name: true } } } });
    expect(notified.map((row) => [row.ticketId, row.user.name]).sort()).toEqual(
      [
        [fridayEvening.id, "Nina N1"],
        [fridayEvening.id, "Paul N1"],
      ].sort(),
    );
    expect(notified.some((row) => row.ticketId === mondayMorning.id || row.ticketId === taken.id)).toBe(false);
    expect(await runsOf(rule.id)).toHaveLength(1);
  });

  it("lets one process run each minute", async () => {
    const minute = new Date("2026-05-04T08:15:00.000Z");
    expect(await claimSchedulerMinute(minute)).toBe(true);
    expect(await claimSchedulerMinute(new Date(minute.getTime() + 20_000))).toBe(false);
    expect(await claimSchedulerMinute(new Date(minute.getTime() + 60_000))).toBe(true);
    expect(await claimSchedulerMinute(minute)).toBe(false);

    // The worker: a due ticket is reminded in the minute it claims, and not by a second pass in it.
    const conditions = pendingFor(7);
    conditions.all.push(when({ field: "tags", operator: "contains", values: ["à-relancer"] }));
    const rule = await aRule({ name: "Relance (worker)", trigger: "time", conditions, actions: [{ type: "add_tags", tags: ["relancé"] }] }, { actorId: admin.id });
    const due = await aPendingTicket(new Date(minute.getTime() - 10 * DAY), { tags: ["à-relancer"] });
    const scheduler = startAutomationScheduler({ firstRunDelayMs: 3_600_000, intervalMs: 3_600_000 });
    const later = new Date(minute.getTime() + 5 * 60_000);
    expect(await scheduler.runOnce(later)).toBe(1);
    expect(await scheduler.runOnce(later)).toBe(0);
    await scheduler.stop();
    expect((await runsOf(rule.id)).map((run) => run.ticketId)).toEqual([due.id]);
  });
});

/** A snapshot of everything a run could write, to show the dry run writes none of it. */
async function writes() {
  const [runs, mails, messages, events, notifications, history, versions] = await Promise.all([
    db().automationRun.count(),
    db().outboundEmail.count(),
    db().message.count(),
    db().domainEvent.count(),
    db().notification.count(),
    db().ticketEvent.count(),
    db().ticket.aggregate({ _sum: { version: true } }),
  ]);
  return { runs, mails, messages, events, notifications, history, versions: versions._sum.version };
}

describe("the dry run", () => {
  it("says what a time rule will do, and the rule then does exactly that", async () => {
    const shared = await aRequester({ name: "Hugo Partage" });
    const tickets = [
      await aPendingTicket(new Date(now.getTime() - 9 * DAY), { groupId: n1.id, assigneeId: agent.id }),
      await aPendingTicket(new Date(now.getTime() - 8 * DAY), { requesterId: shared.contactId }),
      // The same customer again: one automatic mail per rule and day, the second is held back.
      await aPendingTicket(new Date(now.getTime() - 10 * DAY), { requesterId: shared.contactId, tags: ["vip"] }),
      await aPendingTicket(new Date(now.getTime() - 3 * DAY)),
    ];
    const definition: RuleDefinition = {
      name: "Relance et étiquette",
      description: "",
      trigger: "time",
      conditions: pendingFor(7),
      actions: [
        { type: "send_reply", cannedReplyId: reminder.id },
        { type: "add_tags", tags: ["relancé"] },
        { type: "notify", recipient: "assignee", userId: null },
      ],
    };
    const { id } = await createRule(definition, admin.id);

    const before = await writes();
    const dryRun = await dryRunRule(definition, { ruleId: id, now });
    expect(await writes()).toEqual(before);
    const predicted = new Map(dryRun.matches.filter((match) => match.ticket && tickets.some((ticket) => ticket.id === match.ticket!.id)).map((match) => [match.ticket!.id, match.steps]));
    expect([...predicted.keys()].sort()).toEqual(tickets.slice(0, 3).map((ticket) => ticket.id).sort());
    expect(predicted.get(tickets[0].id)!.map((step) => step.outcome)).toEqual(["apply", "apply", "apply"]);
    expect([predicted.get(tickets[1].id)![0], predicted.get(tickets[2].id)![0]].map((step) => step.type === "send_reply" && (step.reason ?? step.outcome))).toEqual(["apply", "daily_limit"]);

    await setRuleActive(id, { active: true, version: 1 }, admin.id);
    await runTimeRules(now);
    const done = new Map((await runsOf(id)).map((run) => [run.ticketId, run.steps]));
    expect(done).toEqual(predicted);

    // Afterwards, the dry run says those tickets were handled for this period.
    const after = await dryRunRule(definition, { ruleId: id, now });
    expect(after.matches.filter((match) => predicted.has(match.ticket!.id)).every((match) => match.alreadyDone)).toBe(true);
  });

  it("says what an event rule would have done to the last 30 days' tickets, and the events do exactly that", async () => {
    const definition: RuleDefinition = {
      name: "Tri par mots",
      description: "",
      trigger: "ticket_created",
      conditions: {
        all: [],
        any: [when({ field: "subject", operator: "contains", text: "serveur" }), when({ field: "customer_text", operator: "contains", text: "sauvegarde" })],
      },
      actions: [
        { type: "set_group", groupId: n1.id },
        { type: "set_priority", priority: "high" },
        { type: "notify", recipient: "group", userId: null },
      ],
    };
    const { id } = await createRule(definition, admin.id);
    const watch = await watchEvents();
    const requester = await aRequester({ name: "Léa Serveur" });
    const open = (subject: string, body: string, priority: "normal" | "high" = "normal") =>
      createTicket({ requesterId: requester.contactId, subject, channel: "email", priority, openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: body } });
    const made = [
      await open("Le SERVEUR ne répond plus", "Depuis 8 h."),
      await open("Question", "La sauvegarde de cette nuit a échoué."),
      await open("Imprimante", "Bourrage papier."),
      await open("Serveur lent", "Tout rame.", "high"),
    ];
    const at = new Date();
    const before = await writes();
    const dryRun = await dryRunRule(definition, { ruleId: id, now: at });
    expect(await writes()).toEqual(before);
    const ours = new Set(made.map((ticket) => ticket.ticketId));
    const predicted = new Map(dryRun.matches.filter((match) => ours.has(match.ticket!.id)).map((match) => [match.ticket!.id, match.steps]));
    expect([...predicted.keys()].sort()).toEqual([made[0], made[1], made[3]].map((ticket) => ticket.ticketId).sort());
    // Most recent first, with the conditions' explanation.
    expect(dryRun.matches[0].ticket!.id).toBe(made[3].ticketId);
    expect(dryRun.matches[0].evaluation.any.map((check) => check.matched)).toEqual([true, false]);
    expect(predicted.get(made[3].ticketId)![1]).toMatchObject({ field: "priority", outcome: "unchanged" });

    // Switched on, the rule handles those tickets' creation events (as the consumer would).
    await setRuleActive(id, { active: true, version: 1 }, admin.id);
    for (const event of await watch.read("ticket.created")) await handleAutomationEvent(event, { now: at });
    const done = new Map((await runsOf(id)).map((run) => [run.ticketId, run.steps]));
    expect(done).toEqual(predicted);
  });

  it("details the 200 most recent matches and counts them all", async () => {
    const definition: RuleDefinition = {
      name: "Tous les tickets d'Yves",
      description: "",
      trigger: "ticket_created",
      conditions: { all: [when({ field: "subject", operator: "contains", text: "yves-dry-run" })], any: [] },
      actions: [{ type: "add_tags", tags: ["yves"] }],
    };
    for (let index = 0; index < DRY_RUN_MAX_MATCHES + 5; index++) {
      await aQueueTicket({ subject: `Demande yves-dry-run ${index}`, createdAt: new Date(now.getTime() - (index + 1) * 60 * 60 * 1000) });
    }
    await aQueueTicket({ subject: "Demande yves-dry-run trop ancienne", createdAt: new Date(now.getTime() - 31 * DAY) });
    const dryRun = await dryRunRule(definition, { now });
    expect(dryRun.total).toBe(DRY_RUN_MAX_MATCHES + 5);
    expect(dryRun.matches).toHaveLength(DRY_RUN_MAX_MATCHES);
    expect(dryRun.matches[0].ticket!.subject).toBe("Demande yves-dry-run 0");
    expect(dryRun.matches.at(-1)!.ticket!.subject).toBe(`Demande yves-dry-run ${DRY_RUN_MAX_MATCHES - 1}`);
  });
});
