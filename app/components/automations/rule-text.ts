import type { PlannedStep } from "~/domain/automations/actions";
import type { Observed } from "~/domain/automations/conditions";
import type { Condition } from "~/domain/automations/rule-schemas";
import { conditionFieldDefinitions, NONE, type ConditionField, type ConditionOperator } from "~/domain/automations/rule-vocabulary";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { Formatters, Translate } from "~/lib/i18n/translate";

/**
 * Rules in words, for the form, the dry run and the run log: field and operator names, values
 * (ids through `names`), what a condition saw, what a step does.
 */

export type Names = Record<string, string>;

export function fieldLabel(field: string, t: Translate): string {
  return field in conditionFieldDefinitions ? t(`automations.field.${field}` as MessageKey) : field;
}

export function operatorLabel(field: ConditionField, operator: ConditionOperator, t: Translate): string {
  const kind = conditionFieldDefinitions[field]?.kind;
  if (kind === "tags") return t(operator === "contains" ? "automations.operator.containsTags" : "automations.operator.notContainsTags");
  if (operator === "greater" || operator === "less") {
    if (kind === "duration") return t(operator === "greater" ? "automations.operator.atLeast" : "automations.operator.lessThan");
    if (kind === "amount") return t(operator === "greater" ? "automations.operator.above" : "automations.operator.below");
    return t(operator === "greater" ? "automations.operator.higher" : "automations.operator.lower");
  }
  return t(`automations.operator.${operator}` as MessageKey);
}

/** A value of a choice or reference field in words. */
export function valueLabel(field: string, value: string, t: Translate, names: Names): string {
  switch (field) {
    case "status":
      return t(`ticket.status.${value}` as MessageKey);
    case "priority":
      return t(`ticket.priority.${value}` as MessageKey);
    case "type":
      return t(`ticket.type.${value}` as MessageKey);
    case "channel":
      return t(`ticket.channel.${value}` as MessageKey);
    case "company_sector":
      return t(`sector.${value}` as MessageKey);
    case "company_size":
      return t("customers.company.sizeValue", { size: value });
    case "company_lifecycle":
      return t(`sales.lifecycle.${value}` as MessageKey);
    case "deal_source":
      return t(`sales.source.${value}` as MessageKey);
    case "company_contract":
      return t(value === "yes" ? "automations.value.yes" : "automations.value.no");
    case "business_hours":
      return t(value === "inside" ? "automations.value.inside" : "automations.value.outside");
    case "group":
      return value === NONE ? t("automations.value.noGroup") : (names[value] ?? value);
    case "assignee":
      return value === NONE ? t("automations.value.nobody") : (names[value] ?? value);
    default:
      return names[value] ?? value;
  }
}

function amountText(condition: Pick<Condition, "field" | "amount" | "unit">, amount: number, t: Translate, format: Formatters): string {
  if (condition.field === "deal_amount") return format.euros(amount / 100);
  const rounded = Math.round(amount * 10) / 10;
  return `${format.number(rounded)} ${t(`automations.unit.${condition.unit ?? "hours"}` as MessageKey)}`;
}

/** "Priorité est Urgente ou Haute", "Temps depuis la création au moins 2 heures ouvrées". */
export function conditionText(condition: Condition, t: Translate, format: Formatters, names: Names): string {
  const kind = conditionFieldDefinitions[condition.field]?.kind;
  const subject = `${fieldLabel(condition.field, t)} ${operatorLabel(condition.field, condition.operator, t)}`;
  switch (kind) {
    case "text":
      return `${subject} « ${condition.text} »`;
    case "tags":
      return `${subject} ${condition.values.join(", ")}`;
    case "duration":
    case "amount":
      return `${subject} ${condition.amount === null ? "—" : amountText(condition, condition.amount, t, format)}`;
    default:
      return `${subject} ${condition.values.map((value) => valueLabel(condition.field, value, t, names)).join(" / ")}`;
  }
}

/** What the record had, for the dry run's "here: ...". */
export function observedText(condition: Condition, observed: Observed, t: Translate, format: Formatters, names: Names): string {
  switch (observed.kind) {
    case "values":
      return observed.values.length ? observed.values.map((value) => valueLabel(condition.field, value, t, names)).join(", ") : t("automations.value.empty");
    case "text": {
      const flat = observed.text.replace(/\s+/g, " ").trim();
      return flat ? `« ${flat.length > 120 ? `${flat.slice(0, 119)}…` : flat} »` : t("automations.value.empty");
    }
    case "elapsed":
      return observed.amount === null ? "—" : amountText(condition, observed.amount, t, format);
    case "amount":
      return format.euros(observed.cents / 100);
    case "missing":
      return "—";
  }
}

const fieldOfStep: Record<string, string> = { group: "group", assignee: "assignee", priority: "priority", type: "type", status: "status" };

/** One planned or done step in words. */
export function stepText(step: PlannedStep, t: Translate, names: Names): string {
  let what: string;
  switch (step.type) {
    case "set_field": {
      const field = fieldOfStep[step.field];
      const show = (value: string | null) => valueLabel(field, value ?? NONE, t, names);
      what =
        step.outcome === "unchanged"
          ? t("automations.step.unchanged", { field: fieldLabel(field, t), value: show(step.to) })
          : t("automations.step.field", { field: fieldLabel(field, t), from: show(step.from), to: show(step.to) });
      break;
    }
    case "add_tags":
    case "remove_tags":
      what =
        step.outcome === "unchanged"
          ? t("automations.step.tagsUnchanged", { tags: step.tags.join(", ") })
          : t(step.type === "add_tags" ? "automations.step.addTags" : "automations.step.removeTags", { tags: step.changed.join(", ") });
      break;
    case "send_reply":
      what = t("automations.step.reply", { title: step.title || "—" });
      break;
    case "notify":
      what = t("automations.step.notify", { names: step.userIds.length ? step.userIds.map((id) => names[id] ?? id).join(", ") : t(`automations.recipient.${step.recipient}` as MessageKey) });
      break;
    case "call_webhook":
      // A webhook deleted before the run has no name left to give.
      what = step.name || names[step.endpointId] ? t("automations.step.callWebhook", { name: step.name || names[step.endpointId] }) : t("automations.step.callChosenWebhook");
      break;
  }
  if (step.outcome !== "skipped" || !("reason" in step) || !step.reason) return what;
  const reason =
    step.reason === "placeholder"
      ? t("automations.reason.placeholder", { leftovers: "leftovers" in step && step.leftovers ? step.leftovers.join(", ") : "" })
      : t(`automations.reason.${step.reason}` as MessageKey);
  return t("automations.step.skipped", { what, reason });
}
