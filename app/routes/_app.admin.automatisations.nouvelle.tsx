import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DryRunResults } from "~/components/automations/dry-run-results";
import { RuleForm } from "~/components/automations/rule-form";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { DomainError } from "~/domain/errors";
import { dryRunRule } from "~/domain/automations/dry-run.server";
import { ruleFormChoices } from "~/domain/automations/rule-choices.server";
import { applyRowCommand, parseRowCommand, ruleFormSchema } from "~/domain/automations/rule-schemas";
import { createRule, RuleReferenceError } from "~/domain/automations/rules.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Nouvelle règle · Automatisations · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  return { choices: await ruleFormChoices() };
}

type ActionResult = {
  nonce: string;
  values: Record<string, string | string[]>;
  fieldErrors?: FieldErrors;
  formError?: MessageKey;
  dryRun?: Awaited<ReturnType<typeof dryRunRule>>;
};

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "save");
  const values = submittedValues(form);
  const nonce = globalThis.crypto.randomUUID();
  // Adding or removing a row, changing the trigger: the form again, nothing saved.
  const command = parseRowCommand(intent, values);
  if (command) return data<ActionResult>({ nonce, values: applyRowCommand(values, command) });

  const parsed = parseForm(form, ruleFormSchema);
  if (!parsed.ok) return data<ActionResult>({ nonce, values, fieldErrors: parsed.fieldErrors }, { status: 400 });
  if (intent === "dry-run") return data<ActionResult>({ nonce, values, dryRun: await dryRunRule(parsed.data) });
  if (intent !== "save") throw data({ reason: "bad_intent" }, { status: 400 });
  try {
    const created = await createRule(parsed.data, admin.id);
    return redirectWithToast(`/admin/automatisations/${created.id}`, { kind: "success", message: "automations.created", params: { name: parsed.data.name } });
  } catch (error) {
    if (error instanceof RuleReferenceError) return data<ActionResult>({ nonce, values, fieldErrors: error.fieldErrors }, { status: 400 });
    if (error instanceof DomainError) return data<ActionResult>({ nonce, values, formError: error.code }, { status: 400 });
    throw error;
  }
}

export default function NewRulePage() {
  const { choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const values = actionData?.values ?? { name: "", description: "", trigger: "ticket_created" };
  return (
    <div className="space-y-6">
      <div>
        <p className="mb-2 text-sm">
          <Link to="/admin/automatisations" className="text-brand-700 hover:underline">
            ← {t("automations.back")}
          </Link>
        </p>
        <h2 className="text-lg font-semibold">{t("automations.newTitle")}</h2>
      </div>
      <RuleForm
        key={actionData?.nonce ?? "new"}
        values={values}
        choices={choices}
        fieldErrors={actionData?.fieldErrors}
        formError={actionData?.formError ? t(actionData.formError) : null}
        submitLabel={t("automations.form.create")}
      />
      {actionData?.dryRun ? <DryRunResults result={actionData.dryRun} time={values.trigger === "time"} unsaved /> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
