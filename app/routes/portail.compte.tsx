import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { PortalErrorPage } from "~/components/portal/portal-shell";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/layout";
import { passwordField } from "~/domain/identity/user-schemas";
import { portalAccount, setCustomerLanguage } from "~/domain/portal/portal-account.server";
import { MarketingOptInField } from "~/components/marketing/marketing-opt-in";
import { MARKETING_OPT_IN_FIELD, marketingOptInSchema } from "~/domain/marketing/consent/opt-in";
import { ownConsentState, setOwnMarketingChoice } from "~/domain/marketing/consent/opt-in.server";
import { removePortalPassword, setPortalPassword } from "~/domain/portal/portal-passwords.server";
import { closeOtherPortalSessions } from "~/domain/portal/portal-sessions.server";
import { redirectWithToast } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import { locales } from "~/lib/i18n/locales";
import { requireCustomer } from "~/lib/portal/portal-auth.server";
import { requestPersonalDataExport } from "~/domain/privacy/personal-data-exports.server";
import { rateLimiter } from "~/lib/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Mon compte · Espace client · Comptoir" }];

const languageSchema = z.object({ language: z.enum(locales, { message: "validation.choose" }) });
const passwordSchema = z
  .object({
    password: passwordField,
    confirmPassword: z.string({ required_error: "validation.required" }),
  })
  .refine((values) => values.password === values.confirmPassword, { message: "validation.passwordsDiffer", path: ["confirmPassword"] });

export async function loader({ request }: LoaderFunctionArgs) {
  const customer = await requireCustomer(request);
  const [account, consentState] = await Promise.all([portalAccount(customer.contactId), ownConsentState(customer.contactId)]);
  return { account, hasPassword: customer.hasPassword, marketingOptIn: consentState === "opt_in" };
}

export async function action({ request }: ActionFunctionArgs) {
  const customer = await requireCustomer(request);
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  switch (intent) {
    case "language": {
      const parsed = parseForm(form, languageSchema);
      if (!parsed.ok) return data({ intent, fieldErrors: parsed.fieldErrors }, { status: 400 });
      await setCustomerLanguage(customer.contactId, parsed.data.language);
      return redirectWithToast("/portail/compte", { kind: "success", message: "portal.account.languageSaved" });
    }
    case "password": {
      const parsed = parseForm(form, passwordSchema);
      if (!parsed.ok) return data({ intent, fieldErrors: parsed.fieldErrors }, { status: 400 });
      await setPortalPassword({ contactId: customer.contactId, password: parsed.data.password, currentSessionId: customer.sessionId });
      return redirectWithToast("/portail/compte", { kind: "success", message: "portal.account.passwordSaved" });
    }
    case "marketing": {
      const wantsMail = marketingOptInSchema.parse(form.get(MARKETING_OPT_IN_FIELD));
      await setOwnMarketingChoice(customer.contactId, wantsMail);
      return redirectWithToast("/portail/compte", { kind: "success", message: "consent.optIn.saved" });
    }
    case "remove-password":
      await removePortalPassword({ contactId: customer.contactId, currentSessionId: customer.sessionId });
      return redirectWithToast("/portail/compte", { kind: "success", message: "portal.account.passwordRemoved" });
    case "personal-data": {
      // A few archives a day at most per person: each one reads everything held about them.
      if (rateLimiter("personal-data:contact", 3, 24 * 3600_000).hit(customer.contactId).limited) {
        return redirectWithToast("/portail/compte", { kind: "error", message: "privacy.portal.tooMany" });
      }
      const outcome = await requestPersonalDataExport(customer.contactId, { via: "portal" });
      return redirectWithToast("/portail/compte", { kind: outcome?.created ? "success" : "info", message: outcome?.created ? "privacy.portal.requested" : "privacy.portal.pending" });
    }
    case "sign-out-others": {
      const count = await closeOtherPortalSessions(customer.contactId, customer.sessionId);
      return redirectWithToast("/portail/compte", { kind: "success", message: "portal.account.othersSignedOut", params: { count } });
    }
    default:
      return data({ intent, fieldErrors: {} }, { status: 400 });
  }
}

