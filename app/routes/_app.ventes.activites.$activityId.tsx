import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ServicePanel } from "~/components/sales/service-panel";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ActivityConflict } from "~/components/sales/activity-conflict";
import { ActivityForm, activityValuesAfter } from "~/components/sales/activity-form";
import { ActivityKindBadge, useActivityWhen, useLateness } from "~/components/sales/activity-parts";
import { Fact } from "~/components/sales/link-fields";
import { Button, ButtonLink } from "~/components/ui/button";
import { Badge, Card, PageHeader } from "~/components/ui/layout";
import { resolveCompanyChoice } from "~/domain/customers/company-choice.server";
import { DomainError } from "~/domain/errors";
import { accessFor } from "~/domain/identity/permissions";
import { markActivityNotificationsRead } from "~/domain/notifications/notifications.server";
import { ActivityConflictError, ActivityNotFoundError, deleteActivity, setActivityDone, updateActivity } from "~/domain/sales/activity-commands.server";
import { currentActivityForm, findActivityForViewer, getActivityView, linkChoices } from "~/domain/sales/activity-queries.server";
import { activityDeleteSchema, activityDoneSchema, activityUpdateSchema } from "~/domain/sales/activity-schemas";
import { salesOwners } from "~/domain/sales/sales-links.server";
import { reportOfAppointment } from "~/domain/sales/visit-report-queries.server";
import { loadServiceHistory } from "~/domain/sales/service-history.server";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.activity.subject ?? "Activité"} · Comptoir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:deal");
  const activity = await getActivityView(user, params.activityId ?? "");
  if (!activity) throw notFound();
  const [choices, owners, reportId, service] = await Promise.all([
    activity.canChange ? linkChoices(user, activity.company?.id ?? null, { dealId: activity.deal?.id, ticketId: activity.ticket?.id }) : null,
    activity.canChange && accessFor(user, "update:deal") === "any" ? salesOwners() : null,
    activity.kind === "appointment" ? reportOfAppointment(user, activity.id) : null,
    // Before an appointment: what the customer is living with on the support side.
    activity.kind === "appointment" && activity.company ? loadServiceHistory(user, activity.company.id) : null,
  ]);
  // Opening the activity reads its reminders in the bell.
  if (activity.owner.id === user.id) await markActivityNotificationsRead(user.id, activity.id);
  return { activity, choices, owners, reportId, service, agendaUrl: `/ventes/agenda?vue=semaine&date=${activity.form.date}` };
}

const intents = ["update", "done", "delete"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:deal");
  const found = await findActivityForViewer(user, params.activityId ?? "", "update");
  if (!found) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  if (!(intents as readonly string[]).includes(intent)) throw data({ reason: "bad_intent" }, { status: 400 });
  const here = `/ventes/activites/${found.id}`;
  const refuse = async (fieldErrors: FieldErrors, status = 400, formError: MessageKey | null = null) =>
    data(
      { intent, fieldErrors, values: submittedValues(form), formError, conflict: null, choices: intent === "update" ? await linkChoices(user, String(form.get("companyId") ?? "") || null) : null },
      { status },
    );
  try {
    if (intent === "update") {
      const company = await resolveCompanyChoice(form);
      const parsed = parseForm(form, activityUpdateSchema);
      if (!parsed.ok || !company.ok) {
        const fieldErrors: FieldErrors = { ...(parsed.ok ? {} : parsed.fieldErrors), ...(company.ok ? {} : { companyId: company.error }) };
        if (fieldErrors.version) return refuse({}, 400, "validation.staleRecord");
        return refuse(fieldErrors);
      }
      await updateActivity({ viewer: user, activityId: found.id, form: parsed.data, version: parsed.data.version });
      return redirectWithToast(here, { kind: "success", message: "sales.activity.saved" });
    }
    if (intent === "done") {
      const parsed = parseForm(form, activityDoneSchema);
      if (!parsed.ok) return refuse({}, 400, "validation.staleRecord");
      const { changed } = await setActivityDone({ viewer: user, activityId: found.id, done: parsed.data.done, version: parsed.data.version });
      return redirectWithToast(here, { kind: changed ? "success" : "info", message: parsed.data.done ? "sales.activity.markedDone" : "sales.activity.reopened" });
    }
    const parsed = parseForm(form, activityDeleteSchema);
    if (!parsed.ok) return refuse({}, 400, "validation.staleRecord");
    await deleteActivity({ viewer: user, activityId: found.id, version: parsed.data.version });
    return redirectWithToast("/ventes/agenda", { kind: "success", message: "sales.activity.deleted" });
  } catch (error) {
    if (error instanceof ActivityNotFoundError) throw notFound();
    if (error instanceof ActivityConflictError) {
      const current = await currentActivityForm(found.id);
      if (!current) throw notFound();
      return data(
        { intent, fieldErrors: {}, values: submittedValues(form), formError: null, conflict: current, choices: intent === "update" ? await linkChoices(user, String(form.get("companyId") ?? "") || null) : null },
        { status: 409 },
      );
    }
    if (error instanceof DomainError) return error.field ? refuse({ [error.field]: error.code }) : refuse({}, 409, error.code);
    throw error;
  }
}

