/**
 * The dry run: which tickets (or deals) of the last 30 days a rule, saved or being edited, would
 * match now, and what it would do to each: the conditions with what was seen, and the planned
 * steps. The same evaluation and planner as the real runs (conditions.ts, actions.ts), reading
 * only: nothing is written. Bounded: the most recent matches are kept, the total is counted.
 */
import type { Prisma } from "~/generated/prisma/client";
import { loadBusinessCalendar } from "~/domain/helpdesk/sla/sla.server";
import { db } from "~/lib/db.server";
import { planActions, type PlannedStep } from "./actions";
import { evaluateConditions, type Evaluation, type RuleSnapshot } from "./conditions";
import { isActionable } from "./rule-runs.server";
import type { RuleDefinition } from "./rule-schemas";
import { DRY_RUN_DAYS, DRY_RUN_MAX_MATCHES, subjectOf } from "./rule-vocabulary";
import { dealSnapshots, dealSnapshotSelect, loadPlanLookups, needsOf, requesterFacts, ticketSnapshots, ticketSnapshotSelect } from "./snapshots.server";
import { walkTimeRuleCandidates } from "./time-rule-runs.server";

export type DryRunMatch = {
  ticket: { id: string; number: number; subject: string } | null;
  deal: { id: string; title: string } | null;
  evaluation: Evaluation;
  steps: PlannedStep[];
  /** A time rule already acted on this ticket for its current period (it will not again). */
  alreadyDone: boolean;
};

export type DryRunResult = {
  since: Date;
  now: Date;
  /** How many records match, and how many were looked at. */
  total: number;
  scanned: number;
  /** The most recent matches (at most DRY_RUN_MAX_MATCHES). */
  matches: DryRunMatch[];
  /** Names of the groups, people, stages and canned replies the explanations mention. */
  names: Record<string, string>;
};

const PAGE = 250;

/** Tickets an event rule would have seen in the window, most recent first (the field that dates the trigger). */
function ticketWindow(trigger: RuleDefinition["trigger"], since: Date): { where: Prisma.TicketWhereInput; orderBy: "createdAt" | "updatedAt" | "lastCustomerMessageAt" } {
  const open: Prisma.TicketWhereInput = { mergedIntoId: null, status: { not: "closed" } };
  switch (trigger) {
    case "ticket_updated":
      return { where: { ...open, updatedAt: { gte: since } }, orderBy: "updatedAt" };
    case "customer_replied":
      return { where: { ...open, lastCustomerMessageAt: { gte: since } }, orderBy: "lastCustomerMessageAt" };
    case "sla_warning":
    case "sla_breached": {
      const level = trigger === "sla_warning" ? "warning" : "breached";
      return { where: { ...open, events: { some: { kind: "sla", createdAt: { gte: since }, data: { contains: `"announced":"${level}"` } } } }, orderBy: "updatedAt" };
    }
    default:
      return { where: { ...open, createdAt: { gte: since } }, orderBy: "createdAt" };
  }
}

/**
 * Runs `rule` without writing. `ruleId` (a saved rule) lets a time rule's dry run say which
 * tickets it already handled this period, and counts today's automatic mails toward the limit.
 */
