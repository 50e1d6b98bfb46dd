import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumb, Detail } from "~/components/customers/clients-nav";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ContractForm, slaFormValues } from "~/components/sales/contract-form";
import { ContractStateBadge } from "~/components/sales/contract-state-badge";
import { useMoney } from "~/components/sales/use-money";
import { Button } from "~/components/ui/button";
import { FormAlert, TextareaField, TextField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { splitMinutes } from "~/domain/helpdesk/sla/sla-settings";
import type { TicketPriority } from "~/domain/helpdesk/ticket-vocabulary";
import { accessFor, can } from "~/domain/identity/permissions";
import { contractCancelSchema, contractFormSchema } from "~/domain/sales/contract-schemas";
import { oneYearAfter } from "~/domain/sales/contract-status";
import { canChangeContract, cancelContract, ContractConflictError, contractFor, contractOwnerChoices, renewContract, updateContract } from "~/domain/sales/contracts.server";
import { centsToInput } from "~/domain/sales/money";
import { dateInputValue, dayHasPassed, startOfWorkspaceDay } from "~/domain/sales/document-dates";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.contract.title ?? "Contrat"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const contract = await contractFor(user, params.contractId ?? "");
  if (!contract) throw notFound();
  const canChange = can(user, "update:deal") && canChangeContract(user, contract);
  const owners = canChange && accessFor(user, "update:deal") === "any" ? await contractOwnerChoices() : [];
  return { contract, canChange, owners, today: dateInputValue(startOfWorkspaceDay(new Date())), renewTo: oneYearAfter(contract.endDate).toISOString() };
}

