import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PriorityBadge, StatusBadge } from "~/components/helpdesk/ticket-badges";
import { useI18n } from "~/components/i18n";
import { Card, PageHeader, Stat } from "~/components/ui/layout";
import { serviceKpis } from "~/domain/reporting/service-kpis.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Tableau de bord · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:report");
  return serviceKpis(user);
}

function Bars<Row extends { count: number }>({ rows, label }: { rows: Row[]; label: (row: Row) => React.ReactNode }) {
  const { format } = useI18n();
  const max = Math.max(1, ...rows.map((row) => row.count));
  return (
    <ul className="space-y-2">
      {rows.map((row, index) => (
        <li key={index} className="grid grid-cols-[10rem_1fr_3rem] items-center gap-3 text-sm">
          <span>{label(row)}</span>
          <span className="h-2 rounded bg-slate-100" aria-hidden="true">
            <span className="block h-2 rounded bg-brand-500" style={{ width: `${(row.count / max) * 100}%` }} />
          </span>
          <span className="text-right tabular-nums">{format.number(row.count)}</span>
        </li>
      ))}
    </ul>
  );
}

export default function DashboardPage() {
  const kpis = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t("dashboard.title")} />
      <div className="mb-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat label={t("dashboard.waitingNow")} value={format.number(kpis.waiting)} tone={kpis.waiting > 0 ? "warning" : "default"} />
        <Stat label={t("dashboard.openBacklog")} value={format.number(kpis.backlog)} />
        <Stat label={t("dashboard.createdToday")} value={format.number(kpis.createdToday)} />
        <Stat label={t("dashboard.solvedThisWeek")} value={format.number(kpis.solvedThisWeek)} />
      </div>
      {kpis.longestWaitSince ? (
        <p className="mb-6 text-sm text-slate-700">
          {t("dashboard.longestWait")} : <strong>{format.relative(kpis.longestWaitSince)}</strong>
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t("dashboard.byStatus")}>
          <Bars rows={kpis.byStatus} label={(row) => <StatusBadge status={row.status} />} />
        </Card>
        <Card title={t("dashboard.byPriority")}>
          <Bars rows={kpis.byPriority} label={(row) => <PriorityBadge priority={row.priority} />} />
        </Card>
      </div>
    </>
  );
}
