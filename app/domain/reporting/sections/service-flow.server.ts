import { addDays, fromZoned, isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { ticketChannels, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { backlogAt, ticketsPerKind, ticketsPerPlacement, ticketsPerSpan, type InstantRange, type TicketPlacementCount, type TicketScopeSql } from "~/lib/sqlite-service-report.server";
import { periodDays } from "../report-period";
import type { ChartData, TableData } from "../report-section";
import { type ServicePart, type ServicePartInput, serviceFigure } from "./service-common.server";
import { readsTallies, talliedBacklogsAtEnd, talliedKinds, talliedPlacements, talliedTickets, talliedTicketsPerDay } from "./service-tallied.server";

/**
 * The flow of tickets: created and solved in the period (per local day), the backlog at its end
 * and day by day, and the breakdowns by group, agent, type and channel. Merged tickets are not
 * counted (their thread lives on in the ticket that received it). Definitions: docs/reporting.md.
 */

const total = (counts: readonly number[]) => counts.reduce((sum, count) => sum + count, 0);

export async function serviceFlow({ context, ranges, scope }: ServicePartInput): Promise<ServicePart> {
  // Local days as instants ([midnight, next midnight) in the workspace's zone, 23 or 25 hours at a clock change).
  const days = periodDays(context.period);
  const spans = days.map((day) => ({ from: fromZoned(day, 0, context.timeZone), to: fromZoned(addDays(day, 1), 0, context.timeZone) }));
  const counts = readsTallies({ scope, context }) ? await talliedFlow(context, days.map(isoDate)) : await countedFlow(ranges, spans, scope);
  const { createdPerDay, solvedPerDay, created, solved, createdKinds, solvedKinds, backlog, createdPlaced, solvedPlaced } = counts;

  // The backlog at the end of each day is the one at the period's end, less what was created
  // after that day, plus what was solved after it.
  const backlogPerDay: number[] = new Array(days.length);
  let open = backlog.current;
  for (let index = days.length - 1; index >= 0; index--) {
    backlogPerDay[index] = open;
    open = open - createdPerDay[index] + solvedPerDay[index];
  }
  // Days not over yet (the current period) have no backlog at their end.
  const dayEnded = (index: number) => spans[index].to.getTime() <= context.now.getTime();

  const charts: ChartData[] = [
    {
      id: "service.created-solved",
      title: "reporting.service.chart.createdSolved",
      kind: "bar",
      x: { kind: "day", label: "reporting.service.axis.day" },
      series: [
        { key: "created", label: "reporting.service.created", format: "count" },
        { key: "solved", label: "reporting.service.solved", format: "count" },
      ],
      rows: days.map((day, index) => ({ x: isoDate(day), values: { created: createdPerDay[index], solved: solvedPerDay[index] } })),
    },
    {
      id: "service.backlog-per-day",
      title: "reporting.service.chart.backlog",
      kind: "line",
      x: { kind: "day", label: "reporting.service.axis.day" },
      series: [{ key: "backlog", label: "reporting.service.backlog", format: "count" }],
      rows: days.map((day, index) => ({ x: isoDate(day), values: { backlog: dayEnded(index) ? backlogPerDay[index] : null } })),
    },
    breakdownChart("service.by-type", "reporting.service.chart.byType", "reporting.service.axis.type", ticketTypes.map((type) => `ticket.type.${type}` as MessageKey), createdKinds.types, solvedKinds.types),
    breakdownChart("service.by-channel", "reporting.service.chart.byChannel", "reporting.service.axis.channel", ticketChannels.map((channel) => `ticket.channel.${channel}` as MessageKey), createdKinds.channels, solvedKinds.channels),
  ];

  const tables = await placementTables(createdPlaced, solvedPlaced);
  return {
    figures: [
      serviceFigure("service.created", "reporting.service.created", { format: "count", trend: "neutral", drillDown: true, hint: "reporting.service.created.hint" }, created),
      serviceFigure("service.solved", "reporting.service.solved", { format: "count", trend: "up", drillDown: true, hint: "reporting.service.solved.hint" }, solved),
      serviceFigure("service.backlog", "reporting.service.backlog", { format: "count", trend: "down", drillDown: true, hint: "reporting.service.backlog.hint" }, { value: backlog.current, previous: backlog.previous, lastYear: backlog.lastYear }),
    ],
    charts,
    tables,
  };
}

/** The flow's counts read from the tickets (a viewer limited to some groups, or another zone). */
async function countedFlow(ranges: ServicePartInput["ranges"], spans: InstantRange[], scope: TicketScopeSql) {
  const createdPerDay = await ticketsPerSpan("createdAt", spans, scope);
  const solvedPerDay = await ticketsPerSpan("solvedAt", spans, scope);
  const created = { value: total(createdPerDay), previous: total(await ticketsPerSpan("createdAt", [ranges.previous], scope)), lastYear: total(await ticketsPerSpan("createdAt", [ranges.lastYear], scope)) };
  const solved = { value: total(solvedPerDay), previous: total(await ticketsPerSpan("solvedAt", [ranges.previous], scope)), lastYear: total(await ticketsPerSpan("solvedAt", [ranges.lastYear], scope)) };
  const kinds = { types: ticketTypes, channels: ticketChannels };
  const createdKinds = await ticketsPerKind("createdAt", ranges.current, scope, kinds);
  const solvedKinds = await ticketsPerKind("solvedAt", ranges.current, scope, kinds);
  const backlogAtEnd = await backlogAt(ranges.current.to, scope);
  // The previous period usually ends where this one starts: its backlog follows from this one's
  // (open at the start = open at the end, less what was created, plus what was solved, in between).
  const backlog = {
    current: backlogAtEnd,
    previous: ranges.previous.to.getTime() === ranges.current.from.getTime() ? backlogAtEnd - created.value + solved.value : await backlogAt(ranges.previous.to, scope),
    lastYear: await backlogAt(ranges.lastYear.to, scope),
  };
  const [createdPlaced, solvedPlaced] = [await ticketsPerPlacement("createdAt", ranges.current, scope), await ticketsPerPlacement("solvedAt", ranges.current, scope)];
  return { createdPerDay, solvedPerDay, created, solved, createdKinds, solvedKinds, backlog, createdPlaced, solvedPlaced };
}

/** The same counts from the daily tallies (every ticket, the workspace's zone). */
async function talliedFlow(context: ServicePartInput["context"], days: string[]) {
  const { created: createdPerDay, solved: solvedPerDay } = await talliedTicketsPerDay(context, days);
  const created = { value: total(createdPerDay), previous: await talliedTickets(context, "created", context.previous), lastYear: await talliedTickets(context, "created", context.lastYear) };
  const solved = { value: total(solvedPerDay), previous: await talliedTickets(context, "solved", context.previous), lastYear: await talliedTickets(context, "solved", context.lastYear) };
  const kinds = { types: ticketTypes, channels: ticketChannels };
  const [current, previous, lastYear] = await talliedBacklogsAtEnd([context.period, context.previous, context.lastYear]);
  return {
    createdPerDay,
    solvedPerDay,
    created,
    solved,
    createdKinds: await talliedKinds(context, "created", kinds),
    solvedKinds: await talliedKinds(context, "solved", kinds),
    backlog: { current, previous, lastYear },
    createdPlaced: await talliedPlacements(context, "created"),
    solvedPlaced: await talliedPlacements(context, "solved"),
  };
}

function sumBy(rows: readonly TicketPlacementCount[], key: (row: TicketPlacementCount) => string | null): Map<string | null, number> {
  const sums = new Map<string | null, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + row.tickets);
  return sums;
}

/** Created and solved per type or channel, one bar pair per value. */
function breakdownChart(id: string, title: MessageKey, axis: MessageKey, labels: MessageKey[], created: readonly number[], solved: readonly number[]): ChartData {
  return {
    id,
    title,
    kind: "bar",
    x: { kind: "label", label: axis },
    series: [
      { key: "created", label: "reporting.service.created", format: "count" },
      { key: "solved", label: "reporting.service.solved", format: "count" },
    ],
    rows: labels.map((label, index) => ({ x: label, values: { created: created[index], solved: solved[index] } })),
  };
}

/** Created and solved per group and per agent (those with tickets, busiest first; "none" last). */
async function placementTables(created: readonly TicketPlacementCount[], solved: readonly TicketPlacementCount[]): Promise<TableData[]> {
  const tables: TableData[] = [];
  for (const [id, title, column, key] of [
    ["service.by-group", "reporting.service.table.byGroup", "reporting.service.column.group", (row: TicketPlacementCount) => row.groupId],
    ["service.by-agent", "reporting.service.table.byAgent", "reporting.service.column.agent", (row: TicketPlacementCount) => row.assigneeId],
  ] as const) {
    const createdBy = sumBy(created, key);
    const solvedBy = sumBy(solved, key);
    const ids = [...new Set([...createdBy.keys(), ...solvedBy.keys()])];
    const named = ids.filter((value): value is string => value !== null);
    const names = new Map(
      id === "service.by-group"
        ? (await db().group.findMany({ where: { id: { in: named } }, select: { id: true, name: true } })).map((group) => [group.id, group.name])
        : (await db().user.findMany({ where: { id: { in: named } }, select: { id: true, name: true } })).map((user) => [user.id, user.name]),
    );
    const rows = ids
      .map((value) => ({ value, created: createdBy.get(value) ?? 0, solved: solvedBy.get(value) ?? 0 }))
      .sort((left, right) => Number(left.value === null) - Number(right.value === null) || right.created - left.created || right.solved - left.solved);
    tables.push({
      id,
      title,
      columns: [
        { key: "name", label: column, format: "text" },
        { key: "created", label: "reporting.service.created", format: "count" },
        { key: "solved", label: "reporting.service.solved", format: "count" },
      ],
      rows: rows.map((row) => ({
        cells: { name: row.value === null ? "—" : (names.get(row.value) ?? "—"), created: row.created, solved: row.solved },
      })),
    });
  }
  return tables;
}
