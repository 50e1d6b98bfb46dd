/**
 * The interventions of a ticket, on its page: what is planned or done (with the report), and the
 * forms to plan one, move it, cancel it or write its report. Data: `loadInterventionsPanel(ticketId)`
 * (app/domain/helpdesk/interventions.server.ts) in the page's loader.
 */
import { Link } from "@remix-run/react";
import { useI18n } from "../i18n";
import { Card } from "../ui/layout";
import {
  CancelInterventionForm,
  type DateLike,
  InterventionKindBadge,
  InterventionReportForm,
  InterventionStatusBadge,
  PlanInterventionForm,
  RescheduleInterventionForm,
  type Technician,
  usePlanningFormat,
} from "./intervention-forms";

export type InterventionsPanelProps = {
  ticketNumber: number;
  panel: {
    interventions: Array<{
      id: string;
      kind: string;
      status: string;
      startsAt: DateLike;
      endsAt: DateLike;
      address: string;
      notes: string;
      report: string | null;
      reportedAt: DateLike | null;
      technician: Technician;
      plannedBy: { name: string } | null;
    }>;
    technicians: Technician[];
    defaultAddress: string;
    canPlan: boolean;
    today: string;
  };
  /** Where forms come back to after saving; defaults to the ticket page. */
  redirectTo?: string;
};

function Disclosure({ summary, children, defaultOpen = false }: { summary: string; children: React.ReactNode; defaultOpen?: boolean }) {
  return (
    <details className="group rounded-md border border-slate-200 bg-slate-50/60" open={defaultOpen}>
      <summary className="cursor-pointer select-none rounded-md px-3 py-2 text-sm font-medium text-brand-700 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600">
        {summary}
      </summary>
      <div className="border-t border-slate-200 bg-white p-3">{children}</div>
    </details>
  );
}

export function InterventionsPanel({ ticketNumber, panel, redirectTo }: InterventionsPanelProps) {
  const { t, format } = useI18n();
  const planning = usePlanningFormat();
  const upcoming = panel.interventions.filter((intervention) => intervention.status === "planned").length;
  return (
    <Card
      title={t("planning.panel.title")}
      actions={
        <Link to="/support/agenda" className="text-sm font-medium text-brand-700 hover:underline">
          {t("planning.agenda.title")}
        </Link>
      }
    >
      <div className="space-y-4" data-testid="interventions-panel">
        {panel.interventions.length === 0 ? (
          <p className="text-sm text-slate-600">{t("planning.panel.empty")}</p>
        ) : (
          <ul className="space-y-3" aria-label={t("planning.panel.list", { count: upcoming })}>
            {panel.interventions.map((intervention) => (
              // Keyed by what can change, so a saved form closes and shows the new values.
              <li key={`${intervention.id}-${String(intervention.startsAt)}-${intervention.technician.id}-${intervention.status}`} className="rounded-md border border-slate-200 p-3" aria-label={planning.slot(intervention.startsAt, intervention.endsAt)}>
                <div className="flex flex-wrap items-center gap-2">
                  <InterventionKindBadge kind={intervention.kind} />
                  <InterventionStatusBadge status={intervention.status} />
                  <Link to={`/support/interventions/${intervention.id}`} className="text-sm font-medium text-slate-900 hover:underline">
                    {planning.slot(intervention.startsAt, intervention.endsAt)}
                  </Link>
                </div>
                <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                  <dt className="text-slate-500">{t("planning.field.technician")}</dt>
                  <dd className="text-slate-800">{intervention.technician.name}</dd>
                  {intervention.address ? (
                    <>
                      <dt className="text-slate-500">{t("planning.field.address")}</dt>
                      <dd className="text-slate-800">{intervention.address}</dd>
                    </>
                  ) : null}
                  {intervention.notes ? (
                    <>
                      <dt className="text-slate-500">{t("planning.field.notes")}</dt>
                      <dd className="whitespace-pre-wrap text-slate-800">{intervention.notes}</dd>
                    </>
                  ) : null}
                  {intervention.plannedBy ? (
                    <>
                      <dt className="text-slate-500">{t("planning.field.plannedBy")}</dt>
                      <dd className="text-slate-800">{intervention.plannedBy.name}</dd>
                    </>
                  ) : null}
                </dl>
                {intervention.status === "done" && intervention.report ? (
                  <div className="mt-3 rounded-md bg-emerald-50 p-3 text-sm text-emerald-950">
                    <p className="font-medium">
                      {t("planning.report.title")}
                      {intervention.reportedAt ? <span className="font-normal text-emerald-800"> · {format.dateTime(intervention.reportedAt)}</span> : null}
                    </p>
                    <p className="mt-1 whitespace-pre-wrap">{intervention.report}</p>
                  </div>
                ) : null}
                {intervention.status === "planned" ? (
                  <div className="mt-3 space-y-2">
                    <Disclosure summary={t("planning.report.open")}>
                      <InterventionReportForm ticketNumber={ticketNumber} interventionId={intervention.id} redirectTo={redirectTo} />
                    </Disclosure>
                    <Disclosure summary={t("planning.reschedule.title")}>
                      <RescheduleInterventionForm ticketNumber={ticketNumber} intervention={intervention} technicians={panel.technicians} redirectTo={redirectTo} />
                    </Disclosure>
                    <Disclosure summary={t("planning.cancel.title")}>
                      <CancelInterventionForm ticketNumber={ticketNumber} interventionId={intervention.id} redirectTo={redirectTo} />
                    </Disclosure>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {panel.canPlan ? (
          // A new intervention in the list remounts the form: closed and empty for the next one.
          <Disclosure key={panel.interventions.length} summary={t("planning.plan.title")}>
            <PlanInterventionForm ticketNumber={ticketNumber} technicians={panel.technicians} defaultAddress={panel.defaultAddress} today={panel.today} redirectTo={redirectTo} />
          </Disclosure>
        ) : null}
      </div>
    </Card>
  );
}
