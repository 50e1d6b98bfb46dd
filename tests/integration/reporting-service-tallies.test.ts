import { beforeAll, describe, expect, it } from "vitest";
import { reportContext } from "~/domain/reporting/dashboard.server";
import { addDays, fromZoned, isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { periodDays, periodRange, type ReportPeriod } from "~/domain/reporting/report-period";
import type { ReportViewer } from "~/domain/reporting/report-section";
import {
  talliedBacklogsAtEnd,
  talliedKinds,
  talliedPercentiles,
  talliedPlacements,
  talliedSlaTargetsDue,
  talliedTickets,
  talliedTicketsPerDay,
} from "~/domain/reporting/sections/service-tallied.server";
import { bringServiceTalliesUpToDate, rebuildServiceTallies } from "~/domain/reporting/service-tallies.server";
import { db } from "~/lib/db.server";
import { backlogAt, durationPercentiles, slaTargetsDue, ticketsPerKind, ticketsPerPlacement, ticketsPerSpan } from "~/lib/sqlite-service-report.server";
import { serviceReportTicketSql, withServiceReportRepair } from "~/lib/sqlite-service-tally-schema";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { aGroup, aUser } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { seededRandom } from "../support/seeded-random.ts";

/**
 * The daily tallies (ADR 014) against the tickets themselves: after tickets are answered, solved,
 * reopened, merged, moved, retyped and deleted, the catch-up leaves every tallied figure equal to
 * the same figure counted from the tickets (the statements a restricted viewer's report runs, with
 * every ticket), and equal to a rebuild from scratch.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date("2026-11-20T10:00:00Z");

const random = seededRandom(1207);
const pick = <T,>(values: readonly T[]) => values[Math.floor(random() * values.length)];
const chance = (probability: number) => random() < probability;

const types = ["information", "incident", "complaint", "other"];
const channels = ["email", "web", "portal", "phone"];
// Weeks across the clock changes (29 March, 25 October 2026), a month, and the running month.
const periods: ReportPeriod[] = [
  { kind: "week", first: { year: 2026, month: 3, day: 23 }, last: { year: 2026, month: 3, day: 29 } },
  { kind: "week", first: { year: 2026, month: 10, day: 19 }, last: { year: 2026, month: 10, day: 25 } },
  { kind: "month", first: { year: 2026, month: 10, day: 1 }, last: { year: 2026, month: 10, day: 31 } },
  { kind: "month", first: { year: 2026, month: 11, day: 1 }, last: { year: 2026, month: 11, day: 30 } },
];

let groups: string[] = [];
let agents: Array<string | null> = [];
let requester = "";
let number = 90_000;

async function aTicket() {
  const createdAt = new Date(pick([new Date("2026-03-20T00:00:00Z"), new Date("2026-10-12T00:00:00Z"), new Date("2026-11-05T00:00:00Z")]).getTime() + Math.floor(random() * 20 * 24 * 60) * MINUTE);
  const responded = chance(0.7) ? new Date(createdAt.getTime() + Math.floor(random() * 48 * 60) * MINUTE) : null;
  // Some are solved without a first answer (their first response target stays missed once due).
  const solved = (responded ? chance(0.6) : chance(0.4)) ? new Date((responded ?? createdAt).getTime() + Math.floor(random() * 8 * 24 * 60) * MINUTE) : null;
  const hasSla = chance(0.8);
  const ticket = await db().ticket.create({
    data: {
      number: ++number,
      subject: `Demande ${number}`,
      status: solved ? "solved" : pick(["new", "open", "pending_customer"]),
      type: pick(types),
      channel: pick(channels),
      requesterId: requester,
      groupId: pick([...groups, null]),
      assigneeId: pick(agents),
      createdAt,
      firstRespondedAt: responded,
      solvedAt: solved,
      firstResponseDueAt: hasSla ? new Date(createdAt.getTime() + Math.floor(random() * 24) * HOUR) : null,
      resolutionDueAt: hasSla ? new Date(createdAt.getTime() + Math.floor(random() * 10 * 24) * HOUR) : null,
      slaPausedSince: !solved && chance(0.2) ? new Date(createdAt.getTime() + HOUR) : null,
    },
    select: { id: true },
  });
  return ticket.id;
}

/** Every tallied figure equals the one counted from the tickets, for each period and its comparisons. */
async function expectTalliesMatchTickets() {
  await bringServiceTalliesUpToDate();
  for (const shown of periods) {
    // A new context per check: a report reads its tallies once.
    const context = reportContext(manager, shown, NOW);
    for (const period of [context.period, context.previous, context.lastYear]) {
      const range = periodRange(period, WORKSPACE_TIME_ZONE);
      const label = `${period.first.year}-${period.first.month}-${period.first.day}`;
      for (const [measure, column] of [["created", "createdAt"], ["solved", "solvedAt"]] as const) {
        expect(await talliedTickets(context, measure, period), `${measure} ${label}`).toBe((await ticketsPerSpan(column, [range], null))[0]);
      }
      expect((await talliedBacklogsAtEnd([period]))[0], `backlog ${label}`).toBe(await backlogAt(range.to, null));
      const percentiles = await talliedPercentiles(context, period, [50, 90]);
      for (const duration of ["firstResponse", "resolution"] as const) {
        expect(percentiles[duration], `${duration} ${label}`).toEqual(await durationPercentiles(duration, range, null, [50, 90]));
      }
      expect(await talliedSlaTargetsDue(context, period), `SLA ${label}`).toEqual(await slaTargetsDue(range, NOW, null));
    }
    const range = periodRange(shown, WORKSPACE_TIME_ZONE);
    const days = periodDays(shown);
    const perDay = await talliedTicketsPerDay(context, days.map(isoDate));
    for (const [measure, column] of [["created", "createdAt"], ["solved", "solvedAt"]] as const) {
      const spans = days.map((day) => ({ from: fromZoned(day, 0, WORKSPACE_TIME_ZONE), to: fromZoned(addDays(day, 1), 0, WORKSPACE_TIME_ZONE) }));
      expect(perDay[measure], `${measure} per day`).toEqual(await ticketsPerSpan(column, spans, null));
      expect(await talliedKinds(context, measure, { types, channels }), `${measure} kinds`).toEqual(await ticketsPerKind(column, range, null, { types, channels }));
      const sorted = (rows: Array<{ groupId: string | null; assigneeId: string | null; tickets: number }>) => [...rows].sort((a, b) => `${a.groupId}/${a.assigneeId}`.localeCompare(`${b.groupId}/${b.assigneeId}`));
      expect(sorted(await talliedPlacements(context, measure)), `${measure} placements`).toEqual(sorted(await ticketsPerPlacement(column, range, null)));
    }
  }
}

/** The tallies' rows that count something. */
async function tallies() {
  const counts = await db().serviceTally.findMany({ where: { tickets: { not: 0 } }, orderBy: [{ measure: "asc" }, { day: "asc" }, { key: "asc" }] });
  const times = await db().serviceTimeTally.findMany({ where: { tickets: { not: 0 } }, orderBy: [{ duration: "asc" }, { bucket: "asc" }, { day: "asc" }, { minutes: "asc" }] });
  return { counts, times };
}

let manager: ReportViewer;
let ids: string[] = [];

describe("service tallies", () => {
  beforeAll(async () => {
    groups = [(await aGroup("Support")).id, (await aGroup("Atelier")).id];
    const users = [await aUser({ role: "technician", groupIds: groups }), await aUser({ role: "technician", groupIds: [groups[0]] })];
    const boss = await aUser({ role: "manager" });
    manager = { id: boss.id, role: boss.role, restrictToGroups: boss.restrictToGroups };
    agents = [...users.map((user) => user.id), null];
    requester = (await aRequester()).contactId;
    for (let index = 0; index < 300; index++) ids.push(await aTicket());
  }, 120_000);

  it("counts every ticket on first use", async () => {
    await expectTalliesMatchTickets();
    expect((await tallies()).counts.length).toBeGreaterThan(0);
  });

  it("catches up with answers, solutions, reopenings, moves and new tickets", async () => {
    const open = await db().ticket.findMany({ where: { solvedAt: null, mergedIntoId: null }, select: { id: true, createdAt: true }, take: 20 });
    for (const ticket of open.slice(0, 10)) {
      const at = new Date(ticket.createdAt.getTime() + 30 * HOUR);
      await db().ticket.update({ where: { id: ticket.id }, data: { firstRespondedAt: at, solvedAt: new Date(at.getTime() + 5 * HOUR), status: "solved" } });
    }
    const solved = await db().ticket.findMany({ where: { solvedAt: { not: null } }, select: { id: true }, take: 15 });
    // Reopened: the solution is cleared (the ticket is open again, in the backlog, its SLA live again).
    for (const ticket of solved.slice(0, 8)) await db().ticket.update({ where: { id: ticket.id }, data: { solvedAt: null, status: "open" } });
    // Moved to another group and agent, retyped.
    for (const id of ids.slice(0, 15)) await db().ticket.update({ where: { id }, data: { groupId: groups[1], assigneeId: agents[0], type: "complaint", channel: "phone" } });
    for (let index = 0; index < 10; index++) ids.push(await aTicket());
    await expectTalliesMatchTickets();
    // Solved again later: counted on its new day only.
    await db().ticket.update({ where: { id: solved[0].id }, data: { solvedAt: new Date("2026-11-18T15:00:00Z"), status: "solved" } });
    await expectTalliesMatchTickets();
  });

  it("takes merged and deleted tickets off", async () => {
    const before = await talliedTickets(reportContext(manager, periods[3], NOW), "created", periods[3]);
    const counted = await db().ticket.findMany({
      where: { mergedIntoId: null, createdAt: { gte: periodRange(periods[3], WORKSPACE_TIME_ZONE).from, lt: periodRange(periods[3], WORKSPACE_TIME_ZONE).to } },
      select: { id: true },
      take: 6,
    });
    await db().ticket.update({ where: { id: counted[0].id }, data: { mergedIntoId: counted[1].id } });
    await db().ticket.update({ where: { id: counted[2].id }, data: { mergedIntoId: counted[1].id } });
    await db().ticket.deleteMany({ where: { id: { in: [counted[3].id, counted[4].id] } } });
    await expectTalliesMatchTickets();
    expect(await talliedTickets(reportContext(manager, periods[3], NOW), "created", periods[3])).toBe(before - 4);
    // Un-merged: counted again.
    await db().ticket.update({ where: { id: counted[2].id }, data: { mergedIntoId: null } });
    await expectTalliesMatchTickets();
    expect(await db().serviceTallyRemoval.count()).toBe(0);
  });

  it("counts each change once when several reports catch up at the same time", async () => {
    await bringServiceTalliesUpToDate();
    const victims = await db().ticket.findMany({ where: { mergedIntoId: null }, select: { id: true }, orderBy: { createdAt: "asc" }, skip: 50, take: 8 });
    await db().ticket.deleteMany({ where: { id: { in: victims.slice(0, 4).map((ticket) => ticket.id) } } });
    for (const ticket of victims.slice(4)) await db().ticket.update({ where: { id: ticket.id }, data: { groupId: groups[0], type: "incident" } });
    for (let index = 0; index < 5; index++) ids.push(await aTicket());
    // Four managers open the dashboard together: each catch-up reads the same removals and stale tickets.
    await Promise.all([bringServiceTalliesUpToDate(), bringServiceTalliesUpToDate(), bringServiceTalliesUpToDate(), bringServiceTalliesUpToDate()]);
    expect(await db().serviceTallyRemoval.count()).toBe(0);
    await expectTalliesMatchTickets();
  });

  it("counts a ticket again when its service times are recomputed", async () => {
    await db().ticket.updateMany({ where: { id: { in: ids.slice(20, 40) } }, data: { serviceTimesSolvedAt: new Date(0) } });
    await expectTalliesMatchTickets();
  });

  it("rebuilds the same tallies from scratch", async () => {
    const caughtUp = await tallies();
    await db().serviceTally.updateMany({ where: { measure: "created" }, data: { tickets: 999 } });
    await db().serviceTimeTally.deleteMany({});
    const counted = await rebuildServiceTallies();
    expect(counted).toBe(await db().ticket.count());
    expect(await tallies()).toEqual(caughtUp);
    await expectTalliesMatchTickets();
  });

  it("recreates, after a migration that rebuilds Ticket, exactly the indexes and trigger the migrations made", async () => {
    const normalized = (sql: string) => sql.replace(/IF NOT EXISTS /g, "").replace(/;\s*$/, "").replace(/\s+/g, " ").trim();
    const statements = serviceReportTicketSql.split(/;\n(?=CREATE)/).map(normalized);
    const names = statements.map((statement) => /"(\w+)" (?:ON|AFTER)/.exec(statement)![1]);
    const made = await db().$queryRawUnsafe<Array<{ name: string; sql: string }>>(
      `SELECT "name", "sql" FROM sqlite_master WHERE "name" IN (${names.map(() => "?").join(", ")})`,
      ...names,
    );
    expect(made.length).toBe(names.length);
    for (const [index, name] of names.entries()) expect(normalized(made.find((row) => row.name === name)!.sql), name).toBe(statements[index]);
    const rebuild = `CREATE TABLE "new_Ticket" ("id" TEXT);\nDROP TABLE "Ticket";\nALTER TABLE "new_Ticket" RENAME TO "Ticket";`;
    expect(withServiceReportRepair(rebuild)).toContain(serviceReportTicketSql);
    expect(withServiceReportRepair(`CREATE INDEX "x" ON "Message"("id");`)).toBe(`CREATE INDEX "x" ON "Message"("id");`);
  });
});
