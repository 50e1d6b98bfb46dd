import type { Prisma } from "~/generated/prisma/client";
import { visibleTicketsWhere } from "~/domain/helpdesk/ticket-access.server";
import { accessFor, can } from "~/domain/identity/permissions";
import type { TicketScopeSql } from "~/lib/sqlite-service-report.server";
import { db } from "~/lib/db.server";
import type { ReportViewer } from "../report-section";

/**
 * Whose tickets a viewer's service figures count. The ticket rule first (visibleTicketsWhere: a
 * technician restricted to their groups sees their groups' tickets and those assigned to them),
 * then the report's own access: `read:report:any` (managers, admins) keeps every ticket the viewer
 * may read; `read:report:group` (technicians) counts their groups' tickets and their own, even when
 * they may read more.
 */
export type ServiceScope = { kind: "all" } | { kind: "mine"; userId: string; groupIds: string[] } | { kind: "none" };

/** The service section is for the people who work tickets and may see reports. */
export function seesServiceFigures(viewer: ReportViewer): boolean {
  return can(viewer, "read:report") && can(viewer, "update:ticket") && can(viewer, "read:ticket");
}

export async function serviceScopeFor(viewer: ReportViewer): Promise<ServiceScope> {
  const tickets = accessFor(viewer, "read:ticket");
  const reports = accessFor(viewer, "read:report");
  if (tickets === null || reports === null) return { kind: "none" };
  if (tickets === "any" && reports === "any") return { kind: "all" };
  if (tickets === "own" || reports === "own") return { kind: "mine", userId: viewer.id, groupIds: [] };
  const groups = await db().group.findMany({ where: { users: { some: { id: viewer.id } } }, select: { id: true } });
  return { kind: "mine", userId: viewer.id, groupIds: groups.map((group) => group.id) };
}

/** The scope for the SQL statements (null: every ticket). Call only for a scope that is not "none". */
export function scopeSql(scope: ServiceScope): TicketScopeSql {
  return scope.kind === "mine" ? { groupIds: scope.groupIds, assigneeId: scope.userId } : null;
}

/** The scope as a Prisma filter for the drill-down lists, on top of the viewer's ticket rule itself. */
export async function serviceTicketsWhere(viewer: ReportViewer, scope: ServiceScope): Promise<Prisma.TicketWhereInput> {
  const visible = await visibleTicketsWhere(viewer);
  if (scope.kind === "none") return { id: { in: [] } };
  if (scope.kind === "all") return { AND: [visible, { mergedIntoId: null }] };
  return { AND: [visible, { mergedIntoId: null }, { OR: [{ groupId: { in: scope.groupIds } }, { assigneeId: scope.userId }] }] };
}
