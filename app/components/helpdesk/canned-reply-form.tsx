import { Form, useNavigation } from "@remix-run/react";
import { useId, useRef, useState } from "react";
import { cannedReplyPlaceholders, renderCannedReply } from "~/domain/helpdesk/canned-replies";
import type { FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { FormAlert, TextField } from "../ui/field";

/**
 * Create / edit form of a canned reply: the text with clickable placeholders, and a preview
 * filled with example values, so the administrator sees what agents will insert.
 */
export function CannedReplyForm({
  values,
  fieldErrors,
  formError,
  unknownPlaceholders,
  submitLabel,
}: {
  values: { title: string; body: string; version?: string };
  fieldErrors?: FieldErrors;
  formError?: string | null;
  unknownPlaceholders?: string[];
  submitLabel: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState(values.body);
  const error = (name: string) => (fieldErrors?.[name] ? t(fieldErrors[name]!) : null);
  const hasErrors = Boolean(fieldErrors && Object.keys(fieldErrors).length > 0);
  const preview = renderCannedReply(body, {
    "client.prenom": t("helpdesk.canned.sampleFirstName"),
    "client.nom": t("helpdesk.canned.sampleLastName"),
    "ticket.numero": 1042,
    "ticket.sujet": t("helpdesk.canned.sampleSubject"),
    "agent.nom": "Julien Moreau",
    "societe.nom": t("helpdesk.canned.sampleCompany"),
  });

  const insert = (placeholder: string) => {
    const element = textarea.current;
    const token = `{{${placeholder}}}`;
    const start = element?.selectionStart ?? body.length;
    const end = element?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + token + body.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <Form method="post" className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]" noValidate>
      <div className="space-y-4">
        <CsrfField />
        <input type="hidden" name="intent" value="save" />
        {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
        {formError ? <FormAlert>{formError}</FormAlert> : hasErrors ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
        <TextField label={t("helpdesk.canned.fieldTitle")} name="title" required defaultValue={values.title} error={error("title")} autoComplete="off" />
        <div className="space-y-1">
          <label htmlFor={`${id}-body`} className="block text-sm font-medium text-slate-800">
            {t("helpdesk.canned.fieldBody")}
          </label>
          <textarea
            id={`${id}-body`}
            ref={textarea}
            name="body"
            rows={12}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            aria-invalid={error("body") ? true : undefined}
            aria-describedby={error("body") ? `${id}-body-error` : `${id}-body-hint`}
            className="block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-[invalid=true]:ring-red-500"
          />
          {error("body") ? (
            <div id={`${id}-body-error`} role="alert" className="text-sm text-red-700">
              <p>{error("body")}</p>
              {unknownPlaceholders?.length ? <p>{t("helpdesk.canned.unknownList", { placeholders: unknownPlaceholders.join(", ") })}</p> : null}
            </div>
          ) : (
            <p id={`${id}-body-hint`} className="text-xs text-slate-500">
              {t("helpdesk.canned.bodyHint")}
            </p>
          )}
        </div>
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </Button>
      </div>
      <aside className="space-y-4">
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby={`${id}-placeholders`}>
          <h2 id={`${id}-placeholders`} className="text-sm font-semibold text-slate-900">
            {t("helpdesk.canned.placeholders")}
          </h2>
          <ul className="mt-2 space-y-1.5">
            {cannedReplyPlaceholders.map((placeholder) => (
              <li key={placeholder}>
                <button
                  type="button"
                  onClick={() => insert(placeholder)}
                  className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800 hover:bg-brand-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600"
                >
                  {`{{${placeholder}}}`}
                </button>{" "}
                <span className="text-xs text-slate-600">{t(`helpdesk.canned.placeholder.${placeholder}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`} className="text-sm font-semibold text-slate-900">
            {t("helpdesk.canned.preview")}
          </h2>
          <p className="mt-2 whitespace-pre-wrap break-words text-sm text-slate-800" data-testid="canned-preview">
            {preview.text}
          </p>
          {preview.unknown.length ? (
            <p className="mt-2 text-xs text-amber-800">{t("helpdesk.canned.unknownList", { placeholders: preview.unknown.join(", ") })}</p>
          ) : null}
        </section>
      </aside>
    </Form>
  );
}
