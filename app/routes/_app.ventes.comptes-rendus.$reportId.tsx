import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { StatusBadge } from "~/components/helpdesk/ticket-badges";
import { usePlanningFormat } from "~/components/planning/intervention-forms";
import { Fact } from "~/components/sales/link-fields";
import { VisitReportForm, visitReportValuesAfter } from "~/components/sales/visit-report-form";
import { Button, ButtonLink } from "~/components/ui/button";
import { Badge, Card, PageHeader } from "~/components/ui/layout";
import { resolveCompanyChoice } from "~/domain/customers/company-choice.server";
import { DomainError } from "~/domain/errors";
import { linkChoices } from "~/domain/sales/activity-queries.server";
import { createTaskFromNextStep, updateVisitReport, VisitReportConflictError, VisitReportNotFoundError } from "~/domain/sales/visit-report-commands.server";
import { findVisitReportForViewer, getVisitReportView } from "~/domain/sales/visit-report-queries.server";
import { nextStepTaskSchema, visitReportUpdateSchema } from "~/domain/sales/visit-report-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Compte rendu de visite · Comptoir" }];

const EDIT = "modifier";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const report = await getVisitReportView(user, params.reportId ?? "");
  if (!report) throw notFound();
  const editing = report.canChange && new URL(request.url).searchParams.has(EDIT);
  const choices = editing ? await linkChoices(user, report.company.id, { dealId: report.deal?.id }) : null;
  return { report, editing, choices };
}

const intents = ["update", "create-task"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const found = await findVisitReportForViewer(user, params.reportId ?? "", "update");
  if (!found) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  if (!(intents as readonly string[]).includes(intent)) throw data({ reason: "bad_intent" }, { status: 400 });
  const here = `/ventes/comptes-rendus/${found.id}`;
  const refuse = async (fieldErrors: FieldErrors, status = 400, formError: MessageKey | null = null, currentVersion: number | null = null) =>
    data({ intent, fieldErrors, values: submittedValues(form), formError, currentVersion, choices: await linkChoices(user, String(form.get("companyId") ?? "") || null) }, { status });
  try {
    if (intent === "create-task") {
      const parsed = parseForm(form, nextStepTaskSchema);
      if (!parsed.ok) return refuse(parsed.fieldErrors);
      const { created } = await createTaskFromNextStep({ viewer: user, reportId: found.id, stepId: parsed.data.stepId });
      return redirectWithToast(here, { kind: created ? "success" : "info", message: created ? "sales.visit.taskCreated" : "sales.visit.taskExists" });
    }
    const company = await resolveCompanyChoice(form);
    const parsed = parseForm(form, visitReportUpdateSchema);
    if (!parsed.ok || !company.ok) {
      const fieldErrors: FieldErrors = { ...(parsed.ok ? {} : parsed.fieldErrors), ...(company.ok ? {} : { companyId: company.error }) };
      if (fieldErrors.version) return refuse({}, 400, "validation.staleRecord");
      return refuse(fieldErrors);
    }
    await updateVisitReport({ viewer: user, reportId: found.id, form: parsed.data, version: parsed.data.version });
    return redirectWithToast(here, { kind: "success", message: "sales.visit.saved" });
  } catch (error) {
    if (error instanceof VisitReportNotFoundError) throw notFound();
    if (error instanceof VisitReportConflictError) {
      const current = await findVisitReportForViewer(user, found.id, "update");
      return refuse({}, 409, error.code, current?.version ?? null);
    }
    if (error instanceof DomainError) return error.field ? refuse({ [error.field]: error.code }) : refuse({}, 409, error.code);
    throw error;
  }
}

