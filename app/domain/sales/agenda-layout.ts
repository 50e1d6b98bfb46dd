import { addDays, fromZoned, isoDate, parseIsoDate, toZoned, weekdayIndex, type LocalDate } from "~/domain/helpdesk/sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

/**
 * The sales agenda's calendar arithmetic, pure: which days a view shows, the instants that bound
 * them (a day of the clock change lasts 23 or 25 hours), how to step through them, and where
 * appointments sit on a day's grid when they overlap.
 */

export const AGENDA_VIEWS = ["jour", "semaine"] as const;
export type AgendaView = (typeof AGENDA_VIEWS)[number];

export function parseAgendaView(value: string | null | undefined): AgendaView {
  return value === "jour" ? "jour" : "semaine";
}

/** The requested day (YYYY-MM-DD), or today when the text is missing or not a real date. */
export function parseAgendaDate(value: string | null | undefined, today: LocalDate): LocalDate {
  return (value ? parseIsoDate(value) : null) ?? today;
}

/** The days a view shows around `date`: the day itself, or its week from Monday to Sunday. */
export function agendaDays(view: AgendaView, date: LocalDate): LocalDate[] {
  if (view === "jour") return [date];
  const monday = addDays(date, -weekdayIndex(date));
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

/** The instants the view covers: from the first day's local midnight to the midnight after the last day. */
export function agendaRange(view: AgendaView, date: LocalDate, timeZone = WORKSPACE_TIME_ZONE): { start: Date; end: Date; days: LocalDate[] } {
  const days = agendaDays(view, date);
  return { start: fromZoned(days[0], 0, timeZone), end: fromZoned(addDays(days[days.length - 1], 1), 0, timeZone), days };
}

/** The date the previous / next button leads to. */
export function agendaStep(view: AgendaView, date: LocalDate, direction: -1 | 1): LocalDate {
  return addDays(date, direction * (view === "jour" ? 1 : 7));
}

/**
 * Where an appointment sits on one day's grid, in local minutes after midnight. A slot that
 * started the day before starts at 0 here; one that ends after midnight ends at 24:00.
 */
export function placeOnDay(
  slot: { startsAt: Date | string; endsAt: Date | string | null },
  day: LocalDate,
  timeZone = WORKSPACE_TIME_ZONE,
): { startMinute: number; endMinute: number } | null {
  const dayStart = fromZoned(day, 0, timeZone).getTime();
  const dayEnd = fromZoned(addDays(day, 1), 0, timeZone).getTime();
  const start = new Date(slot.startsAt).getTime();
  const end = slot.endsAt ? new Date(slot.endsAt).getTime() : start;
  if (start >= dayEnd || (end <= dayStart && start < dayStart)) return null;
  const startMinute = start <= dayStart ? 0 : toZoned(start, timeZone).minutes;
  const endMinute = end >= dayEnd ? 24 * 60 : Math.max(startMinute, toZoned(end, timeZone).minutes);
  return { startMinute, endMinute };
}

/** The local day of an instant, as YYYY-MM-DD. */
export function localDayOf(instant: Date | string, timeZone = WORKSPACE_TIME_ZONE): string {
  return isoDate(toZoned(new Date(instant), timeZone).date);
}

/**
 * Side-by-side lanes for overlapping slots of one day: each slot gets the first lane free at its
 * start, and every slot of a group of overlapping slots learns how many lanes the group uses, so
 * the grid can give each 1/lanes of the column's width. Slots are [start, end): one ending at
 * 10:00 does not overlap one starting at 10:00.
 */
export function layoutLanes<Slot extends { startMinute: number; endMinute: number }>(slots: readonly Slot[]): Array<Slot & { lane: number; lanes: number }> {
  const order = slots
    .map((slot, index) => ({ slot, index, end: Math.max(slot.endMinute, slot.startMinute + 1) }))
    .sort((left, right) => left.slot.startMinute - right.slot.startMinute || right.end - left.end || left.index - right.index);
  const placed: Array<{ index: number; lane: number; group: number }> = [];
  const groupLanes: number[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -1;
  for (const entry of order) {
    if (entry.slot.startMinute >= groupEnd) {
      // Nothing before still runs: a new group of overlapping slots starts.
      groupLanes.push(0);
      laneEnds = [];
      groupEnd = entry.end;
    } else {
      groupEnd = Math.max(groupEnd, entry.end);
    }
    let lane = laneEnds.findIndex((end) => end <= entry.slot.startMinute);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = entry.end;
    const group = groupLanes.length - 1;
    groupLanes[group] = Math.max(groupLanes[group], lane + 1);
    placed.push({ index: entry.index, lane, group });
  }
  const result = new Array<Slot & { lane: number; lanes: number }>(slots.length);
  for (const { index, lane, group } of placed) result[index] = { ...slots[index], lane, lanes: groupLanes[group] };
  return result;
}
