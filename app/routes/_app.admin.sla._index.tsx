import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { DurationInputs, SlaAdminNav, useDurationLabel } from "~/components/planning/sla-admin";
import { Button } from "~/components/ui/button";
import { FormAlert, SelectField, TextField } from "~/components/ui/field";
import { Card, EmptyState, Table, Td, Th } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { businessMinutesPerDay } from "~/domain/helpdesk/sla/business-calendar";
import {
  companyChoices,
  createCompanySlaPolicy,
  deleteCompanySlaPolicy,
  getBusinessCalendar,
  listSlaPolicies,
  saveDefaultSlaPolicies,
  updateCompanySlaPolicy,
} from "~/domain/helpdesk/sla/sla-policies.server";
import { companyPolicySchema, defaultPoliciesSchema, policyTargetsSchema, targetField } from "~/domain/helpdesk/sla/sla-settings";
import { ticketPriorities } from "~/domain/helpdesk/ticket-vocabulary";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { type FieldErrors, parseForm, submittedValues } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "SLA · Administration · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:setting");
  const search = new URL(request.url).searchParams.get("societe") ?? "";
  const [policies, calendar, companies] = await Promise.all([listSlaPolicies(), getBusinessCalendar(), companyChoices(search)]);
  return { defaults: policies.defaults, companyPolicies: policies.companies, minutesPerDay: businessMinutesPerDay(calendar), companies, search };
}

type Refusal = { intent: string; policyId: string | null; fieldErrors: FieldErrors; values: Record<string, string | string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, "manage:setting");
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  const policyId = typeof form.get("policyId") === "string" ? String(form.get("policyId")) : null;
  const refuse = (fieldErrors: FieldErrors, values: Record<string, string | string[]>, status = 400) =>
    data<Refusal>({ intent, policyId, fieldErrors, values }, { status });

  try {
    if (intent === "defaults") {
      const parsed = parseForm(form, defaultPoliciesSchema);
      if (!parsed.ok) return refuse(parsed.fieldErrors, parsed.values);
      await saveDefaultSlaPolicies(parsed.data, admin.id);
      return redirectWithToast("/admin/sla", { kind: "success", message: "planning.sla.toast.targetsSaved" });
    }
    if (intent === "create-company") {
      const parsed = parseForm(form, companyPolicySchema);
      if (!parsed.ok) return refuse(parsed.fieldErrors, parsed.values);
      await createCompanySlaPolicy(parsed.data, admin.id);
      return redirectWithToast("/admin/sla", { kind: "success", message: "planning.sla.toast.companyCreated" });
    }
    if (intent === "update-company" && policyId) {
      const parsed = parseForm(form, policyTargetsSchema);
      if (!parsed.ok) return refuse(parsed.fieldErrors, parsed.values);
      await updateCompanySlaPolicy(policyId, parsed.data, admin.id);
      return redirectWithToast("/admin/sla", { kind: "success", message: "planning.sla.toast.companyUpdated" });
    }
    if (intent === "delete-company" && policyId) {
      await deleteCompanySlaPolicy(policyId, admin.id);
      return redirectWithToast("/admin/sla", { kind: "success", message: "planning.sla.toast.companyDeleted" });
    }
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === "errors.notFound") throw notFound();
      return refuse({ [error.field ?? "form"]: error.code }, submittedValues(form), 409);
    }
    throw error;
  }
  throw data({ reason: "bad_intent" }, { status: 400 });
}

