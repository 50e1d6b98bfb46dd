/**
 * Does a rule's "if" hold for this ticket (or deal), and why: each condition is checked against
 * a snapshot of the record as it is now, and the answer keeps what was seen, so the dry run can
 * say "Priorité est Urgente — ici Normale". Pure: the snapshot, the moment and the business
 * calendar are given.
 */
import { foldText } from "~/domain/customers/duplicates";
import { businessMinutesBetween, isBusinessTime, type BusinessCalendar } from "~/domain/helpdesk/sla/business-calendar";
import { ticketPriorities } from "~/domain/helpdesk/ticket-vocabulary";
import type { Condition, ConditionGroups } from "./rule-schemas";
import { NONE, type ConditionField, type DurationField } from "./rule-vocabulary";

export type CompanySnapshot = {
  id: string;
  name: string;
  sector: string;
  size: string | null;
  lifecycleStage: string;
  /** A maintenance contract is in force today. */
  underContract: boolean;
};

export type TicketSnapshot = {
  kind: "ticket";
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  groupId: string | null;
  assigneeId: string | null;
  tags: string[];
  requesterId: string;
  company: CompanySnapshot | null;
  /** The customer's latest public message (empty when not loaded: no rule tests it). */
  latestCustomerText: string;
  createdAt: Date;
  /** When the status last changed (the creation when it never did). */
  statusChangedAt: Date;
  lastCustomerMessageAt: Date | null;
  mergedIntoId: string | null;
  version: number;
};

export type DealSnapshot = {
  kind: "deal";
  id: string;
  title: string;
  stageId: string;
  stageKind: string;
  ownerId: string;
  amountCents: number;
  source: string;
  company: CompanySnapshot | null;
};

export type RuleSnapshot = TicketSnapshot | DealSnapshot;

/** When the rule is evaluated (the event's moment, or the scheduler's minute) and the workspace's business hours. */
export type EvaluationContext = { now: Date; calendar: BusinessCalendar };

/** What a condition saw: the record's values, its text, an elapsed time in the condition's unit, an amount. */
export type Observed =
  | { kind: "values"; values: string[] }
  | { kind: "text"; text: string }
  | { kind: "elapsed"; amount: number | null }
  | { kind: "amount"; cents: number }
  | { kind: "missing" };

export type ConditionCheck = { condition: Condition; matched: boolean; observed: Observed };

export type Evaluation = {
  matched: boolean;
  all: ConditionCheck[];
  any: ConditionCheck[];
  /** The "all" conditions hold, and the "any" group (when it has conditions) has one that holds. */
  allMatched: boolean;
  anyMatched: boolean;
};

/** Text as conditions compare it: no accents, lower case, single spaces. "Écran  NOIR" → "ecran noir". */
export function comparableText(text: string): string {
  return foldText(text).replace(/\s+/g, " ").trim();
}

export function evaluateConditions(conditions: ConditionGroups, snapshot: RuleSnapshot, context: EvaluationContext): Evaluation {
  const all = conditions.all.map((condition) => checkCondition(condition, snapshot, context));
  const any = conditions.any.map((condition) => checkCondition(condition, snapshot, context));
  const allMatched = all.every((check) => check.matched);
  const anyMatched = any.length === 0 || any.some((check) => check.matched);
  return { matched: allMatched && anyMatched, all, any, allMatched, anyMatched };
}

const MINUTE = 60_000;

/** Time elapsed since `from`, in the condition's unit (hours and days may be fractional). */
export function elapsedIn(unit: Condition["unit"], from: Date, context: EvaluationContext): number {
  const ms = Math.max(0, context.now.getTime() - from.getTime());
  switch (unit) {
    case "days":
      return ms / (24 * 60 * MINUTE);
    case "business_hours":
      return businessMinutesBetween(from, context.now, context.calendar) / 60;
    default:
      return ms / (60 * MINUTE);
  }
}

/** The moment a duration field counts from, or null when the record has none. */
export function durationAnchor(field: DurationField, snapshot: TicketSnapshot): Date | null {
  switch (field) {
    case "since_created":
      return snapshot.createdAt;
    case "since_status_change":
      return snapshot.statusChangedAt;
    case "since_customer_message":
      return snapshot.lastCustomerMessageAt;
  }
}