type ActionResult = { intent: string; values: Record<string, string | string[]>; fieldErrors?: FieldErrors; formError?: MessageKey };
const renewSchema = z.object({ version: z.coerce.number({ invalid_type_error: "sales.quote.staleForm" }).int().min(1, "sales.quote.staleForm") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const contract = await contractFor(user, params.contractId ?? "");
  if (!contract || !canChangeContract(user, contract)) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  const here = `/ventes/contrats/${contract.id}`;
  const refuse = (fieldErrors: FieldErrors, formError?: MessageKey, status = 400) => data<ActionResult>({ intent, values: submittedValues(form), fieldErrors, formError }, { status });
  try {
    switch (intent) {
      case "save": {
        const parsed = parseForm(form, contractFormSchema);
        if (!parsed.ok) return refuse(parsed.fieldErrors);
        await updateContract(user, contract.id, parsed.data);
        return redirectWithToast(here, { kind: "success", message: "sales.contract.saved" });
      }
      case "renew": {
        const parsed = parseForm(form, renewSchema);
        if (!parsed.ok) return refuse({}, "sales.quote.staleForm");
        await renewContract(user, { contractId: contract.id, version: parsed.data.version });
        return redirectWithToast(here, { kind: "success", message: "sales.contract.renewed" });
      }
      case "cancel": {
        const parsed = parseForm(form, contractCancelSchema);
        if (!parsed.ok) return refuse(parsed.fieldErrors);
        await cancelContract(user, contract.id, parsed.data);
        return redirectWithToast(here, { kind: "success", message: "sales.contract.cancelled" });
      }
    }
  } catch (error) {
    if (error instanceof ContractConflictError) return refuse({}, "sales.contract.conflict", 409);
    if (error instanceof DomainError) return refuse(error.field ? { [error.field]: error.code } : {}, error.code, error.field ? 400 : 409);
    throw error;
  }
  throw data({ reason: "bad_intent" }, { status: 400 });
}

export default function ContractPage() {
  const { contract, canChange, owners, today, renewTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, format, locale } = useI18n();
  const money = useMoney();
  const refusal = (intent: string) => (actionData?.intent === intent ? actionData : null);
  const submitted = (intent: string) => {
    const answer = refusal(intent);
    return answer ? Object.fromEntries(Object.entries(answer.values).map(([name, value]) => [name, Array.isArray(value) ? (value[0] ?? "") : value])) : null;
  };
  const duration = (minutes: number) => {
    const split = splitMinutes(minutes);
    return t("sales.contract.duration", { hours: split.hours, minutes: split.minutes });
  };
  const formValues = submitted("save") ?? {
    title: contract.title,
    ownerId: contract.ownerId,
    startDate: dateInputValue(contract.startDate),
    endDate: dateInputValue(contract.endDate),
    yearlyAmount: centsToInput(contract.yearlyAmountCents, locale),
    renewal: contract.renewal,
    reminderDays: String(contract.reminderDays),
    notes: contract.notes,
    ...slaFormValues(contract.slaPolicies),
  };
  const openReminder = contract.reminders.find((reminder) => reminder.doneAt === null);
  const stateError = actionData && actionData.intent !== "save" && actionData.intent !== "cancel" && actionData.formError ? t(actionData.formError) : null;
  return (
    <>
      <Breadcrumb items={[{ label: t("sales.contract.title"), to: "/ventes/contrats" }, { label: contract.title }]} />
      <PageHeader title={contract.title} description={contract.company.name} actions={<ContractStateBadge state={contract.state} />} />
      {stateError ? (
        <div className="mb-4">
          <FormAlert>{stateError}</FormAlert>
        </div>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
          <Card title={t("sales.contract.details")}>
            <p className={`mb-3 text-sm font-medium ${contract.inForce ? "text-emerald-800" : "text-slate-600"}`} data-testid="contract-in-force">
              {contract.inForce ? t("sales.contract.inForce") : t("sales.contract.notInForce")}
            </p>
            <dl className="divide-y divide-slate-100">
              <Detail label={t("sales.contract.company")}>
                <Link to={`/clients/societes/${contract.company.id}`} className="text-brand-700 hover:underline">
                  {contract.company.name}
                </Link>
              </Detail>
              <Detail label={t("sales.contract.col.endDate")}>
                {t("sales.contract.startsOn", { date: format.date(contract.startDate) })} {t("sales.contract.endsOn", { date: format.date(contract.endDate) })}
                {!contract.cancelledAt && dayHasPassed(contract.endDate, new Date()) ? <span className="block text-amber-800">{t("sales.contract.overdue", { date: format.date(contract.endDate) })}</span> : null}
              </Detail>
              {contract.cancelledAt ? <Detail label={t("sales.contract.state.cancelled")}>{t("sales.contract.cancelledOn", { date: format.date(contract.cancelledAt), reason: contract.cancellationReason })}</Detail> : null}
              <Detail label={t("sales.contract.col.yearlyAmount")}>{money.euros(contract.yearlyAmountCents)}</Detail>
              <Detail label={t("sales.contract.renewal")}>{t(contract.renewal === "explicit" ? "sales.contract.renewal.explicit" : "sales.contract.renewal.tacit")}</Detail>
              <Detail label={t("sales.contract.owner")}>{contract.owner.name}</Detail>
              <Detail label={t("sales.contract.sla")}>
                {contract.slaPolicies.length === 0 ? (
                  t("sales.contract.noSla")
                ) : (
                  <ul>
                    {contract.slaPolicies.map((policy) => (
                      <li key={policy.id}>
                        {t("sales.contract.slaTarget", { priority: t(`ticket.priority.${policy.priority as TicketPriority}`), firstResponse: duration(policy.firstResponseMinutes), resolution: duration(policy.resolutionMinutes) })}
                      </li>
                    ))}
                  </ul>
                )}
              </Detail>
              <Detail label={t("sales.contract.reminder")}>
                {contract.reminders.length === 0 ? (
                  t("sales.contract.reminderNone")
                ) : (
                  <ul>
                    {contract.reminders.map((reminder) => (
                      <li key={reminder.id}>
                        {t("sales.contract.reminderAt", { subject: reminder.subject, date: format.dateTime(reminder.startsAt) })}
                        {reminder.doneAt ? ` (${t("sales.contract.reminderDone")})` : null}
                      </li>
                    ))}
                  </ul>
                )}
              </Detail>
              {contract.notes ? (
                <Detail label={t("sales.contract.notes")}>
                  <span className="whitespace-pre-line">{contract.notes}</span>
                </Detail>
              ) : null}
            </dl>
          </Card>
          {canChange ? (
            <section aria-labelledby="edit-contract">
              <h2 id="edit-contract" className="mb-3 text-lg font-semibold text-slate-900">
                {t("sales.contract.editTitle")}
              </h2>
              <ContractForm
                key={contract.version}
                values={{ ...formValues, version: String(contract.version) }}
                fieldErrors={refusal("save")?.fieldErrors}
                formError={refusal("save")?.formError ? t(refusal("save")!.formError!) : null}
                company={contract.company}
                owners={owners}
                submitLabel={t("sales.contract.save")}
                cancelTo="/ventes/contrats"
              />
            </section>
          ) : null}
        </div>
        {canChange ? (
          <aside className="space-y-6">
            <Card title={t("sales.contract.renewTitle")}>
              <Form method="post" className="space-y-3 text-sm">
                <CsrfField />
                <input type="hidden" name="intent" value="renew" />
                <input type="hidden" name="version" value={contract.version} />
                <p className="text-slate-600">{t("sales.contract.renewHint", { date: format.date(renewTo) })}</p>
                {openReminder ? null : <p className="text-slate-600">{t("sales.contract.reminderNone")}</p>}
                <Button type="submit" variant="secondary" disabled={busy}>
                  {t("sales.contract.renew")}
                </Button>
              </Form>
            </Card>
            <Card title={t("sales.contract.cancelTitle")}>
              <Form method="post" className="space-y-3" noValidate>
                <CsrfField />
                <input type="hidden" name="intent" value="cancel" />
                <input type="hidden" name="version" value={contract.version} />
                {refusal("cancel")?.formError && !refusal("cancel")?.fieldErrors?.cancelledAt ? <FormAlert>{t(refusal("cancel")!.formError!)}</FormAlert> : null}
                <TextField name="cancelledAt" type="date" label={t("sales.contract.cancelledAt")} hint={t("sales.contract.cancelledAtHint")} defaultValue={submitted("cancel")?.cancelledAt ?? today} error={refusal("cancel")?.fieldErrors?.cancelledAt ? t(refusal("cancel")!.fieldErrors!.cancelledAt!) : null} />
                <TextareaField name="reason" label={t("sales.contract.reason")} rows={3} defaultValue={submitted("cancel")?.reason ?? ""} error={refusal("cancel")?.fieldErrors?.reason ? t(refusal("cancel")!.fieldErrors!.reason!) : null} />
                <Button type="submit" variant="danger" disabled={busy}>
                  {t("sales.contract.cancel")}
                </Button>
              </Form>
            </Card>
          </aside>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
