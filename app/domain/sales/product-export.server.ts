import { activeFilters, EXPORT_PAGE_SIZE } from "~/domain/exports/list-exports";
import type { ListExport } from "~/domain/exports/list-export.server";
import { keysetPages } from "~/lib/csv-export";
import type { Translate } from "~/lib/i18n/translate";
import type { ProductState } from "./product-schemas";
import { listProductRecords, type ProductRecord } from "./products.server";

/**
 * The price list as CSV: the screen's state and search, by name (the screen lists active products
 * first under « tous »; the file keeps them by name with an « active » column).
 */
export function productListExport(filters: { state: ProductState; search: string }, t: Translate): ListExport<ProductRecord> {
  const active = filters.state === "all" ? null : filters.state === "active";
  const pages = keysetPages<ProductRecord, string>(async (cursor) => {
    const page = await listProductRecords({ active, search: filters.search }, { cursor, limit: EXPORT_PAGE_SIZE });
    return { rows: page.products, next: page.nextCursor };
  });
  return {
    list: "products",
    filters: activeFilters({ state: filters.state, search: filters.search }),
    pages,
    columns: [
      { header: t("export.col.reference"), value: (product) => product.reference },
      { header: t("export.col.productName"), value: (product) => product.name },
      { header: t("export.col.description"), value: (product) => product.description },
      { header: t("export.col.unit"), value: (product) => product.unit },
      { header: t("export.col.unitPrice"), value: (product) => ({ cents: product.unitPriceCents }) },
      { header: t("export.col.vatRate"), value: (product) => product.vatRateBps / 100 },
      { header: t("export.col.active"), value: (product) => (product.active ? t("export.yes") : t("export.no")) },
      { header: t("export.col.updatedAt"), value: (product) => product.updatedAt },
    ],
  };
}
