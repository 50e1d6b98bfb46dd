import { fromZoned, parseIsoDate } from "./sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import {
  ticketChannels,
  ticketPriorities,
  ticketStatuses,
  ticketTypes,
  unresolvedStatuses,
  type TicketChannel,
  type TicketPriority,
  type TicketStatus,
  type TicketType,
} from "./ticket-vocabulary";

/**
 * The Support area's queue views and filters, shared by the query layer (ticket-queries.server.ts)
 * and the page: what each view holds, how it is sorted, and how views, filters and page cursors
 * are written in the URL (so a filtered queue can be bookmarked, shared and reloaded).
 */

export const queueViews = ["mine", "unassigned", "groups", "open", "waiting", "pending", "solved"] as const;
export type QueueView = (typeof queueViews)[number];

/** The view shown when the URL names none. */
export const defaultQueueView: QueueView = "open";

/**
 * Every ticket whatever its status, latest change first: not a tab of the Support area, but what
 * an integration lists by default (the public API's GET /tickets), e.g. to follow every change
 * with `updatedSince`.
 */
export const allTicketsView = "all";
export const ticketListViews = [...queueViews, allTicketsView] as const;
export type TicketListView = (typeof ticketListViews)[number];

export type QueueSort = { field: "updatedAt" | "lastCustomerMessageAt"; direction: "asc" | "desc" };

/**
 * Each view: the statuses it holds (a status filter narrows within them) and its order.
 * - mine: my unresolved tickets; unassigned: unresolved tickets nobody took; groups: unresolved
 *   tickets of my groups; open: every unresolved ticket;
 * - waiting: customers waiting now, i.e. the customer wrote last and nobody answered publicly
 *   since (internal notes do not count), the longest wait first;
 * - pending: we wait on the customer; solved: solved and closed tickets, latest first.
 */
export const queueViewDefinitions: Record<TicketListView, { statuses: readonly TicketStatus[]; sort: QueueSort }> = {
  mine: { statuses: unresolvedStatuses, sort: { field: "updatedAt", direction: "desc" } },
  unassigned: { statuses: unresolvedStatuses, sort: { field: "updatedAt", direction: "desc" } },
  groups: { statuses: unresolvedStatuses, sort: { field: "updatedAt", direction: "desc" } },
  open: { statuses: unresolvedStatuses, sort: { field: "updatedAt", direction: "desc" } },
  waiting: { statuses: unresolvedStatuses, sort: { field: "lastCustomerMessageAt", direction: "asc" } },
  pending: { statuses: ["pending_customer"], sort: { field: "updatedAt", direction: "desc" } },
  solved: { statuses: ["solved", "closed"], sort: { field: "updatedAt", direction: "desc" } },
  all: { statuses: ticketStatuses, sort: { field: "updatedAt", direction: "desc" } },
};

/** "none" in the group or assignee filter means "no group" / "nobody". */
export const NONE = "none";

export type QueueFilters = {
  status?: TicketStatus;
  priority?: TicketPriority;
  type?: TicketType;
  channel?: TicketChannel;
  groupId?: string;
  assigneeId?: string;
  tag?: string;
  companyId?: string;
  requesterId?: string;
  /** Changed at or after this instant (ISO 8601): what changed since an integration last looked. */
  updatedSince?: string;
  /** Created on or after this day (YYYY-MM-DD, Paris time). */
  createdFrom?: string;
  /** Created on or before this day (YYYY-MM-DD, Paris time, inclusive). */
  createdTo?: string;
};
export type QueueFilterName = keyof QueueFilters;

/** The URL parameter of each filter (French, like the rest of the URLs). */
export const queueFilterParams: Record<QueueFilterName, string> = {
  status: "statut",
  priority: "priorite",
  type: "type",
  channel: "canal",
  groupId: "groupe",
  assigneeId: "assigne",
  tag: "etiquette",
  companyId: "societe",
  requesterId: "demandeur",
  updatedSince: "modifie-depuis",
  createdFrom: "du",
  createdTo: "au",
};

export type QueueFilterError = "validation.choose" | "helpdesk.filters.invalidDate" | "helpdesk.filters.dateOrder";

