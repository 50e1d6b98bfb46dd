import type { Prisma } from "~/generated/prisma/client";
import { toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { db } from "~/lib/db.server";
import { periodContaining, periodRange, type ReportRange } from "../report-period";
import type { Figure, ReportContext } from "../report-section";
import type { DrillDownPage } from "../report-drill-down";

/**
 * Agenda load: the tasks and appointments still to do (not marked done) planned this week,
 * Monday to Sunday in the workspace's days, whatever the period shown: what is on the rep's plate
 * now. A rep's figure: their own activities (the section leaves it out for a manager).
 */

type Owner = { ownerId?: string };
export const AGENDA_KINDS = ["task", "appointment"] as const;

export function thisWeek(context: ReportContext): ReportRange {
  return periodRange(periodContaining("week", toZoned(context.now, context.timeZone).date), context.timeZone);
}

async function agendaWhere(owner: Owner, week: ReportRange): Promise<Prisma.ActivityWhereInput> {
  // Everyone's (the drill-down for a manager): every owner listed, so the (ownerId, startsAt)
  // index reads one week per owner instead of a million activities by date.
  const owners = owner.ownerId ? [owner.ownerId] : (await db().user.findMany({ select: { id: true } })).map((user) => user.id);
  return { ownerId: { in: owners }, startsAt: { gte: week.from, lt: week.to }, doneAt: null, kind: { in: [...AGENDA_KINDS] } };
}

export async function loadAgendaLoad(context: ReportContext, owner: Owner): Promise<Figure> {
  const value = await db().activity.count({ where: await agendaWhere(owner, thisWeek(context)) });
  return { id: "sales.agendaLoad", label: "reporting.sales.agendaLoad", hint: "reporting.sales.agendaLoad.hint", format: "count", value, previous: null, lastYear: null, trend: "neutral", drillDown: true };
}

export async function listAgendaLoad(context: ReportContext, owner: Owner, page: { offset: number; limit: number | null }): Promise<DrillDownPage> {
  const where = await agendaWhere(owner, thisWeek(context));
  const [total, activities] = await Promise.all([
    db().activity.count({ where }),
    db().activity.findMany({
      where,
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      skip: page.offset,
      ...(page.limit === null ? {} : { take: page.limit }),
      select: { id: true, subject: true, startsAt: true, company: { select: { name: true } }, owner: { select: { name: true } } },
    }),
  ]);
  return {
    title: "reporting.sales.agendaLoad.list",
    description: "reporting.sales.agendaLoad.hint",
    columns: [
      { key: "subject", label: "reporting.sales.column.subject", format: "text" },
      { key: "startsAt", label: "reporting.sales.column.startsAt", format: "date" },
      { key: "company", label: "reporting.sales.column.company", format: "text" },
      { key: "owner", label: "reporting.sales.column.owner", format: "text" },
    ],
    rows: activities.map((activity) => ({
      cells: { subject: activity.subject, startsAt: activity.startsAt.toISOString(), company: activity.company?.name ?? null, owner: activity.owner.name },
      href: `/ventes/activites/${activity.id}`,
    })),
    total,
  };
}
