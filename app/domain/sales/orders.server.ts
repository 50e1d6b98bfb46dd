import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { addDays, type LocalDate } from "~/domain/helpdesk/sla/business-calendar";
import { workspaceDay, workspaceMidnight } from "./document-dates";
import { documentTotals } from "./money";
import { quoteLineSelect } from "./quotes.server";
import { ownedRecordsWhere, type SalesViewer } from "./sales-access";

/**
 * Orders (commandes): accepted quotes, the order intake. Written only by acceptQuote
 * (quote-commands.server.ts); read here under the sales record rule.
 */

/** A period of order dates: from the start of `from`'s day to the end of `to`'s day (workspace days). */
export type OrderPeriod = { from: LocalDate | null; to: LocalDate | null };

export const orderPeriodPresets = ["this_month", "last_month", "this_quarter", "this_year", "all"] as const;
export type OrderPeriodPreset = (typeof orderPeriodPresets)[number];

/** The days a preset covers, on the workspace's calendar. */
export function presetPeriod(preset: OrderPeriodPreset, now: Date): OrderPeriod {
  const today = workspaceDay(now);
  const lastDayOf = (year: number, month: number) => addDays({ year: month === 12 ? year + 1 : year, month: month === 12 ? 1 : month + 1, day: 1 }, -1);
  switch (preset) {
    case "this_month":
      return { from: { ...today, day: 1 }, to: lastDayOf(today.year, today.month) };
    case "last_month": {
      const month = today.month === 1 ? 12 : today.month - 1;
      const year = today.month === 1 ? today.year - 1 : today.year;
      return { from: { year, month, day: 1 }, to: lastDayOf(year, month) };
    }
    case "this_quarter": {
      const first = Math.floor((today.month - 1) / 3) * 3 + 1;
      return { from: { year: today.year, month: first, day: 1 }, to: lastDayOf(today.year, first + 2) };
    }
    case "this_year":
      return { from: { year: today.year, month: 1, day: 1 }, to: { year: today.year, month: 12, day: 31 } };
    case "all":
      return { from: null, to: null };
  }
}

export const ORDERS_PAGE_SIZE = 50;

export async function listOrders(viewer: SalesViewer, filters: { period: OrderPeriod; ownerId: string | null }, page: number) {
  const rule = ownedRecordsWhere(viewer, "read");
  if (!rule) return { rows: [], total: 0, sums: { totalExclCents: 0, totalInclCents: 0 }, page: 1, pageCount: 1 };
  const orderedAt: Prisma.DateTimeFilter = {};
  if (filters.period.from) orderedAt.gte = workspaceMidnight(filters.period.from);
  if (filters.period.to) orderedAt.lt = workspaceMidnight(addDays(filters.period.to, 1));
  const where: Prisma.OrderWhereInput = {
    ...rule,
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.period.from || filters.period.to ? { orderedAt } : {}),
  };
  const aggregate = await db().order.aggregate({ where, _count: true, _sum: { totalExclCents: true, totalInclCents: true } });
  const total = aggregate._count;
  const pageCount = Math.max(1, Math.ceil(total / ORDERS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db().order.findMany({
    where,
    orderBy: [{ orderedAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * ORDERS_PAGE_SIZE,
    take: ORDERS_PAGE_SIZE,
    select: {
      id: true,
      number: true,
      orderedAt: true,
      totalExclCents: true,
      totalInclCents: true,
      company: { select: { id: true, name: true } },
      owner: { select: { id: true, name: true } },
      quote: { select: { id: true, number: true } },
      deal: { select: { id: true, title: true } },
    },
  });
  return {
    rows,
    total,
    sums: { totalExclCents: aggregate._sum.totalExclCents ?? 0, totalInclCents: aggregate._sum.totalInclCents ?? 0 },
    page: current,
    pageCount,
  };
}

/** An order with its lines (from its quote) for its page; null outside the viewer's record rule. */
export async function orderFor(viewer: SalesViewer, orderId: string) {
  const rule = ownedRecordsWhere(viewer, "read");
  if (!rule) return null;
  const order = await db().order.findFirst({
    where: { id: orderId, ...rule },
    select: {
      id: true,
      number: true,
      orderedAt: true,
      totalExclCents: true,
      totalVatCents: true,
      totalInclCents: true,
      createdAt: true,
      company: { select: { id: true, name: true } },
      owner: { select: { id: true, name: true } },
      deal: { select: { id: true, title: true } },
      quote: { select: { id: true, number: true, paymentTerms: true, contact: { select: { id: true, firstName: true, lastName: true } }, customerSnapshot: true, lines: { orderBy: { position: "asc" }, select: quoteLineSelect } } },
    },
  });
  if (!order) return null;
  return { ...order, totals: documentTotals(order.quote.lines) };
}
