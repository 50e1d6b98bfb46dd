import type { Prisma } from "~/generated/prisma/client";
import { activeFilters, EXPORT_PAGE_SIZE } from "~/domain/exports/list-exports";
import type { ListExport } from "~/domain/exports/list-export.server";
import { keysetPages } from "~/lib/csv-export";
import { db } from "~/lib/db.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { Translate } from "~/lib/i18n/translate";
import { keysetAfter, keysetOrderBy, type KeysetOrder } from "~/lib/keyset";
import { quoteStatusOn } from "./quote-schemas";
import { quotesWhere, type QuoteFilters } from "./quotes.server";
import type { SalesViewer } from "./sales-access";

const quoteExportSelect = {
  id: true,
  number: true,
  status: true,
  issueDate: true,
  validUntil: true,
  totalExclCents: true,
  totalVatCents: true,
  totalInclCents: true,
  sentAt: true,
  acceptedAt: true,
  refusedAt: true,
  createdAt: true,
  company: { select: { name: true } },
  contact: { select: { firstName: true, lastName: true } },
  owner: { select: { name: true } },
  deal: { select: { title: true } },
} as const satisfies Prisma.QuoteSelect;
type QuoteExportRow = Prisma.QuoteGetPayload<{ select: typeof quoteExportSelect }>;

const newestFirst: KeysetOrder = [{ field: "createdAt", direction: "desc" }];

/** The quotes list as CSV: the viewer's rule (a sales rep: their own), the screen's filters and order (newest first). */
export function quoteListExport(viewer: SalesViewer, filters: QuoteFilters, t: Translate, now = new Date()): ListExport<QuoteExportRow> {
  const where = quotesWhere(viewer, filters, now);
  const pages = keysetPages<QuoteExportRow, { createdAt: Date; id: string }>(async (after) => {
    if (!where) return { rows: [], next: null };
    const rows = await db().quote.findMany({
      where: after ? { AND: [where, keysetAfter(newestFirst, { values: [after.createdAt], id: after.id }) as Prisma.QuoteWhereInput] } : where,
      orderBy: keysetOrderBy(newestFirst) as Prisma.QuoteOrderByWithRelationInput[],
      take: EXPORT_PAGE_SIZE,
      select: quoteExportSelect,
    });
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === EXPORT_PAGE_SIZE && last ? { createdAt: last.createdAt, id: last.id } : null };
  });
  return {
    list: "quotes",
    filters: activeFilters({ ...filters }),
    pages,
    columns: [
      { header: t("export.col.quoteNumber"), value: (quote) => quote.number },
      { header: t("export.col.status"), value: (quote) => t(`sales.quote.status.${quoteStatusOn(quote, now)}` as MessageKey) },
      { header: t("export.col.company"), value: (quote) => quote.company.name },
      { header: t("export.col.contact"), value: (quote) => (quote.contact ? `${quote.contact.firstName} ${quote.contact.lastName}`.trim() : "") },
      { header: t("export.col.dealTitle"), value: (quote) => quote.deal?.title ?? "" },
      { header: t("export.col.owner"), value: (quote) => quote.owner.name },
      { header: t("export.col.issueDate"), value: (quote) => ({ day: quote.issueDate }) },
      { header: t("export.col.validUntil"), value: (quote) => ({ day: quote.validUntil }) },
      { header: t("export.col.totalExcl"), value: (quote) => ({ cents: quote.totalExclCents }) },
      { header: t("export.col.totalVat"), value: (quote) => ({ cents: quote.totalVatCents }) },
      { header: t("export.col.totalIncl"), value: (quote) => ({ cents: quote.totalInclCents }) },
      { header: t("export.col.sentAt"), value: (quote) => quote.sentAt },
      { header: t("export.col.acceptedAt"), value: (quote) => quote.acceptedAt },
      { header: t("export.col.refusedAt"), value: (quote) => quote.refusedAt },
    ],
  };
}
