import { Form, useNavigation } from "@remix-run/react";
import { companySectors, companySizes } from "~/domain/customers/customer-vocabulary";
import { LifecycleFields } from "../sales/lifecycle-fields";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button, ButtonLink } from "../ui/button";
import { FormAlert, SelectField, TextField } from "../ui/field";
import { type CustomerFormFeedback, useFormFeedback } from "./form-feedback";
import { RepeatedTextField } from "./repeated-field";

export type CompanyFormValues = {
  name: string;
  domains: string[];
  sector: string;
  size: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  website: string;
  ownerId: string;
  notes: string;
  lifecycleStage: string;
  prospectSource: string;
  /** Local days ("2026-03-14") or "". */
  clientSince: string;
  lostAt: string;
  lostReason: string;
  version?: string;
};

export const emptyCompany: CompanyFormValues = {
  name: "",
  domains: [],
  sector: "services",
  size: "",
  street: "",
  postalCode: "",
  city: "",
  country: "FR",
  phone: "",
  website: "",
  ownerId: "",
  notes: "",
  lifecycleStage: "prospect",
  prospectSource: "",
  clientSince: "",
  lostAt: "",
  lostReason: "",
};

/** Create and edit form of a company; each message sits next to its field. */
export function CompanyForm({
  values,
  owners,
  feedback,
  submitLabel,
  cancelTo,
}: {
  values: CompanyFormValues;
  owners: Array<{ id: string; name: string }>;
  feedback?: CustomerFormFeedback;
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const fields = useFormFeedback(feedback);
  const v = (name: keyof CompanyFormValues) => fields.value(name, String(values[name] ?? ""));
  return (
    <Form method="post" className="max-w-3xl space-y-6" noValidate>
      <CsrfField />
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {fields.formError ? <FormAlert>{fields.formError}</FormAlert> : fields.hasErrors ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("customers.company.name")} name="name" required defaultValue={v("name")} error={fields.text("name")} className="sm:col-span-2" autoComplete="organization" />
        <SelectField
          label={t("customers.company.sector")}
          name="sector"
          defaultValue={v("sector")}
          error={fields.text("sector")}
          options={companySectors.map((sector) => ({ value: sector, label: t(`sector.${sector}`) }))}
        />
        <SelectField
          label={t("customers.company.size")}
          name="size"
          defaultValue={v("size")}
          error={fields.text("size")}
          options={[{ value: "", label: t("customers.company.sizeUnknown") }, ...companySizes.map((size) => ({ value: size, label: t("customers.company.sizeValue", { size }) }))]}
        />
      </div>
      <RepeatedTextField
        key={fields.version}
        name="domains"
        legend={t("customers.company.domains")}
        hint={t("customers.company.domainsHint")}
        itemLabel={(position) => t("customers.company.domain", { position })}
        addLabel={t("customers.company.addDomain")}
        initial={fields.list("domains", values.domains)}
        errorFor={(index) => fields.node(`domains.${index}`)}
      />
      <div className="grid gap-4 sm:grid-cols-6">
        <TextField label={t("customers.company.street")} name="street" defaultValue={v("street")} error={fields.text("street")} className="sm:col-span-6" autoComplete="street-address" />
        <TextField label={t("customers.company.postalCode")} name="postalCode" defaultValue={v("postalCode")} error={fields.text("postalCode")} className="sm:col-span-2" inputMode="numeric" autoComplete="postal-code" />
        <TextField label={t("customers.company.city")} name="city" defaultValue={v("city")} error={fields.text("city")} className="sm:col-span-3" autoComplete="address-level2" />
        <TextField label={t("customers.company.country")} name="country" defaultValue={v("country")} error={fields.text("country")} className="sm:col-span-1" maxLength={2} autoComplete="country" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("customers.company.phone")} name="phone" type="tel" defaultValue={v("phone")} error={fields.text("phone")} autoComplete="tel" />
        <TextField label={t("customers.company.website")} name="website" defaultValue={v("website")} error={fields.text("website")} inputMode="url" autoComplete="url" />
        <SelectField
          label={t("customers.company.owner")}
          name="ownerId"
          defaultValue={v("ownerId")}
          error={fields.text("ownerId")}
          options={[{ value: "", label: t("customers.company.noOwner") }, ...owners.map((owner) => ({ value: owner.id, label: owner.name }))]}
        />
      </div>
      <LifecycleFields value={v} error={fields.text} />
      <div className="space-y-1">
        <label htmlFor="company-notes" className="block text-sm font-medium text-slate-800">
          {t("customers.company.notes")}
        </label>
        <textarea
          id="company-notes"
          name="notes"
          rows={4}
          defaultValue={v("notes")}
          aria-invalid={fields.text("notes") ? true : undefined}
          className="block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600"
        />
        {fields.text("notes") ? <p className="text-sm text-red-700">{fields.text("notes")}</p> : null}
      </div>
      <div className="flex gap-3">
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </Button>
        <ButtonLink to={cancelTo}>{t("common.cancel")}</ButtonLink>
      </div>
    </Form>
  );
}