export default function SlaTargetsPage() {
  const { defaults, companyPolicies, minutesPerDay, companies, search } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, format } = useI18n();
  const duration = useDurationLabel();
  const refusal = actionData as Refusal | undefined;
  const errorsFor = (intent: string, policyId: string | null = null) => (name: string) => {
    if (!refusal || refusal.intent !== intent || (policyId && refusal.policyId !== policyId)) return null;
    const key = refusal.fieldErrors[name];
    return key ? t(key) : null;
  };
  const valuesFor = (intent: string, policyId: string | null = null) =>
    refusal && refusal.intent === intent && (!policyId || refusal.policyId === policyId) ? refusal.values : undefined;
  const priorityLabel = (priority: string) => t(`ticket.priority.${priority}` as MessageKey);
  const busy = navigation.state === "submitting";

  const defaultsError = errorsFor("defaults");
  const defaultsValues = valuesFor("defaults");
  const createError = errorsFor("create-company");
  const createValues = valuesFor("create-company");
  const createValue = (name: string, fallback = "") => {
    const value = createValues?.[name];
    return typeof value === "string" ? value : fallback;
  };

  return (
    <>
      <SlaAdminNav />
      <div className="space-y-8">
        <Card title={t("planning.sla.defaults.title")}>
          <p className="mb-4 max-w-3xl text-sm text-slate-600">{t("planning.sla.defaults.intro", { day: duration(minutesPerDay, 0) })}</p>
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="defaults" />
            {refusal?.intent === "defaults" ? <div className="mb-4"><FormAlert>{t("common.formHasErrors")}</FormAlert></div> : null}
            <Table caption={t("planning.sla.defaults.title")}>
              <thead>
                <tr>
                  <Th>{t("planning.sla.col.priority")}</Th>
                  <Th>{t("planning.sla.col.applies")}</Th>
                  <Th>{t("planning.sla.col.firstResponse")}</Th>
                  <Th>{t("planning.sla.col.resolution")}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {defaults.map((policy) => {
                  const activeValue = defaultsValues ? defaultsValues[`${policy.priority}Active`] === "on" : policy.active;
                  return (
                    <tr key={policy.priority}>
                      <Td className="font-medium">{priorityLabel(policy.priority)}</Td>
                      <Td>
                        <label className="flex items-center gap-2 text-sm">
                          <input type="checkbox" name={`${policy.priority}Active`} defaultChecked={activeValue} className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
                          <span>{t("planning.sla.appliesLabel")}</span>
                        </label>
                      </Td>
                      <Td>
                        <DurationInputs
                          prefix={policy.priority}
                          target="firstResponse"
                          label={t("planning.sla.targetOf", { target: t("planning.sla.col.firstResponse"), priority: priorityLabel(policy.priority) })}
                          defaultMinutes={policy.firstResponseMinutes}
                          values={defaultsValues}
                          error={defaultsError(targetField(policy.priority, "firstResponse", "Hours")) ?? defaultsError(targetField(policy.priority, "firstResponse", "Minutes"))}
                        />
                        <p className="mt-1 text-xs text-slate-500">{duration(policy.firstResponseMinutes, minutesPerDay)}</p>
                      </Td>
                      <Td>
                        <DurationInputs
                          prefix={policy.priority}
                          target="resolution"
                          label={t("planning.sla.targetOf", { target: t("planning.sla.col.resolution"), priority: priorityLabel(policy.priority) })}
                          defaultMinutes={policy.resolutionMinutes}
                          values={defaultsValues}
                          error={defaultsError(targetField(policy.priority, "resolution", "Hours")) ?? defaultsError(targetField(policy.priority, "resolution", "Minutes"))}
                        />
                        <p className="mt-1 text-xs text-slate-500">{duration(policy.resolutionMinutes, minutesPerDay)}</p>
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
            <p className="mt-3 text-xs text-slate-500">{t("planning.sla.defaults.hint")}</p>
            <Button type="submit" className="mt-4" disabled={busy}>
              {t("common.save")}
            </Button>
          </Form>
        </Card>

        <div className="grid gap-8 xl:grid-cols-[1fr_24rem]">
          <Card title={t("planning.sla.companies.title")}>
            <p className="mb-4 max-w-3xl text-sm text-slate-600">{t("planning.sla.companies.intro")}</p>
            {companyPolicies.length === 0 ? (
              <EmptyState>{t("planning.sla.companies.empty")}</EmptyState>
            ) : (
              <Table caption={t("planning.sla.companies.title")}>
                <thead>
                  <tr>
                    <Th>{t("planning.sla.col.company")}</Th>
                    <Th>{t("planning.sla.col.priority")}</Th>
                    <Th>{t("planning.sla.col.targets")}</Th>
                    <Th>{t("planning.sla.col.tickets")}</Th>
                    <Th>{t("common.actions")}</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {companyPolicies.map((policy) => {
                    const rowError = errorsFor("update-company", policy.id);
                    const rowValues = valuesFor("update-company", policy.id);
                    return (
                      <tr key={policy.id}>
                        <Td className="font-medium">{policy.companyName}</Td>
                        <Td>{priorityLabel(policy.priority)}</Td>
                        <Td className="text-sm">
                          <span className="block">
                            {t("planning.sla.col.firstResponse")} : {duration(policy.firstResponseMinutes, minutesPerDay)}
                          </span>
                          <span className="block">
                            {t("planning.sla.col.resolution")} : {duration(policy.resolutionMinutes, minutesPerDay)}
                          </span>
                        </Td>
                        <Td className="tabular-nums">{format.number(policy.tickets)}</Td>
                        <Td>
                          <details open={Boolean(rowValues)}>
                            <summary className="cursor-pointer text-sm font-medium text-brand-700">{t("common.edit")}</summary>
                            <Form method="post" noValidate className="mt-2 space-y-2">
                              <CsrfField />
                              <input type="hidden" name="intent" value="update-company" />
                              <input type="hidden" name="policyId" value={policy.id} />
                              <DurationInputs
                                prefix=""
                                target="firstResponse"
                                label={t("planning.sla.targetOf", { target: t("planning.sla.col.firstResponse"), priority: `${policy.companyName}, ${priorityLabel(policy.priority)}` })}
                                defaultMinutes={policy.firstResponseMinutes}
                                values={rowValues}
                                error={rowError("firstResponseHours") ?? rowError("firstResponseMinutes")}
                              />
                              <DurationInputs
                                prefix=""
                                target="resolution"
                                label={t("planning.sla.targetOf", { target: t("planning.sla.col.resolution"), priority: `${policy.companyName}, ${priorityLabel(policy.priority)}` })}
                                defaultMinutes={policy.resolutionMinutes}
                                values={rowValues}
                                error={rowError("resolutionHours") ?? rowError("resolutionMinutes")}
                              />
                              <Button type="submit" size="sm" disabled={busy}>
                                {t("common.save")}
                              </Button>
                            </Form>
                          </details>
                          <Form method="post" className="mt-2">
                            <CsrfField />
                            <input type="hidden" name="intent" value="delete-company" />
                            <input type="hidden" name="policyId" value={policy.id} />
                            <Button type="submit" size="sm" variant="ghost" className="text-red-700" disabled={busy} aria-label={t("planning.sla.companies.deleteLabel", { company: policy.companyName, priority: priorityLabel(policy.priority) })}>
                              {t("planning.sla.companies.delete")}
                            </Button>
                          </Form>
                        </Td>
                      </tr>
                    );
                  })}
                </tbody>
              </Table>
            )}
          </Card>

          <Card title={t("planning.sla.companies.new")}>
            <Form method="get" className="mb-4 flex items-end gap-2">
              <TextField label={t("planning.sla.companies.search")} name="societe" defaultValue={search} className="flex-1" />
              <Button type="submit" variant="secondary">
                {t("common.search")}
              </Button>
            </Form>
            <Form method="post" noValidate className="space-y-4">
              <CsrfField />
              <input type="hidden" name="intent" value="create-company" />
              {refusal?.intent === "create-company" && refusal.fieldErrors.form ? <FormAlert>{t(refusal.fieldErrors.form)}</FormAlert> : null}
              <SelectField
                label={t("planning.sla.col.company")}
                name="companyId"
                defaultValue={createValue("companyId")}
                error={createError("companyId")}
                hint={companies.length === 0 ? t("planning.sla.companies.noMatch") : undefined}
                options={[{ value: "", label: t("planning.sla.companies.choose") }, ...companies.map((company) => ({ value: company.id, label: company.city ? `${company.name} (${company.city})` : company.name }))]}
              />
              <SelectField
                label={t("planning.sla.col.priority")}
                name="priority"
                defaultValue={createValue("priority", "urgent")}
                error={createError("priority")}
                options={[...ticketPriorities].reverse().map((priority) => ({ value: priority, label: priorityLabel(priority) }))}
              />
              <fieldset className="space-y-1">
                <legend className="text-sm font-medium text-slate-800">{t("planning.sla.col.firstResponse")}</legend>
                <DurationInputs prefix="" target="firstResponse" label={t("planning.sla.col.firstResponse")} defaultMinutes={60} values={createValues} error={createError("firstResponseHours") ?? createError("firstResponseMinutes")} />
              </fieldset>
              <fieldset className="space-y-1">
                <legend className="text-sm font-medium text-slate-800">{t("planning.sla.col.resolution")}</legend>
                <DurationInputs prefix="" target="resolution" label={t("planning.sla.col.resolution")} defaultMinutes={240} values={createValues} error={createError("resolutionHours") ?? createError("resolutionMinutes")} />
              </fieldset>
              <Button type="submit" disabled={busy}>
                {t("planning.sla.companies.create")}
              </Button>
            </Form>
          </Card>
        </div>
      </div>
    </>
  );
}
