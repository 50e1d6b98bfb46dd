import type { Prisma } from "~/generated/prisma/client";
import { loadForecast } from "~/domain/sales/forecast.server";
import { db } from "~/lib/db.server";
import type { ChartData, Figure, ReportContext, TableData } from "../report-section";
import type { DrillDownPage } from "../report-drill-down";

/**
 * The pipeline as it stands now (whatever the period): open deals per stage, their amount and
 * their amount weighted by the stage's probability; and the weighted forecast by expected-close
 * month, which is the forecast page's own computation (app/domain/sales/forecast.server.ts).
 */

type Owner = { ownerId?: string };

/** Open stages in the pipeline's order. */
async function openStages() {
  return db().pipelineStage.findMany({ where: { kind: "open" }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, name: true, probability: true } });
}

export type Pipeline = { figures: Figure[]; chart: ChartData; table: TableData };

/** Σ amount × probability (percent) in hundredths of a cent, rounded to the cent once. */
const weighted = (exact: number) => Math.round(exact / 100);

export async function loadPipeline(owner: Owner): Promise<Pipeline> {
  const stages = await openStages();
  const tallies = await db().deal.groupBy({
    by: ["stageId"],
    where: { ...owner, stageId: { in: stages.map((stage) => stage.id) } },
    _count: { _all: true },
    _sum: { amountCents: true },
  });
  const byStage = new Map(tallies.map((row) => [row.stageId, { count: row._count._all, cents: row._sum.amountCents ?? 0 }]));
  const rows = stages.map((stage) => {
    const tally = byStage.get(stage.id) ?? { count: 0, cents: 0 };
    return { stage, count: tally.count, cents: tally.cents, weightedExact: tally.cents * stage.probability };
  });
  const total = rows.reduce((sum, row) => ({ count: sum.count + row.count, cents: sum.cents + row.cents, weightedExact: sum.weightedExact + row.weightedExact }), { count: 0, cents: 0, weightedExact: 0 });
  const now = (id: string, label: Figure["label"], hint: Figure["hint"], format: Figure["format"], value: number): Figure => ({ id, label, hint, format, value, previous: null, lastYear: null, trend: "neutral", drillDown: true });
  return {
    figures: [
      now("sales.openDeals", "reporting.sales.openDeals", "reporting.sales.openDeals.hint", "count", total.count),
      now("sales.pipelineAmount", "reporting.sales.pipelineAmount", "reporting.sales.pipelineAmount.hint", "cents", total.cents),
      now("sales.pipelineWeighted", "reporting.sales.pipelineWeighted", "reporting.sales.pipelineWeighted.hint", "cents", weighted(total.weightedExact)),
    ],
    chart: {
      id: "sales.pipelineByStage",
      title: "reporting.sales.pipelineByStage",
      kind: "bar",
      x: { kind: "label", label: "reporting.sales.column.stage" },
      series: [
        { key: "amount", label: "reporting.sales.series.amount", format: "cents" },
        { key: "weighted", label: "reporting.sales.series.weighted", format: "cents" },
      ],
      rows: rows.map((row) => ({ x: row.stage.name, values: { amount: row.cents, weighted: weighted(row.weightedExact) } })),
    },
    table: {
      id: "sales.pipelineStages",
      title: "reporting.sales.pipelineStages",
      columns: [
        { key: "stage", label: "reporting.sales.column.stage", format: "text" },
        { key: "probability", label: "reporting.sales.column.probability", format: "ratio" },
        { key: "deals", label: "reporting.sales.column.deals", format: "count" },
        { key: "amount", label: "reporting.sales.column.amount", format: "cents" },
        { key: "weighted", label: "reporting.sales.series.weighted", format: "cents" },
      ],
      rows: rows.map((row) => ({ cells: { stage: row.stage.name, probability: row.stage.probability / 100, deals: row.count, amount: row.cents, weighted: weighted(row.weightedExact) } })),
    },
  };
}

