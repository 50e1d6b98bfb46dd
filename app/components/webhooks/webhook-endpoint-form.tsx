import { Form, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { CheckboxField, FormAlert, TextField } from "~/components/ui/field";
import { webhookEventAreas } from "~/domain/webhooks/webhook-events";
import type { FieldErrors } from "~/lib/forms";

export type WebhookEndpointFormValues = Partial<Record<string, string | string[]>>;

/**
 * The endpoint form (new and edit): URL, description, the events grouped by area, active. What
 * was typed comes back after an error; editing carries the version it loaded.
 */
export function WebhookEndpointForm({
  defaults,
  values,
  fieldErrors,
  version,
  submitLabel,
}: {
  defaults: { url: string; description: string; events: readonly string[]; active: boolean };
  values?: WebhookEndpointFormValues | null;
  fieldErrors?: FieldErrors | null;
  version?: number;
  submitLabel: string;
}) {
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  const value = (name: "url" | "description") => {
    const submitted = values?.[name];
    return typeof submitted === "string" ? submitted : defaults[name];
  };
  const submittedEvents = values ? [values.events ?? []].flat() : null;
  const chosen = new Set(submittedEvents ?? defaults.events);
  const active = values ? values.active === "on" : defaults.active;
  const error = (name: string) => (fieldErrors?.[name] ? t(fieldErrors[name]!) : null);
  return (
    <Form method="post" className="space-y-5" noValidate>
      <CsrfField />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {fieldErrors && Object.keys(fieldErrors).length > 0 ? <FormAlert>{t("common.formHasErrors")}</FormAlert> : null}
      <TextField
        label={t("webhooks.url")}
        name="url"
        type="url"
        required
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://"
        defaultValue={value("url")}
        error={error("url")}
        hint={t("webhooks.urlHint")}
        maxLength={2000}
      />
      <TextField label={t("webhooks.description")} name="description" defaultValue={value("description")} error={error("description")} hint={t("webhooks.descriptionHint")} maxLength={200} />
      <fieldset aria-describedby={error("events") ? "webhook-events-error" : "webhook-events-hint"}>
        <legend className="mb-2 text-sm font-medium text-slate-800">{t("webhooks.events")}</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          {webhookEventAreas.map((group) => (
            <fieldset key={group.area} className="space-y-2">
              <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t(`webhooks.area.${group.area}`)}</legend>
              {group.types.map((type) => (
                <label key={type} className="flex items-start gap-2 text-sm text-slate-700">
                  <input type="checkbox" name="events" value={type} defaultChecked={chosen.has(type)} className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
                  <span>
                    {t(`webhooks.event.${type}`)} <code className="block text-xs text-slate-500">{type}</code>
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
        </div>
        <p id="webhook-events-hint" className="mt-2 text-xs text-slate-500">
          {t("webhooks.eventsHint")}
        </p>
        {error("events") ? (
          <p id="webhook-events-error" className="mt-1 text-sm text-red-700" role="alert">
            {error("events")}
          </p>
        ) : null}
      </fieldset>
      <CheckboxField label={t("webhooks.activeField")} name="active" defaultChecked={active} hint={t("webhooks.activeHint")} />
      <Button type="submit" name="intent" value="save" disabled={busy}>
        {submitLabel}
      </Button>
    </Form>
  );
}
