import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { TextareaField } from "~/components/ui/field";
import { requestTypeDescriptions } from "~/components/portal/web-request-form";
import { Button } from "~/components/ui/button";
import { CheckboxField, TextField } from "~/components/ui/field";
import { Card } from "~/components/ui/layout";
import { portalSettingsSchema, reopenDaysLimits, webFormSettingLimits, webFormSettingsSchema, webRequestTypes } from "~/domain/channels/web-form/web-form-schema";
import { getWebFormSettings, saveWebFormSettings } from "~/domain/channels/web-form/web-form-settings.server";
import { getReopenDays, saveReopenDays } from "~/domain/portal/portal-settings.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { env } from "~/lib/env.server";
import { parseForm } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Formulaire et portail · Comptoir" }];

/** Administration of the customers' side: the public form's texts and types, the portal's rules, the embed snippet. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const [settings, reopenDays] = await Promise.all([getWebFormSettings(), getReopenDays()]);
  const base = env().PUBLIC_URL;
  return { settings, reopenDays, urls: { form: `${base}/demande`, embed: `${base}/demande/integree`, portal: `${base}/portail` } };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "portal") {
    const parsed = parseForm(form, portalSettingsSchema);
    if (!parsed.ok) return data({ intent, fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
    await saveReopenDays(parsed.data.reopenDays, admin.id);
    return redirectWithToast("/admin/formulaire", { kind: "success", message: "portal.admin.saved" });
  }
  const parsed = parseForm(form, webFormSettingsSchema);
  if (!parsed.ok) return data({ intent: "form", fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  await saveWebFormSettings(parsed.data, admin.id);
  return redirectWithToast("/admin/formulaire", { kind: "success", message: "portal.admin.saved" });
}

function CopyBlock({ label, value, multiline = false }: { label: string; value: string; multiline?: boolean }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <span className="text-sm font-medium text-slate-800">{label}</span>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            });
          }}
        >
          {copied ? t("portal.admin.copied") : t("portal.admin.copy")}
        </Button>
      </div>
      {multiline ? (
        <textarea readOnly value={value} rows={4} aria-label={label} className="block w-full rounded-md bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800 ring-1 ring-inset ring-slate-300" onFocus={(event) => event.currentTarget.select()} />
      ) : (
        <input readOnly value={value} aria-label={label} className="block w-full rounded-md bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800 ring-1 ring-inset ring-slate-300" onFocus={(event) => event.currentTarget.select()} />
      )}
    </div>
  );
}

export default function AdminWebFormPage() {
  const { settings, reopenDays, urls } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const error = (intent: string, name: string) => {
    if (actionData?.intent !== intent) return null;
    const key = actionData.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const value = (intent: string, name: string, fallback: string) => {
    if (actionData?.intent !== intent) return fallback;
    const submitted = actionData.values?.[name];
    return typeof submitted === "string" ? submitted : fallback;
  };
  const checkedTypes: string[] =
    actionData?.intent === "form" ? [actionData.values?.types ?? []].flat().filter((type): type is string => typeof type === "string") : settings.types;
  const snippet = `<iframe src="${urls.embed}" title="${t("portal.admin.iframeTitle")}" style="width:100%;min-height:980px;border:0" loading="lazy"></iframe>`;
  const busy = navigation.state === "submitting";
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_26rem]">
      <div className="space-y-6">
        <Card title={t("portal.admin.formTitle")}>
          <Form method="post" className="space-y-4" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="form" />
            <p className="text-sm text-slate-600">{t("portal.admin.formIntro")}</p>
            <div className="grid gap-4 md:grid-cols-2">
              <TextField label={t("portal.admin.titleFr")} name="titleFr" maxLength={webFormSettingLimits.title} defaultValue={value("form", "titleFr", settings.titleFr)} error={error("form", "titleFr")} placeholder={t("portal.form.defaultTitle")} />
              <TextField label={t("portal.admin.titleEn")} name="titleEn" maxLength={webFormSettingLimits.title} defaultValue={value("form", "titleEn", settings.titleEn)} error={error("form", "titleEn")} />
              <TextareaField label={t("portal.admin.introFr")} name="introFr" rows={4} maxLength={webFormSettingLimits.intro} defaultValue={value("form", "introFr", settings.introFr)} error={error("form", "introFr")} />
              <TextareaField label={t("portal.admin.introEn")} name="introEn" rows={4} maxLength={webFormSettingLimits.intro} defaultValue={value("form", "introEn", settings.introEn)} error={error("form", "introEn")} />
            </div>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-800">{t("portal.admin.types")}</legend>
              {webRequestTypes.map((type) => (
                <CheckboxField key={type} name="types" value={type} label={t(`ticket.type.${type}`)} hint={t(requestTypeDescriptions[type])} defaultChecked={checkedTypes.includes(type)} />
              ))}
              {error("form", "types") ? (
                <p className="text-sm text-red-700" role="alert">
                  {error("form", "types")}
                </p>
              ) : null}
            </fieldset>
            <Button type="submit" disabled={busy}>
              {t("common.save")}
            </Button>
          </Form>
        </Card>

        <Card title={t("portal.admin.portalTitle")}>
          <Form method="post" className="space-y-4" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="portal" />
            <TextField
              label={t("portal.admin.reopenDays")}
              name="reopenDays"
              type="number"
              inputMode="numeric"
              min={reopenDaysLimits.min}
              max={reopenDaysLimits.max}
              className="max-w-xs"
              defaultValue={value("portal", "reopenDays", String(reopenDays))}
              error={error("portal", "reopenDays")}
              hint={t("portal.admin.reopenDaysHint")}
            />
            <Button type="submit" disabled={busy}>
              {t("common.save")}
            </Button>
          </Form>
        </Card>
      </div>

      <Card title={t("portal.admin.shareTitle")}>
        <div className="space-y-5">
          <p className="text-sm text-slate-600">{t("portal.admin.shareIntro")}</p>
          <CopyBlock label={t("portal.admin.formLink")} value={urls.form} />
          <CopyBlock label={t("portal.admin.embedSnippet")} value={snippet} multiline />
          <p className="text-xs text-slate-500">{t("portal.admin.embedHint")}</p>
          <CopyBlock label={t("portal.admin.portalLink")} value={urls.portal} />
          <a href={urls.embed} target="_blank" rel="noopener" className="inline-block text-sm font-medium text-brand-700 hover:underline">
            {t("portal.admin.preview")}
          </a>
        </div>
      </Card>
    </div>
  );
}
