import { activeFilters } from "~/domain/exports/list-exports";
import type { ListExport } from "~/domain/exports/list-export.server";
import type { Translate } from "~/lib/i18n/translate";
import { listContracts, type ContractListFilter } from "./contracts.server";
import type { SalesViewer } from "./sales-access";

type ContractExportRow = Awaited<ReturnType<typeof listContracts>>["rows"][number];

/**
 * The contracts list as CSV: exactly the screen's rows (the viewer's rule, the state and company
 * filters, ending soon first). States are computed, so the list is read whole, as the page reads
 * it (at most listContracts' limit), and written as one page.
 */
export function contractListExport(viewer: SalesViewer, filters: { state: ContractListFilter; companyId: string | null }, t: Translate, now = new Date()): ListExport<ContractExportRow> {
  async function* pages() {
    const { rows } = await listContracts(viewer, filters, now);
    if (rows.length > 0) yield rows;
  }
  return {
    list: "contracts",
    filters: activeFilters({ state: filters.state === "all" ? null : filters.state, companyId: filters.companyId }),
    pages: pages(),
    columns: [
      { header: t("sales.contract.col.title"), value: (contract) => contract.title },
      { header: t("sales.contract.col.company"), value: (contract) => contract.company.name },
      { header: t("sales.contract.col.state"), value: (contract) => t(`sales.contract.state.${contract.state}`) },
      { header: t("export.col.startDate"), value: (contract) => ({ day: contract.startDate }) },
      { header: t("sales.contract.col.endDate"), value: (contract) => ({ day: contract.endDate }) },
      { header: t("sales.contract.col.renewal"), value: (contract) => t(`sales.contract.renewal.${contract.renewal === "tacit" ? "tacit" : "explicit"}`) },
      { header: t("sales.contract.col.yearlyAmount"), value: (contract) => ({ cents: contract.yearlyAmountCents }) },
      { header: t("sales.contract.col.owner"), value: (contract) => contract.owner.name },
      { header: t("export.col.cancelledAt"), value: (contract) => contract.cancelledAt },
      { header: t("export.col.cancellationReason"), value: (contract) => contract.cancellationReason },
    ],
  };
}
