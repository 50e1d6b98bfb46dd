import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import {
  createdRange,
  effectiveStatuses,
  NONE,
  queueViewDefinitions,
  parseInstant,
  queueViews,
  type QueueFilters,
  type QueueSort,
  type QueueView,
  type TicketListView,
} from "./queue-views";
import { slaStatus, type SlaStatus } from "./sla/sla-status";
import { ticketReaderFor, visibleTicketsWhere, type TicketViewer } from "./ticket-access.server";
import { unresolvedStatuses, type TicketStatus } from "./ticket-vocabulary";

/**
 * The Support queues: one page of a view (keyset pagination) and the counters of the tabs.
 *
 * How it stays fast on a million tickets: a page is the merge of a few small ordered queries,
 * one per (status of the view × part of what the viewer may see: one per group for restricted agents).
 * conditions on the leading columns of a composite index and a range on the sort key, so SQLite
 * (or PostgreSQL) walks the index in order and stops after `limit + 1` rows, whatever the depth of
 * the page: there is no OFFSET. The indexes (see prisma/schema.prisma, Ticket):
 *   (status, updatedAt, id)                      all open, pending, solved
 *   (assigneeId, status, updatedAt, id)          mine, unassigned, restricted agents' own tickets
 *   (groupId, status, updatedAt, id)             my groups, restricted agents' groups
 *   (status, lastCustomerMessageAt, id, lastAgentReplyAt)   customers waiting now (index-only, in order)
 * Every query still ANDs visibleTicketsWhere(viewer): the parts only help the planner, the
 * record rule stays the one in ticket-access.server.ts.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** Counters stop here ("10 000+"): counting a million closed tickets on every page view buys nothing. */
export const QUEUE_COUNT_CAP = 10_000;

export type QueueCursor = { after: string } | { before: string };

export type QueueQuery = {
  view: TicketListView;
  filters?: QueueFilters;
  /** The order to walk, when not the view's own (on updatedAt only: the order an index gives). */
  sort?: QueueSort;
  /** A cursor from a previous page's nextCursor (after) or previousCursor (before). */
  cursor?: QueueCursor | null;
  limit?: number;
  /** The instant SLA badges are computed for (tests pass a fixed one). */
  now?: Date;
};

export type QueueRow = {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  requesterId: string;
  companyId: string | null;
  groupId: string | null;
  assigneeId: string | null;
  requesterName: string;
  companyName: string | null;
  assigneeName: string | null;
  groupName: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** When the customer started waiting for our answer (they wrote last), else null. */
  waitingSince: Date | null;
  sla: SlaStatus;
};

export type QueuePage = {
  tickets: QueueRow[];
  /** Cursor of the next page, or null on the last page. */
  nextCursor: string | null;
  /** Cursor of the previous page, or null on the first page. */
  previousCursor: string | null;
};

export type QueueCount = { count: number; capped: boolean };

// ───────────────────────────── scope: who sees what ─────────────────────────────

type QueueScope = {
  visible: Prisma.TicketWhereInput;
  access: "any" | "group" | "own" | null;
  groupIds: string[];
};

async function queueScope(viewer: TicketViewer): Promise<QueueScope> {
  const [visible, reader] = await Promise.all([visibleTicketsWhere(viewer), ticketReaderFor(viewer)]);
  return { visible, access: reader.access, groupIds: [...reader.groupIds] };
}

/**
 * The view's tickets among those the viewer may see, as disjoint parts that each use one index
 * with equality on its leading columns: one part per group rather than `groupId IN (...)`, which
 * SQLite's planner would answer by scanning the status index instead. The record rule itself is
 * still ANDed to every query (see listQueue); these parts only make the planner's job obvious.
 */
