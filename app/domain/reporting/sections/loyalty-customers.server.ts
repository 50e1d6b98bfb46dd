import { ticketReaderFor, visibleTicketsWhere } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { startOfWorkspaceDay } from "~/domain/sales/document-dates";
import { ALERT_PRIORITIES, ALERT_TYPES } from "~/domain/sales/service-history";
import { db } from "~/lib/db.server";
import { activeCustomersPage, countActiveCustomers, type ActiveCustomersQuery } from "~/lib/sqlite-active-customers.server";
import { openAlertsByCompany } from "~/lib/sqlite-open-alerts.server";
import type { ReportRange } from "../report-period";
import type { ReportViewer } from "../report-section";
import type { DrillDownPage } from "../report-drill-down";

/**
 * Customers as the loyalty section counts them.
 *
 * ACTIVE at a moment: a company with a maintenance contract in force then (contract-status.ts)
 * or an order in the ACTIVE_ORDER_DAYS before it. The moment is the end of the period, or now
 * for the current one. A rep counts the companies of their own contracts and orders.
 *
 * WITH AN OPEN CRITICAL INCIDENT, now: a company with an unresolved incident or complaint of
 * urgent or high priority — the service panel's warning (app/domain/sales/service-history.ts) —
 * among the tickets the viewer may read; for a rep, the companies they own.
 */

type Owner = { ownerId?: string };
export const ACTIVE_ORDER_DAYS = 365;

/** When a period's active customers are counted: its end, or now while it runs. */
export function activeMoment(range: ReportRange, now: Date): Date {
  return new Date(Math.min(range.to.getTime(), now.getTime()));
}

function activeQuery(owner: Owner, at: Date): ActiveCustomersQuery {
  return { at, startOfDay: startOfWorkspaceDay(at), ordersSince: new Date(at.getTime() - ACTIVE_ORDER_DAYS * 86_400_000), ownerId: owner.ownerId ?? null };
}

export function activeCustomers(owner: Owner, range: ReportRange, now: Date): Promise<number> {
  return countActiveCustomers(activeQuery(owner, activeMoment(range, now)));
}

export async function listActiveCustomers(owner: Owner, range: ReportRange, now: Date, page: { offset: number; limit: number | null }): Promise<DrillDownPage> {
  const query = activeQuery(owner, activeMoment(range, now));
  const [total, companies] = await Promise.all([countActiveCustomers(query), activeCustomersPage(query, page)]);
  return {
    title: "reporting.loyalty.activeCustomers.list",
    description: "reporting.loyalty.activeCustomers.hint",
    columns: [{ key: "company", label: "reporting.sales.column.company", format: "text" }],
    rows: companies.map((company) => ({ cells: { company: company.name }, href: `/clients/societes/${company.id}` })),
    total,
  };
}

async function criticalByCompany(viewer: ReportViewer, owner: Owner) {
  return openAlertsByCompany({ priorities: ALERT_PRIORITIES, types: ALERT_TYPES, statuses: unresolvedStatuses, reader: await ticketReaderFor(viewer), companyOwnerId: owner.ownerId ?? null });
}

export async function customersWithCriticalIncident(viewer: ReportViewer, owner: Owner): Promise<number> {
  return (await criticalByCompany(viewer, owner)).length;
}

/** Those companies, the most critical tickets first, each with its oldest one. */
export async function listCustomersWithCriticalIncident(viewer: ReportViewer, owner: Owner, page: { offset: number; limit: number | null }): Promise<DrillDownPage> {
  const groups = (await criticalByCompany(viewer, owner)).sort((a, b) => b.tickets - a.tickets || a.companyId.localeCompare(b.companyId));
  const slice = groups.slice(page.offset, page.limit === null ? undefined : page.offset + page.limit);
  const ids = slice.map((group) => group.companyId);
  const visible = await visibleTicketsWhere(viewer);
  const [companies, tickets] = await Promise.all([
    db().company.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
    db().ticket.findMany({
      where: { AND: [visible, { companyId: { in: ids }, priority: { in: [...ALERT_PRIORITIES] }, type: { in: [...ALERT_TYPES] }, status: { in: [...unresolvedStatuses] } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { companyId: true, number: true, subject: true, createdAt: true },
    }),
  ]);
  const names = new Map(companies.map((company) => [company.id, company.name]));
  return {
    title: "reporting.loyalty.criticalCustomers.list",
    description: "reporting.loyalty.criticalCustomers.hint",
    columns: [
      { key: "company", label: "reporting.sales.column.company", format: "text" },
      { key: "tickets", label: "reporting.loyalty.column.criticalTickets", format: "count" },
      { key: "since", label: "reporting.loyalty.column.openSince", format: "date" },
      { key: "oldest", label: "reporting.loyalty.column.oldestTicket", format: "text" },
    ],
    rows: slice.map((group) => {
      const first = tickets.find((ticket) => ticket.companyId === group.companyId);
      return {
        cells: { company: names.get(group.companyId) ?? "", tickets: group.tickets, since: first?.createdAt.toISOString() ?? null, oldest: first ? `#${first.number} ${first.subject}` : null },
        href: `/clients/societes/${group.companyId}`,
      };
    }),
    total: groups.length,
  };
}