/**
 * The weighted forecast by expected-close month over the period's months, at least three from
 * its first (a month's dashboard looks a quarter ahead), with what was won in each month.
 */
export const FORECAST_MIN_MONTHS = 3;

export async function loadForecastByMonth(context: ReportContext, viewer: { id: string; role: string; restrictToGroups: boolean }, owner: Owner): Promise<ChartData | null> {
  const first = { year: context.period.first.year, month: context.period.first.month };
  const months = Math.max(FORECAST_MIN_MONTHS, (context.period.last.year - first.year) * 12 + context.period.last.month - first.month + 1);
  const forecast = await loadForecast(viewer, { period: { kind: "custom", first, months: Math.min(24, months) }, ownerId: owner.ownerId ?? null });
  if (!forecast) return null;
  return {
    id: "sales.forecastByMonth",
    title: "reporting.sales.forecastByMonth",
    kind: "bar",
    x: { kind: "month", label: "reporting.sales.month" },
    series: [
      { key: "weighted", label: "reporting.sales.series.weighted", format: "cents" },
      { key: "won", label: "reporting.sales.series.won", format: "cents" },
    ],
    rows: forecast.months.map((key) => {
      const amounts = forecast.team.byMonth[key]!;
      return { x: key, values: { weighted: amounts.weightedCents, won: amounts.wonCents } };
    }),
  };
}

const dealColumns: DrillDownPage["columns"] = [
  { key: "title", label: "reporting.sales.column.deal", format: "text" },
  { key: "company", label: "reporting.sales.column.company", format: "text" },
  { key: "stage", label: "reporting.sales.column.stage", format: "text" },
  { key: "owner", label: "reporting.sales.column.owner", format: "text" },
  { key: "amount", label: "reporting.sales.column.amount", format: "cents" },
];

const dealRowSelect = {
  id: true,
  title: true,
  amountCents: true,
  expectedCloseDate: true,
  closedAt: true,
  createdAt: true,
  company: { select: { name: true } },
  stage: { select: { name: true, probability: true, kind: true } },
  owner: { select: { name: true } },
} satisfies Prisma.DealSelect;

type DealRow = Prisma.DealGetPayload<{ select: typeof dealRowSelect }>;

/** The cells of `dealColumns` for one deal (each deal list adds its own columns after them). */
function dealCells(deal: DealRow) {
  return { title: deal.title, company: deal.company.name, stage: deal.stage.name, owner: deal.owner.name, amount: deal.amountCents };
}

/** Open deals now, by stage then expected close: what the pipeline figures count and sum. */
export async function listOpenDeals(owner: Owner, page: { offset: number; limit: number | null }): Promise<DrillDownPage> {
  const stages = await openStages();
  const where: Prisma.DealWhereInput = { ...owner, stageId: { in: stages.map((stage) => stage.id) } };
  const [total, deals] = await Promise.all([
    db().deal.count({ where }),
    db().deal.findMany({
      where,
      orderBy: [{ expectedCloseDate: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      skip: page.offset,
      ...(page.limit === null ? {} : { take: page.limit }),
      select: dealRowSelect,
    }),
  ]);
  return {
    title: "reporting.sales.openDeals.list",
    description: "reporting.sales.openDeals.hint",
    columns: [
      ...dealColumns,
      { key: "weighted", label: "reporting.sales.series.weighted", format: "cents" },
      { key: "expectedClose", label: "reporting.sales.column.expectedClose", format: "date" },
    ],
    rows: deals.map((deal) => ({
      cells: {
        ...dealCells(deal),
        // Per deal for reading; the figure rounds the exact sum once.
        weighted: Math.round((deal.amountCents * deal.stage.probability) / 100),
        expectedClose: deal.expectedCloseDate?.toISOString() ?? null,
      },
      href: `/ventes/affaires/${deal.id}`,
    })),
    total,
  };
}

export { dealCells, dealColumns, dealRowSelect };
