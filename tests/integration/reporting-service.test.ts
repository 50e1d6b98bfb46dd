import { beforeAll, describe, expect, it } from "vitest";
import { addDays, defaultBusinessCalendar, fromZoned, isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { reportContext } from "~/domain/reporting/dashboard.server";
import { DRILL_DOWN_EXPORT_LIMIT } from "~/domain/reporting/report-drill-down";
import { reportDrillDowns } from "~/domain/reporting/report-drill-downs.server";
import { periodDays, periodRange, type ReportPeriod } from "~/domain/reporting/report-period";
import type { ReportContext, ReportViewer, SectionData } from "~/domain/reporting/report-section";
import { serviceSection } from "~/domain/reporting/sections/service-section.server";
import { nearestRankPercentile, serviceTimes } from "~/domain/reporting/service-times";
import { rebuildServiceTimes } from "~/domain/reporting/service-times.server";
import { db } from "~/lib/db.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { aGroup, aUser } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { seededRandom } from "../support/seeded-random.ts";

/**
 * The service section against a brute-force computation over generated tickets (seeded random):
 * periods that cross the clock changes in Europe/Paris, reopened tickets (solved once, their
 * solution cleared), merged tickets, deleted tickets, ratings and interventions; for a manager
 * (every ticket), a technician (their groups and their own) and a restricted technician. Every
 * drill-down lists exactly as many records as its figure.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date("2026-11-20T10:00:00Z");
const calendar = defaultBusinessCalendar();

const random = seededRandom(20261207);
const pick = <T,>(values: readonly T[]) => values[Math.floor(random() * values.length)];
const chance = (probability: number) => random() < probability;

type Generated = {
  id: string;
  status: string;
  type: string;
  channel: string;
  groupId: string | null;
  assigneeId: string | null;
  createdAt: Date;
  firstRespondedAt: Date | null;
  solvedAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaPausedSince: Date | null;
  slaPausedMinutes: number;
  lastCustomerMessageAt: Date | null;
  lastAgentReplyAt: Date | null;
  mergedIntoId: string | null;
};

// Tickets around the two clock changes of 2026 (29 March, 25 October) and a year earlier (30 March, 26 October 2025).
const clusters = ["2025-03-20T00:00:00Z", "2025-10-15T00:00:00Z", "2026-03-15T00:00:00Z", "2026-10-10T00:00:00Z", "2026-11-10T00:00:00Z"].map((iso) => new Date(iso).getTime());

let manager: ReportViewer;
let technician: ReportViewer;
let restricted: ReportViewer;
let groupA: string;
let groupB: string;

async function generate(count: number) {
  const requester = (await aRequester()).contactId;
  const agents = [technician.id, restricted.id, manager.id, null];
  const groups = [groupA, groupB, null];
  let number = 70_000;
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const createdAt = new Date(pick(clusters) + Math.floor(random() * 28 * 24) * HOUR + Math.floor(random() * 60) * MINUTE);
    const responded = chance(0.75) ? new Date(createdAt.getTime() + Math.floor(random() * 72 * 60) * MINUTE) : null;
    const solved = responded && chance(0.6) ? new Date(responded.getTime() + Math.floor(random() * 10 * 24 * 60) * MINUTE) : null;
    const reopened = solved !== null && chance(0.15);
    const hasSla = chance(0.8);
    const status = solved && !reopened ? pick(["solved", "closed"]) : pick(["new", "open", "pending_customer", "on_hold"]);
    const paused = status === "pending_customer" && chance(0.7) ? new Date(createdAt.getTime() + 3 * HOUR) : null;
    const customerAt = chance(0.8) ? new Date(createdAt.getTime() + Math.floor(random() * 48) * HOUR) : null;
    const agentAt = customerAt && chance(0.5) ? new Date(customerAt.getTime() + (chance(0.5) ? 1 : -1) * Math.floor(random() * 24 + 1) * HOUR) : null;
    const ticket = await db().ticket.create({
      data: {
        number: ++number,
        subject: `Demande générée ${index} — réseau, imprimante, facturé`,
        status,
        type: pick(["information", "incident", "complaint", "other"]),
        channel: pick(["email", "web", "portal", "phone"]),
        requesterId: requester,
        groupId: pick(groups),
        assigneeId: pick(agents),
        createdAt,
        firstRespondedAt: responded,
        solvedAt: reopened ? null : solved,
        firstResponseDueAt: hasSla ? new Date(createdAt.getTime() + Math.floor(random() * 48) * HOUR) : null,
        resolutionDueAt: hasSla ? new Date(createdAt.getTime() + Math.floor(random() * 14 * 24) * HOUR) : null,
        slaPausedSince: paused,
        slaPausedMinutes: chance(0.3) ? Math.floor(random() * 600) : 0,
        lastCustomerMessageAt: customerAt,
        lastAgentReplyAt: agentAt,
      },
      select: { id: true },
    });
    ids.push(ticket.id);
    if (chance(0.25)) {
      await db().satisfactionRating.create({
        data: { ticketId: ticket.id, contactId: requester, rating: chance(0.7) ? "good" : "bad", comment: "Très réactif, merci à l'équipe", createdAt: new Date(createdAt.getTime() + Math.floor(random() * 10 * 24) * HOUR) },
      });
    }
    if (chance(0.2)) {
      const startsAt = new Date(createdAt.getTime() + Math.floor(random() * 10 * 24) * HOUR);
      await db().intervention.create({
        data: { ticketId: ticket.id, technicianId: pick([technician.id, restricted.id]), kind: pick(["onsite", "remote"]), startsAt, endsAt: new Date(startsAt.getTime() + Math.floor(random() * 240 + 15) * MINUTE), status: pick(["done", "done", "planned", "cancelled"]) },
      });
    }
  }
  // Merged: some tickets went into another one (their thread lives on there).
  for (let index = 0; index < count / 15; index++) {
    const [source, target] = [pick(ids), pick(ids)];
    if (source !== target) await db().ticket.update({ where: { id: source }, data: { mergedIntoId: target } });
  }
  // Deleted: some tickets are gone, with their ratings and interventions.
  for (let index = 0; index < count / 20; index++) {
    const id = pick(ids);
    await db().ticket.updateMany({ where: { mergedIntoId: id }, data: { mergedIntoId: null } });
    await db().ticket.deleteMany({ where: { id } });
  }
}

// ───────────────────────────── brute force ─────────────────────────────

async function everything() {
  const tickets: Generated[] = await db().ticket.findMany({
    select: {
      id: true, status: true, type: true, channel: true, groupId: true, assigneeId: true, createdAt: true, firstRespondedAt: true, solvedAt: true,
      firstResponseDueAt: true, resolutionDueAt: true, slaPausedSince: true, slaPausedMinutes: true, lastCustomerMessageAt: true, lastAgentReplyAt: true, mergedIntoId: true,
    },
  });
  const ratings = await db().satisfactionRating.findMany({ select: { ticketId: true, rating: true, createdAt: true } });
  const interventions = await db().intervention.findMany({ select: { ticketId: true, status: true, startsAt: true, endsAt: true } });
  return { tickets, ratings, interventions };
}

type World = Awaited<ReturnType<typeof everything>>;

function inScope(viewer: ReportViewer, groupIds: Record<string, string[]>) {
  return (ticket: { groupId: string | null; assigneeId: string | null }) =>
    viewer.role === "manager" || ticket.assigneeId === viewer.id || (ticket.groupId !== null && (groupIds[viewer.id] ?? []).includes(ticket.groupId));
}

function bruteForce(world: World, viewer: ReportViewer, groupIds: Record<string, string[]>, period: ReportPeriod) {
  const { from, to } = periodRange(period, WORKSPACE_TIME_ZONE);
  const within = (date: Date | null) => date !== null && date >= from && date < to;
  const visible = inScope(viewer, groupIds);
  const tickets = world.tickets.filter((ticket) => ticket.mergedIntoId === null && visible(ticket));
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  const times = tickets.map((ticket) => ({ ticket, ...serviceTimes(ticket, calendar) }));
  const firstResponseMissed = (ticket: Generated) =>
    within(ticket.firstResponseDueAt) && ((ticket.firstRespondedAt !== null && ticket.firstRespondedAt > ticket.firstResponseDueAt!) || (ticket.firstRespondedAt === null && ticket.firstResponseDueAt! < NOW));
  const firstResponseMet = (ticket: Generated) => within(ticket.firstResponseDueAt) && ticket.firstRespondedAt !== null && ticket.firstRespondedAt <= ticket.firstResponseDueAt!;
  const resolutionMissed = (ticket: Generated) =>
    within(ticket.resolutionDueAt) && ((ticket.solvedAt !== null && ticket.solvedAt > ticket.resolutionDueAt!) || (ticket.solvedAt === null && ticket.slaPausedSince === null && ticket.resolutionDueAt! < NOW));
  const resolutionMet = (ticket: Generated) => within(ticket.resolutionDueAt) && ticket.solvedAt !== null && ticket.solvedAt <= ticket.resolutionDueAt!;
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const ratings = world.ratings.filter((rating) => byId.has(rating.ticketId) && within(rating.createdAt));
  const done = world.interventions.filter((item) => byId.has(item.ticketId) && item.status === "done" && within(item.endsAt));
  const minutes = done.reduce((sum, item) => sum + Math.round((item.endsAt.getTime() - item.startsAt.getTime()) / MINUTE), 0);
  const backlogAt = (instant: Date) => tickets.filter((ticket) => ticket.createdAt < instant && (ticket.solvedAt === null || ticket.solvedAt >= instant)).length;
  const count = (predicate: (ticket: Generated) => boolean) => tickets.filter(predicate).length;
  const localDay = (date: Date) => isoDate(toZoned(date, WORKSPACE_TIME_ZONE).date);
  return {
    figures: {
      "service.created": count((ticket) => within(ticket.createdAt)),
      "service.solved": count((ticket) => within(ticket.solvedAt)),
      "service.backlog": backlogAt(to),
      "service.first-response-median": nearestRankPercentile(times.filter((row) => within(row.ticket.firstRespondedAt)).map((row) => row.firstResponseBusinessMinutes!), 0.5),
      "service.first-response-p90": nearestRankPercentile(times.filter((row) => within(row.ticket.firstRespondedAt)).map((row) => row.firstResponseBusinessMinutes!), 0.9),
      "service.resolution-median": nearestRankPercentile(times.filter((row) => within(row.ticket.solvedAt)).map((row) => row.resolutionBusinessMinutes!), 0.5),
      "service.resolution-p90": nearestRankPercentile(times.filter((row) => within(row.ticket.solvedAt)).map((row) => row.resolutionBusinessMinutes!), 0.9),
      "service.sla-first-response": ratio(count(firstResponseMet), count(firstResponseMet) + count(firstResponseMissed)),
      "service.sla-resolution": ratio(count(resolutionMet), count(resolutionMet) + count(resolutionMissed)),
      "service.sla-breached": count((ticket) => firstResponseMissed(ticket) || resolutionMissed(ticket)),
      "service.satisfaction": ratio(ratings.filter((rating) => rating.rating === "good").length, ratings.length),
      "service.ratings": ratings.length,
      "service.bad-ratings": ratings.filter((rating) => rating.rating === "bad").length,
      "service.interventions": done.length,
      "service.intervention-minutes": done.length > 0 ? minutes : null,
      "service.intervention-average": done.length > 0 ? Math.round(minutes / done.length) : null,
    } as Record<string, number | null>,
    waiting: count(
      (ticket) =>
        ["new", "open", "pending_customer", "on_hold"].includes(ticket.status) &&
        ticket.lastCustomerMessageAt !== null &&
        (ticket.lastAgentReplyAt === null || ticket.lastAgentReplyAt < ticket.lastCustomerMessageAt),
    ),
    createdPerDay: periodDays(period).map((day) => count((ticket) => within(ticket.createdAt) && localDay(ticket.createdAt) === isoDate(day))),
    solvedPerDay: periodDays(period).map((day) => count((ticket) => within(ticket.solvedAt) && localDay(ticket.solvedAt!) === isoDate(day))),
    backlogPerDay: periodDays(period).map((day) => {
      const end = fromZoned(addDays(day, 1), 0, WORKSPACE_TIME_ZONE);
      return end <= NOW ? backlogAt(end) : null;
    }),
    byType: Object.fromEntries(["information", "incident", "complaint", "other"].map((type) => [type, count((ticket) => within(ticket.createdAt) && ticket.type === type)])),
  };
}

const figureOf = (section: SectionData, id: string) => {
  const figure = section.figures.find((item) => item.id === id);
  if (!figure) throw new Error(`no figure ${id}`);
  return figure;
};

const periods: Array<[string, ReportPeriod]> = [
  ["the spring clock-change week (29 March 2026)", { kind: "week", first: { year: 2026, month: 3, day: 23 }, last: { year: 2026, month: 3, day: 29 } }],
  ["the autumn clock-change week (25 October 2026)", { kind: "week", first: { year: 2026, month: 10, day: 19 }, last: { year: 2026, month: 10, day: 25 } }],
  ["March 2026", { kind: "month", first: { year: 2026, month: 3, day: 1 }, last: { year: 2026, month: 3, day: 31 } }],
  ["November 2026, still running", { kind: "month", first: { year: 2026, month: 11, day: 1 }, last: { year: 2026, month: 11, day: 30 } }],
  ["chosen days across the autumn change", { kind: "custom", first: { year: 2026, month: 10, day: 20 }, last: { year: 2026, month: 11, day: 12 } }],
];

describe("dashboard service section, against a brute-force computation", () => {
  const groupIds: Record<string, string[]> = {};
  let world: World;

  beforeAll(async () => {
    groupA = (await aGroup("Support niveau 1")).id;
    groupB = (await aGroup("Atelier")).id;
    const asViewer = (user: { id: string; role: string; restrictToGroups: boolean }): ReportViewer => ({ id: user.id, role: user.role, restrictToGroups: user.restrictToGroups });
    manager = asViewer(await aUser({ role: "manager" }));
    technician = asViewer(await aUser({ role: "technician", groupIds: [groupA, groupB] }));
    restricted = asViewer(await aUser({ role: "technician", groupIds: [groupA], restrictToGroups: true }));
    groupIds[technician.id] = [groupA, groupB];
    groupIds[restricted.id] = [groupA];
    await generate(700);
    world = await everything();
  }, 120_000);

  for (const [name, period] of periods) {
    for (const who of ["manager", "technician", "restricted technician"] as const) {
      it(`computes every figure of ${name} for the ${who}, with both comparisons`, async () => {
        const viewer = who === "manager" ? manager : who === "technician" ? technician : restricted;
        const context: ReportContext = reportContext(viewer, period, NOW);
        const section = (await serviceSection.load(context))!;
        for (const [key, target] of [["value", context.period], ["previous", context.previous], ["lastYear", context.lastYear]] as const) {
          const expected = bruteForce(world, viewer, groupIds, target);
          for (const [id, value] of Object.entries(expected.figures)) {
            const actual = figureOf(section, id)[key];
            if (value === null) expect(actual, `${id} ${key}`).toBeNull();
            else expect(actual, `${id} ${key}`).toBeCloseTo(value, 10);
          }
          if (key === "value") {
            expect(figureOf(section, "service.waiting").value).toBe(expected.waiting);
            const perDay = section.charts.find((chart) => chart.id === "service.created-solved")!;
            expect(perDay.rows.map((row) => row.values.created)).toEqual(expected.createdPerDay);
            expect(perDay.rows.map((row) => row.values.solved)).toEqual(expected.solvedPerDay);
            expect(section.charts.find((chart) => chart.id === "service.backlog-per-day")!.rows.map((row) => row.values.backlog)).toEqual(expected.backlogPerDay);
            const byType = section.charts.find((chart) => chart.id === "service.by-type")!;
            expect(byType.rows.map((row) => row.values.created)).toEqual(Object.values(expected.byType));
          }
        }
        // The "now" figures have no comparison.
        expect(figureOf(section, "service.waiting").previous).toBeNull();
        expect(figureOf(section, "service.longest-wait").lastYear).toBeNull();
      });
    }
  }

  it("has, for each figure with a list, a list of exactly as many records", async () => {
    for (const viewer of [manager, restricted]) {
      const context = reportContext(viewer, periods[4][1], NOW);
      const section = (await serviceSection.load(context))!;
      const drillable = section.figures.filter((figure) => figure.drillDown);
      expect(drillable.map((figure) => figure.id).sort()).toEqual(
        ["service.waiting", "service.created", "service.solved", "service.backlog", "service.sla-breached", "service.ratings", "service.bad-ratings", "service.interventions"].sort(),
      );
      for (const figure of drillable) {
        // The generated data gives every list something to check.
        if (viewer === manager) expect(figure.value, figure.id).toBeGreaterThan(0);
        const drillDown = reportDrillDowns.get(figure.id)!;
        const all = await drillDown.list(context, { offset: 0, limit: DRILL_DOWN_EXPORT_LIMIT });
        expect(all.total, figure.id).toBe(figure.value);
        expect(all.rows.length, figure.id).toBe(figure.value);
        const firstPage = await drillDown.list(context, { offset: 0, limit: 5 });
        expect(firstPage.rows.length).toBe(Math.min(5, figure.value ?? 0));
      }
    }
  });

  it("keeps a restricted technician's figures to their groups' tickets and their own", async () => {
    const context = reportContext(restricted, periods[2][1], NOW);
    const created = await reportDrillDowns.get("service.created")!.list(context, { offset: 0, limit: DRILL_DOWN_EXPORT_LIMIT });
    const numbers = created.rows.map((row) => Number(String(row.cells.number).slice(1)));
    const outside = await db().ticket.count({ where: { number: { in: numbers }, NOT: { OR: [{ groupId: groupA }, { assigneeId: restricted.id }] } } });
    expect(created.total).toBeGreaterThan(0);
    expect(outside).toBe(0);
    const managerCreated = figureOf((await serviceSection.load(reportContext(manager, periods[2][1], NOW)))!, "service.created").value!;
    expect(managerCreated).toBeGreaterThan(created.total);
  });

  it("recomputes the service times of a ticket reopened and solved again, and all of them on rebuild", async () => {
    const ticket = world.tickets.find((row) => row.solvedAt !== null && row.mergedIntoId === null)!;
    const context = reportContext(manager, { kind: "custom", first: { year: 2026, month: 11, day: 18 }, last: { year: 2026, month: 11, day: 18 } }, NOW);
    // Reopened (solution cleared), then solved again on 18 November at 15:00 Paris time.
    await db().ticket.update({ where: { id: ticket.id }, data: { solvedAt: null, status: "open" } });
    await serviceSection.load(context);
    const solvedAgain = new Date("2026-11-18T14:00:00Z");
    await db().ticket.update({ where: { id: ticket.id }, data: { solvedAt: solvedAgain, status: "solved" } });
    const section = (await serviceSection.load(context))!;
    const expected = serviceTimes({ ...ticket, solvedAt: solvedAgain }, calendar).resolutionBusinessMinutes;
    const stored = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { resolutionBusinessMinutes: true } });
    expect(stored.resolutionBusinessMinutes).toBe(expected);
    const onThatDay = (await everything()).tickets.filter((row) => row.mergedIntoId === null && row.solvedAt && row.solvedAt >= periodRange(context.period, WORKSPACE_TIME_ZONE).from && row.solvedAt < periodRange(context.period, WORKSPACE_TIME_ZONE).to);
    expect(figureOf(section, "service.resolution-median").value).toBe(nearestRankPercentile(onThatDay.map((row) => serviceTimes(row, calendar).resolutionBusinessMinutes!), 0.5));

    // A rebuild recomputes every ticket (a change of business hours would give other minutes).
    await db().ticket.updateMany({ data: { firstResponseBusinessMinutes: -1 } });
    await db().ticket.updateMany({ where: { firstRespondedAt: null }, data: { firstResponseBusinessMinutes: null } });
    await rebuildServiceTimes();
    expect(await db().ticket.count({ where: { firstResponseBusinessMinutes: -1 } })).toBe(0);
  });
});
