import { Form, useNavigation } from "@remix-run/react";
import { useRef, useState, type ReactNode } from "react";
import { DeflectionSuggestions, DeflectionThanks, type Deflected } from "~/components/help-centre/deflection";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { FormAlert, TextField } from "~/components/ui/field";
import { webFormFields, webFormLimits, type WebRequestType } from "~/domain/channels/web-form/web-form-schema";
import type { FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { UploadRejection } from "~/lib/upload-rules";
import { TextareaField } from "~/components/ui/field";
import { MarketingOptInField } from "~/components/marketing/marketing-opt-in";
import { AttachmentsField, ChoiceField } from "./fields";

export type WebRequestFormState = {
  fieldErrors?: FieldErrors;
  formError?: MessageKey | null;
  formErrorParams?: Record<string, string | number>;
  values?: Record<string, string>;
  formToken?: string;
  filesToSelectAgain?: string[];
  rejectedFiles?: Array<{ filename: string; reason: UploadRejection }>;
};

export const requestTypeDescriptions: Record<WebRequestType, MessageKey> = {
  information: "portal.form.typeInformationHint",
  incident: "portal.form.typeIncidentHint",
  complaint: "portal.form.typeComplaintHint",
};

/**
 * The public request form. Fields come back as typed after any refusal; the files field comes
 * last so that a very large upload never delays the text fields the server reads first.
 */
export function WebRequestForm({ types, formToken, state }: { types: WebRequestType[]; formToken: string; state?: WebRequestFormState }) {
  const { t, locale } = useI18n();
  const [subject, setSubject] = useState("");
  const [deflected, setDeflected] = useState<Deflected | null>(null);
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [fileProblems, setFileProblems] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const error = (name: string) => {
    const key = state?.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const value = (name: string) => state?.values?.[name] ?? "";
  const defaultType = value("type") || (types.length === 1 ? types[0] : "");

  return (
    <>
      {deflected ? <DeflectionThanks deflected={deflected} onContinue={() => setDeflected(null)} /> : null}
      <Form
        ref={formRef}
        method="post"
        encType="multipart/form-data"
        noValidate
        hidden={deflected !== null}
        className="space-y-5"
        onSubmit={(event) => {
          // The browser already knows the files break the rules: say so instead of uploading them.
          if (fileProblems) {
            event.preventDefault();
            formRef.current?.querySelector<HTMLInputElement>('input[type="file"]')?.focus();
          }
        }}
      >
        {/* `hidden` too, so the form's vertical spacing ignores it. */}
        <input type="hidden" hidden name={webFormFields.token} value={state?.formToken ?? formToken} />
        {state?.formError ? <FormAlert>{t(state.formError, state.formErrorParams)}</FormAlert> : null}

        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label={t("portal.form.name")} name="name" autoComplete="name" required maxLength={webFormLimits.name} defaultValue={value("name")} error={error("name")} />
          <TextField
            label={t("portal.form.email")}
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={webFormLimits.email}
            defaultValue={value("email")}
            error={error("email")}
            hint={t("portal.form.emailHint")}
          />
          <TextField
            label={t("portal.form.phone")}
            name="phone"
            type="tel"
            autoComplete="tel"
            maxLength={webFormLimits.phone}
            defaultValue={value("phone")}
            error={error("phone")}
            hint={t("portal.form.optional")}
          />
          <TextField
            label={t("portal.form.company")}
            name="company"
            autoComplete="organization"
            maxLength={webFormLimits.company}
            defaultValue={value("company")}
            error={error("company")}
            hint={t("portal.form.optional")}
          />
        </div>

        {/* Honeypot: invisible to people and screen readers, tempting to bots. */}
        <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
          <label>
            {t("portal.form.honeypot")}
            <input type="text" name={webFormFields.honeypot} tabIndex={-1} autoComplete="off" defaultValue="" />
          </label>
        </div>

        <RequestFields
          types={types}
          defaultType={defaultType}
          value={value}
          error={error}
          onSubjectChange={setSubject}
          afterSubject={
            <DeflectionSuggestions
              subject={subject}
              language={locale}
              channel="web_form"
              proof={{ name: "jeton", value: state?.formToken ?? formToken }}
              onAnswered={setDeflected}
            />
          }
        />

        <AttachmentsField
          name={webFormFields.files}
          error={error(webFormFields.files)}
          filesToSelectAgain={state?.filesToSelectAgain}
          rejected={state?.rejectedFiles}
          onProblemsChange={setFileProblems}
        />

        <MarketingOptInField checked={value("marketingOptIn") === "on"} />

        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={submitting}>
            {submitting ? t("portal.form.sending") : t("portal.form.submit")}
          </Button>
          <p className="text-xs text-slate-500">{t("portal.form.privacy")}</p>
        </div>
      </Form>
    </>
  );
}

/** Type, subject and description: shared by the public form and the portal's new request. */
export function RequestFields({
  types,
  defaultType,
  value,
  error,
  onSubjectChange,
  afterSubject,
}: {
  types: WebRequestType[];
  defaultType: string;
  value: (name: string) => string;
  error: (name: string) => string | null;
  /** The subject as it is typed (deflection suggestions). */
  onSubjectChange?: (subject: string) => void;
  /** Shown under the subject field: the suggested articles. */
  afterSubject?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      {types.length > 1 ? (
        <ChoiceField
          label={t("portal.form.type")}
          name="type"
          defaultValue={defaultType}
          error={error("type")}
          options={types.map((type) => ({ value: type, label: t(`ticket.type.${type}`), description: t(requestTypeDescriptions[type]) }))}
        />
      ) : (
        <input type="hidden" name="type" value={types[0]} />
      )}
      <TextField
        label={t("portal.form.subject")}
        name="subject"
        required
        maxLength={webFormLimits.subject}
        defaultValue={value("subject")}
        error={error("subject")}
        onChange={onSubjectChange ? (event) => onSubjectChange(event.target.value) : undefined}
      />
      {afterSubject}
      <TextareaField
        label={t("portal.form.description")}
        name="description"
        required
        rows={8}
        maxLength={webFormLimits.description}
        defaultValue={value("description")}
        error={error("description")}
        hint={t("portal.form.descriptionHint")}
      />
    </>
  );
}

/** Title, introduction and the form, as configured in Administration. */
export function RequestFormPage({
  title,
  intro,
  types,
  formToken,
  state,
}: {
  title: string;
  intro: string;
  types: WebRequestType[];
  formToken: string;
  state?: WebRequestFormState;
}) {
  const { t } = useI18n();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title || t("portal.form.defaultTitle")}</h1>
        <p className="mt-2 whitespace-pre-line text-sm text-slate-600">{intro || t("portal.form.defaultIntro")}</p>
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <WebRequestForm types={types} formToken={formToken} state={state} />
      </div>
    </div>
  );
}
