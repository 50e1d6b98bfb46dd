import type { Prisma } from "~/generated/prisma/client";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetOrderBy, type KeysetOrder, type KeysetValue } from "~/lib/keyset";
import { CUSTOMER_PAGE_SIZE } from "./customer-vocabulary";

/** `ownerId: null` keeps the companies nobody owns yet. */
export type CompanyFilters = { query?: string; sector?: string; ownerId?: string | null; city?: string; lifecycleStage?: string };

export function companiesWhere(filters: CompanyFilters): Prisma.CompanyWhereInput {
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
    ...(filters.lifecycleStage ? { lifecycleStage: filters.lifecycleStage } : {}),
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
      lifecycleStage: true,
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

/**
 * Companies offered while typing in a company picker: names starting with the text first, then
 * names containing it, at most `take` (a workspace may hold tens of thousands of companies, so a
 * form never lists them all).
 */
export async function suggestCompanies(typed: string, take = 10) {
  const text = typed.trim().slice(0, 120);
  if (!text) return [];
  const select = { id: true, name: true, city: true } as const;
  const starting = await db().company.findMany({ where: { name: { startsWith: text } }, orderBy: [{ name: "asc" }, { id: "asc" }], take, select });
  if (starting.length === take) return starting;
  const containing = await db().company.findMany({
    where: { name: { contains: text }, id: { notIn: starting.map((company) => company.id) } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: take - starting.length,
    select,
  });
  return [...starting, ...containing];
}

export type CompanyMatch =
  | { kind: "one"; id: string; name: string }
  | { kind: "none" }
  | { kind: "several"; candidates: Array<{ id: string; name: string }> };

/**
 * The company an agent typed in a filter: the one whose name is exactly that (any case), else
 * the only one whose name contains it; otherwise none, or the candidates to choose from.
 */
export async function findCompanyByTypedName(typed: string): Promise<CompanyMatch> {
  const text = typed.trim().slice(0, 120);
  if (!text) return { kind: "none" };
  const candidates = await db().company.findMany({
    where: { name: { contains: text } },
    orderBy: { name: "asc" },
    take: 8,
    select: { id: true, name: true },
  });
  const exact = candidates.filter((company) => company.name.toLocaleLowerCase("fr") === text.toLocaleLowerCase("fr"));
  if (exact.length === 1) return { kind: "one", ...exact[0] };
  if (candidates.length === 1) return { kind: "one", ...candidates[0] };
  if (candidates.length === 0) return { kind: "none" };
  return { kind: "several", candidates };
}

/** A company's id and name, or null. */
export async function companyRef(companyId: string) {
  if (!companyId) return null;
  return db().company.findUnique({ where: { id: companyId }, select: { id: true, name: true } });
}

// ───────────────────────────── records, page by page (public API) ─────────────────────────────

/** A company as an integration reads it: every field, its domains and its owner. */
export const companyRecordSelect = {
  id: true,
  name: true,
  sector: true,
  size: true,
  street: true,
  postalCode: true,
  city: true,
  country: true,
  phone: true,
  website: true,
  notes: true,
  lifecycleStage: true,
  prospectSource: true,
  clientSince: true,
  lostAt: true,
  lostReason: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, name: true } },
  domains: { select: { domain: true }, orderBy: { domain: "asc" } },
} as const satisfies Prisma.CompanySelect;
export type CompanyRecord = Prisma.CompanyGetPayload<{ select: typeof companyRecordSelect }>;

export async function findCompanyRecord(companyId: string): Promise<CompanyRecord | null> {
  if (!companyId || companyId.length > 64) return null;
  return db().company.findUnique({ where: { id: companyId }, select: companyRecordSelect });
}

export const companySorts = ["name", "-updatedAt", "updatedAt"] as const;
export type CompanySort = (typeof companySorts)[number];

const companyOrders: Record<CompanySort, KeysetOrder> = {
  name: [{ field: "name", direction: "asc" }],
  "-updatedAt": [{ field: "updatedAt", direction: "desc" }],
  updatedAt: [{ field: "updatedAt", direction: "asc" }],
};

/** The position a cursor of `listCompanyRecords` stands for, or null when it is not one (of this order). */
export function readCompanyCursor(cursor: string, sort: CompanySort) {
  return decodeKeysetCursor(cursor, `companies:${sort}`, companyOrders[sort].length);
}

/** Companies matching the list's filters (and changed since an instant), `limit` at a time after a cursor. */
export async function listCompanyRecords(
  filters: CompanyFilters & { updatedSince?: Date },
  page: { sort: CompanySort; cursor?: string | null; limit: number },
): Promise<{ companies: CompanyRecord[]; nextCursor: string | null }> {
  const order = companyOrders[page.sort];
  const after = page.cursor ? readCompanyCursor(page.cursor, page.sort) : null;
  const where: Prisma.CompanyWhereInput = {
    AND: [companiesWhere(filters), ...(filters.updatedSince ? [{ updatedAt: { gte: filters.updatedSince } }] : []), ...(after ? [keysetAfter(order, after) as Prisma.CompanyWhereInput] : [])],
  };
  const rows = await db().company.findMany({ where, orderBy: keysetOrderBy(order) as Prisma.CompanyOrderByWithRelationInput[], take: page.limit + 1, select: companyRecordSelect });
  const companies = rows.slice(0, page.limit);
  const last = companies[companies.length - 1];
  const nextCursor = rows.length > page.limit && last ? encodeKeysetCursor(`companies:${page.sort}`, order.map((entry) => last[entry.field as keyof CompanyRecord] as KeysetValue), last.id) : null;
  return { companies, nextCursor };
}
