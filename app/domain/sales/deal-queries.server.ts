import type { Prisma } from "~/generated/prisma/client";
import { listCompanyOwners } from "~/domain/customers/company-records.server";
import { accessFor } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetOrderBy, type KeysetOrder, type KeysetValue } from "~/lib/keyset";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { centsToGroupedInput } from "./money";
import { type DealEditableField, localDayInput } from "./deal-schemas";
import { closedColumnsSince, closePeriodRange, type DealFilters, type DealListQuery, type DealSort } from "./deal-filters";
import { activePipeline, type PipelineStageRef } from "./pipeline.server";
import { weightedCents } from "./pipeline-rules";
import { canActOnOwned, ownedRecordsWhere, type SalesViewer } from "./sales-access";
import type { StageKind } from "./stage-kinds";

/**
 * Reading deals: the kanban (a first page per column and each column's totals), the sortable list,
 * one deal's page, a company's deals, and the choices the forms offer. Every query starts from the
 * sales record rule (sales-access.ts): a rep reads their own deals, managers and support all.
 */

/** The kanban shows this many cards per column, then "load more". */
export const KANBAN_PAGE_SIZE = 25;
/** The won and lost columns show the deals closed in the last 30 days (the board does not grow forever). */
export const CLOSED_COLUMN_DAYS = 30;
export const DEAL_LIST_PAGE_SIZE = 50;

const dealCardSelect = {
  id: true,
  title: true,
  amountCents: true,
  expectedCloseDate: true,
  stageChangedAt: true,
  closedAt: true,
  version: true,
  stageId: true,
  company: { select: { id: true, name: true } },
  owner: { select: { id: true, name: true } },
} as const satisfies Prisma.DealSelect;
export type DealCard = Prisma.DealGetPayload<{ select: typeof dealCardSelect }>;

/** The deals the viewer may read (or change) that match the filters; null when they read no deals. */
export function dealsWhere(viewer: SalesViewer, filters: DealFilters, now: Date, action: "read" | "update" = "read"): Prisma.DealWhereInput | null {
  const owned = ownedRecordsWhere(viewer, action);
  if (!owned) return null;
  const where: Prisma.DealWhereInput[] = [owned];
  if (filters.ownerId && !owned.ownerId) where.push({ ownerId: filters.ownerId });
  if (filters.source) where.push({ source: filters.source });
  if (filters.closePeriod) {
    const range = closePeriodRange(filters.closePeriod, now, WORKSPACE_TIME_ZONE);
    if (range.kind === "undated") where.push({ expectedCloseDate: null });
    else {
      where.push({ expectedCloseDate: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } });
      if (range.openOnly) where.push({ closedAt: null });
    }
  }
  return where.length === 1 ? owned : { AND: where };
}

/** One deal the viewer may read (or change), or null: outside the rule is "not found". */
export async function findDealForViewer(viewer: SalesViewer, dealId: string, action: "read" | "update" = "read") {
  if (!dealId) return null;
  const deal = await db().deal.findUnique({ where: { id: dealId }, select: { id: true, ownerId: true, version: true, companyId: true, stageId: true } });
  if (!deal || !canActOnOwned(viewer, deal.ownerId, action)) return null;
  return deal;
}

// ───────────────────────────── kanban ─────────────────────────────

type Cursor = { at: Date; id: string };

export function encodeCursor(card: { stageChangedAt: Date; id: string }): string {
  return `${card.stageChangedAt.getTime()}.${card.id}`;
}

export function decodeCursor(text: string | null | undefined): Cursor | null {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,40})$/.exec(text ?? "");
  return match ? { at: new Date(Number(match[1])), id: match[2]! } : null;
}

export type ColumnTotals = { count: number; amountCents: number; weightedCents: number };
export type KanbanColumn = { stage: PipelineStageRef; cards: DealCard[]; nextCursor: string | null; totals: ColumnTotals };
export type Kanban = { columns: KanbanColumn[]; closedSince: Date };

/**
 * One column's deals. A won or lost column holds the deals closed in the window: their
 * `stageChangedAt` is their closing date (a move to a closed stage sets both), and it is in the
 * index (stageId, stageChangedAt, id) the column is read from.
 */
function columnWhere(base: Prisma.DealWhereInput, stage: { id: string; kind: StageKind }, closedSince: Date): Prisma.DealWhereInput {
  return { AND: [base, { stageId: stage.id }, ...(stage.kind === "open" ? [] : [{ stageChangedAt: { gte: closedSince } }])] };
}

