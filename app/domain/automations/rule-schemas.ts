/**
 * What a rule is made of, validated once: the stored JSON (read back by the consumer, the
 * scheduler and the pages) and the administration form that writes it. The form works without
 * JavaScript: each condition is a row of inputs named conditions.all.N.field, ...operator,
 * ...values, ...text, ...amount, ...unit; each action a row actions.N.type, ...value, ...userId.
 * One zod schema (ruleFormSchema) turns those rows into a RuleDefinition, with an error key per
 * input; the same schema runs in the action and shapes the UI's errors.
 */
import { z } from "zod";
import { parseAmountCents } from "~/domain/sales/money";
import { ticketPriorities, ticketStatuses, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import {
  actionsFor,
  actionTypes,
  automationTriggers,
  conditionFieldDefinitions,
  conditionFields,
  conditionOperators,
  durationUnits,
  fieldsFor,
  isDurationField,
  MAX_ACTIONS,
  MAX_CONDITIONS,
  NONE,
  notifyRecipients,
  recipientsFor,
  subjectOf,
  type ActionType,
  type AutomationTrigger,
  type ConditionField,
  type ConditionOperator,
  type DurationUnit,
  type NotifyRecipient,
} from "./rule-vocabulary";

// ───────────────────────────── the stored shapes ─────────────────────────────

/**
 * One test on the ticket or deal. `values` for choice, reference and tags fields; `text` for
 * text fields; `amount` (+ `unit`) for durations, `amount` in cents for a deal's amount.
 */
export type Condition = {
  field: ConditionField;
  operator: ConditionOperator;
  values: string[];
  text: string;
  amount: number | null;
  unit: DurationUnit | null;
};

/** "all" must all hold; of "any", at least one must (an empty "any" holds). */
export type ConditionGroups = { all: Condition[]; any: Condition[] };

export type Action =
  | { type: "set_group"; groupId: string | null }
  | { type: "set_assignee"; userId: string | null }
  | { type: "set_priority"; priority: (typeof ticketPriorities)[number] }
  | { type: "set_type"; ticketType: (typeof ticketTypes)[number] }
  | { type: "set_status"; status: (typeof ticketStatuses)[number] }
  | { type: "add_tags"; tags: string[] }
  | { type: "remove_tags"; tags: string[] }
  | { type: "send_reply"; cannedReplyId: string }
  | { type: "notify"; recipient: NotifyRecipient; userId: string | null }
  /** Calls a webhook endpoint registered in Administration › Webhooks (signed, queued with the run). */
  | { type: "call_webhook"; endpointId: string };

export type RuleDefinition = {
  name: string;
  description: string;
  trigger: AutomationTrigger;
  conditions: ConditionGroups;
  actions: Action[];
};

const id = z.string().min(1).max(64);

const storedCondition: z.ZodType<Condition> = z.object({
  field: z.enum(conditionFields as [ConditionField, ...ConditionField[]]),
  operator: z.enum(conditionOperators),
  values: z.array(z.string().max(200)).max(50),
  text: z.string().max(200),
  amount: z.number().int().nonnegative().nullable(),
  unit: z.enum(durationUnits).nullable(),
});

const storedConditions: z.ZodType<ConditionGroups> = z.object({ all: z.array(storedCondition), any: z.array(storedCondition) });

const storedAction: z.ZodType<Action> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("set_group"), groupId: id.nullable() }),
  z.object({ type: z.literal("set_assignee"), userId: id.nullable() }),
  z.object({ type: z.literal("set_priority"), priority: z.enum(ticketPriorities) }),
  z.object({ type: z.literal("set_type"), ticketType: z.enum(ticketTypes) }),
  z.object({ type: z.literal("set_status"), status: z.enum(ticketStatuses) }),
  z.object({ type: z.literal("add_tags"), tags: z.array(z.string().min(1).max(50)).min(1) }),
  z.object({ type: z.literal("remove_tags"), tags: z.array(z.string().min(1).max(50)).min(1) }),
  z.object({ type: z.literal("send_reply"), cannedReplyId: id }),
  z.object({ type: z.literal("notify"), recipient: z.enum(notifyRecipients), userId: id.nullable() }),
  z.object({ type: z.literal("call_webhook"), endpointId: id }),
]);

const storedActions = z.array(storedAction);

export class InvalidStoredRuleError extends Error {
  constructor(ruleId: string, part: string) {
    super(`Automation rule ${ruleId}: its stored ${part} are not valid`);
    this.name = "InvalidStoredRuleError";
  }
}

