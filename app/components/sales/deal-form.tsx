import { Form, Link, useNavigation } from "@remix-run/react";
import { DEAL_EDITABLE_FIELDS } from "~/domain/sales/deal-schemas";
import { PROSPECT_SOURCES } from "~/domain/sales/lifecycle";
import { CsrfField } from "../csrf-field";
import { type CustomerFormFeedback, useFormFeedback } from "../customers/form-feedback";
import { useI18n } from "../i18n";
import { Button, ButtonLink } from "../ui/button";
import { FormAlert, SelectField, TextareaField, TextField } from "../ui/field";

/** The deal form's values as strings (what the inputs hold); `loaded` is what the edit form was opened with. */
export type DealFormValues = {
  title: string;
  companyId: string;
  companyName: string;
  contactId: string;
  ownerId: string;
  amount: string;
  expectedCloseDate: string;
  source: string;
  notes: string;
  version?: number;
};

/** The fields the edit form also carries as loaded (`loaded_<name>`). */
export const DEAL_FORM_FIELDS = DEAL_EDITABLE_FIELDS;

/**
 * Create and edit form of a deal. The company is chosen before (its contacts fill the contact
 * field); the edit form carries the version it was loaded with and the loaded values, so a save
 * over a colleague's change shows what changed (deal-conflict.tsx).
 */
export function DealForm({
  values,
  contacts,
  owners,
  feedback,
  submitLabel,
  cancelTo,
  changeCompanyTo,
  action,
}: {
  values: DealFormValues;
  contacts: Array<{ id: string; name: string; jobTitle: string }>;
  owners: Array<{ id: string; name: string }>;
  feedback?: CustomerFormFeedback;
  submitLabel: string;
  cancelTo: string;
  /** Where to pick another company (the new-deal form), if it may change. */
  changeCompanyTo?: string;
  /** Where the form posts (the new-deal page keeps its company in the URL). */
  action?: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const fields = useFormFeedback(feedback);
  const v = (name: keyof DealFormValues) => fields.value(name, String(values[name] ?? ""));
  return (
    <Form method="post" action={action} className="max-w-3xl space-y-6" noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value="save" />
      {values.version ? (
        <>
          <input type="hidden" name="version" value={values.version} />
          {DEAL_FORM_FIELDS.map((name) => (
            <input key={name} type="hidden" name={`loaded_${name}`} value={String(values[name] ?? "")} />
          ))}
        </>
      ) : null}
      <input type="hidden" name="companyId" value={values.companyId} />
      {fields.formError ? <FormAlert>{fields.formError}</FormAlert> : fields.hasErrors ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      <div className="rounded-md bg-slate-50 px-3 py-2 text-sm">
        <span className="text-slate-600">{t("sales.deal.company")} : </span>
        <span className="font-medium text-slate-900">{values.companyName}</span>
        {changeCompanyTo ? (
          <Link to={changeCompanyTo} className="ml-3 text-brand-700 hover:underline">
            {t("sales.deal.changeCompany")}
          </Link>
        ) : null}
        {fields.text("companyId") ? (
          <p className="text-sm text-red-700" role="alert">
            {fields.text("companyId")}
          </p>
        ) : null}
      </div>
      <TextField label={t("sales.deal.title")} name="title" required maxLength={200} defaultValue={v("title")} error={fields.text("title")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("sales.deal.contact")}
          name="contactId"
          defaultValue={v("contactId")}
          error={fields.text("contactId")}
          options={[{ value: "", label: t("sales.deal.noContact") }, ...contacts.map((contact) => ({ value: contact.id, label: contact.jobTitle ? `${contact.name} (${contact.jobTitle})` : contact.name }))]}
        />
        <SelectField
          label={t("sales.deal.owner")}
          name="ownerId"
          defaultValue={v("ownerId")}
          error={fields.text("ownerId")}
          options={owners.map((owner) => ({ value: owner.id, label: owner.name }))}
        />
        <TextField
          label={t("sales.deal.amount")}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={v("amount")}
          error={fields.text("amount")}
          hint={t("sales.deal.amountHint")}
        />
        <TextField label={t("sales.deal.expectedClose")} name="expectedCloseDate" type="date" defaultValue={v("expectedCloseDate")} error={fields.text("expectedCloseDate")} />
        <SelectField
          label={t("sales.deal.source")}
          name="source"
          defaultValue={v("source")}
          error={fields.text("source")}
          options={PROSPECT_SOURCES.map((source) => ({ value: source, label: t(`sales.source.${source}`) }))}
        />
      </div>
      <TextareaField label={t("sales.deal.notes")} name="notes" rows={5} defaultValue={v("notes")} error={fields.text("notes")} />
      <div className="flex gap-3">
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </Button>
        <ButtonLink to={cancelTo}>{t("common.cancel")}</ButtonLink>
      </div>
    </Form>
  );
}