export default function ActivityPage() {
  const { activity, choices, owners, reportId, service, agendaUrl } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, format } = useI18n();
  const when = useActivityWhen();
  const lateness = useLateness();
  const appointment = activity.kind === "appointment";
  const updateAnswer = answer?.intent === "update" ? answer : null;
  const otherError = answer && answer.intent !== "update" ? (answer.conflict ? t("sales.activity.conflict") : answer.formError ? t(answer.formError) : null) : null;
  const editVersion = updateAnswer?.conflict?.version ?? activity.version;
  return (
    <>
      <PageHeader
        title={activity.subject}
        description={when({ ...activity, allDay: activity.form.time === "" })}
        actions={
          <>
            <ButtonLink to={agendaUrl} size="sm">
              {t("sales.activity.seeInAgenda")}
            </ButtonLink>
            {appointment ? (
              reportId ? (
                <ButtonLink to={`/ventes/comptes-rendus/${reportId}`} size="sm" variant="primary">
                  {t("sales.visit.open")}
                </ButtonLink>
              ) : activity.canChange ? (
                <ButtonLink to={`/ventes/comptes-rendus/nouveau?activityId=${activity.id}`} size="sm" variant="primary">
                  {t("sales.visit.write")}
                </ButtonLink>
              ) : null
            ) : null}
          </>
        }
      />
      {otherError ? (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {otherError}
        </p>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="min-w-0 space-y-6">
          <Card title={t("sales.activity.details")}>
            <div className="mb-4 flex flex-wrap items-center gap-2">
              <ActivityKindBadge kind={activity.kind} />
              {activity.doneAt ? (
                <Badge tone="green">{t("sales.activity.doneOn", { date: format.dateTime(activity.doneAt) })}</Badge>
              ) : (
                <Badge tone="slate">{t(appointment ? "sales.activity.planned" : "sales.activity.todo")}</Badge>
              )}
              {activity.late !== null ? <Badge tone="red">{t("sales.agenda.lateBy", { duration: lateness(activity.late) })}</Badge> : null}
              {appointment && activity.mode ? <Badge tone={activity.mode === "remote" ? "violet" : "amber"}>{t(`sales.activity.mode.${activity.mode === "remote" ? "remote" : "onsite"}`)}</Badge> : null}
            </div>
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
              <Fact label={t(appointment ? "sales.activity.slot" : activity.kind === "task" ? "sales.activity.field.dueDay" : "sales.activity.field.date")}>{when({ ...activity, allDay: activity.form.time === "" })}</Fact>
              {appointment && activity.location ? (
                <Fact label={t("sales.activity.field.location")}>
                  {activity.location}
                  {activity.mode !== "remote" ? (
                    <a
                      href={`https://www.openstreetmap.org/search?query=${encodeURIComponent(activity.location)}`}
                      target="_blank"
                      rel="noreferrer noopener"
                      className="ml-2 text-brand-700 hover:underline"
                    >
                      {t("sales.activity.map")}
                    </a>
                  ) : null}
                </Fact>
              ) : null}
              <Fact label={t("sales.activity.field.owner")}>{activity.owner.name}</Fact>
              {activity.company ? (
                <Fact label={t("sales.links.company")}>
                  <Link to={`/clients/societes/${activity.company.id}`} className="text-brand-700 hover:underline">
                    {activity.company.name}
                  </Link>
                  {activity.company.phone ? (
                    <a href={`tel:${activity.company.phone.replace(/[^+\d]/g, "")}`} className="ml-2 text-brand-700 hover:underline">
                      {activity.company.phone}
                    </a>
                  ) : null}
                </Fact>
              ) : null}
              {activity.contact ? (
                <Fact label={t("sales.links.contact")}>
                  <Link to={`/clients/contacts/${activity.contact.id}`} className="text-brand-700 hover:underline">
                    {activity.contact.name || t("customers.contacts.unnamed")}
                  </Link>
                  {activity.contact.jobTitle ? <span className="text-slate-500"> · {activity.contact.jobTitle}</span> : null}
                  {activity.contact.phone ? (
                    <a href={`tel:${activity.contact.phone.replace(/[^+\d]/g, "")}`} className="ml-2 text-brand-700 hover:underline">
                      {activity.contact.phone}
                    </a>
                  ) : null}
                </Fact>
              ) : null}
              {activity.deal ? (
                <Fact label={t("sales.links.deal")}>
                  <Link to={`/ventes/affaires/${activity.deal.id}`} className="text-brand-700 hover:underline">
                    {activity.deal.title}
                  </Link>
                </Fact>
              ) : null}
              {activity.ticket ? (
                <Fact label={t("sales.links.ticket")}>
                  <Link to={`/support/tickets/${activity.ticket.number}`} className="text-brand-700 hover:underline">
                    #{activity.ticket.number} {activity.ticket.subject}
                  </Link>
                </Fact>
              ) : null}
              {activity.contract ? (
                <Fact label={t("sales.activity.contract")}>
                  <Link to={`/ventes/contrats/${activity.contract.id}`} className="text-brand-700 hover:underline">
                    {activity.contract.title}
                  </Link>
                </Fact>
              ) : null}
              {activity.fromReport ? (
                <Fact label={t("sales.activity.fromReport")}>
                  <Link to={`/ventes/comptes-rendus/${activity.fromReport.id}`} className="text-brand-700 hover:underline">
                    {t("sales.visit.titleOn", { date: format.date(activity.fromReport.visitedAt) })}
                  </Link>
                </Fact>
              ) : null}
              {activity.notes ? (
                <Fact label={t("sales.activity.field.notes")}>
                  <span className="whitespace-pre-wrap">{activity.notes}</span>
                </Fact>
              ) : null}
            </dl>
            <p className="mt-4 text-xs text-slate-500">{t("sales.activity.createdOn", { date: format.dateTime(activity.createdAt) })}</p>
          </Card>
          {activity.canChange && choices ? (
            <Card title={t("sales.activity.edit")}>
              {updateAnswer?.conflict ? <ActivityConflict current={updateAnswer.conflict} typed={updateAnswer.values} /> : null}
              <ActivityForm
                key={editVersion}
                purpose="update"
                version={editVersion}
                values={activityValuesAfter(updateAnswer ? { ...updateAnswer, formError: updateAnswer.formError ? t(updateAnswer.formError) : null } : null, {
                  kind: activity.kind,
                  subject: activity.subject,
                  notes: activity.notes,
                  ownerId: activity.owner.id,
                  ...activity.form,
                  mode: activity.mode ?? "",
                  location: activity.location,
                  companyId: activity.company?.id ?? "",
                  companyName: activity.company?.name ?? "",
                  contactId: activity.contact?.id ?? "",
                  dealId: activity.deal?.id ?? "",
                  ticketId: activity.ticket?.id ?? "",
                  done: Boolean(activity.doneAt),
                })}
                owners={owners}
                choices={updateAnswer?.choices ?? choices}
                refusal={updateAnswer && !updateAnswer.conflict ? { ...updateAnswer, formError: updateAnswer.formError ? t(updateAnswer.formError) : null } : null}
                submitLabel={t("common.save")}
                cancelTo={`/ventes/activites/${activity.id}`}
              />
            </Card>
          ) : null}
        </div>

        <aside className="space-y-6" aria-label={t("sales.activity.actions")}>
          {activity.canChange ? (
            <Card title={activity.doneAt ? t("sales.activity.doneTitle") : t(appointment ? "sales.activity.markHeldTitle" : "sales.activity.markDoneTitle")}>
              <Form method="post" className="flex flex-wrap items-center gap-3">
                <CsrfField />
                <input type="hidden" name="intent" value="done" />
                <input type="hidden" name="version" value={activity.version} />
                <input type="hidden" name="done" value={activity.doneAt ? "false" : "true"} />
                <Button type="submit" variant={activity.doneAt ? "secondary" : "primary"}>
                  {activity.doneAt ? t("sales.activity.reopen") : t(appointment ? "sales.activity.markHeld" : "sales.activity.markDone")}
                </Button>
              </Form>
            </Card>
          ) : null}
          {service ? <ServicePanel service={service} /> : null}
          {activity.canChange ? (
            <Card title={t("sales.activity.deleteTitle")}>
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!window.confirm(t("sales.activity.deleteConfirm"))) event.preventDefault();
                }}
              >
                <CsrfField />
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="version" value={activity.version} />
                <p className="mb-3 text-sm text-slate-600">{t(appointment ? "sales.activity.deleteHintAppointment" : "sales.activity.deleteHint")}</p>
                <Button type="submit" variant="danger">
                  {t("sales.activity.delete")}
                </Button>
              </Form>
            </Card>
          ) : null}
        </aside>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
