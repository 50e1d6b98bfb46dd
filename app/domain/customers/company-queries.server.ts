import type { Prisma } from "~/generated/prisma/client";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import { CUSTOMER_PAGE_SIZE } from "./customer-vocabulary";

/** `ownerId: null` keeps the companies nobody owns yet. */
export type CompanyFilters = { query?: string; sector?: string; ownerId?: string | null; city?: string };

function companiesWhere(filters: CompanyFilters): Prisma.CompanyWhereInput {
  const query = filters.query?.trim();
  return {
    ...(query
      ? {
          OR: [
            { name: { contains: query } },
            { city: { contains: query } },
            { domains: { some: { domain: { contains: query.toLowerCase() } } } },
          ],
        }
      : {}),
    ...(filters.sector ? { sector: filters.sector } : {}),
    ...(filters.ownerId === null ? { ownerId: null } : filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.city ? { city: filters.city } : {}),
  };
}

async function companyRows(viewer: TicketViewer, where: Prisma.CompanyWhereInput, skip: number, take: number) {
  const visible = await visibleTicketsWhere(viewer);
  const companies = await db().company.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    skip,
    take,
    select: {
      id: true,
      name: true,
      sector: true,
      city: true,
      owner: { select: { id: true, name: true } },
      _count: {
        select: {
          contacts: true,
          tickets: { where: { AND: [visible, { status: { in: [...unresolvedStatuses] } }] } },
        },
      },
      tickets: {
        where: visible,
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { number: true, subject: true, status: true, createdAt: true },
      },
    },
  });
  return companies.map(({ tickets, _count, ...company }) => ({
    ...company,
    contactCount: _count.contacts,
    openTicketCount: _count.tickets,
    lastTicket: tickets[0] ?? null,
  }));
}

/** Companies with their contact count and the open tickets the viewer may see (first `take`, by name). */
export async function listCompanies(viewer: TicketViewer, filters: CompanyFilters, take = 100) {
  return companyRows(viewer, companiesWhere(filters), 0, take);
}

/** One page of the companies list, with the total for the pager. */
export async function searchCompanies(viewer: TicketViewer, filters: CompanyFilters, page = 1, perPage = CUSTOMER_PAGE_SIZE) {
  const where = companiesWhere(filters);
  const total = await db().company.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, page), pageCount);
  const companies = await companyRows(viewer, where, (current - 1) * perPage, perPage);
  return { companies, total, page: current, pageCount };
}

/** The cities companies are in, for the list's filter. */
export async function listCompanyCities(): Promise<string[]> {
  const rows = await db().company.groupBy({ by: ["city"], where: { city: { not: "" } }, orderBy: { city: "asc" } });
  return rows.map((row) => row.city);
}

/** Companies to pick from in a form (id and name), by name. */
export async function companyChoices() {
  return db().company.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true } });
}

/** A company's id and name, or null. */
export async function companyRef(companyId: string) {
  if (!companyId) return null;
  return db().company.findUnique({ where: { id: companyId }, select: { id: true, name: true } });
}
