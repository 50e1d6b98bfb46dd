/**
 * The dashboard's sales and loyalty sections on the large dataset (200,000 deals, 100,000 quotes,
 * 27,519 orders, 5,068 contracts, 1,000,000 tickets): each section for a quarter as the manager
 * and as a rep, both together (their share of the manager's dashboard, target well under 120 ms
 * p95 for the whole page's 300 ms), and the first page of each drill-down (target 100 ms p95),
 * against the raw SQL of the same statements. Part "reporting-sales" of bench/large-data.bench.ts.
 */
import { reportContext } from "~/domain/reporting/dashboard.server";
import { DRILL_DOWN_PAGE_SIZE } from "~/domain/reporting/report-drill-down";
import { reportDrillDowns } from "~/domain/reporting/report-drill-downs.server";
import { periodContaining } from "~/domain/reporting/report-period";
import type { ReportViewer } from "~/domain/reporting/report-section";
import { loyaltySection } from "~/domain/reporting/sections/loyalty.server";
import { salesSection } from "~/domain/reporting/sections/sales.server";
import { toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

type Versus = (title: string, task: () => Promise<unknown>) => Promise<unknown>;

export async function benchReportingSales(options: { versusRawSql: Versus; manager: ReportViewer & { name: string }; sales: ReportViewer & { name: string } }) {
  const { versusRawSql, manager, sales } = options;
  const now = new Date();
  const quarter = periodContaining("quarter", toZoned(now, WORKSPACE_TIME_ZONE).date);
  const year = periodContaining("year", toZoned(now, WORKSPACE_TIME_ZONE).date);
  console.log(`\n## Dashboard, sales and loyalty sections (this quarter; ${manager.name}, manager; ${sales.name}, rep)`);
  const asManager = reportContext(manager, quarter, now);
  const asRep = reportContext(sales, quarter, now);
  await versusRawSql("Dashboard: sales section, manager, quarter", () => salesSection.load(asManager));
  await versusRawSql("Dashboard: loyalty section, manager, quarter", () => loyaltySection.load(asManager));
  await versusRawSql("Dashboard: sales + loyalty, manager, quarter", () => Promise.all([salesSection.load(asManager), loyaltySection.load(asManager)]));
  await versusRawSql("Dashboard: sales + loyalty, manager, year", () => Promise.all([salesSection.load(reportContext(manager, year, now)), loyaltySection.load(reportContext(manager, year, now))]));
  await versusRawSql("Dashboard: sales + loyalty, rep, quarter", () => Promise.all([salesSection.load(asRep), loyaltySection.load(asRep)]));
  for (const id of ["sales.orders", "sales.openDeals", "sales.dealsWon", "sales.quotesSent", "sales.agendaLoad", "loyalty.contractsLost", "loyalty.contractsAtStart", "loyalty.lostCustomers", "loyalty.activeCustomers", "loyalty.criticalCustomers"]) {
    const drillDown = reportDrillDowns.get(id)!;
    await versusRawSql(`Drill-down ${id}, manager, first page`, () => drillDown.list(asManager, { offset: 0, limit: DRILL_DOWN_PAGE_SIZE }));
  }
}
