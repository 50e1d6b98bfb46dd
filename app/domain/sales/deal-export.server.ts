import { activeFilters, EXPORT_PAGE_SIZE } from "~/domain/exports/list-exports";
import type { ListExport } from "~/domain/exports/list-export.server";
import { keysetPages } from "~/lib/csv-export";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { Translate } from "~/lib/i18n/translate";
import type { DealListQuery } from "./deal-filters";
import { listDealRecords, type DealRecord, type DealRecordSort } from "./deal-queries.server";
import type { SalesViewer } from "./sales-access";

/**
 * The order of an export of the deals list: the screen's own when an index walks it (title,
 * amount), else the latest change first. The screen's other orders (company, owner, stage, close
 * date) sort on joined columns, which a keyset walk over 100,000 deals cannot follow cheaply.
 */
export function dealExportSort(query: Pick<DealListQuery, "sort" | "direction">): DealRecordSort {
  if (query.sort === "title") return "title";
  if (query.sort === "amount") return query.direction === "asc" ? "amount" : "-amount";
  return query.direction === "asc" && query.sort === "updated" ? "updatedAt" : "-updatedAt";
}

/**
 * The deals list as CSV: the viewer's rule (a sales rep: their own deals), the pipeline's and the
 * list's filters, walked by keyset. Null when the viewer reads no deals.
 */
export function dealListExport(viewer: SalesViewer, query: DealListQuery, t: Translate, now = new Date()): ListExport<DealRecord> {
  const sort = dealExportSort(query);
  const filters = { ownerId: query.ownerId, closePeriod: query.closePeriod, source: query.source, status: query.status, stageId: query.stageId, companyId: query.companyId };
  const pages = keysetPages<DealRecord, string>(async (cursor) => {
    const page = await listDealRecords(viewer, filters, { sort, cursor, limit: EXPORT_PAGE_SIZE }, now);
    return page ? { rows: page.deals, next: page.nextCursor } : { rows: [], next: null };
  });
  return {
    list: "deals",
    filters: activeFilters({ ...filters, sort }),
    pages,
    columns: [
      { header: t("export.col.dealTitle"), value: (deal) => deal.title },
      { header: t("export.col.company"), value: (deal) => deal.company.name },
      { header: t("export.col.contact"), value: (deal) => (deal.contact ? `${deal.contact.firstName} ${deal.contact.lastName}`.trim() : "") },
      { header: t("export.col.owner"), value: (deal) => deal.owner.name },
      { header: t("export.col.stage"), value: (deal) => deal.stage.name },
      { header: t("export.col.dealStatus"), value: (deal) => t(`sales.stageKind.${deal.stage.kind}` as MessageKey) },
      { header: t("export.col.probability"), value: (deal) => deal.stage.probability },
      { header: t("export.col.amount"), value: (deal) => ({ cents: deal.amountCents }) },
      { header: t("export.col.expectedClose"), value: (deal) => (deal.expectedCloseDate ? { day: deal.expectedCloseDate } : null) },
      { header: t("export.col.source"), value: (deal) => (deal.source ? t(`sales.source.${deal.source}` as MessageKey) : "") },
      { header: t("export.col.lossReason"), value: (deal) => deal.lossReason?.label ?? "" },
      { header: t("export.col.closedAt"), value: (deal) => deal.closedAt },
      { header: t("export.col.createdAt"), value: (deal) => deal.createdAt },
      { header: t("export.col.updatedAt"), value: (deal) => deal.updatedAt },
    ],
  };
}
