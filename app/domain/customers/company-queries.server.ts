import type { Prisma } from "~/generated/prisma/client";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";

export type CompanyFilters = { query?: string; sector?: string; ownerId?: string };

/** Companies with their contact count and the open tickets the viewer may see. */
export async function listCompanies(viewer: TicketViewer, filters: CompanyFilters, take = 100) {
  const query = filters.query?.trim();
  const where: Prisma.CompanyWhereInput = {
    ...(query ? { OR: [{ name: { contains: query } }, { city: { contains: query } }, { domains: { some: { domain: { contains: query.toLowerCase() } } } }] } : {}),
    ...(filters.sector ? { sector: filters.sector } : {}),
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
  };
  const visible = await visibleTicketsWhere(viewer);
  const companies = await db().company.findMany({
    where,
    orderBy: { name: "asc" },
    take,
    select: {
      id: true,
      name: true,
      sector: true,
      city: true,
      owner: { select: { name: true } },
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