function viewSegments(view: TicketListView, viewer: TicketViewer, scope: QueueScope): Prisma.TicketWhereInput[] {
  const { access, groupIds } = scope;
  if (access === null) return [];
  const perGroup = (extra: Prisma.TicketWhereInput = {}) => groupIds.map((groupId) => ({ groupId, ...extra }));
  // Restricted agents also see what is assigned to them outside their groups.
  const assignedOutsideGroups: Prisma.TicketWhereInput = { assigneeId: viewer.id, OR: [{ groupId: null }, { groupId: { notIn: groupIds } }] };
  switch (view) {
    case "mine":
      return [{ assigneeId: viewer.id }];
    case "groups":
      return access === "own" ? [{ assigneeId: viewer.id, groupId: { in: groupIds } }] : perGroup();
    case "unassigned":
      return access === "any" ? [{ assigneeId: null }] : access === "group" ? perGroup({ assigneeId: null }) : [];
    case "open":
    case "all":
    case "waiting":
    case "pending":
    case "solved":
      return access === "any" ? [{}] : access === "group" ? [...perGroup(), assignedOutsideGroups] : [{ assigneeId: viewer.id }];
  }
}

/**
 * Customers waiting now: the customer's last public message is newer than our last public reply
 * (internal notes do not end a wait). Also used by the dashboard, so both count the same tickets.
 */
export function waitingWhere(): Prisma.TicketWhereInput {
  return {
    lastCustomerMessageAt: { not: null },
    OR: [{ lastAgentReplyAt: null }, { lastAgentReplyAt: { lt: db().ticket.fields.lastCustomerMessageAt } }],
  };
}

function filtersWhere(filters: QueueFilters): Prisma.TicketWhereInput[] {
  const where: Prisma.TicketWhereInput[] = [];
  if (filters.priority) where.push({ priority: filters.priority });
  if (filters.type) where.push({ type: filters.type });
  if (filters.channel) where.push({ channel: filters.channel });
  if (filters.groupId) where.push({ groupId: filters.groupId === NONE ? null : filters.groupId });
  if (filters.assigneeId) where.push({ assigneeId: filters.assigneeId === NONE ? null : filters.assigneeId });
  if (filters.companyId) where.push({ companyId: filters.companyId });
  if (filters.requesterId) where.push({ requesterId: filters.requesterId });
  const since = filters.updatedSince ? parseInstant(filters.updatedSince) : null;
  if (since) where.push({ updatedAt: { gte: since } });
  if (filters.tag) where.push({ tags: { some: { tag: { name: filters.tag } } } });
  const created = createdRange(filters);
  if (created.gte || created.lt) where.push({ createdAt: created });
  return where;
}

// ───────────────────────────── cursors ─────────────────────────────

type SortKey = { key: Date; id: string };

function encodeCursor(row: SortKey): string {
  return Buffer.from(`${row.key.toISOString()}|${row.id}`, "utf8").toString("base64url");
}

/** The sort key a cursor stands for, or null when it was tampered with (the first page is shown then). */
export function decodeCursor(cursor: string): SortKey | null {
  let text: string;
  try {
    text = Buffer.from(cursor, "base64url").toString("utf8");
  } catch {
    return null;
  }
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!match) return null;
  const key = new Date(match[1]);
  return Number.isNaN(key.getTime()) ? null : { key, id: match[2] };
}

/**
 * Rows strictly after (or before) the cursor in the view's order. Written as
 * `key <= k AND (key < k OR id < i)` rather than `key < k OR (key = k AND id < i)`: the first
 * term is a plain index range, which the planner uses; the OR form makes it scan.
 */
function keysetWhere(sort: QueueSort, cursor: SortKey, forward: boolean): Prisma.TicketWhereInput {
  const ascending = (sort.direction === "asc") === forward;
  const strict = ascending ? "gt" : "lt";
  const inclusive = ascending ? "gte" : "lte";
  return {
    AND: [
      { [sort.field]: { [inclusive]: cursor.key } },
      { OR: [{ [sort.field]: { [strict]: cursor.key } }, { id: { [strict]: cursor.id } }] },
    ],
  };
}

function compareKeys(a: SortKey, b: SortKey, ascending: boolean): number {
  const byKey = a.key.getTime() - b.key.getTime();
  const order = byKey !== 0 ? Math.sign(byKey) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return ascending ? order : -order;
}

