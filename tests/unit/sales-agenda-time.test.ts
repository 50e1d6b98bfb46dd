import { describe, expect, it } from "vitest";
import { parseIsoDate, type LocalDate } from "~/domain/helpdesk/sla/business-calendar";
import { newActivityTimes } from "~/domain/sales/activity-defaults";
import {
  activityFormTimes,
  activityInstants,
  isAllDay,
  isOverdue,
  minutesLate,
  overdueFrom,
  reminderDueAt,
  reminderIsDue,
  startOfLocalDay,
} from "~/domain/sales/activity-time";
import { agendaDays, agendaRange, agendaStep, layoutLanes, parseAgendaDate, parseAgendaView, placeOnDay } from "~/domain/sales/agenda-layout";

const day = (iso: string): LocalDate => parseIsoDate(iso)!;
const utc = (iso: string) => new Date(iso);

describe("agenda ranges", () => {
  it.each([
    // A plain winter day: Paris is UTC+1.
    ["jour", "2026-12-07", "2026-12-06T23:00:00.000Z", "2026-12-07T23:00:00.000Z"],
    // 29 March 2026: the clocks go forward, the day lasts 23 hours.
    ["jour", "2026-03-29", "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"],
    // 25 October 2026: the clocks go back, the day lasts 25 hours.
    ["jour", "2026-10-25", "2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z"],
    // The week of the spring change, asked from its Sunday: Monday 23 to Monday 30 March.
    ["semaine", "2026-03-29", "2026-03-22T23:00:00.000Z", "2026-03-29T22:00:00.000Z"],
    // The week of the autumn change, asked from its Wednesday.
    ["semaine", "2026-10-21", "2026-10-18T22:00:00.000Z", "2026-10-25T23:00:00.000Z"],
    // A week across the new year.
    ["semaine", "2027-01-01", "2026-12-27T23:00:00.000Z", "2027-01-03T23:00:00.000Z"],
  ] as const)("%s of %s runs from %s to %s", (view, date, start, end) => {
    const range = agendaRange(view, day(date));
    expect(range.start.toISOString()).toBe(start);
    expect(range.end.toISOString()).toBe(end);
  });

  it("lists Monday to Sunday for a week and the day alone for a day", () => {
    expect(agendaDays("semaine", day("2026-12-10")).map((date) => `${date.month}-${date.day}`)).toEqual(["12-7", "12-8", "12-9", "12-10", "12-11", "12-12", "12-13"]);
    expect(agendaDays("jour", day("2026-12-10"))).toEqual([day("2026-12-10")]);
  });

  it.each([
    ["jour", "2026-03-31", -1, "2026-03-30"],
    ["jour", "2026-12-31", 1, "2027-01-01"],
    ["semaine", "2026-03-01", 1, "2026-03-08"],
    ["semaine", "2026-01-03", -1, "2025-12-27"],
  ] as const)("steps a %s from %s by %i to %s", (view, from, direction, to) => {
    const stepped = agendaStep(view, day(from), direction);
    expect(stepped).toEqual(day(to));
  });

  it("reads the view and the date from the address, with safe defaults", () => {
    expect(parseAgendaView("jour")).toBe("jour");
    expect(parseAgendaView("mois")).toBe("semaine");
    expect(parseAgendaView(null)).toBe("semaine");
    const today = day("2026-12-07");
    expect(parseAgendaDate("2026-02-30", today)).toBe(today);
    expect(parseAgendaDate("demain", today)).toBe(today);
    expect(parseAgendaDate("2026-02-28", today)).toEqual(day("2026-02-28"));
  });
});

