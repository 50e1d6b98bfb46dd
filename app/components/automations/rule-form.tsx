import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { control, FormAlert, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { formRows, conditionGroups, type ConditionGroup, type FormRows } from "~/domain/automations/rule-schemas";
import {
  actionsFor,
  automationTriggers,
  conditionFieldDefinitions,
  durationUnits,
  fieldsFor,
  isAutomationTrigger,
  NONE,
  recipientsFor,
  subjectOf,
  type ConditionField,
  type ConditionOperator,
} from "~/domain/automations/rule-vocabulary";
import type { RuleFormChoices } from "~/domain/automations/rule-choices.server";
import { ticketPriorities, ticketStatuses, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import type { FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { fieldLabel, operatorLabel, valueLabel } from "./rule-text";

type Values = Record<string, string | string[]>;

/**
 * The rule form. Works without JavaScript: the conditions and actions are rows of inputs
 * (conditions.all.N.*, actions.N.*); adding or removing a row, or changing the trigger, is a
 * submit button the server answers by showing the form again with the rows changed. Saving and
 * the dry run post the same fields.
 */
export function RuleForm({
  values,
  choices,
  fieldErrors,
  formError,
  submitLabel,
  hidden = {},
}: {
  values: Values;
  choices: RuleFormChoices;
  fieldErrors?: FieldErrors;
  formError?: string | null;
  submitLabel: string;
  hidden?: Record<string, string>;
}) {
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  const text = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
  };
  const error = (name: string) => {
    const key = fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const trigger = isAutomationTrigger(text("trigger")) ? text("trigger") : "ticket_created";
  const subject = subjectOf(trigger as (typeof automationTriggers)[number]);
  const rows = formRows(values);
  const hasErrors = Boolean(formError) || Object.keys(fieldErrors ?? {}).length > 0;

  return (
    <Form method="post" className="space-y-6" noValidate>
      <CsrfField />
      {/* Enter in a field saves (the browser's default button is the first submit button). */}
      <button type="submit" name="intent" value="save" tabIndex={-1} aria-hidden="true" className="absolute h-px w-px overflow-hidden opacity-0" />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {hasErrors ? <FormAlert>{formError ?? t("common.formHasErrors")}</FormAlert> : null}

      <div className="grid gap-4 md:grid-cols-2">
        <TextField name="name" label={t("automations.form.name")} defaultValue={text("name")} error={error("name")} maxLength={120} required />
        <div className="flex items-end gap-2">
          <SelectField
            className="flex-1"
            name="trigger"
            label={t("automations.form.trigger")}
            defaultValue={trigger}
            error={error("trigger")}
            hint={t("automations.form.triggerHint")}
            options={automationTriggers.map((value) => ({ value, label: t(`automations.trigger.${value}` as MessageKey) }))}
          />
          <Button type="submit" name="intent" value="refresh" variant="secondary" formNoValidate className="mb-5">
            {t("automations.form.applyTrigger")}
          </Button>
        </div>
      </div>
      <TextareaField name="description" label={t("automations.form.description")} hint={t("automations.form.descriptionHint")} rows={2} defaultValue={text("description")} error={error("description")} />

      {error("conditions") ? (
        <p className="text-sm text-red-700" role="alert">
          {error("conditions")}
        </p>
      ) : null}
      {conditionGroups.map((group) => (
        <ConditionGroupFieldset key={group} group={group} rows={rows.conditions[group]} subject={subject} choices={choices} error={error} />
      ))}

      <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-base font-semibold text-slate-900">{t("automations.form.then")}</legend>
        {error("actions") ? (
          <p className="text-sm text-red-700" role="alert">
            {error("actions")}
          </p>
        ) : null}
        {rows.actions.length === 0 ? <p className="text-sm text-slate-600">{t("automations.form.noActions")}</p> : null}
        <ol className="space-y-3">
          {rows.actions.map((row, index) => (
            <li key={`${index}-${row.type}`} className="rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="rule-action">
              <ActionRow index={index} row={row} subject={subject} choices={choices} error={error} />
            </li>
          ))}
        </ol>
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-[16rem] space-y-1">
            <label htmlFor="new-action" className="block text-sm font-medium text-slate-800">
              {t("automations.form.newAction")}
            </label>
            <select id="new-action" name="newAction" className={control} defaultValue={actionsFor(subject)[0]}>
              {actionsFor(subject).map((type) => (
                <option key={type} value={type}>
                  {t(`automations.action.${type}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" name="intent" value="add-action" variant="secondary" formNoValidate>
            {t("automations.form.addAction")}
          </Button>
        </div>
      </fieldset>

      <div className="flex flex-wrap gap-3">
        <Button type="submit" name="intent" value="save" disabled={busy}>
          {submitLabel}
        </Button>
        <Button type="submit" name="intent" value="dry-run" variant="secondary" disabled={busy}>
          {t("automations.form.dryRun")}
        </Button>
      </div>
    </Form>
  );
}

function ConditionGroupFieldset({
  group,
  rows,
  subject,
  choices,
  error,
}: {
  group: ConditionGroup;
  rows: FormRows["conditions"]["all"];
  subject: "ticket" | "deal";
  choices: RuleFormChoices;
  error: (name: string) => string | null;
}) {
  const { t } = useI18n();
  const fields = fieldsFor(subject);
  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4" data-testid={`conditions-${group}`}>
      <legend className="px-1 text-base font-semibold text-slate-900">{t(group === "all" ? "automations.form.conditionsAll" : "automations.form.conditionsAny")}</legend>
      {rows.length === 0 ? <p className="text-sm text-slate-600">{t("automations.form.noConditions")}</p> : null}
      <ol className="space-y-3">
        {rows.map((row, index) => (
          <li key={`${index}-${row.field}`} className="rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="rule-condition">
            <ConditionRow group={group} index={index} row={row} choices={choices} error={error} />
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-[16rem] space-y-1">
          <label htmlFor={`new-condition-${group}`} className="block text-sm font-medium text-slate-800">
            {t("automations.form.newCondition")}
          </label>
          <select id={`new-condition-${group}`} name={`newCondition.${group}`} className={control} defaultValue={fields[0]}>
            {fields.map((field) => (
              <option key={field} value={field}>
                {fieldLabel(field, t)}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" name="intent" value={`add-condition:${group}`} variant="secondary" formNoValidate>
          {t("automations.form.addCondition")}
        </Button>
      </div>
    </fieldset>
  );
}

/** The values a choice or reference field offers. */
function optionsFor(field: ConditionField, choices: RuleFormChoices): string[] {
  const definition = conditionFieldDefinitions[field];
  if ("choices" in definition) return [...definition.choices];
  switch (field) {
    case "group":
      return [NONE, ...choices.groups.map((group) => group.id)];
    case "assignee":
      return [NONE, ...choices.agents.map((agent) => agent.id)];
    case "deal_owner":
      return choices.users.map((user) => user.id);
    case "deal_stage":
      return choices.stages.map((stage) => stage.id);
    default:
      return [];
  }
}

function choiceNames(choices: RuleFormChoices): Record<string, string> {
  return Object.fromEntries([...choices.groups, ...choices.users, ...choices.stages].map((entry) => [entry.id, entry.name]));
}

function ConditionRow({
  group,
  index,
  row,
  choices,
  error,
}: {
  group: ConditionGroup;
  index: number;
  row: FormRows["conditions"]["all"][number];
  choices: RuleFormChoices;
  error: (name: string) => string | null;
}) {
  const { t } = useI18n();
  const name = (input: string) => `conditions.${group}.${index}.${input}`;
  const field = (Object.hasOwn(conditionFieldDefinitions, row.field) ? row.field : "status") as ConditionField;
  const definition = conditionFieldDefinitions[field];
  const number = index + 1;
  const names = choiceNames(choices);
  const selected = row.values;
  const fieldError = error(name("field"));
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-800">
          {t("automations.form.conditionNumber", { index: number })} · {fieldLabel(field, t)}
        </h3>
        <Button type="submit" name="intent" value={`remove-condition:${group}:${index}`} size="sm" variant="ghost" formNoValidate aria-label={t("automations.form.removeCondition", { index: number })}>
          ✕
        </Button>
      </div>
      {fieldError ? (
        <p className="text-sm text-red-700" role="alert">
          {fieldError}
        </p>
      ) : null}
      <input type="hidden" name={name("field")} value={field} />
      <div className="grid gap-3 md:grid-cols-[12rem_1fr]">
        <SelectField
          name={name("operator")}
          label={t("automations.form.operator")}
          defaultValue={row.operator}
          error={error(name("operator"))}
          options={definition.operators.map((operator) => ({ value: operator, label: operatorLabel(field, operator as ConditionOperator, t) }))}
        />
        {definition.kind === "choice" || definition.kind === "reference" ? (
          <fieldset className="space-y-1" aria-describedby={error(name("values")) ? `${name("values")}-error` : undefined}>
            <legend className="text-sm font-medium text-slate-800">{t("automations.form.values")}</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              {optionsFor(field, choices).map((value) => (
                <label key={value} className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" name={name("values")} value={value} defaultChecked={selected.includes(value)} className="h-4 w-4 rounded border-slate-300 text-brand-600" />
                  {valueLabel(field, value, t, names)}
                </label>
              ))}
            </div>
            {error(name("values")) ? (
              <p id={`${name("values")}-error`} className="text-sm text-red-700" role="alert">
                {error(name("values"))}
              </p>
            ) : (
              <p className="text-xs text-slate-500">{t("automations.form.valuesHint")}</p>
            )}
          </fieldset>
        ) : null}
        {definition.kind === "text" ? <TextField name={name("text")} label={t("automations.form.text")} hint={t("automations.form.textHint")} defaultValue={row.text} error={error(name("text"))} maxLength={200} /> : null}
        {definition.kind === "tags" ? <TextField name={name("text")} label={t("automations.form.tags")} defaultValue={row.text} error={error(name("text"))} /> : null}
        {definition.kind === "duration" ? (
          <div className="grid grid-cols-2 gap-3">
            <TextField name={name("amount")} label={t("automations.form.duration")} inputMode="numeric" defaultValue={row.amount} error={error(name("amount"))} />
            <SelectField
              name={name("unit")}
              label={t("automations.form.unit")}
              defaultValue={row.unit || "days"}
              error={error(name("unit"))}
              options={durationUnits.map((unit) => ({ value: unit, label: t(`automations.unit.${unit}` as MessageKey) }))}
            />
          </div>
        ) : null}
        {definition.kind === "amount" ? <TextField name={name("amount")} label={t("automations.form.amount")} inputMode="decimal" defaultValue={row.amount} error={error(name("amount"))} /> : null}
      </div>
    </div>
  );
}

function ActionRow({
  index,
  row,
  subject,
  choices,
  error,
}: {
  index: number;
  row: FormRows["actions"][number];
  subject: "ticket" | "deal";
  choices: RuleFormChoices;
  error: (name: string) => string | null;
}) {
  const { t } = useI18n();
  const name = (input: string) => `actions.${index}.${input}`;
  const number = index + 1;
  const typeError = error(name("type"));
  const valueProps = { name: name("value"), defaultValue: row.value, error: error(name("value")) };
  const label = (key: MessageKey) => t(key);
  let control: ReactNode = null;
  switch (row.type) {
    case "set_group":
      control = <SelectField {...valueProps} label={label("automations.form.value")} options={[{ value: NONE, label: t("automations.value.noGroup") }, ...choices.groups.map((group) => ({ value: group.id, label: group.name }))]} />;
      break;
    case "set_assignee":
      control = <SelectField {...valueProps} label={label("automations.form.value")} options={[{ value: NONE, label: t("automations.value.nobody") }, ...choices.agents.map((agent) => ({ value: agent.id, label: agent.name }))]} />;
      break;
    case "set_priority":
      control = <SelectField {...valueProps} label={label("automations.form.value")} options={ticketPriorities.map((value) => ({ value, label: t(`ticket.priority.${value}` as MessageKey) }))} />;
      break;
    case "set_type":
      control = <SelectField {...valueProps} label={label("automations.form.value")} options={ticketTypes.map((value) => ({ value, label: t(`ticket.type.${value}` as MessageKey) }))} />;
      break;
    case "set_status":
      control = <SelectField {...valueProps} label={label("automations.form.value")} options={ticketStatuses.map((value) => ({ value, label: t(`ticket.status.${value}` as MessageKey) }))} />;
      break;
    case "add_tags":
    case "remove_tags":
      control = <TextField {...valueProps} label={label("automations.form.tags")} />;
      break;
    case "send_reply":
      control = (
        <SelectField
          {...valueProps}
          label={label("automations.form.reply")}
          hint={choices.replies.length ? t("automations.form.replyHint") : t("automations.form.noReplies")}
          options={[{ value: "", label: "—" }, ...choices.replies.map((reply) => ({ value: reply.id, label: reply.title }))]}
        />
      );
      break;
    case "call_webhook": {
      const chosen = choices.webhooks.find((webhook) => webhook.id === row.value);
      // A rule's own webhook stays listed when switched off since; a deleted one is said at once.
      const gone = row.value !== "" && !chosen;
      const offered = choices.webhooks.filter((webhook) => webhook.active || webhook.id === row.value);
      control = (
        <SelectField
          {...valueProps}
          error={valueProps.error ?? (gone ? t("automations.validation.webhookGone") : null)}
          label={label("automations.form.webhook")}
          hint={offered.some((webhook) => webhook.active) ? t("automations.form.webhookHint") : t("automations.form.noWebhooks")}
          options={[
            { value: gone ? row.value : "", label: gone ? t("automations.form.webhookDeleted") : "—" },
            ...offered.map((webhook) => ({ value: webhook.id, label: webhook.active ? webhook.name : t("automations.form.webhookInactive", { name: webhook.name }) })),
          ]}
        />
      );
      break;
    }
    case "notify":
      control = (
        <div className="grid gap-3 md:grid-cols-2">
          <SelectField {...valueProps} label={label("automations.form.recipient")} options={recipientsFor(subject).map((value) => ({ value, label: t(`automations.recipient.${value}` as MessageKey) }))} />
          <SelectField
            name={name("userId")}
            label={t("automations.form.user")}
            defaultValue={row.userId}
            error={error(name("userId"))}
            options={[{ value: "", label: "—" }, ...choices.users.map((user) => ({ value: user.id, label: user.name }))]}
          />
        </div>
      );
      break;
  }
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-800">
          {t("automations.form.actionNumber", { index: number })} · {row.type in actionLabels ? t(actionLabels[row.type]) : row.type}
        </h3>
        <Button type="submit" name="intent" value={`remove-action:${index}`} size="sm" variant="ghost" formNoValidate aria-label={t("automations.form.removeAction", { index: number })}>
          ✕
        </Button>
      </div>
      {typeError ? (
        <p className="text-sm text-red-700" role="alert">
          {typeError}
        </p>
      ) : null}
      <input type="hidden" name={name("type")} value={row.type} />
      {control}
    </div>
  );
}

const actionLabels: Record<string, MessageKey> = {
  set_group: "automations.action.set_group",
  set_assignee: "automations.action.set_assignee",
  set_priority: "automations.action.set_priority",
  set_type: "automations.action.set_type",
  set_status: "automations.action.set_status",
  add_tags: "automations.action.add_tags",
  remove_tags: "automations.action.remove_tags",
  send_reply: "automations.action.send_reply",
  notify: "automations.action.notify",
  call_webhook: "automations.action.call_webhook",
};
