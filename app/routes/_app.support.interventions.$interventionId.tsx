import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import {
  CancelInterventionForm,
  InterventionKindBadge,
  InterventionReportForm,
  InterventionStatusBadge,
  RescheduleInterventionForm,
  usePlanningFormat,
} from "~/components/planning/intervention-forms";
import { Card, PageHeader } from "~/components/ui/layout";
import { buttonClasses } from "~/components/ui/button";
import { getIntervention, listTechnicians } from "~/domain/helpdesk/interventions.server";
import { formatIsoWeek, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { requireUser } from "~/lib/auth.server";
import { notFound } from "~/lib/http.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

export const meta: MetaFunction = () => [{ title: "Intervention · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:ticket");
  const intervention = await getIntervention(params.interventionId ?? "", user);
  if (!intervention) throw notFound();
  const technicians = await listTechnicians();
  const week = formatIsoWeek(toZoned(intervention.startsAt, WORKSPACE_TIME_ZONE).date);
  return { intervention, technicians, agendaUrl: `/support/agenda?semaine=${week}&technicien=${intervention.technician.id}` };
}

export default function InterventionPage() {
  const { intervention, technicians, agendaUrl } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const planning = usePlanningFormat();
  const here = `/support/interventions/${intervention.id}`;
  const ticketNumber = intervention.ticket.number;
  const requester = `${intervention.ticket.requester.firstName} ${intervention.ticket.requester.lastName}`.trim();
  return (
    <>
      <PageHeader
        title={t("planning.intervention.title", { number: ticketNumber })}
        description={planning.slot(intervention.startsAt, intervention.endsAt)}
        actions={
          <>
            <Link to={agendaUrl} className={buttonClasses("secondary", "sm")}>
              {t("planning.agenda.title")}
            </Link>
            <Link to={`/support/tickets/${ticketNumber}`} className={buttonClasses("secondary", "sm")}>
              {t("planning.intervention.openTicket", { number: ticketNumber })}
            </Link>
          </>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[1fr_26rem]">
        <Card title={intervention.ticket.subject}>
          <div className="flex flex-wrap gap-2">
            <InterventionKindBadge kind={intervention.kind} />
            <InterventionStatusBadge status={intervention.status} />
          </div>
          <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="text-slate-500">{t("planning.field.technician")}</dt>
            <dd>{intervention.technician.name}</dd>
            {intervention.ticket.company ? (
              <>
                <dt className="text-slate-500">{t("planning.field.company")}</dt>
                <dd>{intervention.ticket.company.name}</dd>
              </>
            ) : null}
            <dt className="text-slate-500">{t("planning.field.requester")}</dt>
            <dd>
              {requester || "—"}
              {intervention.ticket.requester.phone ? (
                <a href={`tel:${intervention.ticket.requester.phone.replace(/\s/g, "")}`} className="ml-2 text-brand-700 hover:underline">
                  {intervention.ticket.requester.phone}
                </a>
              ) : null}
            </dd>
            {intervention.address ? (
              <>
                <dt className="text-slate-500">{t("planning.field.address")}</dt>
                <dd>
                  {intervention.address}
                  <a
                    href={`https://www.openstreetmap.org/search?query=${encodeURIComponent(intervention.address)}`}
                    target="_blank"
                    rel="noreferrer noopener"
                    className="ml-2 text-brand-700 hover:underline"
                  >
                    {t("planning.intervention.map")}
                  </a>
                </dd>
              </>
            ) : null}
            {intervention.notes ? (
              <>
                <dt className="text-slate-500">{t("planning.field.notes")}</dt>
                <dd className="whitespace-pre-wrap">{intervention.notes}</dd>
              </>
            ) : null}
            {intervention.plannedBy ? (
              <>
                <dt className="text-slate-500">{t("planning.field.plannedBy")}</dt>
                <dd>{intervention.plannedBy.name}</dd>
              </>
            ) : null}
          </dl>
          {intervention.status === "done" && intervention.report ? (
            <section className="mt-6 rounded-md bg-emerald-50 p-4 text-sm text-emerald-950" aria-label={t("planning.report.title")}>
              <h2 className="font-semibold">
                {t("planning.report.title")}
                {intervention.reportedAt ? <span className="font-normal text-emerald-800"> · {format.dateTime(intervention.reportedAt)}</span> : null}
              </h2>
              <p className="mt-2 whitespace-pre-wrap">{intervention.report}</p>
            </section>
          ) : null}
        </Card>
        {intervention.status === "planned" ? (
          <div className="space-y-6">
            <Card title={t("planning.report.title")}>
              <InterventionReportForm ticketNumber={ticketNumber} interventionId={intervention.id} redirectTo={here} />
            </Card>
            <Card title={t("planning.reschedule.title")}>
              <RescheduleInterventionForm
                key={`${String(intervention.startsAt)}-${intervention.technician.id}`}
                ticketNumber={ticketNumber}
                intervention={intervention}
                technicians={technicians}
                redirectTo={here}
              />
            </Card>
            <Card title={t("planning.cancel.title")}>
              <CancelInterventionForm ticketNumber={ticketNumber} interventionId={intervention.id} redirectTo={here} />
            </Card>
          </div>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
