import { ticketReaderFor } from "~/domain/helpdesk/ticket-access.server";
import { contractInForceWhere } from "~/domain/sales/contract-status";
import { startOfWorkspaceDay } from "~/domain/sales/document-dates";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { lastTicketsOfCompanies } from "~/lib/sqlite-last-tickets.server";
import type { ReportRange } from "../report-period";
import type { ReportContext, ReportViewer, TableData } from "../report-section";
import type { DrillDownPage } from "../report-drill-down";
import { churnRate, lostContracts, type ContractCover, type LostContract } from "./loyalty-churn";

/**
 * The churn rate (taux de résiliation) of a period: maintenance contracts lost in it (cancelled,
 * or explicit renewals that lapsed without a successor: loyalty-churn.ts) among those in force at
 * its start, ÷ those in force at its start. Contracts are few (thousands): the base is a count,
 * the lost ones a narrow query checked in plain code. A rep counts their own contracts.
 */

type Owner = { ownerId?: string };
const coverSelect = { id: true, companyId: true, startDate: true, endDate: true, renewal: true, cancelledAt: true } satisfies Prisma.ContractSelect;

export type Churn = { atStart: number; lost: LostContract[]; rate: number | null };

export async function churnOver(owner: Owner, range: ReportRange, now: Date): Promise<Churn> {
  const inForce: Prisma.ContractWhereInput = { ...owner, ...contractInForceWhere(range.from) };
  // An explicit renewal can only have lapsed in the period once its end day is over.
  const lapsedBefore = new Date(Math.min(range.to.getTime(), startOfWorkspaceDay(now).getTime()));
  const [atStart, candidates] = await Promise.all([
    db().contract.count({ where: inForce }),
    db().contract.findMany({
      where: { AND: [inForce, { OR: [{ cancelledAt: { gt: range.from, lte: range.to } }, { renewal: "explicit", endDate: { gte: range.from, lt: lapsedBefore } }] }] },
      select: coverSelect,
    }),
  ]);
  const siblings: ContractCover[] = candidates.length === 0 ? [] : await db().contract.findMany({ where: { companyId: { in: [...new Set(candidates.map((contract) => contract.companyId))] } }, select: coverSelect });
  const lost = lostContracts(candidates, siblings, range, now);
  return { atStart, lost, rate: churnRate(lost.length, atStart) };
}

/** The contracts behind the churn figures, with their company and how they ended. */
async function describeLost(lost: LostContract[]) {
  const details = await db().contract.findMany({
    where: { id: { in: lost.map((entry) => entry.contract.id) } },
    select: { id: true, title: true, yearlyAmountCents: true, cancellationReason: true, company: { select: { id: true, name: true } }, owner: { select: { name: true } } },
  });
  const byId = new Map(details.map((contract) => [contract.id, contract]));
  return lost
    .map((entry) => ({ ...entry, detail: byId.get(entry.contract.id)! }))
    .sort(byLatestLoss);
}

/** The latest loss first (then by contract, for a stable order). */
function byLatestLoss(a: LostContract, b: LostContract): number {
  return b.end.at.getTime() - a.end.at.getTime() || a.contract.id.localeCompare(b.contract.id);
}

/** How a lost contract ended, as two date columns: cancelled on (its cancellation date) or not renewed after (its end day). */
const endingCells = (row: { end: LostContract["end"]; contract: ContractCover; detail: { cancellationReason: string } }) => ({
  cancelledOn: row.end.kind === "cancelled" ? row.end.at.toISOString() : null,
  endedOn: row.end.kind === "not_renewed" ? row.contract.endDate.toISOString() : null,
  why: row.end.kind === "cancelled" ? row.detail.cancellationReason || null : null,
});
const endingColumns: TableData["columns"] = [
  { key: "cancelledOn", label: "reporting.loyalty.column.cancelledOn", format: "date" },
  { key: "endedOn", label: "reporting.loyalty.column.endedOn", format: "date" },
  { key: "why", label: "reporting.loyalty.column.why", format: "text" },
];

