import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DryRunResults } from "~/components/automations/dry-run-results";
import { RuleForm } from "~/components/automations/rule-form";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { CheckboxField } from "~/components/ui/field";
import { Badge, Card } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { dryRunRule } from "~/domain/automations/dry-run.server";
import { ruleFormChoices } from "~/domain/automations/rule-choices.server";
import { applyRowCommand, parseRowCommand, ruleDeleteSchema, ruleFormSchema, ruleFormValues, ruleToggleSchema } from "~/domain/automations/rule-schemas";
import { deleteRule, getRule, RuleConflictError, RuleReferenceError, setRuleActive, updateRule } from "~/domain/automations/rules.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Règle · Automatisations · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const rule = await getRule(params.ruleId ?? "");
  if (!rule) throw notFound();
  return {
    rule: { id: rule.id, name: rule.name, active: rule.active, version: rule.version, trigger: rule.trigger, updatedAt: rule.updatedAt, updatedByName: rule.updatedByName },
    values: ruleFormValues(rule),
    choices: await ruleFormChoices(),
  };
}

type ActionResult = {
  intent: string;
  nonce: string;
  values: Record<string, string | string[]>;
  fieldErrors?: FieldErrors;
  formError?: MessageKey;
  dryRun?: Awaited<ReturnType<typeof dryRunRule>>;
  unsaved?: boolean;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const rule = await getRule(params.ruleId ?? "");
  if (!rule) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "save");
  const values = submittedValues(form);
  const nonce = globalThis.crypto.randomUUID();
  const refuse = (result: Partial<ActionResult>, status = 400) => data<ActionResult>({ intent, nonce, values, ...result }, { status });

  if (intent === "toggle") {
    const parsed = parseForm(form, ruleToggleSchema);
    if (!parsed.ok) throw data({ reason: "bad_form" }, { status: 400 });
    const active = parsed.data.active === "true";
    try {
      await setRuleActive(rule.id, { active, version: parsed.data.version }, admin.id);
    } catch (error) {
      if (error instanceof RuleConflictError) return redirectWithToast(`/admin/automatisations/${rule.id}`, { kind: "error", message: "automations.conflict" });
      throw error;
    }
    return redirectWithToast(`/admin/automatisations/${rule.id}`, { kind: "success", message: active ? "automations.activated" : "automations.deactivated", params: { name: rule.name } });
  }
  if (intent === "delete") {
    const parsed = parseForm(form, ruleDeleteSchema);
    if (!parsed.ok) return refuse({ fieldErrors: parsed.fieldErrors });
    await deleteRule(rule.id, admin.id);
    return redirectWithToast("/admin/automatisations", { kind: "success", message: "automations.deleted", params: { name: rule.name } });
  }

  const command = parseRowCommand(intent, values);
  if (command) return data<ActionResult>({ intent, nonce, values: applyRowCommand(values, command) });
  const parsed = parseForm(form, ruleFormSchema);
  if (!parsed.ok) return refuse({ fieldErrors: parsed.fieldErrors });
  if (intent === "dry-run") {
    // The saved rule's dry run knows its runs (periods already handled) and today's mails.
    const unsaved = JSON.stringify(ruleFormValues(parsed.data)) !== JSON.stringify(ruleFormValues(rule));
    return data<ActionResult>({ intent, nonce, values, dryRun: await dryRunRule(parsed.data, { ruleId: rule.id }), unsaved });
  }
  if (intent !== "save") throw data({ reason: "bad_intent" }, { status: 400 });
  try {
    await updateRule(rule.id, { ...parsed.data, version: parsed.data.version ?? rule.version }, admin.id);
  } catch (error) {
    if (error instanceof RuleConflictError) return refuse({ formError: "automations.conflict" }, 409);
    if (error instanceof RuleReferenceError) return refuse({ fieldErrors: error.fieldErrors });
    if (error instanceof DomainError) return refuse({ formError: error.code });
    throw error;
  }
  return redirectWithToast(`/admin/automatisations/${rule.id}`, { kind: "success", message: "automations.saved" });
}

export default function EditRulePage() {
  const { rule, values: saved, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, format } = useI18n();
  const values = actionData && actionData.intent !== "delete" ? actionData.values : saved;
  return (
    <div className="space-y-6">
      <div>
        <p className="mb-2 text-sm">
          <Link to="/admin/automatisations" className="text-brand-700 hover:underline">
            ← {t("automations.back")}
          </Link>
        </p>
        <h2 className="text-lg font-semibold">{t("automations.edit")}</h2>
        {rule.updatedByName ? <p className="text-sm text-slate-600">{t("automations.updatedBy", { date: format.dateTime(rule.updatedAt), name: rule.updatedByName })}</p> : null}
      </div>

      <Form method="post" className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4">
        <CsrfField />
        <input type="hidden" name="version" value={rule.version} />
        <input type="hidden" name="active" value={rule.active ? "false" : "true"} />
        <Badge tone={rule.active ? "green" : "slate"}>{t(rule.active ? "automations.active" : "automations.inactive")}</Badge>
        <p className="flex-1 text-sm text-slate-700">{t(rule.active ? "automations.isActive" : "automations.isInactive")}</p>
        <Button type="submit" name="intent" value="toggle" variant={rule.active ? "secondary" : "primary"} size="sm">
          {t(rule.active ? "automations.deactivate" : "automations.activate")}
        </Button>
        <Link to={`/admin/automatisations/${rule.id}/journal`} className="text-sm text-brand-700 hover:underline">
          {t("automations.runLog")}
        </Link>
      </Form>

      <RuleForm
        key={actionData?.nonce ?? `saved-${rule.version}`}
        values={values}
        choices={choices}
        // The version the admin loaded travels with their edits (a save over someone else's is refused).
        hidden={{ version: typeof values.version === "string" ? values.version : String(rule.version) }}
        fieldErrors={actionData?.intent !== "delete" ? actionData?.fieldErrors : undefined}
        formError={actionData?.formError ? t(actionData.formError) : null}
        submitLabel={t("automations.form.save")}
      />
      {actionData?.dryRun ? <DryRunResults result={actionData.dryRun} time={values.trigger === "time"} unsaved={Boolean(actionData.unsaved)} /> : null}

      <Card title={t("automations.deleteTitle")} className="max-w-xl border-red-200">
        <Form method="post" className="space-y-3">
          <CsrfField />
          <input type="hidden" name="intent" value="delete" />
          <p className="text-sm text-slate-600">{t("automations.deleteHint")}</p>
          <CheckboxField
            label={t("automations.deleteConfirm")}
            name="confirm"
            error={actionData?.intent === "delete" && actionData.fieldErrors?.confirm ? t(actionData.fieldErrors.confirm) : null}
          />
          <Button type="submit" variant="danger">
            {t("automations.delete")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