// ───────────────────────────── pages ─────────────────────────────

const queueRowSelect = {
  id: true,
  number: true,
  subject: true,
  status: true,
  priority: true,
  type: true,
  channel: true,
  requesterId: true,
  companyId: true,
  groupId: true,
  assigneeId: true,
  createdAt: true,
  updatedAt: true,
  lastCustomerMessageAt: true,
  lastAgentReplyAt: true,
  firstResponseDueAt: true,
  firstRespondedAt: true,
  resolutionDueAt: true,
  solvedAt: true,
  slaPausedSince: true,
  requester: { select: { firstName: true, lastName: true, emails: { where: { isPrimary: true }, select: { address: true }, take: 1 } } },
  company: { select: { name: true } },
  assignee: { select: { name: true } },
  group: { select: { name: true } },
} satisfies Prisma.TicketSelect;

/** When the customer started waiting on us, or null: they wrote last and no public answer came since. */
export function waitingSince(ticket: { status: string; lastCustomerMessageAt: Date | null; lastAgentReplyAt: Date | null }): Date | null {
  if (!(unresolvedStatuses as readonly string[]).includes(ticket.status) || !ticket.lastCustomerMessageAt) return null;
  if (ticket.lastAgentReplyAt && ticket.lastAgentReplyAt >= ticket.lastCustomerMessageAt) return null;
  return ticket.lastCustomerMessageAt;
}

/**
 * One page of a queue view, for the viewer, with filters, `limit` rows (default 50) after or
 * before a cursor. Rows carry what the list shows, including the SLA badge state.
 *
 * ```ts
 * const first = await listQueue(user, { view: "waiting", filters: { priority: "urgent" } });
 * const second = await listQueue(user, { view: "waiting", filters: { priority: "urgent" }, cursor: { after: first.nextCursor! } });
 * ```
 */
export async function listQueue(viewer: TicketViewer, query: QueueQuery): Promise<QueuePage> {
  const { view } = query;
  const filters = query.filters ?? {};
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const definition = queueViewDefinitions[view];
  const sort = query.sort ?? definition.sort;
  const afterText = query.cursor && "after" in query.cursor ? query.cursor.after : null;
  const beforeText = query.cursor && "before" in query.cursor ? query.cursor.before : null;
  const cursor = afterText ? decodeCursor(afterText) : beforeText ? decodeCursor(beforeText) : null;
  const forward = !cursor || Boolean(afterText);
  const ascending = (sort.direction === "asc") === forward;

  const scope = await queueScope(viewer);
  const statuses = effectiveStatuses(view, filters);
  const common: Prisma.TicketWhereInput[] = [scope.visible, ...filtersWhere(filters)];
  if (view === "waiting") common.push(waitingWhere());
  if (cursor) common.push(keysetWhere(sort, cursor, forward));
  const orderBy: Prisma.TicketOrderByWithRelationInput[] = [{ [sort.field]: ascending ? "asc" : "desc" }, { id: ascending ? "asc" : "desc" }];

  // One ordered query per (status × part): each walks an index in order and stops after limit + 1 rows.
  const parts = viewSegments(view, viewer, scope);
  const segments = statuses.flatMap((status) => parts.map((part) => ({ status, part })));
  const found = await Promise.all(
    segments.map(({ status, part }) =>
      db().ticket.findMany({
        where: { AND: [{ status }, part, ...common] },
        orderBy,
        take: limit + 1,
        select: { id: true, [sort.field]: true },
      }),
    ),
  );
  const seen = new Set<string>();
  const keys: SortKey[] = [];
  // Only the id and the sort key are read here, so the index alone answers (no table lookups).
  for (const row of found.flat() as unknown as Array<{ id: string } & Record<string, unknown>>) {
    const key = row[sort.field];
    if (seen.has(row.id) || !(key instanceof Date)) continue;
    seen.add(row.id);
    keys.push({ key, id: row.id });
  }
  keys.sort((a, b) => compareKeys(a, b, ascending));
  const hasMore = keys.length > limit;
  const pageKeys = keys.slice(0, limit);
  if (!forward) pageKeys.reverse();

  const details = pageKeys.length
    ? await db().ticket.findMany({ where: { id: { in: pageKeys.map((key) => key.id) } }, select: queueRowSelect })
    : [];
  const byId = new Map(details.map((ticket) => [ticket.id, ticket]));
  const now = query.now ?? new Date();
  const tickets: QueueRow[] = [];
  for (const key of pageKeys) {
    const ticket = byId.get(key.id);
    if (!ticket) continue;
    const requesterName = `${ticket.requester.firstName} ${ticket.requester.lastName}`.trim() || ticket.requester.emails[0]?.address || "—";
    tickets.push({
      id: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      type: ticket.type,
      channel: ticket.channel,
      requesterId: ticket.requesterId,
      companyId: ticket.companyId,
      groupId: ticket.groupId,
      assigneeId: ticket.assigneeId,
      requesterName,
      companyName: ticket.company?.name ?? null,
      assigneeName: ticket.assignee?.name ?? null,
      groupName: ticket.group?.name ?? null,
      createdAt: ticket.createdAt,
      updatedAt: ticket.updatedAt,
      waitingSince: waitingSince(ticket),
      sla: slaStatus(ticket, now),
    });
  }

  const first = pageKeys[0];
  const last = pageKeys[pageKeys.length - 1];
  const nextCursor = last && (forward ? hasMore : true) ? encodeCursor(last) : null;
  const previousCursor = first && (forward ? Boolean(cursor) : hasMore) ? encodeCursor(first) : null;
  return { tickets, nextCursor, previousCursor };
}

