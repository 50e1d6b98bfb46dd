import type { Prisma } from "~/generated/prisma/client";
import type { TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import type { CustomerScope } from "../key-figures.server";
import { kindRank, type TimelineCursor, type TimelineEntry, type TimelineKind } from "./timeline-entry";

/**
 * What a timeline source receives: whose timeline, who is looking, where the page starts, how
 * many entries at most. `visibleTickets()` is the viewer's ticket rule (computed once per page).
 */
export type TimelineQuery = {
  viewer: TicketViewer;
  scope: CustomerScope;
  before: TimelineCursor | null;
  /** Return at most this many entries, newest first (the page size plus one). */
  take: number;
  visibleTickets: () => Promise<Prisma.TicketWhereInput>;
};

/**
 * One kind of timeline entry. A source reads its own table, applies its own access rule, and
 * returns up to `take` entries strictly after `before`, in timeline order (compareEntries).
 * Adding deals, activities or campaign deliveries = adding one source to the registry.
 */
export type TimelineSource = {
  kind: TimelineKind;
  entries(query: TimelineQuery): Promise<TimelineEntry[]>;
};

/**
 * The keyset condition on a source's own date column for "after the cursor" in timeline order:
 * at the cursor's instant, kinds come by descending rank, so a kind ranked below the cursor's
 * still has its entries of that instant to show, a kind ranked above has shown them all.
 */
export function afterCursor(kind: TimelineKind, column: string, before: TimelineCursor | null): Record<string, unknown> {
  if (!before) return {};
  if (kind === before.kind) return { OR: [{ [column]: { lt: before.at } }, { [column]: before.at, id: { lt: before.id } }] };
  return kindRank(kind) < kindRank(before.kind) ? { [column]: { lte: before.at } } : { [column]: { lt: before.at } };
}

/** "#1042 · Imprimante bloquée" */
export function ticketTitle(ticket: { number: number; subject: string }): string {
  return `#${ticket.number} · ${ticket.subject}`;
}

export function ticketLink(number: number, anchor?: string): string {
  return `/support/tickets/${number}${anchor ? `#${anchor}` : ""}`;
}

export function personName(person: { firstName: string; lastName: string }, fallback: string): string {
  return `${person.firstName} ${person.lastName}`.trim() || fallback;
}
