import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { excerpt } from "../timeline-entry";
import { afterCursor, type TimelineSource } from "../timeline-source.server";
import { customerSalesWhere } from "./sales-scope.server";

/** Calls, appointments, tasks and e-mails logged by hand, at the time they take place. */
export const activitiesSource: TimelineSource = {
  kind: "activity",
  async entries({ viewer, scope, before, take }) {
    const sales = customerSalesWhere(viewer, scope);
    if (!sales) return [];
    const activities = await db().activity.findMany({
      where: { AND: [sales, afterCursor("activity", "startsAt", before)] } as Prisma.ActivityWhereInput,
      orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      take,
      select: { id: true, kind: true, subject: true, notes: true, startsAt: true, endsAt: true, mode: true, doneAt: true, owner: { select: { id: true, name: true } } },
    });
    return activities.map((activity) => ({
      kind: "activity" as const,
      at: activity.startsAt,
      id: activity.id,
      title: activity.subject,
      summary: excerpt(activity.notes),
      link: `/ventes/activites/${activity.id}`,
      actor: { kind: "user" as const, id: activity.owner.id, name: activity.owner.name },
      meta: {
        activityKind: activity.kind,
        done: activity.doneAt ? "yes" : "no",
        ...(activity.mode ? { mode: activity.mode } : {}),
        ...(activity.endsAt ? { endsAt: activity.endsAt.toISOString() } : {}),
      },
    }));
  },
};
