import { Form, useNavigation } from "@remix-run/react";
import { ticketPriorities, ticketStatuses, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import type { FieldErrors } from "~/lib/forms";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { FormAlert, SelectField, TextField } from "../ui/field";
import { Card } from "../ui/layout";

export type TicketFieldValues = {
  status: string;
  priority: string;
  type: string;
  groupId: string | null;
  assigneeId: string | null;
  tags: string[];
};

/**
 * The side panel: status, priority, type, group, assignee and tags, saved together on the
 * version the agent loaded. Each field also posts the value it was loaded with (`loaded_*`):
 * the server saves only what the agent changed.
 */
export function TicketFieldsPanel({
  lock,
  values,
  options,
  submitted,
  fieldErrors,
  formError,
}: {
  lock: { version: number; loadedAt: string };
  values: TicketFieldValues;
  options: { groups: Array<{ id: string; name: string }>; agents: Array<{ id: string; name: string }>; tags: string[] };
  /** What the agent typed, shown again after a refusal. */
  submitted?: Record<string, string | string[]>;
  fieldErrors?: FieldErrors;
  formError?: string | null;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "fields";
  const error = (name: string) => (fieldErrors?.[name] ? t(fieldErrors[name]!) : null);
  const shown = (name: keyof TicketFieldValues, loaded: string) => {
    const typed = submitted?.[name];
    return typeof typed === "string" ? typed : loaded;
  };
  const loadedTags = values.tags.join(", ");
  const groupOptions = [{ value: "", label: t("helpdesk.fields.noGroup") }, ...options.groups.map((group) => ({ value: group.id, label: group.name }))];
  const agentOptions = [{ value: "", label: t("support.unassignedLabel") }, ...options.agents.map((agent) => ({ value: agent.id, label: agent.name }))];
  // A current assignee who can no longer be chosen (deactivated) stays visible.
  if (values.assigneeId && !options.agents.some((agent) => agent.id === values.assigneeId)) agentOptions.push({ value: values.assigneeId, label: t("helpdesk.history.removed") });
  return (
    <Card title={t("helpdesk.fields.title")}>
      <Form method="post" className="space-y-3" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="fields" />
        <input type="hidden" name="version" value={lock.version} />
        <input type="hidden" name="loadedAt" value={lock.loadedAt} />
        <input type="hidden" name="loaded_status" value={values.status} />
        <input type="hidden" name="loaded_priority" value={values.priority} />
        <input type="hidden" name="loaded_type" value={values.type} />
        <input type="hidden" name="loaded_groupId" value={values.groupId ?? ""} />
        <input type="hidden" name="loaded_assigneeId" value={values.assigneeId ?? ""} />
        <input type="hidden" name="loaded_tags" value={loadedTags} />
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <SelectField
          label={t("support.colStatus")}
          name="status"
          defaultValue={shown("status", values.status)}
          error={error("status")}
          options={ticketStatuses.map((status) => ({ value: status, label: t(`ticket.status.${status}`) }))}
        />
        <SelectField
          label={t("support.colPriority")}
          name="priority"
          defaultValue={shown("priority", values.priority)}
          error={error("priority")}
          options={ticketPriorities.map((priority) => ({ value: priority, label: t(`ticket.priority.${priority}`) }))}
        />
        <SelectField
          label={t("helpdesk.fields.type")}
          name="type"
          defaultValue={shown("type", values.type)}
          error={error("type")}
          options={ticketTypes.map((type) => ({ value: type, label: t(`ticket.type.${type}`) }))}
        />
        <SelectField label={t("helpdesk.fields.group")} name="groupId" defaultValue={shown("groupId", values.groupId ?? "")} error={error("groupId")} options={groupOptions} />
        <SelectField label={t("support.colAssignee")} name="assigneeId" defaultValue={shown("assigneeId", values.assigneeId ?? "")} error={error("assigneeId")} options={agentOptions} />
        <TextField
          label={t("helpdesk.fields.tags")}
          name="tags"
          defaultValue={shown("tags", loadedTags)}
          error={error("tags")}
          hint={t("helpdesk.fields.tagsHint")}
          list="ticket-known-tags"
          autoComplete="off"
        />
        <datalist id="ticket-known-tags">
          {options.tags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <Button type="submit" className="w-full" disabled={saving}>
          {t("helpdesk.fields.save")}
        </Button>
      </Form>
    </Card>
  );
}
