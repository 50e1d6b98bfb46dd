import type { Prisma } from "~/generated/prisma/client";
import { isoDate, toZoned, type LocalDate } from "~/domain/helpdesk/sla/business-calendar";
import { db } from "~/lib/db.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { isAllDay, isOverdue, minutesLate, startOfLocalDay } from "./activity-time";
import { agendaRange, layoutLanes, placeOnDay, type AgendaView } from "./agenda-layout";
import { ownedRecordsWhere, type SalesViewer } from "./sales-access";
import { salesOwnerRoles, salesOwners } from "./sales-links.server";

/**
 * The sales agenda: a person's (or, for a manager, a colleague's or the whole team's)
 * appointments placed on a day or week grid, their to-dos of those days, and every to-do already
 * late, oldest first. Reps only ever see their own.
 */

/** Whose agenda: "me", "all" (the team), or a person's id. */
export type AgendaOwner = "me" | "all" | (string & {});

const agendaItemSelect = {
  id: true,
  kind: true,
  subject: true,
  startsAt: true,
  endsAt: true,
  mode: true,
  location: true,
  doneAt: true,
  version: true,
  owner: { select: { id: true, name: true } },
  company: { select: { id: true, name: true } },
  visitReport: { select: { id: true } },
} as const satisfies Prisma.ActivitySelect;

type AgendaRow = Prisma.ActivityGetPayload<{ select: typeof agendaItemSelect }>;

export const OVERDUE_SHOWN = 50;

/** Who the viewer may look at, and the owner filter of their query. Reps: themselves only. */
async function ownerScope(viewer: SalesViewer, requested: AgendaOwner) {
  const owned = ownedRecordsWhere(viewer, "read");
  if (owned === null) return null;
  if (owned.ownerId) return { owner: "me" as const, where: { ownerId: viewer.id }, owners: null };
  const owners = await salesOwners();
  if (requested === "all") {
    // The team: every owner's index range rather than a scan of all activities by date.
    const everyone = await db().user.findMany({ where: { role: { in: salesOwnerRoles } }, select: { id: true } });
    return { owner: "all" as const, where: { ownerId: { in: everyone.map((user) => user.id) } }, owners };
  }
  if (requested !== "me" && requested !== viewer.id && owners.some((owner) => owner.id === requested)) {
    return { owner: requested, where: { ownerId: requested }, owners };
  }
  return { owner: "me" as const, where: { ownerId: viewer.id }, owners };
}

export async function loadAgenda(viewer: SalesViewer, input: { view: AgendaView; date: LocalDate; owner: AgendaOwner; now: Date }) {
  const scope = await ownerScope(viewer, input.owner);
  if (!scope) return null;
  const zone = WORKSPACE_TIME_ZONE;
  const { start, end, days } = agendaRange(input.view, input.date, zone);
  const today = isoDate(toZoned(input.now, zone).date);
  const midnight = startOfLocalDay(input.now, zone);

  const overdueWhere: Prisma.ActivityWhereInput = {
    ...scope.where,
    kind: { not: "appointment" },
    doneAt: null,
    OR: [{ startsAt: { lt: midnight } }, { startsAt: { gt: midnight, lte: input.now } }],
  };
  const [rows, overdueRows, overdueCount] = await Promise.all([
    db().activity.findMany({
      where: {
        ...scope.where,
        startsAt: { lt: end },
        OR: [{ startsAt: { gte: start } }, { kind: "appointment", endsAt: { gt: start } }],
      },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: 2000,
      select: agendaItemSelect,
    }),
    db().activity.findMany({ where: overdueWhere, orderBy: [{ startsAt: "asc" }, { id: "asc" }], take: OVERDUE_SHOWN, select: agendaItemSelect }),
    db().activity.count({ where: overdueWhere }),
  ]);

  const shape = (row: AgendaRow) => ({
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    mode: row.mode,
    location: row.location,
    done: row.doneAt !== null,
    version: row.version,
    owner: row.owner,
    company: row.company,
    reportId: row.visitReport?.id ?? null,
    allDay: isAllDay(row, zone),
  });

  const dayColumns = days.map((day) => {
    const iso = isoDate(day);
    const appointments = layoutLanes(
      rows
        .filter((row) => row.kind === "appointment")
        .flatMap((row) => {
          const placed = placeOnDay(row, day, zone);
          return placed ? [{ ...shape(row), ...placed }] : [];
        }),
    );
    const todos = rows
      .filter((row) => row.kind !== "appointment" && isoDate(toZoned(row.startsAt, zone).date) === iso)
      .map((row) => ({ ...shape(row), overdue: isOverdue(row, input.now, zone) }));
    return { iso, isToday: iso === today, appointments, todos };
  });

  return {
    view: input.view,
    date: isoDate(input.date),
    today,
    owner: scope.owner,
    owners: scope.owners,
    days: dayColumns,
    overdue: overdueRows.map((row) => ({ ...shape(row), minutesLate: minutesLate(row, input.now, zone) })),
    overdueCount,
  };
}

export type Agenda = NonNullable<Awaited<ReturnType<typeof loadAgenda>>>;
