import { Form, Link } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import type { LinkChoices } from "~/domain/sales/activity-queries.server";
import type { FieldErrors } from "~/lib/forms";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button, buttonClasses } from "../ui/button";
import { control, FormAlert, TextareaField, TextField } from "../ui/field";
import { CompanyField, ContactField, DealField, useCompanyLinks } from "./link-fields";

export type NextStepValue = { id: string; text: string; dueDate: string };

export type VisitReportFormValues = {
  date: string;
  time: string;
  companyId: string;
  companyName: string;
  contactId: string;
  dealId: string;
  activityId: string;
  attendees: string;
  objectives: string;
  discussion: string;
  outcome: string;
  ticketIds: string[];
  nextSteps: NextStepValue[];
};

export type VisitReportRefusal = { fieldErrors: FieldErrors; values: Record<string, string | string[]>; formError?: string | null };

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

/** What was typed before a refusal wins over the record's values, rows of next steps included. */
export function visitReportValuesAfter(refusal: VisitReportRefusal | null | undefined, values: VisitReportFormValues): VisitReportFormValues {
  if (!refusal) return values;
  const typed = (name: string) => {
    const value = refusal.values[name];
    return typeof value === "string" ? value : "";
  };
  const texts = list(refusal.values.nextStepText);
  const dues = list(refusal.values.nextStepDue);
  const ids = list(refusal.values.nextStepId);
  const rows = texts.map((text, index) => ({ id: ids[index] ?? "", text, dueDate: dues[index] ?? "" }));
  // Empty rows at the end are the form's spare rows: it adds them again.
  while (rows.length > 0 && !rows[rows.length - 1].text.trim() && !rows[rows.length - 1].dueDate.trim()) rows.pop();
  return {
    ...values,
    date: typed("date"),
    time: typed("time"),
    companyId: typed("companyId"),
    companyName: typed("companyName"),
    contactId: typed("contactId"),
    dealId: typed("dealId"),
    attendees: typed("attendees"),
    objectives: typed("objectives"),
    discussion: typed("discussion"),
    outcome: typed("outcome"),
    ticketIds: list(refusal.values.ticketIds),
    nextSteps: rows,
  };
}

type Row = NextStepValue & { key: number };

/**
 * The next steps as a list of rows (what to do, by when). Without JavaScript two empty rows wait
 * at the end; with it, rows are added and removed. Errors sit on the row they are about: the
 * rows are posted in order, and the server names the position.
 */
