import { mailableConsentStates, primaryConsentState } from "~/domain/marketing/consent/consent-states";
import type { Prisma } from "~/generated/prisma/client";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetOrderBy, type KeysetOrder, type KeysetValue } from "~/lib/keyset";
import { CUSTOMER_PAGE_SIZE } from "./customer-vocabulary";

export type ContactFilters = {
  /** Name, any e-mail address or phone. */
  query?: string;
  /** Exact company (from a company page). */
  companyId?: string;
  /** Company name, contained. */
  companyName?: string;
  consent?: "yes" | "no";
};

export function contactsWhere(filters: ContactFilters): Prisma.ContactWhereInput {
  const and: Prisma.ContactWhereInput[] = [];
  const query = filters.query?.trim();
  if (query) {
    const words = query.split(/\s+/).slice(0, 4);
    // Every word must appear somewhere: "marie dupont" finds Marie Dupont, not every Marie.
    for (const word of words) {
      and.push({
        OR: [
          { firstName: { contains: word } },
          { lastName: { contains: word } },
          { emails: { some: { address: { contains: word.toLowerCase() } } } },
          { phone: { contains: word } },
        ],
      });
    }
  }
  if (filters.companyId) and.push({ companyId: filters.companyId });
  const companyName = filters.companyName?.trim();
  if (companyName) and.push({ company: { name: { contains: companyName } } });
  // "yes": an address of the contact may receive campaigns (opt-in or B2B interest); "no": none may.
  if (filters.consent) {
    const mailable = { marketingConsents: { some: { state: { in: [...mailableConsentStates] } } } };
    and.push(filters.consent === "yes" ? mailable : { NOT: mailable });
  }
  return and.length > 0 ? { AND: and } : {};
}

/**
 * The open tickets the viewer may see, per contact of a page, counted from the
 * (requesterId, status, groupId, assigneeId, …) index for those contacts only. (A relation
 * `_count` made SQLite count every open ticket of the database, grouped by requester, before
 * joining: 110 ms per list on 1,000,000 tickets, whatever the page.)
 */
export async function openTicketCounts(viewer: TicketViewer, contactIds: string[]): Promise<Map<string, number>> {
  if (contactIds.length === 0) return new Map();
  const rows = await db().ticket.groupBy({
    by: ["requesterId"],
    where: { AND: [await visibleTicketsWhere(viewer), { requesterId: { in: contactIds } }, { status: { in: [...unresolvedStatuses] } }] },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.requesterId, row._count._all]));
}

/** One page of the contacts list (by last name), with the total for the pager. */
export async function searchContacts(viewer: TicketViewer, filters: ContactFilters, page = 1, perPage = CUSTOMER_PAGE_SIZE) {
  const where = contactsWhere(filters);
  const total = await db().contact.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db().contact.findMany({
    where,
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    skip: (current - 1) * perPage,
    take: perPage,
    select: {
      id: true,
      firstName: true,
      lastName: true,
      jobTitle: true,
      phone: true,
      marketingConsents: { select: { address: true, state: true } },
      company: { select: { id: true, name: true } },
      emails: { where: { isPrimary: true }, select: { address: true }, take: 1 },
    },
  });
  const openCounts = await openTicketCounts(viewer, rows.map((row) => row.id));
  const contacts = rows.map(({ emails, marketingConsents, ...contact }) => ({
    ...contact,
    primaryEmail: emails[0]?.address ?? "",
    consentState: primaryConsentState(emails[0]?.address ?? "", marketingConsents),
    openTicketCount: openCounts.get(contact.id) ?? 0,
  }));
  return { contacts, total, page: current, pageCount };
}

/** A company's people, for its page: primary address, phone and the open tickets the viewer may see. */
export async function listCompanyContacts(viewer: TicketViewer, companyId: string) {
  const rows = await db().contact.findMany({
    where: { companyId },
    orderBy: [{ companyManager: "desc" }, { lastName: "asc" }, { firstName: "asc" }],
    take: 200,
    select: {
      id: true,
      firstName: true,
      lastName: true,
      jobTitle: true,
      phone: true,
      companyManager: true,
      emails: { where: { isPrimary: true }, select: { address: true }, take: 1 },
    },
  });
  const openCounts = await openTicketCounts(viewer, rows.map((row) => row.id));
  return rows.map(({ emails, ...contact }) => ({ ...contact, primaryEmail: emails[0]?.address ?? "", openTicketCount: openCounts.get(contact.id) ?? 0 }));
}

// ───────────────────────────── records, page by page (public API) ─────────────────────────────

/** A contact as an integration reads it: every field, addresses primary first, the company. */
export const contactRecordSelect = {
  id: true,
  firstName: true,
  lastName: true,
  jobTitle: true,
  phone: true,
  language: true,
  marketingConsents: { select: { address: true, state: true } },
  portalAccess: true,
  companyManager: true,
  createdAt: true,
  updatedAt: true,
  company: { select: { id: true, name: true } },
  emails: { select: { address: true, isPrimary: true, bouncedAt: true }, orderBy: [{ isPrimary: "desc" }, { address: "asc" }] },
} as const satisfies Prisma.ContactSelect;
export type ContactRecord = Prisma.ContactGetPayload<{ select: typeof contactRecordSelect }>;

export async function findContactRecord(contactId: string): Promise<ContactRecord | null> {
  if (!contactId || contactId.length > 64) return null;
  return db().contact.findUnique({ where: { id: contactId }, select: contactRecordSelect });
}

export const contactSorts = ["name", "-updatedAt", "updatedAt"] as const;
export type ContactSort = (typeof contactSorts)[number];

const contactOrders: Record<ContactSort, KeysetOrder> = {
  name: [
    { field: "lastName", direction: "asc" },
    { field: "firstName", direction: "asc" },
  ],
  "-updatedAt": [{ field: "updatedAt", direction: "desc" }],
  updatedAt: [{ field: "updatedAt", direction: "asc" }],
};

/** The position a cursor of `listContactRecords` stands for, or null when it is not one (of this order). */
export function readContactCursor(cursor: string, sort: ContactSort) {
  return decodeKeysetCursor(cursor, `contacts:${sort}`, contactOrders[sort].length);
}

/**
 * Contacts matching the list's filters (and changed since an instant), in a stable order, `limit`
 * at a time after a cursor: by name, or by last change to follow what changed.
 */
export async function listContactRecords(
  filters: ContactFilters & { updatedSince?: Date },
  page: { sort: ContactSort; cursor?: string | null; limit: number },
): Promise<{ contacts: ContactRecord[]; nextCursor: string | null }> {
  const order = contactOrders[page.sort];
  const after = page.cursor ? readContactCursor(page.cursor, page.sort) : null;
  const where: Prisma.ContactWhereInput = {
    AND: [contactsWhere(filters), ...(filters.updatedSince ? [{ updatedAt: { gte: filters.updatedSince } }] : []), ...(after ? [keysetAfter(order, after) as Prisma.ContactWhereInput] : [])],
  };
  const rows = await db().contact.findMany({ where, orderBy: keysetOrderBy(order) as Prisma.ContactOrderByWithRelationInput[], take: page.limit + 1, select: contactRecordSelect });
  const contacts = rows.slice(0, page.limit);
  const last = contacts[contacts.length - 1];
  const nextCursor = rows.length > page.limit && last ? encodeKeysetCursor(`contacts:${page.sort}`, order.map((entry) => last[entry.field as keyof ContactRecord] as KeysetValue), last.id) : null;
  return { contacts, nextCursor };
}
