import type { Prisma } from "~/generated/prisma/client";
import { visibleTicketsWhere } from "~/domain/helpdesk/ticket-access.server";
import { db } from "~/lib/db.server";
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetOrderBy, type KeysetOrder } from "~/lib/keyset";
import { isActivityKind, type ActivityKind } from "./activity-schemas";
import { activityFormTimes, isOverdue, minutesLate } from "./activity-time";
import { canActOnOwned, ownedRecordsWhere, type SalesViewer } from "./sales-access";

/**
 * Reading activities under the sales record rule: one activity for its page, what a form offers
 * to link it to, what a new activity starts from. An activity outside the rule reads as missing.
 */

const activityViewSelect = {
  id: true,
  kind: true,
  subject: true,
  notes: true,
  startsAt: true,
  endsAt: true,
  mode: true,
  location: true,
  doneAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, name: true } },
  company: { select: { id: true, name: true, street: true, postalCode: true, city: true, phone: true } },
  contact: { select: { id: true, firstName: true, lastName: true, phone: true, jobTitle: true } },
  deal: { select: { id: true, title: true, ownerId: true } },
  ticket: { select: { id: true, number: true, subject: true } },
  contract: { select: { id: true, title: true, ownerId: true } },
  visitReport: { select: { id: true } },
  nextStep: { select: { report: { select: { id: true, visitedAt: true, authorId: true } } } },
} as const satisfies Prisma.ActivitySelect;

export type ActivityView = NonNullable<Awaited<ReturnType<typeof getActivityView>>>;

export const contactName = (contact: { firstName: string; lastName: string }) => `${contact.firstName} ${contact.lastName}`.trim();

/** The activity's id, owner and version when the viewer may read (or change) it; null otherwise. */
export async function findActivityForViewer(viewer: SalesViewer, activityId: string, action: "read" | "update" = "read") {
  const owned = ownedRecordsWhere(viewer, action);
  if (owned === null || !activityId) return null;
  return db().activity.findFirst({ where: { id: activityId, ...owned }, select: { id: true, ownerId: true, kind: true, version: true } });
}

/** An activity as its page shows it, with what the viewer may do; null when missing or not theirs to read. */
export async function getActivityView(viewer: SalesViewer, activityId: string, now = new Date()) {
  const owned = ownedRecordsWhere(viewer, "read");
  if (owned === null || !activityId) return null;
  const activity = await db().activity.findFirst({ where: { id: activityId, ...owned }, select: activityViewSelect });
  if (!activity) return null;
  const readsAll = Object.keys(owned).length === 0;
  const mayRead = <Linked extends { ownerId: string }>(record: Linked | null): Linked | null => (record && (readsAll || record.ownerId === viewer.id) ? record : null);
  const ticketVisible = activity.ticket ? (await db().ticket.count({ where: { AND: [{ id: activity.ticket.id }, await visibleTicketsWhere(viewer)] } })) > 0 : false;
  const report = activity.nextStep?.report ?? null;
  const { deal, contract, ticket, nextStep, contact, ...rest } = activity;
  const readableDeal = mayRead(deal);
  const readableContract = mayRead(contract);
  return {
    ...rest,
    kind: (isActivityKind(activity.kind) ? activity.kind : "task") as ActivityKind,
    contact: contact ? { ...contact, name: contactName(contact) } : null,
    deal: readableDeal ? { id: readableDeal.id, title: readableDeal.title } : null,
    contract: readableContract ? { id: readableContract.id, title: readableContract.title } : null,
    ticket: ticketVisible ? ticket : null,
    fromReport: report && (readsAll || report.authorId === viewer.id) ? { id: report.id, visitedAt: report.visitedAt } : null,
    form: activityFormTimes(activity),
    /** Minutes a to-do not done is late, or null. */
    late: isOverdue(activity, now) ? minutesLate(activity, now) : null,
    canChange: canActOnOwned(viewer, activity.owner.id, "update"),
  };
}

/** The activity's current values as its form shows them (what a conflict compares with what was typed). */
export async function currentActivityForm(activityId: string) {
  const activity = await db().activity.findUnique({
    where: { id: activityId },
    select: { kind: true, subject: true, notes: true, ownerId: true, startsAt: true, endsAt: true, mode: true, location: true, companyId: true, contactId: true, dealId: true, ticketId: true, version: true, updatedAt: true },
  });
  if (!activity) return null;
  const { startsAt, endsAt, ...fields } = activity;
  return { ...fields, ...activityFormTimes({ kind: activity.kind, startsAt, endsAt }) };
}

