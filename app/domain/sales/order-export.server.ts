import type { Prisma } from "~/generated/prisma/client";
import { activeFilters, EXPORT_PAGE_SIZE } from "~/domain/exports/list-exports";
import type { ListExport } from "~/domain/exports/list-export.server";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { keysetPages } from "~/lib/csv-export";
import { db } from "~/lib/db.server";
import type { Translate } from "~/lib/i18n/translate";
import { keysetAfter, keysetOrderBy, type KeysetOrder } from "~/lib/keyset";
import { ordersWhere, type OrderFilters } from "./orders.server";
import type { SalesViewer } from "./sales-access";

const orderExportSelect = {
  id: true,
  number: true,
  orderedAt: true,
  totalExclCents: true,
  totalVatCents: true,
  totalInclCents: true,
  company: { select: { name: true } },
  contact: { select: { firstName: true, lastName: true } },
  owner: { select: { name: true } },
  quote: { select: { number: true } },
  deal: { select: { title: true } },
} as const satisfies Prisma.OrderSelect;
type OrderExportRow = Prisma.OrderGetPayload<{ select: typeof orderExportSelect }>;

const latestFirst: KeysetOrder = [{ field: "orderedAt", direction: "desc" }];

/** The orders list as CSV: the viewer's rule (a sales rep: their own), the screen's period and owner, latest first. */
export function orderListExport(viewer: SalesViewer, filters: OrderFilters, t: Translate): ListExport<OrderExportRow> {
  const where = ordersWhere(viewer, filters);
  const pages = keysetPages<OrderExportRow, { orderedAt: Date; id: string }>(async (after) => {
    if (!where) return { rows: [], next: null };
    const rows = await db().order.findMany({
      where: after ? { AND: [where, keysetAfter(latestFirst, { values: [after.orderedAt], id: after.id }) as Prisma.OrderWhereInput] } : where,
      orderBy: keysetOrderBy(latestFirst) as Prisma.OrderOrderByWithRelationInput[],
      take: EXPORT_PAGE_SIZE,
      select: orderExportSelect,
    });
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === EXPORT_PAGE_SIZE && last ? { orderedAt: last.orderedAt, id: last.id } : null };
  });
  return {
    list: "orders",
    filters: activeFilters({ from: filters.period.from ? isoDate(filters.period.from) : null, to: filters.period.to ? isoDate(filters.period.to) : null, ownerId: filters.ownerId }),
    pages,
    columns: [
      { header: t("export.col.orderNumber"), value: (order) => order.number },
      { header: t("export.col.orderedAt"), value: (order) => order.orderedAt },
      { header: t("export.col.company"), value: (order) => order.company.name },
      { header: t("export.col.contact"), value: (order) => (order.contact ? `${order.contact.firstName} ${order.contact.lastName}`.trim() : "") },
      { header: t("export.col.quote"), value: (order) => order.quote.number },
      { header: t("export.col.dealTitle"), value: (order) => order.deal?.title ?? "" },
      { header: t("export.col.owner"), value: (order) => order.owner.name },
      { header: t("export.col.totalExcl"), value: (order) => ({ cents: order.totalExclCents }) },
      { header: t("export.col.totalVat"), value: (order) => ({ cents: order.totalVatCents }) },
      { header: t("export.col.totalIncl"), value: (order) => ({ cents: order.totalInclCents }) },
    ],
  };
}