describe("activity times", () => {
  it.each([
    [{ kind: "appointment", date: "2026-12-09", time: "14:00", endTime: "15:30" }, "2026-12-09T13:00:00.000Z", "2026-12-09T14:30:00.000Z"],
    [{ kind: "appointment", date: "2026-06-09", time: "14:00", endTime: "15:30" }, "2026-06-09T12:00:00.000Z", "2026-06-09T13:30:00.000Z"],
    // 02:30 does not exist on 29 March: it moves forward by the gap.
    [{ kind: "appointment", date: "2026-03-29", time: "02:30", endTime: "04:00" }, "2026-03-29T01:30:00.000Z", "2026-03-29T02:00:00.000Z"],
    [{ kind: "task", date: "2026-12-09", time: "", endTime: "" }, "2026-12-08T23:00:00.000Z", null],
    [{ kind: "call", date: "2026-12-09", time: "10:37", endTime: "11:00" }, "2026-12-09T09:37:00.000Z", null],
  ] as const)("%j starts at %s and ends at %s", (form, startsAt, endsAt) => {
    const instants = activityInstants(form);
    expect(instants.startsAt.toISOString()).toBe(startsAt);
    expect(instants.endsAt?.toISOString() ?? null).toBe(endsAt);
  });

  it("gives the form back its local date and times; a to-do at local midnight has no time", () => {
    expect(activityFormTimes({ kind: "appointment", startsAt: utc("2026-10-25T09:00:00Z"), endsAt: utc("2026-10-25T10:15:00Z") })).toEqual({ date: "2026-10-25", time: "10:00", endTime: "11:15" });
    expect(activityFormTimes({ kind: "task", startsAt: utc("2026-06-30T22:00:00Z"), endsAt: null })).toEqual({ date: "2026-07-01", time: "", endTime: "" });
    expect(isAllDay({ kind: "task", startsAt: utc("2026-06-30T22:00:00Z") })).toBe(true);
    // An appointment at midnight is an appointment at midnight.
    expect(isAllDay({ kind: "appointment", startsAt: utc("2026-06-30T22:00:00Z") })).toBe(false);
    expect(isAllDay({ kind: "call", startsAt: utc("2026-06-30T22:01:00Z") })).toBe(false);
  });

  it.each([
    // A timed task is late from its time on.
    [{ kind: "task", startsAt: "2026-12-09T09:00:00Z", doneAt: null }, "2026-12-09T08:59:00Z", false, 0],
    [{ kind: "task", startsAt: "2026-12-09T09:00:00Z", doneAt: null }, "2026-12-09T12:00:00Z", true, 180],
    // A task due "in the day" is late once its day is over (Paris midnight).
    [{ kind: "task", startsAt: "2026-12-08T23:00:00Z", doneAt: null }, "2026-12-09T22:59:00Z", false, 0],
    [{ kind: "task", startsAt: "2026-12-08T23:00:00Z", doneAt: null }, "2026-12-11T23:00:00Z", true, 2 * 24 * 60],
    // Done, or an appointment: never late.
    [{ kind: "task", startsAt: "2026-12-01T09:00:00Z", doneAt: "2026-12-01T10:00:00Z" }, "2026-12-09T12:00:00Z", false, 0],
    [{ kind: "appointment", startsAt: "2026-12-01T09:00:00Z", doneAt: null }, "2026-12-09T12:00:00Z", false, 0],
  ] as const)("%j at %s: overdue %s by %i minutes", (activity, now, overdue, late) => {
    expect(isOverdue(activity, utc(now))).toBe(overdue);
    if (overdue) expect(minutesLate(activity, utc(now))).toBe(late);
  });

  it("takes the end of a day without time across the clock change", () => {
    expect(overdueFrom({ kind: "task", startsAt: utc("2026-10-24T22:00:00Z") }).toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect(startOfLocalDay(utc("2026-03-29T21:59:00Z")).toISOString()).toBe("2026-03-28T23:00:00.000Z");
  });

  it.each([
    // Appointments: lead minutes before the start.
    [{ kind: "appointment", startsAt: "2026-12-09T13:00:00Z" }, 15, "2026-12-09T12:45:00.000Z"],
    [{ kind: "appointment", startsAt: "2026-12-09T13:00:00Z" }, 30, "2026-12-09T12:30:00.000Z"],
    // A timed to-do: when due; one due "in the day": 09:00 local (summer: UTC+2).
    [{ kind: "call", startsAt: "2026-12-09T13:00:00Z" }, 15, "2026-12-09T13:00:00.000Z"],
    [{ kind: "task", startsAt: "2026-06-30T22:00:00Z" }, 15, "2026-07-01T07:00:00.000Z"],
  ] as const)("%j with %i minutes lead is reminded at %s", (activity, lead, at) => {
    expect(reminderDueAt(activity, lead).toISOString()).toBe(at);
  });

  it("sends a reminder once due and drops it when it is more than 12 hours stale", () => {
    const appointment = { kind: "appointment", startsAt: utc("2026-12-09T13:00:00Z") };
    expect(reminderIsDue(appointment, utc("2026-12-09T12:44:00Z"), 15)).toBe(false);
    expect(reminderIsDue(appointment, utc("2026-12-09T12:45:00Z"), 15)).toBe(true);
    expect(reminderIsDue(appointment, utc("2026-12-10T00:44:00Z"), 15)).toBe(true);
    expect(reminderIsDue(appointment, utc("2026-12-10T00:45:00Z"), 15)).toBe(false);
  });

  it.each([
    ["call", "2026-12-09T09:37:20Z", { date: "2026-12-09", time: "10:37", endTime: "", done: true }],
    ["email", "2026-12-09T22:30:00Z", { date: "2026-12-09", time: "23:30", endTime: "", done: true }],
    ["task", "2026-12-09T09:37:00Z", { date: "2026-12-09", time: "", endTime: "", done: false }],
    ["appointment", "2026-12-09T09:37:00Z", { date: "2026-12-09", time: "11:00", endTime: "12:00", done: false }],
    ["appointment", "2026-12-09T21:10:00Z", { date: "2026-12-10", time: "09:00", endTime: "10:00", done: false }],
  ] as const)("a new %s at %s proposes %j", (kind, now, expected) => {
    expect(newActivityTimes(kind, utc(now))).toEqual(expected);
  });
});

describe("appointments on a day's grid", () => {
  const lanes = (slots: Array<[number, number]>) => layoutLanes(slots.map(([startMinute, endMinute]) => ({ startMinute, endMinute }))).map((slot) => `${slot.lane}/${slot.lanes}`);

  it.each([
    ["apart", [[540, 600], [660, 720]], ["0/1", "0/1"]],
    ["touching: one ends when the other starts", [[540, 600], [600, 660]], ["0/1", "0/1"]],
    ["two overlapping", [[540, 630], [600, 660]], ["0/2", "1/2"]],
    ["three at once", [[540, 660], [560, 600], [570, 620]], ["0/3", "1/3", "2/3"]],
    ["a free lane is reused within a group", [[540, 720], [560, 600], [610, 650]], ["0/2", "1/2", "1/2"]],
    ["a later group starts over", [[540, 600], [550, 580], [700, 760]], ["0/2", "1/2", "0/1"]],
    ["given out of order", [[600, 660], [540, 630]], ["1/2", "0/2"]],
    ["a zero-length slot still takes a place", [[540, 540], [540, 600]], ["1/2", "0/2"]],
  ] as const)("%s", (_name, slots, expected) => {
    expect(lanes(slots as unknown as Array<[number, number]>)).toEqual(expected);
  });

  it("places a slot on each day it covers, in local minutes", () => {
    const slot = { startsAt: utc("2026-12-09T21:00:00Z"), endsAt: utc("2026-12-09T23:30:00Z") };
    expect(placeOnDay(slot, day("2026-12-09"))).toEqual({ startMinute: 22 * 60, endMinute: 24 * 60 });
    expect(placeOnDay(slot, day("2026-12-10"))).toEqual({ startMinute: 0, endMinute: 30 });
    expect(placeOnDay(slot, day("2026-12-11"))).toBeNull();
    // On the day of the spring change, 03:00–04:00 local is 01:00–02:00 UTC.
    expect(placeOnDay({ startsAt: utc("2026-03-29T01:00:00Z"), endsAt: utc("2026-03-29T02:00:00Z") }, day("2026-03-29"))).toEqual({ startMinute: 180, endMinute: 240 });
  });
});
