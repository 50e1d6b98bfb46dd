import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { CalendarFeedAccountNote } from "~/components/sales/calendar-feed-panel";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/layout";
import { ApiTokensCard, toApiTokenRow } from "~/components/account/api-tokens-card";
import { DomainError } from "~/domain/errors";
import { apiTokenFormSchema, expiryFor } from "~/domain/identity/api-token-schemas";
import { createApiToken, listApiTokens, revokeApiToken } from "~/domain/identity/api-tokens.server";
import { can, usefulScopesFor } from "~/domain/identity/permissions";
import { isSubscribedToWeeklyReport, subscribeToWeeklyReport, unsubscribeFromWeeklyReport } from "~/domain/reporting/weekly-report.server";
import { WeeklyReportCard } from "~/components/reporting/weekly-report-card";
import { listSessions, revokeSessions } from "~/domain/identity/sessions.server";
import { changePasswordSchema, preferencesSchema } from "~/domain/identity/user-schemas";
import { changePassword, setUserLocale } from "~/domain/identity/users.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { notFound } from "~/lib/http.server";
import { type FieldErrors, parseForm, submittedValues } from "~/lib/forms";
import { locales } from "~/lib/i18n/locales";

export const meta: MetaFunction = () => [{ title: "Mon compte · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    user: { name: user.name, email: user.email, locale: user.locale },
    currentSessionId: user.sessionId,
    sessions: await listSessions(user.id),
    tokens: (await listApiTokens(user.id)).map((token) => toApiTokenRow(token)),
    scopes: usefulScopesFor(user),
    // The Monday report, for those who may read the dashboard (null: not offered).
    weeklyReport: can(user, "read:report") ? { subscribed: await isSubscribedToWeeklyReport(user.id) } : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readProtectedForm(request);
  const intent = form.get("intent");
  if (intent === "weekly-report") {
    if (!can(user, "read:report")) throw notFound();
    if (form.get("subscribe") === "true") {
      await subscribeToWeeklyReport(user);
      return redirectWithToast("/compte", { kind: "success", message: "reporting.weekly.subscribedToast" });
    }
    await unsubscribeFromWeeklyReport(user.id);
    return redirectWithToast("/compte", { kind: "success", message: "reporting.weekly.unsubscribedToast" });
  }
  if (intent === "locale") {
    const parsed = parseForm(form, preferencesSchema);
    if (!parsed.ok) return data({ intent, fieldErrors: parsed.fieldErrors }, { status: 400 });
    await setUserLocale(user.id, parsed.data.locale);
    return redirectWithToast("/compte", { kind: "success", message: "account.localeSaved" });
  }
  if (intent === "password") {
    const parsed = parseForm(form, changePasswordSchema);
    if (!parsed.ok) return data({ intent, fieldErrors: parsed.fieldErrors }, { status: 400 });
    try {
      await changePassword(user.id, parsed.data.currentPassword, parsed.data.newPassword);
    } catch (error) {
      if (error instanceof DomainError) return data({ intent, fieldErrors: { [error.field ?? "currentPassword"]: error.code } as FieldErrors }, { status: 400 });
      throw error;
    }
    return redirectWithToast("/compte", { kind: "success", message: "account.passwordChanged" });
  }
  if (intent === "create-token") {
    const parsed = parseForm(form, apiTokenFormSchema);
    if (!parsed.ok) return data({ intent, fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
    try {
      const created = await createApiToken({
        userId: user.id,
        actorId: user.id,
        name: parsed.data.name,
        scopes: parsed.data.scopes,
        expiresAt: expiryFor(parsed.data.lifetime, new Date()),
      });
      // Shown once, in this answer only: a secret is not put in a redirect or a cookie.
      return data({ intent, fieldErrors: {} as FieldErrors, created: { name: parsed.data.name, token: created.token } });
    } catch (error) {
      if (error instanceof DomainError) return data({ intent, fieldErrors: { [error.field ?? "name"]: error.code } as FieldErrors, values: submittedValues(form) }, { status: 400 });
      throw error;
    }
  }
  if (intent === "revoke-token") {
    try {
      await revokeApiToken({ tokenId: String(form.get("tokenId") ?? ""), actor: user });
    } catch (error) {
      // Someone else's token, or none: not found, whichever it is.
      if (error instanceof DomainError) throw notFound();
      throw error;
    }
    return redirectWithToast("/compte", { kind: "success", message: "api.tokens.revoked" });
  }
  if (intent === "revoke-session") {
    const count = await revokeSessions({ actorId: user.id, userId: user.id, sessionId: String(form.get("sessionId") ?? "") });
    return redirectWithToast("/compte", { kind: "success", message: "admin.users.sessionsRevoked", params: { count } });
  }
  return data({ intent: null, fieldErrors: {} as FieldErrors }, { status: 400 });
}

export default function AccountPage() {
  const { user, sessions, currentSessionId, tokens, scopes, weeklyReport } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, format } = useI18n();
  const error = (intent: string, name: string) => {
    if (actionData?.intent !== intent) return null;
    const key = actionData.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  return (
    <>
      <PageHeader title={t("account.title")} description={`${user.name} · ${user.email}`} />
      <div className="grid max-w-5xl gap-6 lg:grid-cols-2">
        <Card title={t("account.preferences")}>
          <Form method="post" className="space-y-4">
            <CsrfField />
            <input type="hidden" name="intent" value="locale" />
            <SelectField
              label={t("admin.users.locale")}
              name="locale"
              defaultValue={user.locale}
              options={locales.map((locale) => ({ value: locale, label: t(`locale.${locale}`) }))}
              error={error("locale", "locale")}
            />
            <Button type="submit">{t("common.save")}</Button>
          </Form>
        </Card>
        <Card title={t("account.password")}>
          <Form method="post" className="space-y-4" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="password" />
            <TextField label={t("account.currentPassword")} name="currentPassword" type="password" autoComplete="current-password" error={error("password", "currentPassword")} />
            <TextField label={t("account.newPassword")} name="newPassword" type="password" autoComplete="new-password" error={error("password", "newPassword")} />
            <TextField label={t("account.confirmPassword")} name="confirmPassword" type="password" autoComplete="new-password" error={error("password", "confirmPassword")} />
            <Button type="submit">{t("common.save")}</Button>
          </Form>
        </Card>
        <ApiTokensCard
          tokens={tokens}
          scopes={scopes}
          created={actionData && "created" in actionData && actionData.created ? actionData.created : null}
          fieldErrors={actionData?.intent === "create-token" ? (actionData.fieldErrors ?? {}) : {}}
          values={actionData && "values" in actionData && actionData.intent === "create-token" && actionData.values ? actionData.values : {}}
        />
        <CalendarFeedAccountNote />
        {weeklyReport ? <WeeklyReportCard subscribed={weeklyReport.subscribed} email={user.email} /> : null}
        <Card title={t("account.sessions")} className="lg:col-span-2">
          <ul className="divide-y divide-slate-100">
            {sessions.map((session) => (
              <li key={session.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                <div className="min-w-0">
                  <p className="truncate">
                    {session.userAgent || "—"} {session.id === currentSessionId ? <strong>({t("account.thisSession")})</strong> : null}
                  </p>
                  <p className="text-xs text-slate-500">
                    {t("admin.users.sessionStarted", { date: format.dateTime(session.createdAt) })} · {session.ipAddress || "—"}
                  </p>
                </div>
                {session.id !== currentSessionId ? (
                  <Form method="post">
                    <CsrfField />
                    <input type="hidden" name="intent" value="revoke-session" />
                    <input type="hidden" name="sessionId" value={session.id} />
                    <Button type="submit" variant="secondary" size="sm">
                      {t("admin.users.revoke")}
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