export type LinkChoices = {
  contacts: Array<{ id: string; name: string; phone: string }>;
  deals: Array<{ id: string; title: string }>;
  tickets: Array<{ id: string; number: number; subject: string; status: string }>;
};

const CHOICES = 50;

/**
 * What a sales form offers to link at a company: its contacts, the deals with it the viewer may
 * read, and its recent tickets the viewer may read. `keep` adds the record's current links when
 * they are not among them (an old ticket, a deal handed to a colleague).
 */
export async function linkChoices(viewer: SalesViewer, companyId: string | null, keep: { dealId?: string | null; ticketId?: string | null } = {}): Promise<LinkChoices> {
  const owned = ownedRecordsWhere(viewer, "read") ?? { id: { in: [] } };
  const visible = await visibleTicketsWhere(viewer);
  const [contacts, deals, tickets, keptDeal, keptTicket] = await Promise.all([
    companyId
      ? db().contact.findMany({ where: { companyId }, orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }], take: 200, select: { id: true, firstName: true, lastName: true, phone: true } })
      : [],
    companyId ? db().deal.findMany({ where: { companyId, ...owned }, orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], take: CHOICES, select: { id: true, title: true } }) : [],
    companyId
      ? db().ticket.findMany({ where: { AND: [{ companyId, mergedIntoId: null }, visible] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: CHOICES, select: { id: true, number: true, subject: true, status: true } })
      : [],
    keep.dealId ? db().deal.findUnique({ where: { id: keep.dealId }, select: { id: true, title: true } }) : null,
    keep.ticketId ? db().ticket.findUnique({ where: { id: keep.ticketId }, select: { id: true, number: true, subject: true, status: true } }) : null,
  ]);
  return {
    contacts: contacts.map((contact) => ({ id: contact.id, name: contactName(contact) || "—", phone: contact.phone })),
    deals: keptDeal && !deals.some((deal) => deal.id === keptDeal.id) ? [keptDeal, ...deals] : deals,
    tickets: keptTicket && !tickets.some((ticket) => ticket.id === keptTicket.id) ? [keptTicket, ...tickets] : tickets,
  };
}

/**
 * Where a new activity starts from, given the page it was asked from: a ticket gives its company
 * and requester, a deal its company and contact, a contact their company. Ids the viewer may not
 * read are dropped (the form then simply does not offer them).
 */
export async function newActivityLinks(
  viewer: SalesViewer,
  asked: { companyId: string | null; contactId: string | null; dealId: string | null; ticketId: string | null },
): Promise<{ companyId: string | null; companyName: string; companyAddress: string; contactId: string | null; dealId: string | null; ticketId: string | null }> {
  const owned = ownedRecordsWhere(viewer, "read");
  const [ticket, deal, contact] = await Promise.all([
    asked.ticketId ? db().ticket.findFirst({ where: { AND: [{ id: asked.ticketId }, await visibleTicketsWhere(viewer)] }, select: { id: true, companyId: true, requesterId: true } }) : null,
    asked.dealId && owned ? db().deal.findFirst({ where: { id: asked.dealId, ...owned }, select: { id: true, companyId: true, contactId: true } }) : null,
    asked.contactId ? db().contact.findUnique({ where: { id: asked.contactId }, select: { id: true, companyId: true } }) : null,
  ]);
  const companyId = asked.companyId ?? deal?.companyId ?? contact?.companyId ?? ticket?.companyId ?? null;
  const company = companyId ? await db().company.findUnique({ where: { id: companyId }, select: { id: true, name: true, street: true, postalCode: true, city: true } }) : null;
  let contactId = contact?.id ?? deal?.contactId ?? ticket?.requesterId ?? null;
  if (contactId && company) {
    const belongs = await db().contact.count({ where: { id: contactId, companyId: company.id } });
    if (!belongs) contactId = null;
  }
  return {
    companyId: company?.id ?? null,
    companyName: company?.name ?? "",
    companyAddress: company ? companyAddress(company) : "",
    contactId,
    dealId: deal && (!company || deal.companyId === company.id) ? deal.id : null,
    ticketId: ticket && (!company || !ticket.companyId || ticket.companyId === company.id) ? ticket.id : null,
  };
}