// ───────────────────────────── counters ─────────────────────────────

/**
 * Counts the parts (disjoint, so they add up), stopping at `cap`. Prisma writes a count with
 * `take` as `COUNT(*) FROM (SELECT ... ORDER BY <orderBy> LIMIT n)` and sorts by id when no order
 * is given; ordering by status instead follows every index we count through (status is the
 * leading or the second column after an equality), so at most `cap` index entries are read.
 */
async function countCapped(wheres: Prisma.TicketWhereInput[], cap: number): Promise<QueueCount> {
  let total = 0;
  for (const where of wheres) {
    total += await db().ticket.count({ where, orderBy: { status: "asc" }, take: cap + 1 - total });
    if (total > cap) return { count: cap, capped: true };
  }
  return { count: total, capped: false };
}

function countWheres(view: QueueView, filters: QueueFilters, viewer: TicketViewer, scope: QueueScope): Prisma.TicketWhereInput[] {
  const statuses: TicketStatus[] = effectiveStatuses(view, filters);
  if (statuses.length === 0) return [];
  const common: Prisma.TicketWhereInput[] = [scope.visible, ...filtersWhere(filters), { status: statuses.length === 1 ? statuses[0] : { in: statuses } }];
  if (view === "waiting") common.push(waitingWhere());
  return viewSegments(view, viewer, scope).map((part) => ({ AND: [part, ...common] }));
}

/** How many tickets a view holds for the viewer, with filters; capped at QUEUE_COUNT_CAP. */
export async function countQueue(viewer: TicketViewer, query: { view: QueueView; filters?: QueueFilters; cap?: number }): Promise<QueueCount> {
  const scope = await queueScope(viewer);
  return countCapped(countWheres(query.view, query.filters ?? {}, viewer, scope), query.cap ?? QUEUE_COUNT_CAP);
}

/** The counters of every view's tab for the viewer (no filters), each capped at QUEUE_COUNT_CAP. */
export async function queueCounts(viewer: TicketViewer, options: { cap?: number } = {}): Promise<Record<QueueView, QueueCount>> {
  const scope = await queueScope(viewer);
  const cap = options.cap ?? QUEUE_COUNT_CAP;
  const entries = await Promise.all(queueViews.map(async (view) => [view, await countCapped(countWheres(view, {}, viewer, scope), cap)] as const));
  return Object.fromEntries(entries) as Record<QueueView, QueueCount>;
}
