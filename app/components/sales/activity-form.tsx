import { Form, Link } from "@remix-run/react";
import type { LinkChoices } from "~/domain/sales/activity-queries.server";
import { APPOINTMENT_MODES, type ActivityKind } from "~/domain/sales/activity-schemas";
import type { FieldErrors } from "~/lib/forms";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button, buttonClasses } from "../ui/button";
import { CheckboxField, FormAlert, SelectField, TextareaField, TextField } from "../ui/field";
import { CompanyField, ContactField, DealField, TicketField, useCompanyLinks } from "./link-fields";

/** What the activity form shows: the record's values, or what was typed before a refusal. */
export type ActivityFormValues = {
  kind: ActivityKind;
  subject: string;
  notes: string;
  ownerId: string;
  date: string;
  time: string;
  endTime: string;
  mode: string;
  location: string;
  companyId: string;
  companyName: string;
  contactId: string;
  dealId: string;
  ticketId: string;
  done: boolean;
};

/** The refusal an activity action answers: field errors (translation keys) and what was typed. */
export type ActivityRefusal = { fieldErrors: FieldErrors; values: Record<string, string | string[]>; formError?: string | null };

/** Typed values win over the record's after a refusal, so nothing typed is lost. */
export function activityValuesAfter(refusal: ActivityRefusal | null | undefined, values: ActivityFormValues): ActivityFormValues {
  if (!refusal) return values;
  const typed = (name: keyof ActivityFormValues) => {
    const value = refusal.values[name];
    return typeof value === "string" ? value : "";
  };
  return {
    ...values,
    subject: typed("subject"),
    notes: typed("notes"),
    ownerId: typed("ownerId") || values.ownerId,
    date: typed("date"),
    time: typed("time"),
    endTime: typed("endTime"),
    mode: typed("mode"),
    location: typed("location"),
    companyId: typed("companyId"),
    companyName: typed("companyName"),
    contactId: typed("contactId"),
    dealId: typed("dealId"),
    ticketId: typed("ticketId"),
    done: refusal.values.done === "on",
  };
}

/**
 * The form that logs, plans or changes an activity. Its kind is fixed (the new-activity page
 * switches kinds with links above it); an appointment has an end, a mode and a place; a new call
 * or e-mail is "done" by default. Managers choose the owner; reps own what they create.
 */
export function ActivityForm({
  purpose,
  values,
  version,
  owners,
  choices,
  refusal,
  submitLabel,
  cancelTo,
}: {
  purpose: "create" | "update";
  values: ActivityFormValues;
  version?: number;
  owners: Array<{ id: string; name: string }> | null;
  choices: LinkChoices;
  refusal?: ActivityRefusal | null;
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useI18n();
  const links = useCompanyLinks({ companyId: values.companyId, choices });
  const error = (name: string) => {
    const key = refusal?.fieldErrors[name];
    return key ? t(key) : null;
  };
  const kind = values.kind;
  const appointment = kind === "appointment";
  return (
    <Form method="post" className="space-y-4" noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value={purpose} />
      <input type="hidden" name="kind" value={kind} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {refusal?.formError ? <FormAlert>{refusal.formError}</FormAlert> : refusal && Object.keys(refusal.fieldErrors).length > 0 ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      {error("kind") ? <FormAlert>{error("kind")}</FormAlert> : null}
      <TextField label={t("sales.activity.field.subject")} name="subject" required maxLength={200} defaultValue={values.subject} error={error("subject")} placeholder={t(`sales.activity.subjectPlaceholder.${kind}`)} />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label={t(appointment ? "sales.activity.field.day" : kind === "task" ? "sales.activity.field.dueDay" : "sales.activity.field.date")} name="date" type="date" required defaultValue={values.date} error={error("date")} />
        <TextField
          label={t(appointment ? "sales.activity.field.start" : "sales.activity.field.time")}
          name="time"
          type="time"
          required={appointment}
          defaultValue={values.time}
          error={error("time")}
          hint={appointment ? undefined : t("sales.activity.timeHint")}
        />
        {appointment ? <TextField label={t("sales.activity.field.end")} name="endTime" type="time" required defaultValue={values.endTime} error={error("endTime")} /> : null}
      </div>
      {appointment ? (
        <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
          <SelectField
            label={t("sales.activity.field.mode")}
            name="mode"
            defaultValue={values.mode}
            error={error("mode")}
            options={[{ value: "", label: t("sales.activity.chooseMode") }, ...APPOINTMENT_MODES.map((mode) => ({ value: mode, label: t(`sales.activity.mode.${mode}`) }))]}
          />
          <TextField label={t("sales.activity.field.location")} name="location" maxLength={300} defaultValue={values.location} error={error("location")} hint={t("sales.activity.locationHint")} />
        </div>
      ) : null}
      <CompanyField companyId={values.companyId} companyName={values.companyName} error={error("companyId")} onBlur={links.onBlur} />
      <div className="grid gap-3 sm:grid-cols-2">
        <ContactField choices={links.choices} value={values.contactId} error={error("contactId")} />
        <DealField choices={links.choices} value={values.dealId} error={error("dealId")} />
      </div>
      <TicketField choices={links.choices} value={values.ticketId} error={error("ticketId")} />
      {owners ? (
        <SelectField label={t("sales.activity.field.owner")} name="ownerId" defaultValue={values.ownerId} error={error("ownerId")} options={owners.map((owner) => ({ value: owner.id, label: owner.name }))} />
      ) : null}
      <TextareaField label={t("sales.activity.field.notes")} name="notes" rows={4} maxLength={10_000} defaultValue={values.notes} error={error("notes")} />
      {purpose === "create" ? <CheckboxField label={t(`sales.activity.doneOnCreate.${kind}`)} name="done" defaultChecked={values.done} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary">
          {submitLabel}
        </Button>
        <Link to={cancelTo} className={buttonClasses("ghost")}>
          {t("common.cancel")}
        </Link>
      </div>
    </Form>
  );
}
