import { addDays, fromZoned, isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { ticketChannels, ticketTypes } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { backlogAt, ticketsPerHour, ticketsPerPlacement, type TicketPlacementCount } from "~/lib/sqlite-service-report.server";
import { periodDays } from "../report-period";
import type { ChartData, TableData } from "../report-section";
import { forEachRange, type ServicePart, type ServicePartInput, serviceFigure } from "./service-common.server";

/**
 * The flow of tickets: created and solved in the period (per local day), the backlog at its end
 * and day by day, and the breakdowns by group, agent, type and channel. Merged tickets are not
 * counted (their thread lives on in the ticket that received it). Definitions: docs/reporting.md.
 */

/** Counts per UTC hour, summed into the workspace's local days (ISO dates). */
export function perLocalDay(hours: ReadonlyArray<{ hour: string; tickets: number }>, timeZone: string): Map<string, number> {
  const days = new Map<string, number>();
  for (const { hour, tickets } of hours) {
    const day = isoDate(toZoned(Date.parse(`${hour}:00:00Z`), timeZone).date);
    days.set(day, (days.get(day) ?? 0) + tickets);
  }
  return days;
}

const total = (hours: ReadonlyArray<{ tickets: number }>) => hours.reduce((sum, hour) => sum + hour.tickets, 0);

export async function serviceFlow({ context, ranges, scope }: ServicePartInput): Promise<ServicePart> {
  const kinds = { types: ticketTypes, channels: ticketChannels };
  const created = {
    current: await ticketsPerHour("createdAt", ranges.current, scope, kinds),
    previous: await ticketsPerHour("createdAt", ranges.previous, scope),
    lastYear: await ticketsPerHour("createdAt", ranges.lastYear, scope),
  };
  const solved = {
    current: await ticketsPerHour("solvedAt", ranges.current, scope, kinds),
    previous: await ticketsPerHour("solvedAt", ranges.previous, scope),
    lastYear: await ticketsPerHour("solvedAt", ranges.lastYear, scope),
  };
  const backlogAtEnd = await backlogAt(ranges.current.to, scope);
  // The previous period usually ends where this one starts: its backlog follows from this one's
  // (open at the start = open at the end, less what was created, plus what was solved, in between).
  const backlog = {
    current: backlogAtEnd,
    previous: ranges.previous.to.getTime() === ranges.current.from.getTime() ? backlogAtEnd - total(created.current) + total(solved.current) : await backlogAt(ranges.previous.to, scope),
    lastYear: await backlogAt(ranges.lastYear.to, scope),
  };
  const [createdPlaced, solvedPlaced] = [await ticketsPerPlacement("createdAt", ranges.current, scope), await ticketsPerPlacement("solvedAt", ranges.current, scope)];

  // Per day of the period; the backlog at the end of each day is the one at the period's end,
  // less what was created after that day, plus what was solved after it.
  const days = periodDays(context.period);
  const createdPerDay = perLocalDay(created.current, context.timeZone);
  const solvedPerDay = perLocalDay(solved.current, context.timeZone);
  const backlogPerDay: number[] = new Array(days.length);
  let open = backlog.current;
  for (let index = days.length - 1; index >= 0; index--) {
    backlogPerDay[index] = open;
    const day = isoDate(days[index]);
    open = open - (createdPerDay.get(day) ?? 0) + (solvedPerDay.get(day) ?? 0);
  }
  // Days not over yet (the current period) have no backlog at their end.
  const dayEnded = (index: number) => fromZoned(addDays(days[index], 1), 0, context.timeZone).getTime() <= context.now.getTime();

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
      rows: days.map((day) => ({ x: isoDate(day), values: { created: createdPerDay.get(isoDate(day)) ?? 0, solved: solvedPerDay.get(isoDate(day)) ?? 0 } })),
    },
    {
      id: "service.backlog-per-day",
      title: "reporting.service.chart.backlog",
      kind: "line",
      x: { kind: "day", label: "reporting.service.axis.day" },
      series: [{ key: "backlog", label: "reporting.service.backlog", format: "count" }],
      rows: days.map((day, index) => ({ x: isoDate(day), values: { backlog: dayEnded(index) ? backlogPerDay[index] : null } })),
    },
    breakdownChart("service.by-type", "reporting.service.chart.byType", "reporting.service.axis.type", ticketTypes.map((type) => `ticket.type.${type}` as MessageKey), (hour) => hour.types, created.current, solved.current),
    breakdownChart("service.by-channel", "reporting.service.chart.byChannel", "reporting.service.axis.channel", ticketChannels.map((channel) => `ticket.channel.${channel}` as MessageKey), (hour) => hour.channels, created.current, solved.current),
  ];

  const tables = await placementTables(createdPlaced, solvedPlaced);
  return {
    figures: [
      serviceFigure("service.created", "reporting.service.created", { format: "count", trend: "neutral", drillDown: true, hint: "reporting.service.created.hint" }, { value: total(created.current), previous: total(created.previous), lastYear: total(created.lastYear) }),
      serviceFigure("service.solved", "reporting.service.solved", { format: "count", trend: "up", drillDown: true, hint: "reporting.service.solved.hint" }, { value: total(solved.current), previous: total(solved.previous), lastYear: total(solved.lastYear) }),
      serviceFigure("service.backlog", "reporting.service.backlog", { format: "count", trend: "down", drillDown: true, hint: "reporting.service.backlog.hint" }, { value: backlog.current, previous: backlog.previous, lastYear: backlog.lastYear }),
    ],
    charts,
    tables,
  };
}

function sumBy(rows: readonly TicketPlacementCount[], key: (row: TicketPlacementCount) => string | null): Map<string | null, number> {
  const sums = new Map<string | null, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + row.tickets);
  return sums;
}

type HourCount = Awaited<ReturnType<typeof ticketsPerHour>>[number];

/** Created and solved per type or channel: the hours' counts added up, one bar pair per value. */
function breakdownChart(id: string, title: MessageKey, axis: MessageKey, labels: MessageKey[], counts: (hour: HourCount) => number[], created: readonly HourCount[], solved: readonly HourCount[]): ChartData {
  const add = (hours: readonly HourCount[], index: number) => hours.reduce((sum, hour) => sum + counts(hour)[index], 0);
  return {
    id,
    title,
    kind: "bar",
    x: { kind: "label", label: axis },
    series: [
      { key: "created", label: "reporting.service.created", format: "count" },
      { key: "solved", label: "reporting.service.solved", format: "count" },
    ],
    rows: labels.map((label, index) => ({ x: label, values: { created: add(created, index), solved: add(solved, index) } })),
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
