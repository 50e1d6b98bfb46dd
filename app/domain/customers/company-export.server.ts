import type { Prisma } from "~/generated/prisma/client";
import { activeFilters, EXPORT_PAGE_SIZE } from "~/domain/exports/list-exports";
import type { ListExport } from "~/domain/exports/list-export.server";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { accessFor } from "~/domain/identity/permissions";
import { isLifecycleStage } from "~/domain/sales/lifecycle";
import { keysetPages } from "~/lib/csv-export";
import { db } from "~/lib/db.server";
import type { Translate } from "~/lib/i18n/translate";
import { keysetAfter, keysetOrderBy, type KeysetOrder } from "~/lib/keyset";
import { companiesWhere, type CompanyFilters } from "./company-queries.server";
import { companySectors, type CompanySector } from "./customer-vocabulary";

const companyExportSelect = {
  id: true,
  name: true,
  siret: true,
  sector: true,
  street: true,
  postalCode: true,
  city: true,
  country: true,
  phone: true,
  website: true,
  lifecycleStage: true,
  clientSince: true,
  createdAt: true,
  owner: { select: { name: true } },
  domains: { select: { domain: true }, orderBy: { domain: "asc" } },
} as const satisfies Prisma.CompanySelect;
type CompanyExportRow = Prisma.CompanyGetPayload<{ select: typeof companyExportSelect }> & { contactCount: number; openTicketCount: number | null };

const byName: KeysetOrder = [{ field: "name", direction: "asc" }];

/**
 * The companies list (Clients) as CSV: the screen's filters and order (by name), walked by
 * keyset; the contact count and the open tickets the viewer may see, counted per page.
 */
export function companyListExport(viewer: TicketViewer, filters: CompanyFilters, t: Translate): ListExport<CompanyExportRow> {
  const readsTickets = accessFor(viewer, "read:ticket") !== null;
  const where = companiesWhere(filters);
  const pages = keysetPages<CompanyExportRow, { name: string; id: string }>(async (after) => {
    const rows = await db().company.findMany({
      where: after ? { AND: [where, keysetAfter(byName, { values: [after.name], id: after.id }) as Prisma.CompanyWhereInput] } : where,
      orderBy: keysetOrderBy(byName) as Prisma.CompanyOrderByWithRelationInput[],
      take: EXPORT_PAGE_SIZE,
      select: companyExportSelect,
    });
    const ids = rows.map((row) => row.id);
    const [contacts, tickets] = await Promise.all([
      db().contact.groupBy({ by: ["companyId"], where: { companyId: { in: ids } }, _count: { _all: true } }),
      readsTickets
        ? db().ticket.groupBy({ by: ["companyId"], where: { AND: [await visibleTicketsWhere(viewer), { companyId: { in: ids } }, { status: { in: [...unresolvedStatuses] } }] }, _count: { _all: true } })
        : [],
    ]);
    const contactCounts = new Map(contacts.map((row) => [row.companyId, row._count._all]));
    const ticketCounts = new Map(tickets.map((row) => [row.companyId, row._count._all]));
    const last = rows[rows.length - 1];
    return {
      rows: rows.map((row) => ({ ...row, contactCount: contactCounts.get(row.id) ?? 0, openTicketCount: readsTickets ? (ticketCounts.get(row.id) ?? 0) : null })),
      next: rows.length === EXPORT_PAGE_SIZE && last ? { name: last.name, id: last.id } : null,
    };
  });
  return {
    list: "companies",
    filters: activeFilters({ ...filters }),
    pages,
    columns: [
      { header: t("export.col.companyName"), value: (company) => company.name },
      { header: t("export.col.siret"), value: (company) => company.siret },
      { header: t("export.col.sector"), value: (company) => ((companySectors as readonly string[]).includes(company.sector) ? t(`sector.${company.sector as CompanySector}`) : company.sector) },
      { header: t("export.col.street"), value: (company) => company.street },
      { header: t("export.col.postalCode"), value: (company) => company.postalCode },
      { header: t("export.col.city"), value: (company) => company.city },
      { header: t("export.col.country"), value: (company) => company.country },
      { header: t("export.col.phone"), value: (company) => company.phone },
      { header: t("export.col.website"), value: (company) => company.website },
      { header: t("export.col.domains"), value: (company) => company.domains.map((entry) => entry.domain).join(" ") },
      { header: t("export.col.lifecycle"), value: (company) => (isLifecycleStage(company.lifecycleStage) ? t(`sales.lifecycle.${company.lifecycleStage}`) : company.lifecycleStage) },
      { header: t("export.col.clientSince"), value: (company) => (company.clientSince ? { day: company.clientSince } : null) },
      { header: t("export.col.owner"), value: (company) => company.owner?.name ?? "" },
      { header: t("export.col.contacts"), value: (company) => company.contactCount },
      ...(readsTickets ? [{ header: t("export.col.openTickets"), value: (company: CompanyExportRow) => company.openTicketCount }] : []),
      { header: t("export.col.createdAt"), value: (company) => company.createdAt },
    ],
  };
}
