import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { LocaleSwitch } from "~/components/shell/locale-switch";
import { Button } from "~/components/ui/button";
import { FormAlert, TextField } from "~/components/ui/field";
import { signIn } from "~/domain/identity/authentication.server";
import { homePathFor } from "~/domain/identity/permissions";
import { signInSchema } from "~/domain/identity/user-schemas";
import { needsFirstAdmin } from "~/domain/identity/users.server";
import { isDemoWorkspace } from "~/domain/workspace.server";
import { getCurrentUser, startUserSession } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { env } from "~/lib/env.server";
import { parseForm } from "~/lib/forms";
import { safeRedirectPath } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Connexion · Comptoir" }];

/** Tells clients when a locked-out sign-in may be retried. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw redirect(homePathFor(user));
  if (await needsFirstAdmin()) throw redirect("/premier-demarrage");
  return { demo: await isDemoWorkspace() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, signInSchema);
  if (!parsed.ok) return data({ error: null, retryMinutes: 0, fieldErrors: parsed.fieldErrors, email: String(parsed.values.email ?? "") }, { status: 400 });
  const result = await signIn({
    email: parsed.data.email,
    password: parsed.data.password,
    ipAddress: context.clientAddress,
    attemptsPerWindow: env().LOGIN_ATTEMPTS_PER_15_MIN,
  });
  if (!result.ok) {
    const limited = result.reason === "rate_limited";
    return data(
      {
        error: limited ? ("login.rateLimited" as const) : ("login.invalid" as const),
        retryMinutes: limited ? Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) : 0,
        fieldErrors: {},
        email: parsed.data.email,
      },
      { status: limited ? 429 : 401, headers: limited ? { "Retry-After": String(result.retryAfterSeconds) } : undefined },
    );
  }
  return startUserSession({
    request,
    userId: result.user.id,
    clientAddress: context.clientAddress,
    redirectTo: safeRedirectPath(parsed.data.redirectTo, homePathFor(result.user)),
  });
}

export default function SignInPage() {
  const { demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useI18n();
  const fieldError = (name: string) => {
    const key = actionData?.fieldErrors?.[name as keyof typeof actionData.fieldErrors];
    return key ? t(key) : null;
  };
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-3xl font-bold tracking-tight text-brand-700">{t("app.name")}</p>
          <p className="mt-1 text-sm text-slate-600">{t("app.tagline")}</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-slate-900">{t("login.title")}</h1>
          <p className="mb-6 text-sm text-slate-600">{t("login.subtitle")}</p>
          <Form method="post" className="space-y-4" noValidate>
            <CsrfField />
            <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
            {actionData?.error ? <FormAlert>{t(actionData.error, { minutes: actionData.retryMinutes })}</FormAlert> : null}
            <TextField
              label={t("login.email")}
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              defaultValue={actionData?.email ?? ""}
              error={fieldError("email")}
            />
            <TextField
              label={t("login.password")}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              error={fieldError("password")}
            />
            <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
              {t("login.submit")}
            </Button>
          </Form>
        </div>
        {demo ? <p className="mt-4 text-center text-xs text-slate-500">{t("login.demoHint")}</p> : null}
        <div className="mt-6 flex justify-center">
          <LocaleSwitch />
        </div>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
