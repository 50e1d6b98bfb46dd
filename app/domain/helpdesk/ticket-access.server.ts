import type { Prisma } from "~/generated/prisma/client";
import { accessFor, can, type PermissionSubject } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";

export type TicketViewer = PermissionSubject & { id: string };

/**
 * The record-level rule for tickets, as a Prisma filter: users with `any` access see every
 * ticket; users restricted to their groups see their groups' tickets and those assigned to them.
 * Every ticket query (lists, search, timelines, counters) goes through this.
 */
export async function visibleTicketsWhere(viewer: TicketViewer): Promise<Prisma.TicketWhereInput> {
  const access = accessFor(viewer, "read:ticket");
  if (access === "any") return {};
  if (access === "group") {
    const groups = await db().group.findMany({ where: { users: { some: { id: viewer.id } } }, select: { id: true } });
    return { OR: [{ groupId: { in: groups.map((group) => group.id) } }, { assigneeId: viewer.id }] };
  }
  if (access === "own") return { assigneeId: viewer.id };
  return { id: { in: [] } };
}

/**
 * Internal notes are for the people who work tickets (update:ticket), never for read-only
 * readers such as sales or a read-only API token: the same line the search draws.
 */
export function canReadInternalNotes(viewer: PermissionSubject): boolean {
  return can(viewer, "update:ticket");
}

/**
 * The same rule as `visibleTicketsWhere`, evaluated in memory for one ticket: used where a
 * query per check is too slow (live updates check every recipient before each event).
 * `groupIds` are the reader's groups (all of them, whatever their access), loaded once with
 * `ticketReaderFor` (a plain array, so the reader can travel with a socket's data between nodes).
 */
export type TicketReader = { id: string; access: ReturnType<typeof accessFor>; groupIds: readonly string[] };

export async function ticketReaderFor(viewer: TicketViewer): Promise<TicketReader> {
  const access = accessFor(viewer, "read:ticket");
  const groups = access === null ? [] : await db().group.findMany({ where: { users: { some: { id: viewer.id } } }, select: { id: true } });
  return { id: viewer.id, access, groupIds: groups.map((group) => group.id) };
}

export function canReadTicket(reader: TicketReader, ticket: { groupId: string | null; assigneeId: string | null }): boolean {
  switch (reader.access) {
    case "any":
      return true;
    case "group":
      return ticket.assigneeId === reader.id || (ticket.groupId !== null && reader.groupIds.includes(ticket.groupId));
    case "own":
      return ticket.assigneeId === reader.id;
    default:
      return false;
  }
}