function observedValue(field: ConditionField, snapshot: RuleSnapshot, context: EvaluationContext): string[] | null {
  const company = snapshot.company;
  switch (field) {
    case "status":
    case "priority":
    case "type":
    case "channel":
      return snapshot.kind === "ticket" ? [snapshot[field]] : null;
    case "group":
      return snapshot.kind === "ticket" ? [snapshot.groupId ?? NONE] : null;
    case "assignee":
      return snapshot.kind === "ticket" ? [snapshot.assigneeId ?? NONE] : null;
    case "tags":
      return snapshot.kind === "ticket" ? snapshot.tags : null;
    case "company_sector":
      return company ? [company.sector] : [];
    case "company_size":
      return company?.size ? [company.size] : [];
    case "company_lifecycle":
      return company ? [company.lifecycleStage] : [];
    case "company_contract":
      return [company?.underContract ? "yes" : "no"];
    case "business_hours":
      return [isBusinessTime(context.now, context.calendar) ? "inside" : "outside"];
    case "deal_stage":
      return snapshot.kind === "deal" ? [snapshot.stageId] : null;
    case "deal_owner":
      return snapshot.kind === "deal" ? [snapshot.ownerId] : null;
    case "deal_source":
      return snapshot.kind === "deal" ? [snapshot.source] : null;
    default:
      return null;
  }
}

function observedText(field: ConditionField, snapshot: RuleSnapshot): string | null {
  switch (field) {
    case "subject":
      return snapshot.kind === "ticket" ? snapshot.subject : null;
    case "customer_text":
      return snapshot.kind === "ticket" ? snapshot.latestCustomerText : null;
    case "company":
      return snapshot.company?.name ?? "";
    default:
      return null;
  }
}

const priorityRank = (priority: string) => (ticketPriorities as readonly string[]).indexOf(priority);

export function checkCondition(condition: Condition, snapshot: RuleSnapshot, context: EvaluationContext): ConditionCheck {
  const result = (matched: boolean, observed: Observed): ConditionCheck => ({ condition, matched, observed });
  const { field, operator } = condition;

  if (field === "since_created" || field === "since_status_change" || field === "since_customer_message") {
    if (snapshot.kind !== "ticket") return result(false, { kind: "missing" });
    const anchor = durationAnchor(field, snapshot);
    if (!anchor || condition.amount === null) return result(false, { kind: "elapsed", amount: null });
    const elapsed = elapsedIn(condition.unit, anchor, context);
    return result(operator === "greater" ? elapsed >= condition.amount : elapsed < condition.amount, { kind: "elapsed", amount: elapsed });
  }

  if (field === "deal_amount") {
    if (snapshot.kind !== "deal" || condition.amount === null) return result(false, { kind: "missing" });
    const cents = snapshot.amountCents;
    return result(operator === "greater" ? cents > condition.amount : cents < condition.amount, { kind: "amount", cents });
  }

  const text = observedText(field, snapshot);
  if (text !== null) {
    const seen = comparableText(text);
    const wanted = comparableText(condition.text);
    const observed: Observed = { kind: "text", text };
    switch (operator) {
      case "is":
        return result(seen === wanted, observed);
      case "is_not":
        return result(seen !== wanted, observed);
      case "contains":
        return result(wanted !== "" && seen.includes(wanted), observed);
      case "not_contains":
        return result(wanted === "" || !seen.includes(wanted), observed);
      default:
        return result(false, observed);
    }
  }

  const values = observedValue(field, snapshot, context);
  if (values === null) return result(false, { kind: "missing" });
  const observed: Observed = { kind: "values", values };
  if (field === "tags") {
    const wanted = condition.values.map((tag) => tag.toLowerCase());
    const has = wanted.some((tag) => values.includes(tag));
    return result(operator === "contains" ? has : !has, observed);
  }
  if (field === "priority" && (operator === "greater" || operator === "less")) {
    const seen = priorityRank(values[0] ?? "");
    const threshold = priorityRank(condition.values[0] ?? "");
    if (seen < 0 || threshold < 0) return result(false, observed);
    return result(operator === "greater" ? seen > threshold : seen < threshold, observed);
  }
  const isOneOf = values.some((value) => condition.values.includes(value));
  switch (operator) {
    case "is":
      return result(isOneOf, observed);
    case "is_not":
      return result(!isOneOf, observed);
    default:
      return result(false, observed);
  }
}
