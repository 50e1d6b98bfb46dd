/**
 * The vocabulary of automation rules, shared by the domain, the forms and the pages: what can
 * start a rule (triggers), what it can look at (condition fields and their operators), and what
 * it can do (actions). Pure; the rules themselves are in conditions.ts and actions.ts.
 */
import { companySizes, companySectors } from "~/domain/customers/customer-vocabulary";
import { ticketChannels, ticketPriorities, ticketStatuses, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import { LIFECYCLE_STAGES, PROSPECT_SOURCES } from "~/domain/sales/lifecycle";

// ───────────────────────────── triggers ─────────────────────────────

/** Events about a ticket, plus "time": the scheduler looks at open tickets every minute. */
export const ticketTriggers = ["ticket_created", "ticket_updated", "customer_replied", "sla_warning", "sla_breached", "time"] as const;
/** A deal moved on the pipeline: to any stage, to a won stage, to a lost stage. */
export const dealTriggers = ["deal_stage_changed", "deal_won", "deal_lost"] as const;
export const automationTriggers = [...ticketTriggers, ...dealTriggers] as const;
export type AutomationTrigger = (typeof automationTriggers)[number];
export type TicketTrigger = (typeof ticketTriggers)[number];
export type DealTrigger = (typeof dealTriggers)[number];

/** What a rule works on: a ticket or a deal. */
export type RuleSubject = "ticket" | "deal";

export function isAutomationTrigger(value: unknown): value is AutomationTrigger {
  return typeof value === "string" && (automationTriggers as readonly string[]).includes(value);
}

export function subjectOf(trigger: AutomationTrigger): RuleSubject {
  return (dealTriggers as readonly string[]).includes(trigger) ? "deal" : "ticket";
}

// ───────────────────────────── conditions ─────────────────────────────

export const conditionOperators = ["is", "is_not", "contains", "not_contains", "greater", "less"] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

export const durationUnits = ["hours", "days", "business_hours"] as const;
export type DurationUnit = (typeof durationUnits)[number];

/**
 * How a field is compared:
 * - choice: one of a fixed list (values: one or more; "is" = any of them);
 * - reference: a group, a person, a pipeline stage (values: ids, "none" for nobody/no group);
 * - tags: the ticket's tags (values: tag names; contains = at least one of them);
 * - text: words in a text, accents and case ignored;
 * - duration: time elapsed since a moment, in calendar or business hours;
 * - amount: a deal's amount in cents.
 */
export type FieldKind = "choice" | "reference" | "tags" | "text" | "duration" | "amount";

type FieldDefinition = {
  subject: RuleSubject | "any";
  kind: FieldKind;
  operators: readonly ConditionOperator[];
  /** The allowed values of a choice field. */
  choices?: readonly string[];
};

const is = ["is", "is_not"] as const;
const text = ["contains", "not_contains"] as const;
const compare = ["greater", "less"] as const;

export const conditionFieldDefinitions = {
  status: { subject: "ticket", kind: "choice", operators: is, choices: ticketStatuses },
  priority: { subject: "ticket", kind: "choice", operators: [...is, ...compare], choices: ticketPriorities },
  type: { subject: "ticket", kind: "choice", operators: is, choices: ticketTypes },
  channel: { subject: "ticket", kind: "choice", operators: is, choices: ticketChannels },
  group: { subject: "ticket", kind: "reference", operators: is },
  assignee: { subject: "ticket", kind: "reference", operators: is },
  tags: { subject: "ticket", kind: "tags", operators: text },
  subject: { subject: "ticket", kind: "text", operators: text },
  customer_text: { subject: "ticket", kind: "text", operators: text },
  since_created: { subject: "ticket", kind: "duration", operators: compare },
  since_status_change: { subject: "ticket", kind: "duration", operators: compare },
  since_customer_message: { subject: "ticket", kind: "duration", operators: compare },
  company: { subject: "any", kind: "text", operators: [...is, ...text] },
  company_sector: { subject: "any", kind: "choice", operators: is, choices: companySectors },
  company_size: { subject: "any", kind: "choice", operators: is, choices: companySizes },
  company_lifecycle: { subject: "any", kind: "choice", operators: is, choices: LIFECYCLE_STAGES },
  company_contract: { subject: "any", kind: "choice", operators: ["is"], choices: ["yes", "no"] },
  business_hours: { subject: "any", kind: "choice", operators: ["is"], choices: ["inside", "outside"] },
  deal_stage: { subject: "deal", kind: "reference", operators: is },
  deal_owner: { subject: "deal", kind: "reference", operators: is },
  deal_amount: { subject: "deal", kind: "amount", operators: compare },
  deal_source: { subject: "deal", kind: "choice", operators: is, choices: PROSPECT_SOURCES },
} as const satisfies Record<string, FieldDefinition>;

export type ConditionField = keyof typeof conditionFieldDefinitions;
export const conditionFields = Object.keys(conditionFieldDefinitions) as ConditionField[];

export function isConditionField(value: unknown): value is ConditionField {
  return typeof value === "string" && Object.hasOwn(conditionFieldDefinitions, value);
}

export function fieldDefinition(field: ConditionField): FieldDefinition {
  return conditionFieldDefinitions[field];
}

/** The fields a rule on this subject may test, in the order the form offers them. */
export function fieldsFor(subject: RuleSubject): ConditionField[] {
  return conditionFields.filter((field) => {
    const owner = conditionFieldDefinitions[field].subject;
    return owner === "any" || owner === subject;
  });
}

/** The duration fields: a time rule needs at least one "for at least" among its "all" conditions. */
export const durationFields = ["since_created", "since_status_change", "since_customer_message"] as const satisfies readonly ConditionField[];
export type DurationField = (typeof durationFields)[number];

export function isDurationField(field: ConditionField): field is DurationField {
  return (durationFields as readonly string[]).includes(field);
}

/** The value meaning "no group" / "nobody" in a reference condition or action. */
export const NONE = "none";

// ───────────────────────────── actions ─────────────────────────────

export const actionTypes = [
  "set_group",
  "set_assignee",
  "set_priority",
  "set_type",
  "set_status",
  "add_tags",
  "remove_tags",
  "send_reply",
  "notify",
  "call_webhook",
] as const;
export type ActionType = (typeof actionTypes)[number];

/** Actions a deal rule may take; every action applies to a ticket rule. */
export const dealActionTypes = ["notify", "call_webhook"] as const satisfies readonly ActionType[];

export function actionsFor(subject: RuleSubject): ActionType[] {
  return subject === "deal" ? [...dealActionTypes] : [...actionTypes];
}

export function isActionType(value: unknown): value is ActionType {
  return typeof value === "string" && (actionTypes as readonly string[]).includes(value);
}

/** Who a "notify" action tells. */
export const notifyRecipients = ["assignee", "group", "user", "deal_owner"] as const;
export type NotifyRecipient = (typeof notifyRecipients)[number];

export function recipientsFor(subject: RuleSubject): NotifyRecipient[] {
  return subject === "deal" ? ["deal_owner", "user"] : ["assignee", "group", "user"];
}

// ───────────────────────────── guards ─────────────────────────────

/** How many times rules may act on one ticket within AUTOMATION_LOOP_WINDOW_MINUTES (two rules undoing each other stop there). */
export const AUTOMATION_LOOP_LIMIT = 10;
export const AUTOMATION_LOOP_WINDOW_MINUTES = 10;
/** The dry run looks this far back, and shows at most this many matches (with the total). */
export const DRY_RUN_DAYS = 30;
export const DRY_RUN_MAX_MATCHES = 200;
/** At most this many rules in a workspace, conditions and actions per rule (forms stay readable). */
export const MAX_RULES = 200;
export const MAX_CONDITIONS = 20;
export const MAX_ACTIONS = 10;