/** A company's postal address on one line (the place proposed for an on-site appointment). */
export function companyAddress(company: { street: string; postalCode: string; city: string }): string {
  return [company.street, [company.postalCode, company.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
}

// ───────────────────────────── records, page by page (public API) ─────────────────────────────

const activityRecordSelect = {
  id: true,
  kind: true,
  subject: true,
  notes: true,
  startsAt: true,
  endsAt: true,
  mode: true,
  location: true,
  doneAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, name: true } },
  company: { select: { id: true, name: true } },
  contact: { select: { id: true, firstName: true, lastName: true } },
  deal: { select: { id: true, title: true, ownerId: true } },
  ticket: { select: { id: true, number: true, subject: true } },
} as const satisfies Prisma.ActivitySelect;
type ActivityRow = Prisma.ActivityGetPayload<{ select: typeof activityRecordSelect }>;

/** An activity as an integration reads it; a linked deal or ticket the viewer may not read is left out. */
export type ActivityRecord = Omit<ActivityRow, "deal" | "ticket"> & { deal: { id: string; title: string } | null; ticket: { id: string; number: number; subject: string } | null };

async function asRecords(viewer: SalesViewer, rows: ActivityRow[]): Promise<ActivityRecord[]> {
  const ticketIds = rows.flatMap((row) => (row.ticket ? [row.ticket.id] : []));
  const visibleTickets = ticketIds.length
    ? new Set((await db().ticket.findMany({ where: { AND: [{ id: { in: ticketIds } }, await visibleTicketsWhere(viewer)] }, select: { id: true } })).map((ticket) => ticket.id))
    : new Set<string>();
  return rows.map(({ deal, ticket, ...row }) => ({
    ...row,
    deal: deal && canActOnOwned(viewer, deal.ownerId, "read") ? { id: deal.id, title: deal.title } : null,
    ticket: ticket && visibleTickets.has(ticket.id) ? ticket : null,
  }));
}

/** One activity the viewer may read, as a record; null when missing or outside their rule. */
export async function findActivityRecord(viewer: SalesViewer, activityId: string): Promise<ActivityRecord | null> {
  const owned = ownedRecordsWhere(viewer, "read");
  if (owned === null || !activityId || activityId.length > 64) return null;
  const row = await db().activity.findFirst({ where: { id: activityId, ...owned }, select: activityRecordSelect });
  return row ? (await asRecords(viewer, [row]))[0]! : null;
}

export type ActivityRecordFilters = {
  /** Someone's activities (a rep always reads their own only). */
  ownerId?: string;
  kind?: ActivityKind;
  done?: boolean;
  companyId?: string;
  contactId?: string;
  dealId?: string;
  /** Starting at or after / before these instants. */
  from?: Date;
  to?: Date;
};

export const activityRecordSorts = ["startsAt", "-startsAt"] as const;
export type ActivityRecordSort = (typeof activityRecordSorts)[number];

const activityOrders: Record<ActivityRecordSort, KeysetOrder> = {
  startsAt: [{ field: "startsAt", direction: "asc" }],
  "-startsAt": [{ field: "startsAt", direction: "desc" }],
};

export function readActivityCursor(cursor: string, sort: ActivityRecordSort) {
  return decodeKeysetCursor(cursor, `activities:${sort}`, 1);
}

/** The activities the viewer may read, by start, `limit` at a time after a cursor. Null when they read none. */
export async function listActivityRecords(viewer: SalesViewer, filters: ActivityRecordFilters, page: { sort: ActivityRecordSort; cursor?: string | null; limit: number }) {
  const owned = ownedRecordsWhere(viewer, "read");
  if (owned === null) return null;
  const order = activityOrders[page.sort];
  const after = page.cursor ? readActivityCursor(page.cursor, page.sort) : null;
  const where: Prisma.ActivityWhereInput = {
    AND: [
      owned.ownerId ? owned : filters.ownerId ? { ownerId: filters.ownerId } : {},
      ...(filters.kind ? [{ kind: filters.kind }] : []),
      ...(filters.done === undefined ? [] : [{ doneAt: filters.done ? { not: null } : null }]),
      ...(filters.companyId ? [{ companyId: filters.companyId }] : []),
      ...(filters.contactId ? [{ contactId: filters.contactId }] : []),
      ...(filters.dealId ? [{ dealId: filters.dealId }] : []),
      ...(filters.from || filters.to ? [{ startsAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } }] : []),
      ...(after ? [keysetAfter(order, after) as Prisma.ActivityWhereInput] : []),
    ],
  };
  const rows = await db().activity.findMany({ where, orderBy: keysetOrderBy(order) as Prisma.ActivityOrderByWithRelationInput[], take: page.limit + 1, select: activityRecordSelect });
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor = rows.length > page.limit && last ? encodeKeysetCursor(`activities:${page.sort}`, [last.startsAt], last.id) : null;
  return { activities: await asRecords(viewer, pageRows), nextCursor };
}
