/**
 * Time rules ("en attente client depuis 7 jours → relance"): the scheduler looks at open
 * tickets every minute; a rule acts on a ticket once per period. A period is fixed by the moments
 * its durations count from: a ticket pending for 7 days is reminded once, and again only if it
 * leaves "pending" and comes back (its status change moves the anchor). Pure.
 */
import { durationAnchor, type TicketSnapshot } from "./conditions";
import type { Condition, ConditionGroups } from "./rule-schemas";
import { isDurationField, type DurationField } from "./rule-vocabulary";

const HOUR = 60 * 60 * 1000;

/** The duration conditions that make a time rule wait ("for at least ..."), from its "all" group. */
export function waitingConditions(conditions: ConditionGroups): Array<Condition & { field: DurationField }> {
  return conditions.all.filter((condition): condition is Condition & { field: DurationField } => isDurationField(condition.field) && condition.operator === "greater");
}

/**
 * The run key of a ticket's current period for a time rule: the ticket and the moments its
 * waiting durations count from. The run log is unique per (rule, key): once per period.
 */
export function periodKey(conditions: ConditionGroups, snapshot: TicketSnapshot): string {
  const fields = [...new Set(waitingConditions(conditions).map((condition) => condition.field))].sort();
  const anchors = (fields.length > 0 ? fields : (["since_created"] as DurationField[])).map((field) => {
    const anchor = durationAnchor(field, snapshot);
    return `${field}=${anchor ? anchor.toISOString() : "none"}`;
  });
  return `time:${snapshot.id}:${anchors.join("|")}`;
}

/** The least calendar time a duration takes: business hours never run faster than the clock. */
function minimumCalendarMs(condition: Condition): number {
  const amount = condition.amount ?? 0;
  return condition.unit === "days" ? amount * 24 * HOUR : amount * HOUR;
}

/**
 * Bounds the scheduler can ask the database for (a ticket outside them cannot match): the moment
 * before which each waiting duration's anchor must lie, and the statuses the rule requires.
 */
export function candidateBounds(conditions: ConditionGroups, now: Date): {
  createdBefore: Date | null;
  statusUnchangedSince: Date | null;
  customerMessageBefore: Date | null;
  statuses: string[] | null;
} {
  const bound = (field: DurationField) => {
    const waits = waitingConditions(conditions).filter((condition) => condition.field === field);
    if (waits.length === 0) return null;
    return new Date(now.getTime() - Math.max(...waits.map(minimumCalendarMs)));
  };
  let statuses: string[] | null = null;
  for (const condition of conditions.all) {
    if (condition.field !== "status" || condition.operator !== "is") continue;
    statuses = statuses === null ? [...condition.values] : statuses.filter((status) => condition.values.includes(status));
  }
  return {
    createdBefore: bound("since_created"),
    statusUnchangedSince: bound("since_status_change"),
    customerMessageBefore: bound("since_customer_message"),
    statuses,
  };
}