export async function listLostContracts(context: ReportContext, owner: Owner, range: ReportRange, page: { offset: number; limit: number | null }): Promise<DrillDownPage> {
  const churn = await churnOver(owner, range, context.now);
  const rows = await describeLost(churn.lost);
  const slice = rows.slice(page.offset, page.limit === null ? undefined : page.offset + page.limit);
  return {
    title: "reporting.loyalty.contractsLost.list",
    description: "reporting.loyalty.contractsLost.hint",
    columns: [
      { key: "title", label: "reporting.loyalty.column.contract", format: "text" },
      { key: "company", label: "reporting.sales.column.company", format: "text" },
      { key: "owner", label: "reporting.sales.column.owner", format: "text" },
      ...endingColumns,
      { key: "amount", label: "reporting.loyalty.column.yearlyAmount", format: "cents" },
    ],
    rows: slice.map((row) => ({
      cells: {
        title: row.detail.title,
        company: row.detail.company.name,
        owner: row.detail.owner.name,
        ...endingCells(row),
        amount: row.detail.yearlyAmountCents,
      },
      href: `/ventes/contrats/${row.contract.id}`,
    })),
    total: rows.length,
  };
}

/** Contracts in force at the period's first midnight: the churn's base. */
export async function listContractsAtStart(owner: Owner, range: ReportRange, page: { offset: number; limit: number | null }): Promise<DrillDownPage> {
  const where: Prisma.ContractWhereInput = { ...owner, ...contractInForceWhere(range.from) };
  const [total, contracts] = await Promise.all([
    db().contract.count({ where }),
    db().contract.findMany({
      where,
      orderBy: [{ startDate: "asc" }, { id: "asc" }],
      skip: page.offset,
      ...(page.limit === null ? {} : { take: page.limit }),
      select: { id: true, title: true, startDate: true, endDate: true, yearlyAmountCents: true, company: { select: { name: true } }, owner: { select: { name: true } } },
    }),
  ]);
  return {
    title: "reporting.loyalty.contractsAtStart.list",
    description: "reporting.loyalty.contractsAtStart.hint",
    columns: [
      { key: "title", label: "reporting.loyalty.column.contract", format: "text" },
      { key: "company", label: "reporting.sales.column.company", format: "text" },
      { key: "owner", label: "reporting.sales.column.owner", format: "text" },
      { key: "startDate", label: "reporting.loyalty.column.startDate", format: "date" },
      { key: "amount", label: "reporting.loyalty.column.yearlyAmount", format: "cents" },
    ],
    rows: contracts.map((contract) => ({
      cells: { title: contract.title, company: contract.company.name, owner: contract.owner.name, startDate: contract.startDate.toISOString(), amount: contract.yearlyAmountCents },
      href: `/ventes/contrats/${contract.id}`,
    })),
    total,
  };
}

export const LOST_CUSTOMERS_SHOWN = 10;
export const LAST_TICKETS = 3;

/**
 * The customers lost in the period (a contract lost and no successor), the latest loss first,
 * each with their last tickets (the latest active first, among those the viewer may read) to
 * see what went wrong.
 */
export async function lostCustomers(viewer: ReportViewer, churn: Churn, page: { offset: number; limit: number | null }) {
  // Each company once, at its latest loss; the page's contracts only are read in full.
  const latest = [...churn.lost.filter((entry) => entry.customerLost)].sort(byLatestLoss);
  const companies = latest.filter((entry, index) => latest.findIndex((other) => other.contract.companyId === entry.contract.companyId) === index);
  const slice = await describeLost(companies.slice(page.offset, page.limit === null ? undefined : page.offset + page.limit));
  // The most recently active tickets first, straight from the (companyId, lastMessageAt, id) index.
  const tickets = await lastTicketsOfCompanies(slice.map((row) => row.detail.company.id), LAST_TICKETS, await ticketReaderFor(viewer));
  const columns: TableData["columns"] = [
    { key: "company", label: "reporting.sales.column.company", format: "text" },
    ...endingColumns,
    { key: "tickets", label: "reporting.loyalty.column.lastTickets", format: "text" },
  ];
  return {
    columns,
    rows: slice.map((row) => ({
      cells: {
        company: row.detail.company.name,
        ...endingCells(row),
        tickets: (tickets.get(row.detail.company.id) ?? []).map((ticket) => `#${ticket.number} ${ticket.subject}`).join(" · ") || null,
      },
      href: `/clients/societes/${row.detail.company.id}`,
    })),
    total: companies.length,
  };
}
