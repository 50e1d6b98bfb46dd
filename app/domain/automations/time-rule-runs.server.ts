/**
 * Time rules, run every minute by server/workers/automation-scheduler.ts: for each active time
 * rule, in order, the open tickets that can match (bounds asked of the database, then the
 * conditions in memory) get the rule once per period (time-rules.ts: the run key names the
 * moments the waits count from). The dry run lists its candidates the same way.
 */
import type { Prisma } from "~/generated/prisma/client";
import { loadBusinessCalendar } from "~/domain/helpdesk/sla/sla.server";
import { db } from "~/lib/db.server";
import { evaluateConditions, type TicketSnapshot } from "./conditions";
import { isActionable, runRuleOnTicket, type RunResult } from "./rule-runs.server";
import type { ConditionGroups } from "./rule-schemas";
import { activeRules } from "./rules.server";
import { needsOf, loadPlanLookups, ticketSnapshots, ticketSnapshotSelect } from "./snapshots.server";
import { candidateBounds, periodKey } from "./time-rules";

const PAGE = 200;

/** The tickets a time rule may act on now: not merged, not closed, within the rule's bounds. */
export function timeRuleCandidatesWhere(conditions: ConditionGroups, now: Date): Prisma.TicketWhereInput {
  const bounds = candidateBounds(conditions, now);
  const statuses = bounds.statuses?.filter((status) => status !== "closed");
  const createdBefore = [bounds.createdBefore, bounds.statusUnchangedSince].filter((date): date is Date => date !== null).sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    mergedIntoId: null,
    status: statuses ? { in: statuses } : { not: "closed" },
    ...(createdBefore ? { createdAt: { lte: createdBefore } } : {}),
    ...(bounds.customerMessageBefore ? { lastCustomerMessageAt: { lte: bounds.customerMessageBefore } } : {}),
    // The status has not changed since the bound: no status entry in the history after it.
    ...(bounds.statusUnchangedSince ? { events: { none: { kind: "status", createdAt: { gt: bounds.statusUnchangedSince } } } } : {}),
  };
}

/**
 * Walks a time rule's candidates page by page (by id), with their snapshots, the evaluation at
 * `now` and their period key; stops when `visit` returns false.
 */
export async function walkTimeRuleCandidates(
  conditions: ConditionGroups,
  now: Date,
  visit: (candidate: { snapshot: TicketSnapshot; matched: boolean; runKey: string }) => Promise<boolean | void> | boolean | void,
): Promise<void> {
  const calendar = await loadBusinessCalendar();
  const where = timeRuleCandidatesWhere(conditions, now);
  const needs = { ...needsOf(conditions), statusChange: true };
  let cursor: string | null = null;
  for (;;) {
    const rows: Array<Prisma.TicketGetPayload<{ select: typeof ticketSnapshotSelect }>> = await db().ticket.findMany({
      where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
      orderBy: { id: "asc" },
      take: PAGE,
      select: ticketSnapshotSelect,
    });
    if (rows.length === 0) return;
    cursor = rows[rows.length - 1].id;
    for (const snapshot of await ticketSnapshots(db(), rows, now, needs)) {
      if (!isActionable(snapshot)) continue;
      const matched = evaluateConditions(conditions, snapshot, { now, calendar }).matched;
      if ((await visit({ snapshot, matched, runKey: periodKey(conditions, snapshot) })) === false) return;
    }
    if (rows.length < PAGE) return;
  }
}

/** One pass of every active time rule at `now`; returns what was done per rule and ticket. */
export async function runTimeRules(now: Date = new Date()): Promise<Array<{ ruleId: string; ticketId: string; result: RunResult }>> {
  const rules = await activeRules(["time"]);
  if (rules.length === 0) return [];
  const [calendar, lookups] = await Promise.all([loadBusinessCalendar(), loadPlanLookups()]);
  const done: Array<{ ruleId: string; ticketId: string; result: RunResult }> = [];
  for (const rule of rules) {
    const due: Array<{ ticketId: string; runKey: string }> = [];
    await walkTimeRuleCandidates(rule.conditions, now, ({ snapshot, matched, runKey }) => {
      if (matched) due.push({ ticketId: snapshot.id, runKey });
    });
    // Periods already handled are skipped without opening a transaction.
    const handled = new Set<string>();
    for (let index = 0; index < due.length; index += 500) {
      const keys = due.slice(index, index + 500).map((entry) => entry.runKey);
      const rows = await db().automationRun.findMany({ where: { ruleId: rule.id, runKey: { in: keys } }, select: { runKey: true } });
      for (const row of rows) handled.add(row.runKey);
    }
    for (const entry of due) {
      if (handled.has(entry.runKey)) continue;
      const result = await runRuleOnTicket(rule, entry.ticketId, { runKey: entry.runKey, now, calendar, lookups, logNothingToDo: true });
      done.push({ ruleId: rule.id, ticketId: entry.ticketId, result });
    }
  }
  return done;
}

const SCHEDULER_SETTING = "automations.scheduler.minute";

/**
 * Claims the minute of `now` for this process (a conditional update on a setting): with several
 * processes, only one runs the time rules each minute. The run log keeps a period from being
 * acted on twice anyway.
 */
export async function claimSchedulerMinute(now: Date): Promise<boolean> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  const { count } = await db().setting.updateMany({ where: { key: SCHEDULER_SETTING, value: { lt: minute } }, data: { value: minute } });
  if (count === 1) return true;
  if (await db().setting.findUnique({ where: { key: SCHEDULER_SETTING }, select: { key: true } })) return false;
  try {
    await db().setting.create({ data: { key: SCHEDULER_SETTING, value: minute } });
    return true;
  } catch {
    // Another process created it first: that one has the minute.
    return false;
  }
}
