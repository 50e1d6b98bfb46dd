import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetOrderBy, type KeysetOrder } from "~/lib/keyset";
import { addDays, parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";
import { listCompanyOwners } from "~/domain/customers/company-records.server";
import { accessFor } from "~/domain/identity/permissions";
import { workspaceMidnight } from "./document-dates";
import { orderPeriodPresets, orderPresetParams, presetPeriod, type OrderPeriod } from "./order-periods";
import { documentTotals } from "./money";
import { parseCustomerSnapshot } from "./quote-snapshots";
import { quoteLineSelect } from "./quotes.server";
import { ownedRecordsWhere, type SalesViewer } from "./sales-access";

/**
 * Orders (commandes): accepted quotes, the order intake. Written only by acceptQuote
 * (quote-commands.server.ts); read here under the sales record rule.
 */

export const ORDERS_PAGE_SIZE = 50;

export type OrderFilters = { period: OrderPeriod; ownerId: string | null };

/** The filters of /ventes/commandes as its URL carries them (read once for the page and its export). */
export async function orderListFilters(viewer: SalesViewer, params: URLSearchParams, now = new Date()) {
  const from = parseIsoDate(params.get("du") ?? "");
  const to = parseIsoDate(params.get("au") ?? "");
  const custom = Boolean(from || to);
  const preset = custom ? null : (orderPeriodPresets.find((candidate) => orderPresetParams[candidate] === params.get("periode")) ?? "this_year");
  const period: OrderPeriod = preset ? presetPeriod(preset, now) : { from, to };
  const seesAll = accessFor(viewer, "read:deal") === "any";
  const owners = seesAll ? await listCompanyOwners() : [];
  const ownerId = seesAll && owners.some((owner) => owner.id === params.get("commercial")) ? params.get("commercial") : null;
  return { filters: { period, ownerId } satisfies OrderFilters, preset, owners, seesAll };
}

/** The orders list's conditions: the viewer's rule, the period (workspace days, inclusive) and the owner. Null when they read no orders. */
export function ordersWhere(viewer: SalesViewer, filters: OrderFilters): Prisma.OrderWhereInput | null {
  const rule = ownedRecordsWhere(viewer, "read");
  if (!rule) return null;
  const orderedAt: Prisma.DateTimeFilter = {};
  if (filters.period.from) orderedAt.gte = workspaceMidnight(filters.period.from);
  if (filters.period.to) orderedAt.lt = workspaceMidnight(addDays(filters.period.to, 1));
  return {
    ...rule,
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.period.from || filters.period.to ? { orderedAt } : {}),
  };
}

export async function listOrders(viewer: SalesViewer, filters: OrderFilters, page: number) {
  const where = ordersWhere(viewer, filters);
  if (!where) return { rows: [], total: 0, sums: { totalExclCents: 0, totalInclCents: 0 }, page: 1, pageCount: 1 };
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
  // The contact as the accepted quote was sent to them (a contact deleted since still shows).
  const { customerSnapshot, contact, ...quote } = order.quote;
  const copy = parseCustomerSnapshot(customerSnapshot);
  const contactName = copy.contactName || (contact ? `${contact.firstName} ${contact.lastName}`.trim() : "");
  return { ...order, quote, contactName, totals: documentTotals(order.quote.lines) };
}

// ───────────────────────────── records, page by page (public API) ─────────────────────────────

const orderOrder: KeysetOrder = [{ field: "orderedAt", direction: "desc" }];

export function readOrderCursor(cursor: string) {
  return decodeKeysetCursor(cursor, "orders:-orderedAt", 1);
}

/** The orders the viewer may read, latest first, `limit` at a time after a cursor. Null when they read none. */
export async function listOrderRecords(
  viewer: SalesViewer,
  filters: { ownerId?: string; companyId?: string; from?: Date; to?: Date },
  page: { cursor?: string | null; limit: number },
) {
  const rule = ownedRecordsWhere(viewer, "read");
  if (!rule) return null;
  const after = page.cursor ? readOrderCursor(page.cursor) : null;
  const where: Prisma.OrderWhereInput = {
    AND: [
      rule,
      filters.ownerId && !rule.ownerId ? { ownerId: filters.ownerId } : {},
      filters.companyId ? { companyId: filters.companyId } : {},
      filters.from || filters.to ? { orderedAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } } : {},
      after ? (keysetAfter(orderOrder, after) as Prisma.OrderWhereInput) : {},
    ],
  };
  const rows = await db().order.findMany({
    where,
    orderBy: keysetOrderBy(orderOrder) as Prisma.OrderOrderByWithRelationInput[],
    take: page.limit + 1,
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
      quote: { select: { id: true, number: true } },
      deal: { select: { id: true, title: true } },
    },
  });
  const orders = rows.slice(0, page.limit);
  const last = orders[orders.length - 1];
  return { orders, nextCursor: rows.length > page.limit && last ? encodeKeysetCursor("orders:-orderedAt", [last.orderedAt], last.id) : null };
}