export async function dryRunRule(rule: RuleDefinition, options: { ruleId?: string | null; now?: Date } = {}): Promise<DryRunResult> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - DRY_RUN_DAYS * 24 * 60 * 60 * 1000);
  const [calendar, lookups, stages] = await Promise.all([loadBusinessCalendar(), loadPlanLookups(), db().pipelineStage.findMany({ select: { id: true, name: true } })]);
  const context = { now, calendar };
  const matches: DryRunMatch[] = [];
  let total = 0;
  let scanned = 0;
  // One automatic mail per rule, customer and day: a second ticket of the same customer would be held back.
  const mailedInThisRun = new Set<string>();
  const wantsFacts = rule.actions.some((action) => action.type === "send_reply");

  const consider = async (snapshot: RuleSnapshot, evaluation: Evaluation, alreadyDone: boolean) => {
    total += 1;
    if (matches.length >= DRY_RUN_MAX_MATCHES) return;
    let facts = null;
    if (snapshot.kind === "ticket" && wantsFacts) {
      facts = await requesterFacts(db(), { ruleId: options.ruleId ?? "", ticketId: snapshot.id, requesterId: snapshot.requesterId, now });
      if (facts && mailedInThisRun.has(snapshot.requesterId)) facts = { ...facts, mailedToday: true };
    }
    const plan = planActions(rule.actions, snapshot, lookups, facts);
    if (snapshot.kind === "ticket" && !alreadyDone && plan.steps.some((step) => step.type === "send_reply" && step.outcome === "apply")) mailedInThisRun.add(snapshot.requesterId);
    matches.push({
      ticket: snapshot.kind === "ticket" ? { id: snapshot.id, number: snapshot.number, subject: snapshot.subject } : null,
      deal: snapshot.kind === "deal" ? { id: snapshot.id, title: snapshot.title } : null,
      evaluation,
      steps: plan.steps,
      alreadyDone,
    });
  };

  if (rule.trigger === "time") {
    const found: Array<{ snapshot: RuleSnapshot; runKey: string }> = [];
    await walkTimeRuleCandidates(rule.conditions, now, ({ snapshot, matched, runKey }) => {
      scanned += 1;
      if (matched) found.push({ snapshot, runKey });
    });
    const handled = new Set<string>();
    if (options.ruleId) {
      for (let index = 0; index < found.length; index += 500) {
        const keys = found.slice(index, index + 500).map((entry) => entry.runKey);
        for (const row of await db().automationRun.findMany({ where: { ruleId: options.ruleId, runKey: { in: keys } }, select: { runKey: true } })) handled.add(row.runKey);
      }
    }
    for (const entry of found) await consider(entry.snapshot, evaluateConditions(rule.conditions, entry.snapshot, context), handled.has(entry.runKey));
  } else if (subjectOf(rule.trigger) === "ticket") {
    const window = ticketWindow(rule.trigger, since);
    const needs = needsOf(rule.conditions);
    let cursor: { at: Date; id: string } | null = null;
    for (;;) {
      const after: Prisma.TicketWhereInput | null = cursor
        ? { OR: [{ [window.orderBy]: { lt: cursor.at } }, { [window.orderBy]: cursor.at, id: { lt: cursor.id } }] }
        : null;
      const rows: Array<Prisma.TicketGetPayload<{ select: typeof ticketSnapshotSelect & { updatedAt: true } }>> = await db().ticket.findMany({
        where: after ? { AND: [window.where, after] } : window.where,
        orderBy: [{ [window.orderBy]: "desc" }, { id: "desc" }],
        take: PAGE,
        select: { ...ticketSnapshotSelect, updatedAt: true },
      });
      if (rows.length === 0) break;
      const last = rows[rows.length - 1];
      const at: Date | null = last[window.orderBy];
      cursor = at ? { at, id: last.id } : null;
      for (const snapshot of await ticketSnapshots(db(), rows, now, needs)) {
        if (!isActionable(snapshot)) continue;
        // A customer reply is a public message after the one that opened the ticket.
        if (rule.trigger === "customer_replied" && !(snapshot.lastCustomerMessageAt && snapshot.lastCustomerMessageAt.getTime() > snapshot.createdAt.getTime())) continue;
        scanned += 1;
        const evaluation = evaluateConditions(rule.conditions, snapshot, context);
        if (evaluation.matched) await consider(snapshot, evaluation, false);
      }
      if (rows.length < PAGE || !cursor) break;
    }
  } else {
    const kind = rule.trigger === "deal_won" ? "won" : rule.trigger === "deal_lost" ? "lost" : null;
    const where: Prisma.DealWhereInput = { stageChangedAt: { gte: since }, ...(kind ? { stage: { kind } } : {}) };
    let cursor: { at: Date; id: string } | null = null;
    for (;;) {
      const rows: Array<Prisma.DealGetPayload<{ select: typeof dealSnapshotSelect & { stageChangedAt: true } }>> = await db().deal.findMany({
        where: cursor ? { AND: [where, { OR: [{ stageChangedAt: { lt: cursor.at } }, { stageChangedAt: cursor.at, id: { lt: cursor.id } }] }] } : where,
        orderBy: [{ stageChangedAt: "desc" }, { id: "desc" }],
        take: PAGE,
        select: { ...dealSnapshotSelect, stageChangedAt: true },
      });
      if (rows.length === 0) break;
      cursor = { at: rows[rows.length - 1].stageChangedAt, id: rows[rows.length - 1].id };
      for (const snapshot of await dealSnapshots(db(), rows, now, needsOf(rule.conditions))) {
        scanned += 1;
        const evaluation = evaluateConditions(rule.conditions, snapshot, context);
        if (evaluation.matched) await consider(snapshot, evaluation, false);
      }
      if (rows.length < PAGE) break;
    }
  }

  const names: Record<string, string> = {};
  for (const [id, name] of lookups.groups) names[id] = name;
  for (const [id, member] of lookups.staff) names[id] = member.name;
  for (const stage of stages) names[stage.id] = stage.name;
  for (const [id, reply] of lookups.cannedReplies) names[id] = reply.title;
  return { since, now, total, scanned, matches, names };
}

