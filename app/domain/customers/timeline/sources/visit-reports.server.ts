import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { excerpt } from "../timeline-entry";
import { afterCursor, type TimelineSource } from "../timeline-source.server";
import { customerSalesWhere } from "./sales-scope.server";

/**
 * Sales' visit reports, at the visit's date: next to support's intervention reports, so a
 * company's page tells both sides of the relationship.
 */
export const visitReportsSource: TimelineSource = {
  kind: "visit",
  async entries({ viewer, scope, before, take }) {
    const sales = customerSalesWhere(viewer, scope);
    if (!sales) return [];
    // A visit report belongs to its author; the sales rule reads "owner" as the author here.
    const { ownerId, ...customer } = sales;
    const reports = await db().visitReport.findMany({
      where: { AND: [{ ...customer, ...(ownerId ? { authorId: ownerId } : {}) }, afterCursor("visit", "visitedAt", before)] } as Prisma.VisitReportWhereInput,
      orderBy: [{ visitedAt: "desc" }, { id: "desc" }],
      take,
      select: { id: true, visitedAt: true, attendees: true, outcome: true, discussion: true, objectives: true, author: { select: { id: true, name: true } } },
    });
    return reports.map((report) => ({
      kind: "visit" as const,
      at: report.visitedAt,
      id: report.id,
      title: report.objectives ? excerpt(report.objectives, 120) : report.attendees,
      summary: excerpt(report.outcome || report.discussion),
      link: `/ventes/comptes-rendus/${report.id}`,
      actor: { kind: "user" as const, id: report.author.id, name: report.author.name },
      meta: { attendees: report.attendees },
    }));
  },
};
