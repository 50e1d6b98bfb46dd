import { Link } from "@remix-run/react";
import type { TicketVisitReport } from "~/domain/sales/visit-report-queries.server";
import { useI18n } from "../i18n";
import { Card } from "../ui/layout";

/**
 * On a ticket: the sales visit reports where it was discussed, so support sees what the customer
 * told the rep (read-only for support). Nothing shows for people who read no sales records, or
 * when no report mentions the ticket.
 */
export function TicketVisitReports({ reports }: { reports: TicketVisitReport[] | null }) {
  const { t, format } = useI18n();
  if (!reports || reports.length === 0) return null;
  return (
    <Card title={t("sales.visit.onTicket")}>
      <ul className="divide-y divide-slate-100 text-sm" data-testid="ticket-visit-reports">
        {reports.map((report) => (
          <li key={report.id} className="py-2 first:pt-0 last:pb-0">
            <Link to={`/ventes/comptes-rendus/${report.id}`} className="font-medium text-brand-700 hover:underline">
              {t("sales.visit.titleOn", { date: format.date(report.visitedAt) })}
            </Link>
            <p className="text-xs text-slate-500">{[report.company, report.author].join(" · ")}</p>
            {report.objectives ? <p className="mt-1 line-clamp-2 text-slate-700">{report.objectives}</p> : null}
            {report.outcome ? <p className="mt-1 line-clamp-2 text-slate-600">{report.outcome}</p> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