function NextStepsField({ steps, errorFor }: { steps: NextStepValue[]; errorFor: (field: "nextStepText" | "nextStepDue", index: number) => string | null }) {
  const { t } = useI18n();
  const id = useId();
  const nextKey = useRef(steps.length + 2);
  const [rows, setRows] = useState<Row[]>(() => [
    ...steps.map((step, index) => ({ ...step, key: index })),
    { id: "", text: "", dueDate: "", key: steps.length },
    { id: "", text: "", dueDate: "", key: steps.length + 1 },
  ]);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const add = () => {
    const key = nextKey.current++;
    setRows((current) => [...current, { id: "", text: "", dueDate: "", key }]);
    requestAnimationFrame(() => document.getElementById(`${id}-text-${key}`)?.focus());
  };
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">{t("sales.visit.field.nextSteps")}</legend>
      <p className="text-xs text-slate-500">{t("sales.visit.nextStepsHint")}</p>
      <ol className="space-y-2">
        {rows.map((row, index) => {
          const textError = errorFor("nextStepText", index);
          const dueError = errorFor("nextStepDue", index);
          return (
            <li key={row.key} className="space-y-1">
              <div className="grid items-center gap-2 sm:grid-cols-[minmax(0,1fr)_11rem_auto]">
                <input type="hidden" name="nextStepId" value={row.id} />
                <label htmlFor={`${id}-text-${row.key}`} className="sr-only">
                  {t("sales.visit.stepText", { position: index + 1 })}
                </label>
                <input
                  id={`${id}-text-${row.key}`}
                  name="nextStepText"
                  defaultValue={row.text}
                  maxLength={500}
                  placeholder={t("sales.visit.stepPlaceholder")}
                  aria-invalid={textError ? true : undefined}
                  aria-describedby={textError ? `${id}-text-${row.key}-error` : undefined}
                  className={control}
                />
                <label htmlFor={`${id}-due-${row.key}`} className="sr-only">
                  {t("sales.visit.stepDue", { position: index + 1 })}
                </label>
                <input
                  id={`${id}-due-${row.key}`}
                  name="nextStepDue"
                  type="date"
                  defaultValue={row.dueDate}
                  aria-invalid={dueError ? true : undefined}
                  aria-describedby={dueError ? `${id}-due-${row.key}-error` : undefined}
                  className={control}
                />
                {hydrated ? (
                  <Button type="button" variant="ghost" size="sm" onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))} aria-label={t("sales.visit.removeStep", { position: index + 1 })}>
                    {t("sales.visit.remove")}
                  </Button>
                ) : null}
              </div>
              {textError ? (
                <p id={`${id}-text-${row.key}-error`} className="text-sm text-red-700" role="alert">
                  {textError}
                </p>
              ) : null}
              {dueError ? (
                <p id={`${id}-due-${row.key}-error`} className="text-sm text-red-700" role="alert">
                  {dueError}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {hydrated ? (
        <Button type="button" variant="secondary" size="sm" onClick={add}>
          {t("sales.visit.addStep")}
        </Button>
      ) : null}
    </fieldset>
  );
}

/**
 * The visit report form: when, with whom, why, what was said, what came out of it, what comes
 * next, and which of the company's tickets were discussed (the report then shows on them).
 */
export function VisitReportForm({
  purpose,
  values,
  version,
  choices,
  refusal,
  submitLabel,
  cancelTo,
  appointment,
}: {
  purpose: "create" | "update";
  values: VisitReportFormValues;
  version?: number;
  choices: LinkChoices;
  refusal?: VisitReportRefusal | null;
  submitLabel: string;
  cancelTo: string;
  appointment?: { subject: string } | null;
}) {
  const { t } = useI18n();
  const links = useCompanyLinks({ companyId: values.companyId, choices });
  const error = (name: string) => {
    const key = refusal?.fieldErrors[name];
    return key ? t(key) : null;
  };
  return (
    <Form method="post" className="space-y-5" noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value={purpose} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {values.activityId ? <input type="hidden" name="activityId" value={values.activityId} /> : null}
      {refusal?.formError ? <FormAlert>{refusal.formError}</FormAlert> : refusal && Object.keys(refusal.fieldErrors).length > 0 ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      {appointment ? <p className="rounded-md bg-violet-50 px-3 py-2 text-sm text-violet-900">{t("sales.visit.reportsAppointment", { subject: appointment.subject })}</p> : null}
      {error("activityId") ? <FormAlert>{error("activityId")}</FormAlert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t("sales.visit.field.date")} name="date" type="date" required defaultValue={values.date} error={error("date")} />
        <TextField label={t("sales.visit.field.time")} name="time" type="time" required defaultValue={values.time} error={error("time")} />
      </div>
      <CompanyField companyId={values.companyId} companyName={values.companyName} error={error("companyId")} onBlur={links.onBlur} hint={t("sales.visit.companyHint")} />
      <div className="grid gap-3 sm:grid-cols-2">
        <ContactField choices={links.choices} value={values.contactId} error={error("contactId")} />
        <DealField choices={links.choices} value={values.dealId} error={error("dealId")} />
      </div>
      <TextField label={t("sales.visit.field.attendees")} name="attendees" maxLength={500} defaultValue={values.attendees} error={error("attendees")} hint={t("sales.visit.attendeesHint")} />
      <TextareaField label={t("sales.visit.field.objectives")} name="objectives" rows={2} maxLength={10_000} defaultValue={values.objectives} error={error("objectives")} />
      <TextareaField label={t("sales.visit.field.discussion")} name="discussion" rows={6} maxLength={10_000} defaultValue={values.discussion} error={error("discussion")} />
      <TextareaField label={t("sales.visit.field.outcome")} name="outcome" rows={3} maxLength={10_000} defaultValue={values.outcome} error={error("outcome")} />
      <NextStepsField
        key={values.nextSteps.map((step) => step.id || step.text).join("|")}
        steps={values.nextSteps}
        errorFor={(field, index) => error(`${field}.${index}`) ?? (field === "nextStepText" && index === 0 ? error("nextStepText") : null)}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">{t("sales.visit.field.tickets")}</legend>
        {links.choices.tickets.length === 0 ? (
          <p className="text-sm text-slate-500">{t("sales.visit.noTickets")}</p>
        ) : (
          <ul className="max-h-64 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
            {links.choices.tickets.map((ticket) => (
              <li key={ticket.id}>
                <label className="flex items-start gap-2 text-sm text-slate-800">
                  <input type="checkbox" name="ticketIds" value={ticket.id} defaultChecked={values.ticketIds.includes(ticket.id)} className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
                  <span>
                    <span className="tabular-nums text-slate-500">#{ticket.number}</span> {ticket.subject}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {error("ticketIds") ? (
          <p className="text-sm text-red-700" role="alert">
            {error("ticketIds")}
          </p>
        ) : null}
      </fieldset>
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
