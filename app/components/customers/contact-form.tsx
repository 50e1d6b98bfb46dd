import { Form, useNavigation } from "@remix-run/react";
import { contactLanguages } from "~/domain/customers/customer-vocabulary";
import { staffConsentStates } from "~/domain/marketing/consent/consent-states";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button, ButtonLink } from "../ui/button";
import { CheckboxField, FormAlert, SelectField, TextField } from "../ui/field";
import { CompanyPicker } from "./company-picker";
import { type CustomerFormFeedback, useFormFeedback } from "./form-feedback";
import { RepeatedTextField } from "./repeated-field";

export type ContactFormValues = {
  firstName: string;
  lastName: string;
  jobTitle: string;
  emails: string[];
  primaryIndex: number;
  phone: string;
  companyId: string;
  /** The company's name as shown in the picker. */
  companyName: string;
  language: string;
  /** A consent state to record for the primary address ("" leaves it as it is). */
  consentState: string;
  consentBasis: string;
  portalAccess: boolean;
  companyManager: boolean;
  version?: string;
};

export const emptyContact: ContactFormValues = {
  firstName: "",
  lastName: "",
  jobTitle: "",
  emails: [],
  primaryIndex: 0,
  phone: "",
  companyId: "",
  companyName: "",
  language: "fr",
  consentState: "",
  consentBasis: "",
  portalAccess: true,
  companyManager: false,
};

/** Create and edit form of a contact: several addresses with one primary, consent with its proof. */
export function ContactForm({
  values,
  feedback,
  submitLabel,
  cancelTo,
}: {
  values: ContactFormValues;
  feedback?: CustomerFormFeedback;
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const fields = useFormFeedback(feedback);
  const v = (name: "firstName" | "lastName" | "jobTitle" | "phone" | "companyId" | "language" | "consentState" | "consentBasis") => fields.value(name, values[name]);
  const primaryIndex = feedback ? Number(fields.value("primaryEmail", "0")) || 0 : values.primaryIndex;
  return (
    <Form method="post" className="max-w-3xl space-y-6" noValidate>
      <CsrfField />
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {fields.formError ? <FormAlert>{fields.formError}</FormAlert> : fields.hasErrors ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t("customers.contact.firstName")} name="firstName" defaultValue={v("firstName")} error={fields.text("firstName")} autoComplete="off" />
        <TextField label={t("customers.contact.lastName")} name="lastName" defaultValue={v("lastName")} error={fields.text("lastName")} autoComplete="off" />
        <TextField label={t("customers.contact.jobTitle")} name="jobTitle" defaultValue={v("jobTitle")} error={fields.text("jobTitle")} autoComplete="off" />
        <TextField label={t("customers.contact.phone")} name="phone" type="tel" defaultValue={v("phone")} error={fields.text("phone")} autoComplete="off" />
      </div>
      <RepeatedTextField
        key={fields.version}
        name="emails"
        type="email"
        legend={t("customers.contact.emails")}
        hint={t("customers.contact.emailsHint")}
        itemLabel={(position) => t("customers.contact.email", { position })}
        addLabel={t("customers.contact.addEmail")}
        initial={fields.list("emails", values.emails)}
        errorFor={(index) => fields.node(`emails.${index}`)}
        primary={{
          name: "primaryEmail",
          initialIndex: primaryIndex,
          label: t("customers.contact.primary"),
          describe: (position) => t("customers.contact.primaryOf", { position }),
        }}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <CompanyPicker
          label={t("customers.contact.company")}
          defaultId={v("companyId")}
          defaultName={fields.value("companyName", values.companyName)}
          error={fields.text("companyId")}
        />
        <SelectField
          label={t("customers.contact.language")}
          name="language"
          defaultValue={v("language")}
          error={fields.text("language")}
          options={contactLanguages.map((language) => ({ value: language, label: t(`locale.${language}`) }))}
        />
      </div>
      <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-800">{t("customers.contact.consentLegend")}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label={t("consent.form.state")}
            hint={t("consent.form.stateHint")}
            name="consentState"
            defaultValue={v("consentState")}
            error={fields.text("consentState")}
            options={[{ value: "", label: t("consent.form.unchanged") }, ...staffConsentStates.map((state) => ({ value: state, label: t(`consent.state.${state}`) }))]}
          />
          <TextField label={t("consent.card.basis")} hint={t("consent.card.basisHint")} name="consentBasis" maxLength={500} defaultValue={v("consentBasis")} error={fields.text("consentBasis")} />
        </div>
      </fieldset>
      <div className="space-y-3">
        <CheckboxField
          label={t("customers.contact.portalAccess")}
          hint={t("customers.contact.portalAccessHint")}
          name="portalAccess"
          defaultChecked={fields.checked("portalAccess", values.portalAccess)}
          error={fields.text("portalAccess")}
        />
        <CheckboxField
          label={t("customers.contact.companyManager")}
          hint={t("customers.contact.companyManagerHint")}
          name="companyManager"
          defaultChecked={fields.checked("companyManager", values.companyManager)}
          error={fields.text("companyManager")}
        />
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
