import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { orderIntakeByRange } from "~/lib/sqlite-order-intake.server";
import { periodRange, type ReportRange } from "../report-period";
import type { ChartData, Figure, ReportContext, TableData } from "../report-section";
import type { DrillDownPage } from "../report-drill-down";
import { contextRanges, drillDownHref, monthPieces } from "./sales-scope";

/**
 * Order intake (prise de commande): the orders taken in a period, an order being an accepted
 * quote dated by its `orderedAt`, amounts excluding VAT in cents. Per month against the same
 * days a year earlier, and the customers who ordered the most. A rep counts their own orders
 * (the order's owner, the quote's). Everything is a count or a sum over the index
 * (orderedAt, ownerId, totalExclCents), the months in one statement each for the period and a
 * year earlier (app/lib/sqlite-order-intake.server.ts); only the top customers group by company.
 */

type Owner = { ownerId?: string };

function ordersIn(owner: Owner, range: ReportRange): Prisma.OrderWhereInput {
  return { ...owner, orderedAt: { gte: range.from, lt: range.to } };
}

async function intake(owner: Owner, range: ReportRange): Promise<{ count: number; cents: number }> {
  const result = await db().order.aggregate({ where: ordersIn(owner, range), _count: { _all: true }, _sum: { totalExclCents: true } });
  return { count: result._count._all, cents: result._sum.totalExclCents ?? 0 };
}

export type OrderIntake = { figures: Figure[]; chart: ChartData; topCustomers: TableData };

export const TOP_CUSTOMERS = 10;

export async function loadOrderIntake(context: ReportContext, owner: Owner): Promise<OrderIntake> {
  const ranges = contextRanges(context);
  const pieces = monthPieces(context.period);
  const [current, previous, lastYear, months, top] = await Promise.all([
    intake(owner, ranges.period),
    intake(owner, ranges.previous),
    intake(owner, ranges.lastYear),
    Promise.all([
      orderIntakeByRange(pieces.map((piece) => periodRange(piece.days, context.timeZone)), owner.ownerId ?? null),
      orderIntakeByRange(pieces.map((piece) => periodRange(piece.lastYear, context.timeZone)), owner.ownerId ?? null),
    ]).then(([now, before]) => pieces.map((piece, index) => ({ piece, now: now[index]!, before: before[index]! }))),
    db().order.groupBy({
      by: ["companyId"],
      where: ordersIn(owner, ranges.period),
      _count: { _all: true },
      _sum: { totalExclCents: true },
      orderBy: [{ _sum: { totalExclCents: "desc" } }, { companyId: "asc" }],
      take: TOP_CUSTOMERS,
    }),
  ]);
  const companies = await db().company.findMany({ where: { id: { in: top.map((row) => row.companyId) } }, select: { id: true, name: true } });
  const names = new Map(companies.map((company) => [company.id, company.name]));
  const customers = await db().order.groupBy({ by: ["companyId"], where: ordersIn(owner, ranges.period) }).then((rows) => rows.length);

  const figures: Figure[] = [
    { id: "sales.orderIntake", label: "reporting.sales.orderIntake", hint: "reporting.sales.orderIntake.hint", format: "cents", value: current.cents, previous: previous.cents, lastYear: lastYear.cents, trend: "up", drillDown: true },
    { id: "sales.orders", label: "reporting.sales.orders", hint: "reporting.sales.orders.hint", format: "count", value: current.count, previous: previous.count, lastYear: lastYear.count, trend: "up", drillDown: true },
  ];
  const chart: ChartData = {
    id: "sales.orderIntakeByMonth",
    title: "reporting.sales.orderIntakeByMonth",
    kind: "bar",
    x: { kind: "month", label: "reporting.sales.month" },
    series: [
      { key: "period", label: "reporting.sales.series.thisPeriod", format: "cents" },
      { key: "lastYear", label: "reporting.sales.series.lastYear", format: "cents" },
    ],
    rows: months.map(({ piece, now, before }) => ({ x: piece.key, values: { period: now.cents, lastYear: before.cents }, drillDown: drillDownHref("sales.orderIntake", piece.days) })),
  };
  const topCustomers: TableData = {
    id: "sales.topCustomers",
    title: "reporting.sales.topCustomers",
    columns: [
      { key: "company", label: "reporting.sales.column.company", format: "text" },
      { key: "orders", label: "reporting.sales.column.orders", format: "count" },
      { key: "amount", label: "reporting.sales.column.amountExcl", format: "cents" },
    ],
    rows: top.map((row) => ({
      cells: { company: names.get(row.companyId) ?? "", orders: row._count._all, amount: row._sum.totalExclCents ?? 0 },
      href: `/clients/societes/${row.companyId}`,
    })),
    total: customers,
  };
  return { figures, chart, topCustomers };
}

/** The orders of the period (newest first): what "orders" counts and "order intake" sums. */
export async function listOrdersTaken(context: ReportContext, owner: Owner, page: { offset: number; limit: number | null }): Promise<DrillDownPage> {
  const where = ordersIn(owner, contextRanges(context).period);
  const [total, orders] = await Promise.all([
    db().order.count({ where }),
    db().order.findMany({
      where,
      orderBy: [{ orderedAt: "desc" }, { id: "desc" }],
      skip: page.offset,
      ...(page.limit === null ? {} : { take: page.limit }),
      select: { id: true, number: true, orderedAt: true, totalExclCents: true, company: { select: { name: true } }, owner: { select: { name: true } } },
    }),
  ]);
  return {
    title: "reporting.sales.orders.list",
    description: "reporting.sales.orders.hint",
    columns: [
      { key: "number", label: "reporting.sales.column.order", format: "text" },
      { key: "orderedAt", label: "reporting.sales.column.orderedAt", format: "date" },
      { key: "company", label: "reporting.sales.column.company", format: "text" },
      { key: "owner", label: "reporting.sales.column.owner", format: "text" },
      { key: "amount", label: "reporting.sales.column.amountExcl", format: "cents" },
    ],
    rows: orders.map((order) => ({
      cells: { number: order.number, orderedAt: order.orderedAt.toISOString(), company: order.company.name, owner: order.owner.name, amount: order.totalExclCents },
      href: `/ventes/commandes/${order.id}`,
    })),
    total,
  };
}
