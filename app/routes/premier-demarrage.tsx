import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { FormAlert, TextField } from "~/components/ui/field";
import { DomainError } from "~/domain/errors";
import { firstAdminSchema } from "~/domain/identity/user-schemas";
import { createFirstAdmin, needsFirstAdmin } from "~/domain/identity/users.server";
import { startUserSession } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Premier démarrage · Comptoir" }];

export async function loader(_: LoaderFunctionArgs) {
  if (!(await needsFirstAdmin())) throw redirect("/connexion");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readProtectedForm(request);
  const parsed = parseForm(form, firstAdminSchema);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values: parsed.values, error: null }, { status: 400 });
  try {
    const admin = await createFirstAdmin(parsed.data);
    return startUserSession({ request, userId: admin.id, clientAddress: context.clientAddress, redirectTo: "/admin/utilisateurs" });
  } catch (error) {
    if (error instanceof DomainError) return data({ fieldErrors: {}, values: parsed.data, error: error.code }, { status: 409 });
    throw error;
  }
}

export default function FirstRunPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const errorOf = (name: string) => {
    const key = actionData?.fieldErrors?.[name];
    return key ? t(key) : null;
  };
  const valueOf = (name: string) => {
    const value = (actionData?.values as Record<string, unknown> | undefined)?.[name];
    return typeof value === "string" ? value : "";
  };
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">{t("firstRun.title")}</h1>
        <p className="mb-6 text-sm text-slate-600">{t("firstRun.intro")}</p>
        <Form method="post" className="space-y-4" noValidate>
          <CsrfField />
          {actionData?.error ? <FormAlert>{t(actionData.error)}</FormAlert> : null}
          <TextField label={t("firstRun.name")} name="name" required defaultValue={valueOf("name")} error={errorOf("name")} />
          <TextField label={t("login.email")} name="email" type="email" required defaultValue={valueOf("email")} error={errorOf("email")} />
          <TextField label={t("login.password")} name="password" type="password" autoComplete="new-password" required error={errorOf("password")} />
          <TextField
            label={t("firstRun.confirmPassword")}
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            error={errorOf("confirmPassword")}
          />
          <Button type="submit" className="w-full">
            {t("firstRun.submit")}
          </Button>
        </Form>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