export type QueueSearch = {
  view: QueueView;
  filters: QueueFilters;
  /** Filters the URL asked for but that could not be applied, with the reason (shown next to the field). */
  errors: Partial<Record<QueueFilterName, QueueFilterError>>;
  /** Raw values as typed, to show the filter form again. */
  raw: Partial<Record<QueueFilterName, string>>;
  after: string | null;
  before: string | null;
};

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** Reads the view, the filters and the page cursor from a URL's search parameters. Invalid filters are reported, not applied. */
export function parseQueueSearch(params: URLSearchParams): QueueSearch {
  const requestedView = params.get("vue") ?? "";
  const view = isOneOf(queueViews, requestedView) ? requestedView : defaultQueueView;
  const filters: QueueFilters = {};
  const errors: QueueSearch["errors"] = {};
  const raw: QueueSearch["raw"] = {};
  const read = (name: QueueFilterName) => {
    const value = (params.get(queueFilterParams[name]) ?? "").trim();
    if (value) raw[name] = value;
    return value;
  };
  const choice = <T extends string>(name: "status" | "priority" | "type" | "channel", list: readonly T[]) => {
    const value = read(name);
    if (!value) return;
    if (isOneOf(list, value)) (filters as Record<string, string>)[name] = value;
    else errors[name] = "validation.choose";
  };
  choice("status", ticketStatuses);
  choice("priority", ticketPriorities);
  choice("type", ticketTypes);
  choice("channel", ticketChannels);
  for (const name of ["groupId", "assigneeId", "companyId", "requesterId", "tag"] as const) {
    const value = read(name);
    if (!value) continue;
    if (value.length > 100) errors[name] = "validation.choose";
    else filters[name] = name === "tag" ? value.toLowerCase() : value;
  }
  for (const name of ["createdFrom", "createdTo"] as const) {
    const value = read(name);
    if (!value) continue;
    if (parseIsoDate(value)) filters[name] = value;
    else errors[name] = "helpdesk.filters.invalidDate";
  }
  const since = read("updatedSince");
  if (since) {
    if (parseInstant(since)) filters.updatedSince = since;
    else errors.updatedSince = "helpdesk.filters.invalidDate";
  }
  if (filters.createdFrom && filters.createdTo && filters.createdFrom > filters.createdTo) {
    errors.createdTo = "helpdesk.filters.dateOrder";
    delete filters.createdTo;
  }
  const cursor = (name: string) => {
    const value = params.get(name);
    return value && /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : null;
  };
  const after = cursor("apres");
  return { view, filters, errors, raw, after, before: after ? null : cursor("avant") };
}

/** The query string of a queue page: "?vue=waiting&priorite=urgent&apres=…" (empty values left out). */
export function queueSearchString(view: QueueView, filters: QueueFilters | Partial<Record<QueueFilterName, string>>, cursor?: { after?: string | null; before?: string | null }): string {
  const params = new URLSearchParams();
  if (view !== defaultQueueView) params.set("vue", view);
  for (const name of Object.keys(queueFilterParams) as QueueFilterName[]) {
    const value = filters[name];
    if (value) params.set(queueFilterParams[name], value);
  }
  if (cursor?.after) params.set("apres", cursor.after);
  else if (cursor?.before) params.set("avant", cursor.before);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function hasActiveFilters(filters: QueueFilters): boolean {
  return Object.values(filters).some(Boolean);
}

/** An ISO 8601 instant with its offset ("2026-03-14T09:30:00Z"), or null. */
export function parseInstant(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The statuses a view lists once the status filter is applied (empty when the filter is outside the view). */
export function effectiveStatuses(view: TicketListView, filters: QueueFilters): TicketStatus[] {
  const statuses = queueViewDefinitions[view].statuses;
  if (!filters.status) return [...statuses];
  return statuses.includes(filters.status) ? [filters.status] : [];
}


/** The creation-date filter as instants: [from midnight of the first day, to midnight after the last day), Paris time. */
export function createdRange(filters: Pick<QueueFilters, "createdFrom" | "createdTo">): { gte?: Date; lt?: Date } {
  const range: { gte?: Date; lt?: Date } = {};
  const from = filters.createdFrom ? parseIsoDate(filters.createdFrom) : null;
  const to = filters.createdTo ? parseIsoDate(filters.createdTo) : null;
  if (from) range.gte = fromZoned(from, 0, WORKSPACE_TIME_ZONE);
  if (to) range.lt = fromZoned(to, 24 * 60, WORKSPACE_TIME_ZONE);
  return range;
}
