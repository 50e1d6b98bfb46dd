import { db } from "~/lib/db.server";
import type { DrillDown } from "../report-drill-down";
import type { ReportContext, ReportSection, SectionData } from "../report-section";
import { listAgendaLoad, loadAgendaLoad } from "./sales-agenda.server";
import { listClosedDeals, loadClosings } from "./sales-closings.server";
import { listOrdersTaken, loadOrderIntake } from "./sales-orders.server";
import { listOpenDeals, loadForecastByMonth, loadPipeline } from "./sales-pipeline.server";
import { listQuotes, loadQuotes } from "./sales-quotes.server";
import { salesOwnerFilter, seesSalesFigures } from "./sales-scope";

/**
 * The "Ventes" section: order intake and orders, deals won and lost with the win rate and the
 * average cycle, quotes sent and accepted, the agenda load, the pipeline now and the weighted
 * forecast by month; top customers by orders. Definitions in docs/reporting.md "## Ventes".
 * A rep's figures are their own records; a manager's or admin's everyone's.
 */
export const salesSection: ReportSection = {
  id: "sales",
  shownTo: seesSalesFigures,
  async load(context: ReportContext): Promise<SectionData | null> {
    const owner = salesOwnerFilter(context.viewer);
    if (!owner || !(await workspaceHasSales())) return null;
    const [intake, closings, quotes, agenda, pipeline, forecast] = await Promise.all([
      loadOrderIntake(context, owner),
      loadClosings(context, owner),
      loadQuotes(context, owner),
      // A rep's own plate this week; the team's agenda is not a manager's figure.
      owner.ownerId ? loadAgendaLoad(context, owner) : null,
      loadPipeline(owner),
      loadForecastByMonth(context, context.viewer, owner),
    ]);
    return {
      id: "sales",
      title: "reporting.sales.title",
      figures: [...intake.figures, ...closings, ...quotes, ...(agenda ? [agenda] : []), ...pipeline.figures],
      charts: [intake.chart, ...(forecast ? [forecast] : []), pipeline.chart],
      tables: [intake.topCustomers, pipeline.table],
    };
  },
};

function salesDrillDown(id: string, list: (context: ReportContext, owner: { ownerId?: string }, page: { offset: number; limit: number | null }) => ReturnType<DrillDown["list"]>): DrillDown {
  return {
    id,
    shownTo: seesSalesFigures,
    async list(context, page) {
      const owner = salesOwnerFilter(context.viewer);
      if (!owner) return { title: "reporting.sales.title", columns: [], rows: [], total: 0 };
      return list(context, owner, page);
    },
  };
}

/** A workspace that has never had a deal, a quote or an order shows no sales section (zeros would look like facts). */
async function workspaceHasSales(): Promise<boolean> {
  const [deal, quote] = await Promise.all([db().deal.findFirst({ select: { id: true } }), db().quote.findFirst({ select: { id: true } })]);
  return deal !== null || quote !== null;
}

/** Each sales figure's records (the same list behind a count and the amount it sums). */
export const salesDrillDowns: DrillDown[] = [
  salesDrillDown("sales.orderIntake", listOrdersTaken),
  salesDrillDown("sales.orders", listOrdersTaken),
  salesDrillDown("sales.dealsWon", (context, owner, page) => listClosedDeals(context, owner, ["won"], page)),
  salesDrillDown("sales.dealsLost", (context, owner, page) => listClosedDeals(context, owner, ["lost"], page)),
  salesDrillDown("sales.winRate", (context, owner, page) => listClosedDeals(context, owner, ["won", "lost"], page)),
  salesDrillDown("sales.quotesSent", (context, owner, page) => listQuotes(context, owner, "sent", page)),
  salesDrillDown("sales.quotesAccepted", (context, owner, page) => listQuotes(context, owner, "accepted", page)),
  salesDrillDown("sales.agendaLoad", listAgendaLoad),
  salesDrillDown("sales.openDeals", (_context, owner, page) => listOpenDeals(owner, page)),
  salesDrillDown("sales.pipelineAmount", (_context, owner, page) => listOpenDeals(owner, page)),
  salesDrillDown("sales.pipelineWeighted", (_context, owner, page) => listOpenDeals(owner, page)),
];
