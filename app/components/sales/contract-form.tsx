import { Form, useNavigation } from "@remix-run/react";
import { CompanyPicker } from "~/components/customers/company-picker";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button, ButtonLink } from "~/components/ui/button";
import { CheckboxField, FormAlert, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { splitMinutes, targetField, type SlaTargetName } from "~/domain/helpdesk/sla/sla-settings";
import { ticketPriorities } from "~/domain/helpdesk/ticket-vocabulary";
import { contractSlaField } from "~/domain/sales/contract-schemas";
import { contractRenewals } from "~/domain/sales/contract-status";
import type { FieldErrors } from "~/lib/forms";

export type ContractFormValues = Record<string, string>;

/** The form values of a contract's SLA targets (hours and minutes per priority, a tick per priority). */
export function slaFormValues(policies: Array<{ priority: string; firstResponseMinutes: number; resolutionMinutes: number }>): ContractFormValues {
  const values: ContractFormValues = {};
  for (const policy of policies) {
    values[contractSlaField(policy.priority as (typeof ticketPriorities)[number])] = "on";
    for (const [target, minutes] of [["firstResponse", policy.firstResponseMinutes], ["resolution", policy.resolutionMinutes]] as const) {
      const split = splitMinutes(minutes);
      values[targetField(policy.priority, target, "Hours")] = String(split.hours);
      values[targetField(policy.priority, target, "Minutes")] = split.minutes ? String(split.minutes) : "";
    }
  }
  return values;
}

/** Create or edit a maintenance contract, with its SLA targets per priority. */
export function ContractForm({
  values,
  fieldErrors,
  formError,
  company,
  owners,
  submitLabel,
  cancelTo,
}: {
  values: ContractFormValues;
  fieldErrors?: FieldErrors;
  formError?: string | null;
  /** Fixed company (edits, or from the company page); null shows the picker. */
  company: { id: string; name: string } | null;
  /** Owners to choose from (managers); empty when the contract stays the viewer's. */
  owners: Array<{ id: string; name: string }>;
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  const error = (name: string) => {
    const key = fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const value = (name: string, fallback = "") => values[name] ?? fallback;
  const hasErrors = Boolean(formError) || Object.keys(fieldErrors ?? {}).length > 0;
  const targetInput = (priority: string, target: SlaTargetName, unit: "Hours" | "Minutes") => {
    const name = targetField(priority, target, unit);
    return <TextField key={name} name={name} label={t(unit === "Hours" ? "sales.contract.hours" : "sales.contract.minutes")} inputMode="numeric" defaultValue={value(name)} error={error(name)} className="w-24" />;
  };
  return (
    <Form method="post" className="max-w-4xl space-y-6" noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value="save" />
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {hasErrors ? <FormAlert>{formError ?? t("common.formHasErrors")}</FormAlert> : null}
      <div className="grid gap-4 md:grid-cols-2">
        {company ? (
          <input type="hidden" name="companyId" value={company.id} />
        ) : (
          <CompanyPicker label={t("sales.contract.company")} defaultId={value("companyId")} defaultName={value("companyName")} error={error("companyName") ?? error("companyId")} hint={t("sales.contract.companyHint")} />
        )}
        <TextField name="title" label={t("sales.contract.fieldTitle")} defaultValue={value("title")} error={error("title")} />
        {owners.length > 0 ? (
          <SelectField name="ownerId" label={t("sales.contract.owner")} defaultValue={value("ownerId")} error={error("ownerId")} options={owners.map((owner) => ({ value: owner.id, label: owner.name }))} />
        ) : null}
        <TextField name="yearlyAmount" label={t("sales.contract.yearlyAmount")} inputMode="decimal" defaultValue={value("yearlyAmount")} error={error("yearlyAmount")} />
        <TextField name="startDate" type="date" label={t("sales.contract.startDate")} defaultValue={value("startDate")} error={error("startDate")} />
        <TextField name="endDate" type="date" label={t("sales.contract.endDate")} defaultValue={value("endDate")} error={error("endDate")} />
        <SelectField
          name="renewal"
          label={t("sales.contract.renewal")}
          defaultValue={value("renewal", "tacit")}
          error={error("renewal")}
          hint={t("sales.contract.renewalHint")}
          options={contractRenewals.map((renewal) => ({ value: renewal, label: t(`sales.contract.renewal.${renewal}`) }))}
        />
        <TextField name="reminderDays" type="number" min={0} max={365} inputMode="numeric" label={t("sales.contract.reminderDays")} hint={t("sales.contract.reminderDaysHint")} defaultValue={value("reminderDays", "60")} error={error("reminderDays")} />
      </div>
      <fieldset className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-sm font-semibold text-slate-900">{t("sales.contract.sla")}</legend>
        <p className="text-sm text-slate-600">{t("sales.contract.slaIntro")}</p>
        {[...ticketPriorities].reverse().map((priority) => (
          <div key={priority} className="space-y-2 border-t border-slate-100 pt-3">
            <CheckboxField name={contractSlaField(priority)} label={t("sales.contract.slaEnable", { priority: t(`ticket.priority.${priority}`) })} defaultChecked={value(contractSlaField(priority)) === "on"} error={error(contractSlaField(priority))} />
            <div className="flex flex-wrap gap-6 pl-7">
              {(["firstResponse", "resolution"] as const).map((target) => (
                <fieldset key={target} className="space-y-1">
                  {/* Screen readers hear "Première réponse, Urgente: Heures", not eight bare "Heures". */}
                  <legend className="text-sm font-medium text-slate-700">
                    {t(target === "firstResponse" ? "sales.contract.firstResponse" : "sales.contract.resolution")}
                    <span className="sr-only">, {t(`ticket.priority.${priority}`)}</span>
                  </legend>
                  <div className="flex gap-2">
                    {targetInput(priority, target, "Hours")}
                    {targetInput(priority, target, "Minutes")}
                  </div>
                </fieldset>
              ))}
            </div>
          </div>
        ))}
      </fieldset>
      <TextareaField name="notes" label={t("sales.contract.notes")} rows={3} defaultValue={value("notes")} error={error("notes")} />
      <div className="flex gap-3">
        <Button type="submit" disabled={busy}>
          {submitLabel}
        </Button>
        <ButtonLink to={cancelTo}>{t("common.cancel")}</ButtonLink>
      </div>
    </Form>
  );
}