async function columnPage(where: Prisma.DealWhereInput, cursor: Cursor | null, take: number) {
  const cards = await db().deal.findMany({
    where: cursor ? { AND: [where, { OR: [{ stageChangedAt: { lt: cursor.at } }, { stageChangedAt: cursor.at, id: { lt: cursor.id } }] }] } : where,
    orderBy: [{ stageChangedAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: dealCardSelect,
  });
  const more = cards.length > take;
  const page = more ? cards.slice(0, take) : cards;
  return { cards: page, nextCursor: more ? encodeCursor(page[page.length - 1]!) : null };
}

/**
 * The board: one column per active stage in pipeline order, each with its newest moves first
 * (keyset on stageChangedAt, id) and totals over every matching deal of the column, not only the
 * cards shown. Won and lost columns hold the deals closed in the last 30 days.
 */
export async function loadKanban(viewer: SalesViewer, filters: DealFilters, now = new Date(), take = KANBAN_PAGE_SIZE): Promise<Kanban | null> {
  const base = dealsWhere(viewer, filters, now);
  if (!base) return null;
  const { stages } = await activePipeline();
  const closedSince = closedColumnsSince(now, CLOSED_COLUMN_DAYS, WORKSPACE_TIME_ZONE);
  // Per column: its first page and its totals (one aggregate each, over the stage's index entries).
  const [pages, totals] = await Promise.all([
    Promise.all(stages.map((stage) => columnPage(columnWhere(base, stage, closedSince), null, take))),
    Promise.all(stages.map((stage) => db().deal.aggregate({ where: columnWhere(base, stage, closedSince), _count: { _all: true }, _sum: { amountCents: true } }))),
  ]);
  return {
    closedSince,
    columns: stages.map((stage, index) => {
      const row = totals[index]!;
      const amountCents = Number(row._sum.amountCents ?? 0);
      return {
        stage,
        ...pages[index]!,
        totals: { count: row._count._all, amountCents, weightedCents: weightedCents(amountCents, stage.probability) },
      };
    }),
  };
}

/** The next cards of one column after `cursor` ("load more"), or null when the stage is not on the board. */
export async function loadKanbanColumn(viewer: SalesViewer, filters: DealFilters, stageId: string, cursor: string | null, now = new Date(), take = KANBAN_PAGE_SIZE) {
  const base = dealsWhere(viewer, filters, now);
  if (!base) return null;
  const { stages } = await activePipeline();
  const stage = stages.find((candidate) => candidate.id === stageId);
  if (!stage) return null;
  const closedSince = closedColumnsSince(now, CLOSED_COLUMN_DAYS, WORKSPACE_TIME_ZONE);
  return columnPage(columnWhere(base, stage, closedSince), decodeCursor(cursor), take);
}

// ───────────────────────────── list ─────────────────────────────

const dealRowSelect = {
  ...dealCardSelect,
  updatedAt: true,
  source: true,
  stage: { select: { id: true, name: true, kind: true, probability: true } },
} as const satisfies Prisma.DealSelect;
export type DealRow = Prisma.DealGetPayload<{ select: typeof dealRowSelect }>;

function listOrder(sort: DealSort, direction: "asc" | "desc"): Prisma.DealOrderByWithRelationInput[] {
  const by: Record<DealSort, Prisma.DealOrderByWithRelationInput> = {
    title: { title: direction },
    company: { company: { name: direction } },
    owner: { owner: { name: direction } },
    stage: { stage: { position: direction } },
    amount: { amountCents: direction },
    expectedClose: { expectedCloseDate: { sort: direction, nulls: "last" } },
    updated: { updatedAt: direction },
  };
  return [by[sort], { id: direction }];
}

/** One page of the deals list: the filters, a status (by the stage's kind) or a stage, sorted. */
export async function listDeals(viewer: SalesViewer, query: DealListQuery, now = new Date(), perPage = DEAL_LIST_PAGE_SIZE) {
  const base = dealsWhere(viewer, query, now);
  if (!base) return null;
  const where: Prisma.DealWhereInput = {
    AND: [base, ...(query.status ? [{ stage: { kind: query.status } }] : []), ...(query.stageId ? [{ stageId: query.stageId }] : []), ...(query.companyId ? [{ companyId: query.companyId }] : [])],
  };
  const total = await db().deal.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(query.page, pageCount);
  const deals = await db().deal.findMany({ where, orderBy: listOrder(query.sort, query.direction), skip: (page - 1) * perPage, take: perPage, select: dealRowSelect });
  return { deals, total, page, pageCount };
}

// ───────────────────────────── one deal ─────────────────────────────

const dealPageSelect = {
  id: true,
  title: true,
  amountCents: true,
  expectedCloseDate: true,
  source: true,
  campaignId: true,
  notes: true,
  lossNote: true,
  closedAt: true,
  stageChangedAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  ownerId: true,
  company: { select: { id: true, name: true } },
  contact: { select: { id: true, firstName: true, lastName: true, jobTitle: true } },
  owner: { select: { id: true, name: true } },
  stage: { select: { id: true, name: true, kind: true, probability: true, active: true } },
  lossReason: { select: { id: true, label: true } },
  stageChanges: {
    orderBy: [{ at: "asc" }, { id: "asc" }],
    select: {
      id: true,
      at: true,
      fromStage: { select: { id: true, name: true } },
      toStage: { select: { id: true, name: true, kind: true } },
      actor: { select: { id: true, name: true } },
    },
  },
} as const satisfies Prisma.DealSelect;

export type StageHistoryEntry = {
  id: string;
  at: Date;
  from: { id: string; name: string } | null;
  to: { id: string; name: string; kind: string };
  actorName: string | null;
  /** How long the deal stayed on `to`: until the next move, or until now while it is still there and open. */
  durationMs: number | null;
  current: boolean;
};

/** The stage history with how long the deal stayed at each stage (pure, exported for tests). */
export function stageHistory(changes: ReadonlyArray<{ id: string; at: Date; fromStage: { id: string; name: string } | null; toStage: { id: string; name: string; kind: string }; actor: { name: string } | null }>, now: Date): StageHistoryEntry[] {
  return changes.map((change, index) => {
    const next = changes[index + 1];
    const current = !next;
    const durationMs = next ? next.at.getTime() - change.at.getTime() : change.toStage.kind === "open" ? now.getTime() - change.at.getTime() : null;
    return { id: change.id, at: change.at, from: change.fromStage, to: change.toStage, actorName: change.actor?.name ?? null, durationMs, current };
  });
}

/**
 * Everything the deal page shows: the deal, its stage history with durations, and the records of
 * the other sales streams linked to it (activities, visit reports, quotes, orders), each under the
 * same record rule. Null when the deal does not exist or is outside the viewer's rule.
 */
export async function loadDealPage(viewer: SalesViewer, dealId: string, now = new Date()) {
  const owned = ownedRecordsWhere(viewer, "read");
  if (!owned || !dealId) return null;
  const deal = await db().deal.findUnique({ where: { id: dealId }, select: dealPageSelect });
  if (!deal || !canActOnOwned(viewer, deal.ownerId, "read")) return null;
  const authored = owned.ownerId ? { authorId: owned.ownerId } : {};
  const [activities, visitReports, quotes, orders] = await Promise.all([
    db().activity.findMany({
      where: { dealId, ...owned },
      orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      take: 20,
      select: { id: true, kind: true, subject: true, startsAt: true, doneAt: true, owner: { select: { name: true } } },
    }),
    db().visitReport.findMany({
      where: { dealId, ...authored },
      orderBy: [{ visitedAt: "desc" }, { id: "desc" }],
      take: 20,
      select: { id: true, visitedAt: true, objectives: true, outcome: true, author: { select: { name: true } } },
    }),
    db().quote.findMany({
      where: { dealId, ...owned },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
      select: { id: true, number: true, status: true, issueDate: true, totalExclCents: true },
    }),
    db().order.findMany({
      where: { dealId, ...owned },
      orderBy: [{ orderedAt: "desc" }, { id: "desc" }],
      take: 20,
      select: { id: true, number: true, orderedAt: true, totalExclCents: true },
    }),
  ]);
  const { stageChanges, ...fields } = deal;
  return {
    deal: { ...fields, stageKind: fields.stage.kind as StageKind },
    history: stageHistory(stageChanges, now),
    activities,
    visitReports,
    quotes,
    orders,
    canEdit: canActOnOwned(viewer, deal.ownerId, "update"),
  };
}

/** The deal as the edit form shows it (ids and raw values), for a viewer who may change it. */
export async function getDealForEdit(viewer: SalesViewer, dealId: string) {
  const deal = await db().deal.findUnique({
    where: { id: dealId },
    select: {
      id: true,
      title: true,
      companyId: true,
      contactId: true,
      ownerId: true,
      amountCents: true,
      expectedCloseDate: true,
      source: true,
      notes: true,
      version: true,
      stageId: true,
      company: { select: { name: true } },
      owner: { select: { id: true, name: true } },
    },
  });
  if (!deal || !canActOnOwned(viewer, deal.ownerId, "update")) return null;
  return deal;
}

/** Where the deal stands now and its latest move (who, when): what a move that lost a race tells the user. */
export async function currentStageOf(dealId: string): Promise<{ stageName: string; actorName: string | null; at: Date | null } | null> {
  const deal = await db().deal.findUnique({
    where: { id: dealId },
    select: { stage: { select: { name: true } }, stageChanges: { orderBy: [{ at: "desc" }, { id: "desc" }], take: 1, select: { at: true, actor: { select: { name: true } } } } },
  });
  if (!deal) return null;
  const change = deal.stageChanges[0];
  return { stageName: deal.stage.name, actorName: change?.actor?.name ?? null, at: change?.at ?? null };
}

/** The deal form's fields as strings: what its inputs hold for a stored deal. */
export function dealFormStrings(deal: {
  title: string;
  companyId: string;
  contactId: string | null;
  ownerId: string;
  amountCents: number;
  expectedCloseDate: Date | null;
  source: string;
  notes: string;
}): Record<DealEditableField, string> {
  return {
    title: deal.title,
    companyId: deal.companyId,
    contactId: deal.contactId ?? "",
    ownerId: deal.ownerId,
    amount: centsToGroupedInput(deal.amountCents),
    expectedCloseDate: localDayInput(deal.expectedCloseDate),
    source: deal.source,
    notes: deal.notes,
  };
}

/**
 * What the conflict screen needs after a save lost the race: the deal's fields now (as form
 * strings), its version and stage, and the names of the companies, contacts and owners that the
 * current, loaded and submitted values mention.
 */
export async function dealConflictSnapshot(dealId: string, submitted: Record<string, string | string[]>) {
  const deal = await db().deal.findUnique({
    where: { id: dealId },
    select: { title: true, companyId: true, contactId: true, ownerId: true, amountCents: true, expectedCloseDate: true, source: true, notes: true, version: true, stage: { select: { name: true } } },
  });
  if (!deal) return null;
  const current = dealFormStrings(deal);
  const mentioned = (field: DealEditableField) =>
    [current[field], submitted[field], submitted[`loaded_${field}`]].filter((value): value is string => typeof value === "string" && value !== "");
  const unique = (values: string[]) => [...new Set(values)];
  const [companies, contacts, users] = await Promise.all([
    db().company.findMany({ where: { id: { in: unique(mentioned("companyId")) } }, select: { id: true, name: true } }),
    db().contact.findMany({ where: { id: { in: unique(mentioned("contactId")) } }, select: { id: true, firstName: true, lastName: true } }),
    db().user.findMany({ where: { id: { in: unique(mentioned("ownerId")) } }, select: { id: true, name: true } }),
  ]);
  const names: Record<string, string> = Object.fromEntries([
    ...companies.map((company) => [company.id, company.name]),
    ...contacts.map((contact) => [contact.id, `${contact.firstName} ${contact.lastName}`.trim()]),
    ...users.map((user) => [user.id, user.name]),
  ]);
  return { version: deal.version, current, stageName: deal.stage.name, names };
}

// ───────────────────────────── a company's deals ─────────────────────────────

/** A company's deals the viewer may read: open ones first (by expected close), then the latest closed. */
export async function companyDeals(viewer: SalesViewer, companyId: string, take = { open: 20, closed: 5 }) {
  const owned = ownedRecordsWhere(viewer, "read");
  if (!owned) return null;
  const select = { ...dealCardSelect, stage: { select: { name: true, kind: true } } } as const;
  const [open, closed, openCount] = await Promise.all([
    db().deal.findMany({
      where: { companyId, ...owned, closedAt: null },
      orderBy: [{ expectedCloseDate: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      take: take.open,
      select,
    }),
    db().deal.findMany({ where: { companyId, ...owned, closedAt: { not: null } }, orderBy: [{ closedAt: "desc" }, { id: "desc" }], take: take.closed, select }),
    db().deal.count({ where: { companyId, ...owned, closedAt: null } }),
  ]);
  return { open, closed, openCount };
}

// ───────────────────────────── form choices ─────────────────────────────

/** Who the viewer may make a deal's owner: anyone who works deals for a manager, themselves for a rep. */
export async function dealOwnerChoices(viewer: SalesViewer & { name?: string }): Promise<Array<{ id: string; name: string }>> {
  if (accessFor(viewer, "create:deal") === "any") return listCompanyOwners();
  const self = await db().user.findUnique({ where: { id: viewer.id }, select: { id: true, name: true } });
  return self ? [self] : [];
}

/** The contacts of a company, for the deal form's contact field. */
export async function companyContactChoices(companyId: string, take = 300) {
  const contacts = await db().contact.findMany({
    where: { companyId },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take,
    select: { id: true, firstName: true, lastName: true, jobTitle: true },
  });
  return contacts.map((contact) => ({ id: contact.id, name: `${contact.firstName} ${contact.lastName}`.trim() || contact.id, jobTitle: contact.jobTitle }));
}

/**
 * Whom the pipeline's and list's owner filter may name: a viewer who reads every deal picks any
 * owner (or all of them), a rep sees their own deals only.
 */
export async function dealFilterContext(viewer: SalesViewer): Promise<{ id: string; mayChooseOwner: boolean; owners: Array<{ id: string; name: string }> }> {
  const mayChooseOwner = accessFor(viewer, "read:deal") === "any";
  return { id: viewer.id, mayChooseOwner, owners: mayChooseOwner ? await listCompanyOwners() : [] };
}

// ───────────────────────────── records, page by page (public API) ─────────────────────────────

/** A deal as an integration reads it: its fields, stage, owner, company and contact. */
const dealRecordSelect = {
  id: true,
  title: true,
  amountCents: true,
  expectedCloseDate: true,
  source: true,
  notes: true,
  lossNote: true,
  closedAt: true,
  stageChangedAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  ownerId: true,
  company: { select: { id: true, name: true } },
  contact: { select: { id: true, firstName: true, lastName: true } },
  owner: { select: { id: true, name: true } },
  stage: { select: { id: true, name: true, kind: true, probability: true } },
  lossReason: { select: { id: true, label: true } },
} as const satisfies Prisma.DealSelect;
export type DealRecord = Prisma.DealGetPayload<{ select: typeof dealRecordSelect }>;

/** One deal the viewer may read, as a record; null when missing or outside their rule. */
export async function findDealRecord(viewer: SalesViewer, dealId: string): Promise<DealRecord | null> {
  if (!dealId || dealId.length > 64) return null;
  const deal = await db().deal.findUnique({ where: { id: dealId }, select: dealRecordSelect });
  return deal && canActOnOwned(viewer, deal.ownerId, "read") ? deal : null;
}

export const dealRecordSorts = ["-updatedAt", "updatedAt", "-amount", "amount", "title"] as const;
export type DealRecordSort = (typeof dealRecordSorts)[number];

const dealRecordOrders: Record<DealRecordSort, KeysetOrder> = {
  "-updatedAt": [{ field: "updatedAt", direction: "desc" }],
  updatedAt: [{ field: "updatedAt", direction: "asc" }],
  "-amount": [{ field: "amountCents", direction: "desc" }],
  amount: [{ field: "amountCents", direction: "asc" }],
  title: [{ field: "title", direction: "asc" }],
};

export function readDealCursor(cursor: string, sort: DealRecordSort) {
  return decodeKeysetCursor(cursor, `deals:${sort}`, dealRecordOrders[sort].length);
}

export type DealRecordFilters = DealFilters & { status?: DealListQuery["status"]; stageId?: string | null; companyId?: string | null; updatedSince?: Date };

/**
 * The deals the viewer may read that match the pipeline's and the list's filters, `limit` at a
 * time after a cursor (keyset on the sort column and the id). Null when they read no deals.
 */
export async function listDealRecords(viewer: SalesViewer, filters: DealRecordFilters, page: { sort: DealRecordSort; cursor?: string | null; limit: number }, now = new Date()) {
  const base = dealsWhere(viewer, filters, now);
  if (!base) return null;
  const order = dealRecordOrders[page.sort];
  const after = page.cursor ? readDealCursor(page.cursor, page.sort) : null;
  const where: Prisma.DealWhereInput = {
    AND: [
      base,
      ...(filters.status ? [{ stage: { kind: filters.status } }] : []),
      ...(filters.stageId ? [{ stageId: filters.stageId }] : []),
      ...(filters.companyId ? [{ companyId: filters.companyId }] : []),
      ...(filters.updatedSince ? [{ updatedAt: { gte: filters.updatedSince } }] : []),
      ...(after ? [keysetAfter(order, after) as Prisma.DealWhereInput] : []),
    ],
  };
  const rows = await db().deal.findMany({ where, orderBy: keysetOrderBy(order) as Prisma.DealOrderByWithRelationInput[], take: page.limit + 1, select: dealRecordSelect });
  const deals = rows.slice(0, page.limit);
  const last = deals[deals.length - 1];
  const nextCursor = rows.length > page.limit && last ? encodeKeysetCursor(`deals:${page.sort}`, order.map((entry) => last[entry.field as keyof DealRecord] as KeysetValue), last.id) : null;
  return { deals, nextCursor };
}
