import type { Prisma } from "~/generated/prisma/client";
import { accessFor, type PermissionSubject } from "~/domain/identity/permissions";
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