export default function VisitReportPage() {
  const { report, editing, choices } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, format } = useI18n();
  const planning = usePlanningFormat();
  const here = `/ventes/comptes-rendus/${report.id}`;
  const title = t("sales.visit.titleOn", { date: format.date(report.visitedAt) });
  const updateAnswer = answer?.intent === "update" ? { ...answer, formError: answer.formError ? t(answer.formError) : null } : null;
  const taskError = answer?.intent === "create-task" ? (answer.formError ? t(answer.formError) : t("common.formHasErrors")) : null;

  if (editing && choices) {
    return (
      <>
        <PageHeader title={t("sales.visit.edit")} description={`${title} · ${report.company.name}`} />
        <Card className="max-w-3xl">
          <VisitReportForm
            key={updateAnswer?.currentVersion ?? report.version}
            purpose="update"
            version={updateAnswer?.currentVersion ?? report.version}
            values={visitReportValuesAfter(updateAnswer, {
              ...report.form,
              companyId: report.company.id,
              companyName: report.company.name,
              contactId: report.contact?.id ?? "",
              dealId: report.deal?.id ?? "",
              activityId: "",
              attendees: report.attendees,
              objectives: report.objectives,
              discussion: report.discussion,
              outcome: report.outcome,
              ticketIds: report.tickets.map((ticket) => ticket.id),
              nextSteps: report.nextSteps.map((step) => ({ id: step.id, text: step.text, dueDate: step.dueDay ?? "" })),
            })}
            choices={updateAnswer?.choices ?? choices}
            refusal={updateAnswer}
            submitLabel={t("common.save")}
            cancelTo={here}
          />
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={title}
        description={report.company.name}
        actions={
          report.canChange ? (
            <ButtonLink to={`${here}?${EDIT}`} variant="primary" size="sm">
              {t("common.edit")}
            </ButtonLink>
          ) : null
        }
      />
      {taskError ? (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {taskError}
        </p>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-6">
          <Card title={t("sales.visit.report")}>
            <div className="space-y-4 text-sm text-slate-800">
              {report.objectives ? (
                <section>
                  <h2 className="font-semibold text-slate-900">{t("sales.visit.field.objectives")}</h2>
                  <p className="mt-1 whitespace-pre-wrap">{report.objectives}</p>
                </section>
              ) : null}
              {report.discussion ? (
                <section>
                  <h2 className="font-semibold text-slate-900">{t("sales.visit.field.discussion")}</h2>
                  <p className="mt-1 whitespace-pre-wrap">{report.discussion}</p>
                </section>
              ) : null}
              {report.outcome ? (
                <section>
                  <h2 className="font-semibold text-slate-900">{t("sales.visit.field.outcome")}</h2>
                  <p className="mt-1 whitespace-pre-wrap">{report.outcome}</p>
                </section>
              ) : null}
            </div>
          </Card>
          <Card title={t("sales.visit.field.nextSteps")}>
            {report.nextSteps.length === 0 ? (
              <p className="text-sm text-slate-600">{t("sales.visit.noNextSteps")}</p>
            ) : (
              <ol className="divide-y divide-slate-100 text-sm" data-testid="next-steps">
                {report.nextSteps.map((step) => (
                  <li key={step.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{step.text}</p>
                      <p className="text-xs text-slate-500">{step.dueDay ? t("sales.visit.dueOn", { date: planning.day(`${step.dueDay}T12:00:00Z`) }) : t("sales.visit.noDueDate")}</p>
                    </div>
                    {step.task ? (
                      <Link to={`/ventes/activites/${step.task.id}`} className="text-sm font-medium text-brand-700 hover:underline">
                        {step.task.doneAt ? t("sales.visit.taskDone") : t("sales.visit.taskOpen")}
                      </Link>
                    ) : report.canChange ? (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="intent" value="create-task" />
                        <input type="hidden" name="stepId" value={step.id} />
                        <Button type="submit" size="sm" aria-label={t("sales.visit.createTaskFor", { text: step.text })}>
                          {t("sales.visit.createTask")}
                        </Button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>
        <aside className="space-y-6">
          <Card title={t("sales.visit.details")}>
            <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
              <Fact label={t("sales.visit.field.date")}>{`${planning.day(report.visitedAt)}, ${planning.clock(report.visitedAt)}`}</Fact>
              <Fact label={t("sales.visit.author")}>{report.author.name}</Fact>
              <Fact label={t("sales.links.company")}>
                <Link to={`/clients/societes/${report.company.id}`} className="text-brand-700 hover:underline">
                  {report.company.name}
                </Link>
              </Fact>
              {report.contact ? (
                <Fact label={t("sales.links.contact")}>
                  <Link to={`/clients/contacts/${report.contact.id}`} className="text-brand-700 hover:underline">
                    {report.contact.name || t("customers.contacts.unnamed")}
                  </Link>
                </Fact>
              ) : null}
              {report.attendees ? <Fact label={t("sales.visit.field.attendees")}>{report.attendees}</Fact> : null}
              {report.deal ? (
                <Fact label={t("sales.links.deal")}>
                  <Link to={`/ventes/affaires/${report.deal.id}`} className="text-brand-700 hover:underline">
                    {report.deal.title}
                  </Link>
                </Fact>
              ) : null}
              {report.appointment ? (
                <Fact label={t("sales.visit.appointment")}>
                  <Link to={`/ventes/activites/${report.appointment.id}`} className="text-brand-700 hover:underline">
                    {report.appointment.subject}
                  </Link>
                </Fact>
              ) : null}
            </dl>
          </Card>
          <Card title={t("sales.visit.field.tickets")}>
            {report.tickets.length === 0 ? (
              <p className="text-sm text-slate-600">{t("sales.visit.noTicketsDiscussed")}</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {report.tickets.map((ticket) => (
                  <li key={ticket.id} className="flex flex-wrap items-center gap-2">
                    <Link to={`/support/tickets/${ticket.number}`} className="text-brand-700 hover:underline">
                      #{ticket.number} {ticket.subject}
                    </Link>
                    <StatusBadge status={ticket.status} />
                    {ticket.priority === "urgent" || ticket.priority === "high" ? <Badge tone="red">{t(`ticket.priority.${ticket.priority}`)}</Badge> : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </aside>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