export default function PortalAccountPage() {
  const { account, hasPassword, marketingOptIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const busy = navigation.state === "submitting";
  const error = (intent: string, name: string) => {
    if (actionData?.intent !== intent) return null;
    const key = actionData.fieldErrors?.[name as keyof typeof actionData.fieldErrors];
    return key ? t(key) : null;
  };
  return (
    <>
      <PageHeader title={t("portal.account.title")} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t("portal.account.identity")}>
          <dl className="space-y-3 text-sm">
            <div>
              <dt className="text-slate-500">{t("portal.account.name")}</dt>
              <dd className="font-medium text-slate-900">{`${account.firstName} ${account.lastName}`.trim() || "—"}</dd>
            </div>
            {account.companyName ? (
              <div>
                <dt className="text-slate-500">{t("portal.account.company")}</dt>
                <dd className="font-medium text-slate-900">
                  {account.companyName}
                  {account.companyManager ? <span className="ml-2 text-xs font-normal text-slate-500">{t("portal.account.companyManager")}</span> : null}
                </dd>
              </div>
            ) : null}
            <div>
              <dt className="text-slate-500">{t("portal.account.emails")}</dt>
              <dd>
                <ul>
                  {account.emails.map((email) => (
                    <li key={email.address} className="font-medium text-slate-900">
                      {email.address}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
            <p className="text-xs text-slate-500">{t("portal.account.identityHint")}</p>
          </dl>
        </Card>

        <Card title={t("portal.account.languageTitle")}>
          <Form method="post" className="space-y-4">
            <CsrfField />
            <input type="hidden" name="intent" value="language" />
            <SelectField
              label={t("portal.account.language")}
              name="language"
              defaultValue={account.language}
              error={error("language", "language")}
              options={locales.map((locale) => ({ value: locale, label: t(`locale.${locale}`) }))}
              hint={t("portal.account.languageHint")}
            />
            <Button type="submit" disabled={busy}>
              {t("common.save")}
            </Button>
          </Form>
        </Card>

        <Card title={t("consent.optIn.title")}>
          <Form method="post" className="space-y-4">
            <CsrfField />
            <input type="hidden" name="intent" value="marketing" />
            <MarketingOptInField checked={marketingOptIn} />
            <Button type="submit" disabled={busy}>
              {t("common.save")}
            </Button>
          </Form>
        </Card>

        <Card title={t("portal.account.passwordTitle")}>
          <p className="mb-4 text-sm text-slate-600">{hasPassword ? t("portal.account.passwordSet") : t("portal.account.passwordNone")}</p>
          <Form method="post" className="space-y-4" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="password" />
            <TextField
              label={t("portal.account.newPassword")}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              error={error("password", "password")}
              hint={t("portal.account.passwordRule", { min: 8 })}
            />
            <TextField label={t("portal.account.confirmPassword")} name="confirmPassword" type="password" autoComplete="new-password" required error={error("password", "confirmPassword")} />
            <Button type="submit" disabled={busy}>
              {hasPassword ? t("portal.account.changePassword") : t("portal.account.setPassword")}
            </Button>
          </Form>
          {hasPassword ? (
            <Form method="post" className="mt-4 border-t border-slate-200 pt-4">
              <CsrfField />
              <input type="hidden" name="intent" value="remove-password" />
              <Button type="submit" variant="ghost" disabled={busy}>
                {t("portal.account.removePassword")}
              </Button>
            </Form>
          ) : null}
        </Card>

        <Card title={t("privacy.portal.title")}>
          <p className="mb-4 text-sm text-slate-600">{t("privacy.portal.intro", { address: account.emails.find((email) => email.isPrimary)?.address ?? account.emails[0]?.address ?? "—" })}</p>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="personal-data" />
            <Button type="submit" variant="secondary" disabled={busy}>
              {t("privacy.portal.request")}
            </Button>
          </Form>
        </Card>

        <Card title={t("portal.account.sessionsTitle")}>
          <p className="mb-4 text-sm text-slate-600">{t("portal.account.sessionsText", { count: account.openSessions })}</p>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="sign-out-others" />
            <Button type="submit" variant="secondary" disabled={busy || account.openSessions <= 1}>
              {t("portal.account.signOutOthers")}
            </Button>
          </Form>
        </Card>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <PortalErrorPage />;
}