/** A rule row's JSON read back; throws InvalidStoredRuleError when it was tampered with. */
export function readStoredRule(row: { id: string; trigger: string; conditions: string; actions: string }): Pick<RuleDefinition, "trigger" | "conditions" | "actions"> {
  const trigger = z.enum(automationTriggers).safeParse(row.trigger);
  if (!trigger.success) throw new InvalidStoredRuleError(row.id, "trigger");
  const conditions = storedConditions.safeParse(safeJson(row.conditions));
  if (!conditions.success) throw new InvalidStoredRuleError(row.id, "conditions");
  const actions = storedActions.safeParse(safeJson(row.actions));
  if (!actions.success) throw new InvalidStoredRuleError(row.id, "actions");
  return { trigger: trigger.data, conditions: conditions.data, actions: actions.data };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// ───────────────────────────── the form ─────────────────────────────

export const conditionRowFields = ["field", "operator", "values", "text", "amount", "unit"] as const;
export const actionRowFields = ["type", "value", "userId"] as const;
export const conditionGroups = ["all", "any"] as const;
export type ConditionGroup = (typeof conditionGroups)[number];

type Raw = string | string[] | undefined;
type RawRow = Record<string, Raw>;

/** "conditions.all.2.values" → conditions.all[2].values, "actions.1.type" → actions[1].type; other fields pass through. */
export function groupRuleFields(values: unknown): unknown {
  if (!values || typeof values !== "object") return values;
  const rest: Record<string, unknown> = {};
  const groups: Record<ConditionGroup, RawRow[]> = { all: [], any: [] };
  const actions: RawRow[] = [];
  for (const [name, value] of Object.entries(values as Record<string, Raw>)) {
    const condition = /^conditions\.(all|any)\.(\d{1,3})\.(\w+)$/.exec(name);
    if (condition) {
      const index = Number(condition[2]);
      if (index >= MAX_CONDITIONS * 2 || !(conditionRowFields as readonly string[]).includes(condition[3])) continue;
      (groups[condition[1] as ConditionGroup][index] ??= {})[condition[3]] = value;
      continue;
    }
    const action = /^actions\.(\d{1,3})\.(\w+)$/.exec(name);
    if (action) {
      const index = Number(action[1]);
      if (index >= MAX_ACTIONS * 2 || !(actionRowFields as readonly string[]).includes(action[2])) continue;
      (actions[Number(action[1])] ??= {})[action[2]] = value;
      continue;
    }
    rest[name] = value;
  }
  const dense = (rows: RawRow[]) => Array.from({ length: rows.length }, (_, index) => rows[index] ?? {});
  return { ...rest, conditions: { all: dense(groups.all), any: dense(groups.any) }, actions: dense(actions) };
}

const single = (value: Raw) => (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();
const list = (value: Raw) => [value ?? []].flat().map((entry) => entry.trim()).filter(Boolean);
/** "imprimante, Urgent-client" → ["imprimante", "urgent-client"] (tags are stored lower-cased). */
export function tagList(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

const rawRow = z.record(z.union([z.string(), z.array(z.string())]).optional());

/** A condition row: the field decides which inputs count. */
const conditionRow = rawRow.transform((row, context): Condition => {
  const issue = (path: string, message: string) => context.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
  const field = single(row.field) as ConditionField;
  const definition = conditionFieldDefinitions[field];
  const condition: Condition = { field, operator: "is", values: [], text: "", amount: null, unit: null };
  if (!definition) {
    issue("field", "validation.choose");
    return condition;
  }
  const operator = single(row.operator) as ConditionOperator;
  if (!(definition.operators as readonly string[]).includes(operator)) issue("operator", "validation.choose");
  condition.operator = operator;
  switch (definition.kind) {
    case "choice": {
      const values = list(row.values);
      const choices: readonly string[] = "choices" in definition ? definition.choices : [];
      if (values.length === 0) issue("values", "automations.validation.chooseValue");
      else if (values.some((value) => !choices.includes(value))) issue("values", "validation.choose");
      else if ((operator === "greater" || operator === "less") && values.length > 1) issue("values", "automations.validation.oneValue");
      condition.values = values;
      break;
    }
    case "reference": {
      const values = list(row.values);
      if (values.length === 0) issue("values", "automations.validation.chooseValue");
      else if (values.some((value) => value.length > 64)) issue("values", "validation.choose");
      condition.values = values;
      break;
    }
    case "tags": {
      const tags = tagList(single(row.text));
      if (tags.length === 0) issue("text", "automations.validation.tagsRequired");
      else if (tags.some((tag) => tag.length > 50) || tags.length > 50) issue("text", "validation.tooLong");
      condition.values = tags;
      condition.text = tags.join(", ");
      break;
    }
    case "text": {
      const text = single(row.text);
      if (!text) issue("text", "validation.required");
      else if (text.length > 200) issue("text", "validation.tooLong");
      condition.text = text;
      break;
    }
    case "duration": {
      const amount = single(row.amount);
      const unit = single(row.unit) as DurationUnit;
      if (!/^\d{1,5}$/.test(amount) || Number(amount) === 0) issue("amount", "automations.validation.duration");
      if (!(durationUnits as readonly string[]).includes(unit)) issue("unit", "validation.choose");
      condition.amount = Number(amount) || null;
      condition.unit = unit;
      break;
    }
    case "amount": {
      const parsed = parseAmountCents(single(row.amount));
      if (!parsed.ok) issue("amount", parsed.error);
      condition.amount = parsed.ok ? parsed.value : null;
      break;
    }
  }
  return condition;
});

/** An action row: the type decides what `value` (and `userId`) hold. */
const actionRow = rawRow.transform((row, context): Action | null => {
  const issue = (path: string, message: string) => context.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
  const type = single(row.type) as ActionType;
  const value = single(row.value);
  const oneOf = <T extends string>(choices: readonly T[]): T | null => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    issue("value", "validation.choose");
    return null;
  };
  const reference = (): string | null => {
    if (!value || value.length > 64) {
      issue("value", "validation.choose");
      return null;
    }
    return value === NONE ? null : value;
  };
  switch (type) {
    case "set_group":
      return { type, groupId: reference() };
    case "set_assignee":
      return { type, userId: reference() };
    case "set_priority": {
      const priority = oneOf(ticketPriorities);
      return priority ? { type, priority } : null;
    }
    case "set_type": {
      const ticketType = oneOf(ticketTypes);
      return ticketType ? { type, ticketType } : null;
    }
    case "set_status": {
      const status = oneOf(ticketStatuses);
      return status ? { type, status } : null;
    }
    case "add_tags":
    case "remove_tags": {
      const tags = tagList(value);
      if (tags.length === 0) issue("value", "automations.validation.tagsRequired");
      else if (tags.some((tag) => tag.length > 50) || tags.length > 50) issue("value", "validation.tooLong");
      return { type, tags };
    }
    case "send_reply":
      if (!value || value.length > 64) {
        issue("value", "automations.validation.chooseReply");
        return null;
      }
      return { type, cannedReplyId: value };
    case "notify": {
      const recipient = oneOf(notifyRecipients);
      if (!recipient) return null;
      const userId = single(row.userId);
      if (recipient === "user" && (!userId || userId.length > 64)) issue("userId", "automations.validation.chooseUser");
      return { type, recipient, userId: recipient === "user" ? userId : null };
    }
    case "call_webhook":
      if (!value || value.length > 64) {
        issue("value", "automations.validation.chooseWebhook");
        return null;
      }
      return { type, endpointId: value };
    default:
      issue("type", "validation.choose");
      return null;
  }
});

/**
 * The rule form: name, description, trigger, conditions in two groups and actions. Beyond each
 * row: every field and action must suit the trigger (a deal rule cannot set a ticket's group),
 * a rule needs an action, and a time rule a "for at least" duration among its "all" conditions
 * (otherwise it would act on every open ticket at once).
 */
export const ruleFormSchema = z.preprocess(
  groupRuleFields,
  z
    .object({
      name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
      description: z.string().trim().max(1000, "validation.tooLong").default(""),
      trigger: z.enum(automationTriggers, { errorMap: () => ({ message: "validation.choose" }) }),
      version: z.coerce.number().int().positive().optional(),
      conditions: z.object({
        all: z.array(conditionRow).max(MAX_CONDITIONS, "automations.validation.tooManyConditions"),
        any: z.array(conditionRow).max(MAX_CONDITIONS, "automations.validation.tooManyConditions"),
      }),
      actions: z.array(actionRow).max(MAX_ACTIONS, "automations.validation.tooManyActions"),
    })
    .superRefine((rule, context) => {
      const subject = subjectOf(rule.trigger);
      const allowedFields = fieldsFor(subject);
      for (const group of conditionGroups) {
        rule.conditions[group].forEach((condition, index) => {
          if (conditionFieldDefinitions[condition.field] && !allowedFields.includes(condition.field)) {
            context.addIssue({ code: z.ZodIssueCode.custom, path: ["conditions", group, index, "field"], message: "automations.validation.fieldNotForTrigger" });
          }
        });
      }
      const allowedActions = actionsFor(subject);
      const allowedRecipients = recipientsFor(subject);
      rule.actions.forEach((action, index) => {
        if (!action) return;
        if (!allowedActions.includes(action.type)) context.addIssue({ code: z.ZodIssueCode.custom, path: ["actions", index, "type"], message: "automations.validation.actionNotForTrigger" });
        else if (action.type === "notify" && !allowedRecipients.includes(action.recipient)) context.addIssue({ code: z.ZodIssueCode.custom, path: ["actions", index, "value"], message: "validation.choose" });
      });
      if (rule.actions.length === 0) context.addIssue({ code: z.ZodIssueCode.custom, path: ["actions"], message: "automations.validation.noActions" });
      if (rule.trigger === "time" && !rule.conditions.all.some((condition) => isDurationField(condition.field) && condition.operator === "greater")) {
        context.addIssue({ code: z.ZodIssueCode.custom, path: ["conditions"], message: "automations.validation.timeNeedsDuration" });
      }
    })
    .transform(
      (rule): RuleDefinition & { version?: number } => ({
        name: rule.name,
        description: rule.description,
        trigger: rule.trigger,
        version: rule.version,
        conditions: rule.conditions,
        actions: rule.actions.filter((action): action is Action => action !== null),
      }),
    ),
);

export type RuleForm = z.infer<typeof ruleFormSchema>;

/** The form's rows for a definition (editing a saved rule, showing a submitted one again). */
export function ruleFormValues(rule: Pick<RuleDefinition, "name" | "description" | "trigger" | "conditions" | "actions">): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = { name: rule.name, description: rule.description, trigger: rule.trigger };
  for (const group of conditionGroups) {
    rule.conditions[group].forEach((condition, index) => {
      const prefix = `conditions.${group}.${index}`;
      values[`${prefix}.field`] = condition.field;
      values[`${prefix}.operator`] = condition.operator;
      values[`${prefix}.values`] = condition.values;
      values[`${prefix}.text`] = condition.text;
      const kind = conditionFieldDefinitions[condition.field].kind;
      values[`${prefix}.amount`] = condition.amount === null ? "" : kind === "amount" ? amountInput(condition.amount) : String(condition.amount);
      values[`${prefix}.unit`] = condition.unit ?? "";
    });
  }
  rule.actions.forEach((action, index) => {
    const prefix = `actions.${index}`;
    values[`${prefix}.type`] = action.type;
    values[`${prefix}.value`] = actionValue(action);
    values[`${prefix}.userId`] = action.type === "notify" ? (action.userId ?? "") : "";
  });
  return values;
}

function amountInput(cents: number): string {
  const euros = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(euros) : `${euros},${String(rest).padStart(2, "0")}`;
}

function actionValue(action: Action): string {
  switch (action.type) {
    case "set_group":
      return action.groupId ?? NONE;
    case "set_assignee":
      return action.userId ?? NONE;
    case "set_priority":
      return action.priority;
    case "set_type":
      return action.ticketType;
    case "set_status":
      return action.status;
    case "add_tags":
    case "remove_tags":
      return action.tags.join(", ");
    case "send_reply":
      return action.cannedReplyId;
    case "notify":
      return action.recipient;
    case "call_webhook":
      return action.endpointId;
  }
}

// ───────────────────────────── editing rows without JavaScript ─────────────────────────────

/** The rows of a submitted form as they were typed (to show the form again). */
export type ConditionRow = { field: string; operator: string; values: string[]; text: string; amount: string; unit: string };
export type FormRows = {
  conditions: Record<ConditionGroup, ConditionRow[]>;
  actions: Array<Record<(typeof actionRowFields)[number], string>>;
};

export function formRows(values: Record<string, string | string[]>): FormRows {
  const grouped = groupRuleFields(values) as { conditions: Record<ConditionGroup, RawRow[]>; actions: RawRow[] };
  const condition = (row: RawRow) => ({
    field: single(row.field),
    operator: single(row.operator),
    values: list(row.values),
    text: single(row.text),
    amount: single(row.amount),
    unit: single(row.unit),
  });
  return {
    conditions: { all: grouped.conditions.all.map(condition), any: grouped.conditions.any.map(condition) },
    actions: grouped.actions.map((row) => ({ type: single(row.type), value: single(row.value), userId: single(row.userId) })),
  };
}

/** The submit buttons that change rows: add a condition of a field to a group, add an action of a type, remove a row. */
export type RowCommand =
  | { kind: "add-condition"; group: ConditionGroup; field: ConditionField }
  | { kind: "remove-condition"; group: ConditionGroup; index: number }
  | { kind: "add-action"; type: ActionType }
  | { kind: "remove-action"; index: number }
  | { kind: "refresh" };

/** Reads the intent of a row button (the chosen field or action type come from their selects). */
export function parseRowCommand(intent: string, values: Record<string, string | string[]>): RowCommand | null {
  const pick = (name: string) => single(values[name]);
  if (intent === "refresh") return { kind: "refresh" };
  const add = /^add-condition:(all|any)$/.exec(intent);
  if (add) {
    const group = add[1] as ConditionGroup;
    const field = pick(`newCondition.${group}`);
    return (conditionFields as readonly string[]).includes(field) ? { kind: "add-condition", group, field: field as ConditionField } : { kind: "refresh" };
  }
  const remove = /^remove-condition:(all|any):(\d{1,3})$/.exec(intent);
  if (remove) return { kind: "remove-condition", group: remove[1] as ConditionGroup, index: Number(remove[2]) };
  if (intent === "add-action") {
    const type = pick("newAction");
    return (actionTypes as readonly string[]).includes(type) ? { kind: "add-action", type: type as ActionType } : { kind: "refresh" };
  }
  const removeAction = /^remove-action:(\d{1,3})$/.exec(intent);
  if (removeAction) return { kind: "remove-action", index: Number(removeAction[1]) };
  return null;
}

/** A sensible first operator and unit for a new condition row. */
export function blankConditionRow(field: ConditionField): ConditionRow {
  const definition = conditionFieldDefinitions[field];
  return {
    field,
    operator: definition.operators[0],
    values: [],
    text: "",
    amount: "",
    unit: definition.kind === "duration" ? "days" : "",
  };
}

/** Applies a row button to the submitted rows; returns the form's values to show again. */
export function applyRowCommand(values: Record<string, string | string[]>, command: RowCommand): Record<string, string | string[]> {
  const rows = formRows(values);
  if (command.kind === "add-condition" && rows.conditions[command.group].length < MAX_CONDITIONS) rows.conditions[command.group].push(blankConditionRow(command.field));
  if (command.kind === "remove-condition") rows.conditions[command.group].splice(command.index, 1);
  if (command.kind === "add-action" && rows.actions.length < MAX_ACTIONS) rows.actions.push({ type: command.type, value: "", userId: "" });
  if (command.kind === "remove-action") rows.actions.splice(command.index, 1);
  return rowsToValues(values, rows);
}

/** Writes rows back as form values, numbered from 0, beside the other fields. */
export function rowsToValues(values: Record<string, string | string[]>, rows: FormRows): Record<string, string | string[]> {
  const next: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(values)) if (!/^(conditions|actions)\./.test(name)) next[name] = value;
  for (const group of conditionGroups) {
    rows.conditions[group].forEach((row, index) => {
      for (const field of conditionRowFields) next[`conditions.${group}.${index}.${field}`] = row[field];
    });
  }
  rows.actions.forEach((row, index) => {
    for (const field of actionRowFields) next[`actions.${index}.${field}`] = row[field];
  });
  return next;
}

// ───────────────────────────── the list's and the edit page's buttons ─────────────────────────────

const ruleId = z.string().min(1).max(64);

/** The list's buttons: move a rule up or down, switch it on or off (with the version shown). */
export const ruleListActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.enum(["up", "down"]), ruleId }),
    z.object({ intent: z.literal("toggle"), ruleId, active: z.enum(["true", "false"]), version: z.coerce.number().int().positive() }),
  ],
  { errorMap: () => ({ message: "validation.choose" }) },
);

/** The edit page's other buttons: switch the rule on or off, delete it (confirmed). */
export const ruleToggleSchema = z.object({ active: z.enum(["true", "false"]), version: z.coerce.number().int().positive() });
export const ruleDeleteSchema = z.object({ confirm: z.literal("on", { errorMap: () => ({ message: "validation.required" }) }) });
