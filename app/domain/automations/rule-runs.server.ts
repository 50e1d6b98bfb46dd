/**
 * Carrying out a rule on one ticket or deal, once per run key (an event's id, or a time rule's
 * period): in one transaction, on behalf of the rule (runAsActor), it reads the record as it is
 * now, checks the conditions and the guards, plans the actions (actions.ts, the dry run's plan)
 * and applies them through the ticket commands, so history, SLA, mail and events happen as for a
 * person; the run log row is written in the same transaction. A replayed event finds its row and
 * does nothing; a failure rolls everything back and is logged on the rule.
 */
import { DomainError } from "~/domain/errors";
import { runAsActor, transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import type { BusinessCalendar } from "~/domain/helpdesk/sla/business-calendar";
import { recordTicketEvent } from "~/domain/helpdesk/ticket-events.server";
import { addAutomaticReplyInTransaction, updateTicketFieldsInTransaction, type TicketFieldChanges } from "~/domain/helpdesk/tickets.server";
import type { NotificationData } from "~/domain/notifications/notification-kinds";
import { queueWebhookCallInTransaction } from "~/domain/webhooks/webhook-delivery.server";
import { AUTOMATION_TRIGGERED_TYPE, automationCallData } from "~/domain/webhooks/webhook-events";
import { readDealData, readTicketData } from "~/domain/webhooks/webhook-payloads.server";
import { wakeWebhookSender } from "~/domain/webhooks/webhook-wake.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { brokenRuleReasons, planActions, type PlanLookups, type PlannedStep } from "./actions";
import { evaluateConditions, type DealSnapshot, type Evaluation, type TicketSnapshot } from "./conditions";
import type { ActiveRule } from "./rules.server";
import { AUTOMATION_LOOP_LIMIT, AUTOMATION_LOOP_WINDOW_MINUTES } from "./rule-vocabulary";
import { loadDealSnapshot, loadTicketSnapshot, requesterFacts, workspaceDay } from "./snapshots.server";

export type RunOutcome = "applied" | "nothing_to_do" | "loop_guard" | "failed";

type TicketWebhookData = NonNullable<Awaited<ReturnType<typeof readTicketData>>>;
type DealWebhookData = NonNullable<Awaited<ReturnType<typeof readDealData>>>;

export type RunResult =
  | { outcome: RunOutcome; steps: PlannedStep[] }
  /** Nothing written: the key was already handled, the record is gone, merged or closed, or the conditions do not hold. */
  | { outcome: "already_done" | "not_applicable" | "not_matched"; evaluation?: Evaluation };

export type RunInput = {
  runKey: string;
  now: Date;
  calendar: BusinessCalendar;
  lookups: PlanLookups;
  /** Time rules log a matched period even when nothing changed, so it is not looked at again every minute. */
  logNothingToDo?: boolean;
  /** The stream position of the event that started the run (null for a time rule): a webhook call takes that place in its endpoint's order. */
  eventPosition?: number | null;
  /** For a deal moved on the pipeline: the stage it left (a webhook call carries it, as deal.stage_changed does). */
  previousStageId?: string | null;
};

/** A webhook call is idempotent on the rule and the run key: one delivery per endpoint, rule and event (or period). */
export function webhookCallId(ruleId: string, runKey: string): string {
  return `${ruleId}:${runKey}`;
}

/** True when nothing was done because a step's target is gone or switched off: the rule needs fixing (logged as failed). */
function blockedByBrokenRule(steps: PlannedStep[]): boolean {
  return !steps.some((step) => step.outcome === "apply") && steps.some((step) => step.outcome === "skipped" && step.reason !== undefined && brokenRuleReasons.has(step.reason));
}

/** Rules never act on merged tickets (read-only) nor closed ones (closed is final). */
export function isActionable(snapshot: TicketSnapshot): boolean {
  return snapshot.mergedIntoId === null && snapshot.status !== "closed";
}

/** How many times rules acted on the ticket within the loop window (two rules undoing each other stop at the limit). */
async function recentRuns(tx: TransactionClient, ticketId: string, now: Date): Promise<number> {
  return tx.automationRun.count({
    where: { ticketId, outcome: "applied", at: { gte: new Date(now.getTime() - AUTOMATION_LOOP_WINDOW_MINUTES * 60_000) } },
  });
}

function writeRun(tx: TransactionClient, input: { rule: ActiveRule; runKey: string; ticketId?: string; dealId?: string; outcome: RunOutcome; steps: PlannedStep[]; at: Date; error?: string }) {
  return tx.automationRun.create({
    data: {
      ruleId: input.rule.id,
      runKey: input.runKey,
      ticketId: input.ticketId ?? null,
      dealId: input.dealId ?? null,
      outcome: input.outcome,
      actions: JSON.stringify(input.steps),
      error: input.error ?? null,
      at: input.at,
    },
  });
}

/** A business refusal (a command said no): the run is logged as failed and the other rules go on. */
async function logFailure(rule: ActiveRule, input: { runKey: string; ticketId?: string; dealId?: string; at: Date }, error: DomainError): Promise<RunResult> {
  const existing = await db().automationRun.findUnique({ where: { ruleId_runKey: { ruleId: rule.id, runKey: input.runKey } }, select: { id: true } });
  if (!existing) await writeRun(db(), { rule, ...input, outcome: "failed", steps: [], error: error.code });
  return { outcome: "failed", steps: [] };
}

/**
 * Applies `rule` to a ticket for `runKey`. Unexpected errors propagate (the event is retried by
 * the dispatcher, the scheduler tries again next minute); refusals by the domain are logged.
 */
export async function runRuleOnTicket(rule: ActiveRule, ticketId: string, input: RunInput): Promise<RunResult> {
  try {
    return await runAsActor({ kind: "automation", id: rule.id }, () =>
      transactionWithEvents(async (tx, events): Promise<RunResult> => {
        if (await tx.automationRun.findUnique({ where: { ruleId_runKey: { ruleId: rule.id, runKey: input.runKey } }, select: { id: true } })) return { outcome: "already_done" };
        const snapshot = await loadTicketSnapshot(tx, ticketId, input.now);
        if (!snapshot || !isActionable(snapshot)) return { outcome: "not_applicable" };
        const evaluation = evaluateConditions(rule.conditions, snapshot, { now: input.now, calendar: input.calendar });
        if (!evaluation.matched) return { outcome: "not_matched", evaluation };
        const base = { rule, runKey: input.runKey, ticketId, at: input.now };

        if ((await recentRuns(tx, ticketId, input.now)) >= AUTOMATION_LOOP_LIMIT) {
          await writeRun(tx, { ...base, outcome: "loop_guard", steps: [] });
          return { outcome: "loop_guard", steps: [] };
        }
        const facts = rule.actions.some((action) => action.type === "send_reply")
          ? await requesterFacts(tx, { ruleId: rule.id, ticketId, requesterId: snapshot.requesterId, now: input.now })
          : null;
        const plan = planActions(rule.actions, snapshot, input.lookups, facts);
        if (!plan.acts) {
          if (blockedByBrokenRule(plan.steps)) return failedOnBrokenRule(tx, base, plan.steps);
          // A reply held back by the daily limit is tried again later (the next minutes, tomorrow).
          const heldBack = plan.steps.some((step) => step.outcome === "skipped" && step.reason === "daily_limit");
          if (input.logNothingToDo && !heldBack) await writeRun(tx, { ...base, outcome: "nothing_to_do", steps: plan.steps });
          return { outcome: "nothing_to_do", steps: plan.steps };
        }
        await carryOutTicketPlan(tx, events, { rule, snapshot, steps: plan.steps, fieldChanges: plan.fieldChanges as TicketFieldChanges, now: input.now, input });
        // A webhook deleted or switched off since the plan was made: its call is skipped like any other.
        if (blockedByBrokenRule(plan.steps)) return failedOnBrokenRule(tx, base, plan.steps);
        await writeRun(tx, { ...base, outcome: "applied", steps: plan.steps });
        return { outcome: "applied", steps: plan.steps };
      }),
    ).then(afterCommit);
  } catch (error) {
    if (error instanceof DomainError) return logFailure(rule, { runKey: input.runKey, ticketId, at: input.now }, error);
    throw error;
  }
}

/** Nothing could be done because the rule names something gone or switched off: logged as failed, with the steps saying what. */
async function failedOnBrokenRule(tx: TransactionClient, base: { rule: ActiveRule; runKey: string; ticketId?: string; dealId?: string; at: Date }, steps: PlannedStep[]): Promise<RunResult> {
  await writeRun(tx, { ...base, outcome: "failed", steps, error: "automations.runs.brokenRule" });
  return { outcome: "failed", steps };
}

/** Once the run is committed: its webhook calls are in the queue, the sender goes now rather than at its next poll. */
function afterCommit(result: RunResult): RunResult {
  if ("steps" in result && result.steps.some((step) => step.type === "call_webhook" && step.outcome === "apply")) wakeWebhookSender();
  return result;
}

/**
 * Queues the plan's webhook calls in the run's transaction (a run rolled back calls nothing), with
 * the record as the rule leaves it. An endpoint deleted or switched off since the plan turns its
 * step into a skip, as the planner would have.
 */
async function queueWebhookCalls(
  tx: TransactionClient,
  input: { rule: ActiveRule; steps: PlannedStep[]; runKey: string; eventPosition: number | null; now: Date; data: () => Promise<{ ticket?: TicketWebhookData; deal?: DealWebhookData } | null> },
): Promise<string[]> {
  const called: string[] = [];
  let data: { ticket?: TicketWebhookData; deal?: DealWebhookData } | null | undefined;
  for (const step of input.steps) {
    if (step.type !== "call_webhook" || step.outcome !== "apply") continue;
    data ??= await input.data();
    if (!data) throw new DomainError("errors.notFound");
    const queued = await queueWebhookCallInTransaction(tx, {
      endpointId: step.endpointId,
      eventId: webhookCallId(input.rule.id, input.runKey),
      eventPosition: input.eventPosition,
      type: AUTOMATION_TRIGGERED_TYPE,
      occurredAt: input.now,
      actor: { kind: "automation", id: input.rule.id },
      data: automationCallData({ rule: input.rule, trigger: input.rule.trigger, ...data }),
    });
    if (queued === "queued") called.push(step.name);
    else Object.assign(step, { outcome: "skipped", reason: queued === "gone" ? "gone" : "webhook_inactive" } satisfies Partial<PlannedStep>);
  }
  return called;
}

async function carryOutTicketPlan(
  tx: TransactionClient,
  events: EventRecorder,
  input: { rule: ActiveRule; snapshot: TicketSnapshot; steps: PlannedStep[]; fieldChanges: TicketFieldChanges; now: Date; input: RunInput },
) {
  const { rule, snapshot, now } = input;
  const ticketId = snapshot.id;
  if (Object.keys(input.fieldChanges).length > 0) {
    const written = await updateTicketFieldsInTransaction(tx, { ticketId, expectedVersion: snapshot.version, actorId: null, changes: input.fieldChanges, now });
    if (written.changes.length > 0) events.record("ticket.updated", { ticketId, actorId: null, changes: written.changes });
  }
  for (const step of input.steps) {
    if (step.outcome !== "apply") continue;
    if (step.type === "send_reply") {
      const reply = await addAutomaticReplyInTransaction(tx, { ticketId, bodyText: step.text, note: `Réponse automatique : règle « ${rule.name} » (${step.title})`, at: now });
      await tx.automationMail.create({ data: { ruleId: rule.id, contactId: snapshot.requesterId, day: workspaceDay(now), ticketId } });
      await recordTicketEvent(tx, { ticketId, actorId: null, kind: "automatic_reply", data: { title: step.title, mailed: reply.queued }, at: now });
      events.record("message.added", { ticketId, messageId: reply.messageId, visibility: "public", actorId: null });
    }
    if (step.type === "notify") {
      const names = await writeNotifications(tx, events, {
        userIds: step.userIds,
        ticketId,
        data: { number: snapshot.number, subject: snapshot.subject, actorName: rule.name },
      });
      await recordTicketEvent(tx, { ticketId, actorId: null, kind: "automation_notified", data: { names }, at: now });
    }
  }
  // Last, so the body carries the ticket as the whole rule leaves it.
  const called = await queueWebhookCalls(tx, {
    rule,
    steps: input.steps,
    runKey: input.input.runKey,
    eventPosition: input.input.eventPosition ?? null,
    now,
    data: async () => {
      const ticket = await readTicketData(tx, ticketId, env().PUBLIC_URL);
      return ticket ? { ticket } : null;
    },
  });
  for (const name of called) await recordTicketEvent(tx, { ticketId, actorId: null, kind: "automation_webhook", data: { name }, at: now });
}

/** Bell notifications of kind "automation" (the rule's name stands as the actor); returns the people's names. */
async function writeNotifications(
  tx: TransactionClient,
  events: EventRecorder,
  input: { userIds: string[]; ticketId: string | null; data: NotificationData & { dealId?: string } },
): Promise<string[]> {
  const names: string[] = [];
  for (const userId of input.userIds) {
    const notification = await tx.notification.create({
      data: { userId, kind: "automation", ticketId: input.ticketId, data: JSON.stringify(input.data) },
      select: { id: true, user: { select: { name: true } } },
    });
    names.push(notification.user.name);
    events.record("notification.created", { notificationId: notification.id, userId });
  }
  return names;
}

/** Applies a deal rule (notifications) for `runKey`; deals have no history of ours, the run log says what was done. */
export async function runRuleOnDeal(rule: ActiveRule, dealId: string, input: RunInput): Promise<RunResult> {
  try {
    return await runAsActor({ kind: "automation", id: rule.id }, () =>
      transactionWithEvents(async (tx, events): Promise<RunResult> => {
        if (await tx.automationRun.findUnique({ where: { ruleId_runKey: { ruleId: rule.id, runKey: input.runKey } }, select: { id: true } })) return { outcome: "already_done" };
        const snapshot: DealSnapshot | null = await loadDealSnapshot(tx, dealId, input.now);
        if (!snapshot) return { outcome: "not_applicable" };
        const evaluation = evaluateConditions(rule.conditions, snapshot, { now: input.now, calendar: input.calendar });
        if (!evaluation.matched) return { outcome: "not_matched", evaluation };
        const plan = planActions(rule.actions, snapshot, input.lookups, null);
        const base = { rule, runKey: input.runKey, dealId, at: input.now };
        if (!plan.acts) return blockedByBrokenRule(plan.steps) ? failedOnBrokenRule(tx, base, plan.steps) : { outcome: "nothing_to_do", steps: plan.steps };
        for (const step of plan.steps) {
          if (step.type !== "notify" || step.outcome !== "apply") continue;
          await writeNotifications(tx, events, { userIds: step.userIds, ticketId: null, data: { subject: snapshot.title, actorName: rule.name, dealId } });
        }
        await queueWebhookCalls(tx, {
          rule,
          steps: plan.steps,
          runKey: input.runKey,
          eventPosition: input.eventPosition ?? null,
          now: input.now,
          data: async () => {
            const deal = await readDealData(tx, dealId, env().PUBLIC_URL, input.previousStageId ?? null);
            return deal ? { deal } : null;
          },
        });
        if (blockedByBrokenRule(plan.steps)) return failedOnBrokenRule(tx, base, plan.steps);
        await writeRun(tx, { ...base, outcome: "applied", steps: plan.steps });
        return { outcome: "applied", steps: plan.steps };
      }),
    ).then(afterCommit);
  } catch (error) {
    if (error instanceof DomainError) return logFailure(rule, { runKey: input.runKey, dealId, at: input.now }, error);
    throw error;
  }
}
