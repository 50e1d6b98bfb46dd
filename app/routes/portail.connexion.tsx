import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { PortalErrorPage } from "~/components/portal/portal-shell";
import { Button } from "~/components/ui/button";
import { FormAlert, TextField } from "~/components/ui/field";
import { emailField } from "~/domain/channels/web-form/web-form-schema";
import { LINK_LIFETIME_MS, requestPortalLink } from "~/domain/portal/login-links.server";
import { signInWithPortalPassword } from "~/domain/portal/portal-passwords.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";
import { resolveLocale } from "~/lib/i18n/request-locale.server";
import { getCurrentCustomer, portalReturnPath, portalSessionHeader } from "~/lib/portal/portal-auth.server";

export const meta: MetaFunction = () => [{ title: "Espace client · Comptoir" }];

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

const linkSchema = z.object({ email: emailField });
const passwordSchema = z.object({ email: emailField, password: z.string().min(1, "validation.required").max(200, "validation.tooLong") });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const returnTo = portalReturnPath(url.searchParams.get("vers"));
  if (await getCurrentCustomer(request)) throw redirect(returnTo);
  return { sent: url.searchParams.get("lien") === "envoye", returnTo, linkMinutes: LINK_LIFETIME_MS / 60_000 };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readProtectedForm(request);
  const returnTo = portalReturnPath(form.get("vers"));
  if (form.get("intent") === "password") {
    const parsed = parseForm(form, passwordSchema);
    if (!parsed.ok) return data({ intent: "password" as const, fieldErrors: parsed.fieldErrors, email: String(parsed.values.email ?? ""), error: null, retryMinutes: 0 }, { status: 400 });
    const result = await signInWithPortalPassword({ email: parsed.data.email, password: parsed.data.password, clientAddress: context.clientAddress });
    if (!result.ok) {
      const limited = result.reason === "rate_limited";
      return data(
        {
          intent: "password" as const,
          fieldErrors: {},
          email: parsed.data.email,
          error: limited ? ("portal.signIn.rateLimited" as const) : ("portal.signIn.invalid" as const),
          retryMinutes: limited ? Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) : 0,
        },
        { status: limited ? 429 : 401, headers: limited ? { "Retry-After": String(result.retryAfterSeconds) } : undefined },
      );
    }
    return redirect(returnTo, { headers: { "Set-Cookie": await portalSessionHeader(result.sessionToken) } });
  }

  const parsed = parseForm(form, linkSchema);
  if (!parsed.ok) return data({ intent: "link" as const, fieldErrors: parsed.fieldErrors, email: String(parsed.values.email ?? ""), error: null, retryMinutes: 0 }, { status: 400 });
  const result = requestPortalLink({
    email: parsed.data.email,
    clientAddress: context.clientAddress,
    locale: await resolveLocale(request, null),
    returnTo: returnTo === "/portail" ? undefined : returnTo,
  });
  if (result.limited) {
    return data(
      { intent: "link" as const, fieldErrors: {}, email: parsed.data.email, error: "portal.signIn.linkRateLimited" as const, retryMinutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  // Same answer whether or not the address is known; the lookup and the mail happen afterwards.
  const params = new URLSearchParams({ lien: "envoye" });
  if (returnTo !== "/portail") params.set("vers", returnTo);
  return redirect(`/portail/connexion?${params.toString()}`);
}

export default function PortalSignInPage() {
  const { sent, returnTo, linkMinutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const busy = navigation.state === "submitting";
  const errorFor = (intent: "link" | "password", name: string) => {
    if (actionData?.intent !== intent) return null;
    const key = actionData.fieldErrors?.[name as keyof typeof actionData.fieldErrors];
    return key ? t(key) : null;
  };
  const passwordOpen = actionData?.intent === "password";
  return (
    <div className="mx-auto max-w-md space-y-6">
      <div className="text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("portal.signIn.title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("portal.signIn.intro")}</p>
      </div>

      {sent ? (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="link-sent">
          <p className="font-medium">{t("portal.signIn.sentTitle")}</p>
          <p className="mt-1">{t("portal.signIn.sentText", { minutes: linkMinutes })}</p>
        </div>
      ) : null}

      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="portal-link-title">
        <h2 id="portal-link-title" className="text-base font-semibold text-slate-900">
          {t("portal.signIn.linkTitle")}
        </h2>
        <p className="mb-4 mt-1 text-sm text-slate-600">{t("portal.signIn.linkIntro", { minutes: linkMinutes })}</p>
        <Form method="post" className="space-y-4" noValidate>
          <CsrfField />
          <input type="hidden" name="intent" value="link" />
          <input type="hidden" name="vers" value={returnTo} />
          {actionData?.intent === "link" && actionData.error ? <FormAlert>{t(actionData.error, { minutes: actionData.retryMinutes })}</FormAlert> : null}
          <TextField
            label={t("portal.signIn.email")}
            name="email"
            type="email"
            autoComplete="email"
            required
            autoFocus={!passwordOpen}
            defaultValue={actionData?.intent === "link" ? actionData.email : ""}
            error={errorFor("link", "email")}
          />
          <Button type="submit" className="w-full" disabled={busy}>
            {t("portal.signIn.sendLink")}
          </Button>
        </Form>
      </section>

      <details className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" open={passwordOpen}>
        <summary className="cursor-pointer text-sm font-semibold text-slate-900">{t("portal.signIn.passwordTitle")}</summary>
        <Form method="post" className="mt-4 space-y-4" noValidate>
          <CsrfField />
          <input type="hidden" name="intent" value="password" />
          <input type="hidden" name="vers" value={returnTo} />
          {actionData?.intent === "password" && actionData.error ? <FormAlert>{t(actionData.error, { minutes: actionData.retryMinutes })}</FormAlert> : null}
          <TextField
            label={t("portal.signIn.email")}
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={actionData?.intent === "password" ? actionData.email : ""}
            error={errorFor("password", "email")}
          />
          <TextField label={t("portal.signIn.password")} name="password" type="password" autoComplete="current-password" required error={errorFor("password", "password")} />
          <Button type="submit" variant="secondary" className="w-full" disabled={busy}>
            {t("portal.signIn.submitPassword")}
          </Button>
          <p className="text-xs text-slate-500">{t("portal.signIn.passwordHint")}</p>
        </Form>
      </details>

      <p className="text-center text-sm text-slate-600">
        {t("portal.signIn.noAccount")}{" "}
        <a href="/demande" className="font-medium text-brand-700 underline-offset-2 hover:underline">
          {t("portal.signIn.newRequest")}
        </a>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <PortalErrorPage home="/portail/connexion" />;
}
