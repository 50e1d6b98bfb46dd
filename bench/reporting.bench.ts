/**
 * The dashboard on the large dataset (issue 12): the whole manager's dashboard for a quarter, the service section for a quarter as the
 * manager and as a restricted technician, and the first page of each service drill-down, each as
 * server time of the domain call against the raw SQL of the same statements (replayed with
 * better-sqlite3). Targets: the quarter under 300 ms p95, each list page under 100 ms p95.
 *
 * Run from bench/large-data.bench.ts (part "reporting"): `LARGE_BENCH_PARTS=reporting node
 * --import tsx bench/large-data.bench.ts` with DATABASE_URL=file:data/large.db and
 * SLOW_QUERY_MS=3600000 runs it alone.
 */
import { loadDashboard, reportContext } from "~/domain/reporting/dashboard.server";
import { DRILL_DOWN_PAGE_SIZE } from "~/domain/reporting/report-drill-down";
import { reportDrillDowns } from "~/domain/reporting/report-drill-downs.server";
import { periodContaining } from "~/domain/reporting/report-period";
import type { ReportViewer } from "~/domain/reporting/report-section";
import { serviceSection } from "~/domain/reporting/sections/service-section.server";
import { toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

type VersusRawSql = (title: string, task: () => Promise<unknown>) => Promise<{ subject: { p95: number } }>;

export async function benchReporting(versusRawSql: VersusRawSql, viewers: { manager: ReportViewer; restricted: ReportViewer }, now = new Date()) {
  const quarter = periodContaining("quarter", toZoned(now, WORKSPACE_TIME_ZONE).date);
  const managerQuarter = reportContext(viewers.manager, quarter, now);
  const restrictedQuarter = reportContext(viewers.restricted, quarter, now);
  console.log(`\n## Dashboard, service section: this quarter (${quarter.first.year}-${quarter.first.month} to ${quarter.last.year}-${quarter.last.month}) with the previous one and a year earlier`);
  const results: Array<[string, number, number]> = [];
  const run = async (title: string, target: number, task: () => Promise<unknown>) => {
    const result = await versusRawSql(title, task);
    results.push([title, result.subject.p95, target]);
  };
  // The target is the whole page's data: every section the manager sees (service, sales, loyalty).
  await run("Whole dashboard, quarter (manager)", 300, () => loadDashboard(managerQuarter));
  await run("Dashboard service section, quarter (manager)", 300, () => serviceSection.load(managerQuarter));
  await run("Dashboard service section, quarter (restricted)", 300, () => serviceSection.load(restrictedQuarter));
  for (const id of ["service.created", "service.solved", "service.backlog", "service.waiting", "service.sla-breached", "service.bad-ratings", "service.interventions"]) {
    const drillDown = reportDrillDowns.get(id)!;
    await run(`Drill-down ${id}, page 1 (manager)`, 100, () => drillDown.list(managerQuarter, { offset: 0, limit: DRILL_DOWN_PAGE_SIZE }));
  }
  await run("Drill-down service.created, page 1 (restricted)", 100, () => reportDrillDowns.get("service.created")!.list(restrictedQuarter, { offset: 0, limit: DRILL_DOWN_PAGE_SIZE }));
  await run("Drill-down service.created, page 40 (manager)", 100, () => reportDrillDowns.get("service.created")!.list(managerQuarter, { offset: 39 * DRILL_DOWN_PAGE_SIZE, limit: DRILL_DOWN_PAGE_SIZE }));
  console.log("\n  against the targets (p95):");
  for (const [title, p95, target] of results) console.log(`    ${title.padEnd(52)} ${p95.toFixed(1).padStart(8)} ms  ${p95 <= target ? "under" : "OVER"} ${target} ms`);
}
