import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  businessMinutesPerDay,
  defaultBusinessCalendar,
  easterSunday,
  formatClock,
  formatIsoWeek,
  frenchPublicHolidays,
  fromZoned,
  isBusinessTime,
  isoDate,
  NoBusinessHoursError,
  parseClock,
  parseIsoDate,
  parseIsoWeek,
  toZoned,
  weekdays,
} from "~/domain/helpdesk/sla/business-calendar";

// Expected instants are written with their Paris offset (+01:00 in winter, +02:00 in summer),
// independently of the code under test.
const at = (text: string) => new Date(text);
const office = defaultBusinessCalendar();

function calendarWith(overrides: Partial<BusinessCalendar>): BusinessCalendar {
  return { ...defaultBusinessCalendar(), ...overrides };
}
const allDay = [{ start: 0, end: 24 * 60 }];
const roundTheClock = calendarWith({
  week: Object.fromEntries(weekdays.map((day) => [day, allDay])) as BusinessCalendar["week"],
  frenchHolidays: false,
});
const sundayNight = calendarWith({
  week: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [{ start: 60, end: 240 }] },
  frenchHolidays: false,
});

describe("Easter and French public holidays", () => {
  it.each([
    [2008, "2008-03-23"],
    [2011, "2011-04-24"],
    [2019, "2019-04-21"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2038, "2038-04-25"],
    [2285, "2285-03-22"],
  ])("Easter %i is on %s", (year, expected) => {
    expect(isoDate(easterSunday(year))).toBe(expected);
  });

  it("lists the eleven holidays of 2026, Easter-based ones included", () => {
    expect(frenchPublicHolidays(2026).map((holiday) => `${holiday.id} ${isoDate(holiday.date)}`)).toEqual([
      "newYear 2026-01-01",
      "easterMonday 2026-04-06",
      "labourDay 2026-05-01",
      "victory1945 2026-05-08",
      "ascension 2026-05-14",
      "whitMonday 2026-05-25",
      "bastilleDay 2026-07-14",
      "assumption 2026-08-15",
      "allSaints 2026-11-01",
      "armistice 2026-11-11",
      "christmas 2026-12-25",
    ]);
  });

  it("adds Good Friday and 26 December in Alsace-Moselle", () => {
    const dates = frenchPublicHolidays(2025, { alsaceMoselle: true }).map((holiday) => isoDate(holiday.date));
    expect(dates).toHaveLength(13);
    expect(dates).toContain("2025-04-18");
    expect(dates).toContain("2025-12-26");
    expect(dates).toContain("2025-05-29"); // Ascension 2025
    expect(dates).toContain("2025-06-09"); // Whit Monday 2025
  });
});

describe("Paris time zone", () => {
  it.each([
    ["winter", "2026-01-15T11:00:00Z", "2026-01-15", 12 * 60],
    ["summer", "2026-07-15T11:00:00Z", "2026-07-15", 13 * 60],
    ["local midnight in winter", "2026-02-28T23:30:00Z", "2026-03-01", 30],
    ["second 02:30 of the autumn change", "2026-10-25T01:30:00Z", "2026-10-25", 150],
    ["first 02:30 of the autumn change", "2026-10-25T00:30:00Z", "2026-10-25", 150],
  ])("reads the local time (%s)", (_label, instant, date, minutes) => {
    const zoned = toZoned(new Date(instant), "Europe/Paris");
    expect(isoDate(zoned.date)).toBe(date);
    expect(zoned.minutes).toBe(minutes);
  });

  it.each([
    ["a winter morning", "2026-01-15", 8 * 60 + 30, "2026-01-15T08:30:00+01:00"],
    ["a summer morning", "2026-07-15", 8 * 60 + 30, "2026-07-15T08:30:00+02:00"],
    ["a time skipped in spring moves forward by the gap", "2026-03-29", 150, "2026-03-29T03:30:00+02:00"],
    ["the hour after the spring jump", "2026-03-29", 180, "2026-03-29T03:00:00+02:00"],
    ["a time repeated in autumn takes its first occurrence", "2026-10-25", 150, "2026-10-25T02:30:00+02:00"],
    ["the hour after the autumn change", "2026-10-25", 180, "2026-10-25T03:00:00+01:00"],
  ])("finds the instant of a local time (%s)", (_label, date, minutes, expected) => {
    expect(fromZoned(parseIsoDate(date)!, minutes, "Europe/Paris").toISOString()).toBe(at(expected).toISOString());
  });
});

describe("addBusinessMinutes, Monday–Friday 08:30–12:30 / 13:30–18:00", () => {
  it.each([
    ["inside the morning", "2026-03-09T09:00:00+01:00", 60, "2026-03-09T10:00:00+01:00"],
    ["up to the exact end of the morning", "2026-03-09T09:00:00+01:00", 210, "2026-03-09T12:30:00+01:00"],
    ["across the lunch break", "2026-03-09T12:00:00+01:00", 60, "2026-03-09T14:00:00+01:00"],
    ["from inside the lunch break", "2026-03-09T12:45:00+01:00", 15, "2026-03-09T13:45:00+01:00"],
    ["before opening", "2026-03-09T07:00:00+01:00", 30, "2026-03-09T09:00:00+01:00"],
    ["a whole business day from opening", "2026-06-08T08:30:00+02:00", 510, "2026-06-08T18:00:00+02:00"],
    ["over the weekend", "2026-03-13T17:50:00+01:00", 30, "2026-03-16T08:50:00+01:00"],
    ["from a Saturday", "2026-03-14T10:00:00+01:00", 60, "2026-03-16T09:30:00+01:00"],
    ["from a Sunday evening", "2026-03-15T22:00:00+01:00", 1, "2026-03-16T08:31:00+01:00"],
    ["five business days from Monday opening", "2026-03-09T08:30:00+01:00", 2550, "2026-03-13T18:00:00+01:00"],
    ["keeps the seconds", "2026-03-09T09:00:30+01:00", 1, "2026-03-09T09:01:30+01:00"],
    ["zero minutes is the start itself, even at night", "2026-03-14T23:00:00+01:00", 0, "2026-03-14T23:00:00+01:00"],
    ["over the weekend of the spring change", "2026-03-27T17:00:00+01:00", 120, "2026-03-30T09:30:00+02:00"],
    ["over the weekend of the autumn change", "2026-10-23T17:00:00+02:00", 120, "2026-10-26T09:30:00+01:00"],
    ["over Easter Monday", "2026-04-03T17:50:00+02:00", 30, "2026-04-07T08:50:00+02:00"],
    ["over Ascension Thursday", "2026-05-13T17:00:00+02:00", 120, "2026-05-15T09:30:00+02:00"],
    ["over Whit Monday", "2026-05-22T18:00:00+02:00", 60, "2026-05-26T09:30:00+02:00"],
    ["over 1 May (a Friday)", "2026-04-30T17:00:00+02:00", 90, "2026-05-04T09:00:00+02:00"],
    ["over Christmas (a Friday)", "2026-12-24T17:30:00+01:00", 60, "2026-12-28T09:00:00+01:00"],
    ["over New Year's Day (a Thursday)", "2025-12-31T17:00:00+01:00", 120, "2026-01-02T09:30:00+01:00"],
    ["over 14 July (a Tuesday)", "2026-07-13T18:00:00+02:00", 30, "2026-07-15T09:00:00+02:00"],
    ["over 11 November (a Wednesday)", "2026-11-10T17:30:00+01:00", 60, "2026-11-12T09:00:00+01:00"],
  ])("%s", (_label, from, minutes, expected) => {
    expect(addBusinessMinutes(at(from), minutes, office).toISOString()).toBe(at(expected).toISOString());
  });

  it.each([
    ["holidays switched off: Easter Monday is worked", calendarWith({ frenchHolidays: false }), "2026-04-03T17:50:00+02:00", 30, "2026-04-06T08:50:00+02:00"],
    [
      "an extra closed day",
      calendarWith({ closedDays: [{ date: "2026-03-16", label: "Inventaire" }] }),
      "2026-03-13T17:50:00+01:00",
      30,
      "2026-03-17T08:50:00+01:00",
    ],
    ["Alsace-Moselle: Good Friday and Easter Monday", calendarWith({ alsaceMoselle: true }), "2026-04-02T18:00:00+02:00", 60, "2026-04-07T09:30:00+02:00"],
    [
      "a Saturday morning shift",
      calendarWith({ week: { ...defaultBusinessCalendar().week, saturday: [{ start: 9 * 60, end: 12 * 60 }] } }),
      "2026-03-13T17:50:00+01:00",
      30,
      "2026-03-14T09:20:00+01:00",
    ],
    ["round the clock across the spring change", roundTheClock, "2026-03-29T00:30:00+01:00", 120, "2026-03-29T03:30:00+02:00"],
    ["round the clock across the autumn change", roundTheClock, "2026-10-25T01:30:00+02:00", 120, "2026-10-25T02:30:00+01:00"],
    ["a night shift shortened by the spring change", sundayNight, "2026-03-29T00:00:00+01:00", 120, "2026-03-29T04:00:00+02:00"],
    ["a night shift lengthened by the autumn change", sundayNight, "2026-10-25T00:00:00+02:00", 240, "2026-10-25T04:00:00+01:00"],
  ])("%s", (_label, calendar, from, minutes, expected) => {
    expect(addBusinessMinutes(at(from), minutes, calendar).toISOString()).toBe(at(expected).toISOString());
  });

  it("refuses a calendar without any opening hours", () => {
    const closed = calendarWith({ week: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] } });
    expect(() => addBusinessMinutes(at("2026-03-09T09:00:00+01:00"), 10, closed)).toThrow(NoBusinessHoursError);
  });
});

describe("businessMinutesBetween", () => {
  it.each([
    ["inside one interval", office, "2026-03-09T09:00:00+01:00", "2026-03-09T10:15:00+01:00", 75],
    ["the lunch break does not count", office, "2026-03-09T12:00:00+01:00", "2026-03-09T14:00:00+01:00", 60],
    ["a whole weekday", office, "2026-03-09T00:00:00+01:00", "2026-03-10T00:00:00+01:00", 510],
    ["a whole week", office, "2026-03-09T00:00:00+01:00", "2026-03-16T00:00:00+01:00", 2550],
    ["Friday evening to Monday morning", office, "2026-03-13T17:00:00+01:00", "2026-03-16T09:00:00+01:00", 90],
    ["a weekend alone", office, "2026-03-14T08:00:00+01:00", "2026-03-15T20:00:00+01:00", 0],
    ["the Easter weekend", office, "2026-04-03T18:00:00+02:00", "2026-04-07T08:30:00+02:00", 0],
    ["the week of Ascension", office, "2026-05-11T00:00:00+02:00", "2026-05-18T00:00:00+02:00", 2040],
    ["nights do not count", office, "2026-03-09T18:00:00+01:00", "2026-03-10T08:30:00+01:00", 0],
    ["backwards is zero", office, "2026-03-10T10:00:00+01:00", "2026-03-09T10:00:00+01:00", 0],
    ["seconds are dropped", office, "2026-03-09T09:00:00+01:00", "2026-03-09T09:00:59+01:00", 0],
    ["the spring-change Sunday has 23 hours", roundTheClock, "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00", 23 * 60],
    ["the autumn-change Sunday has 25 hours", roundTheClock, "2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00", 25 * 60],
    ["a 01:00–04:00 shift is two hours on the spring change", sundayNight, "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00", 120],
    ["a 01:00–04:00 shift is four hours on the autumn change", sundayNight, "2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00", 240],
    ["a 01:00–04:00 shift on an ordinary Sunday", sundayNight, "2026-03-22T00:00:00+01:00", "2026-03-23T00:00:00+01:00", 180],
  ])("%s", (_label, calendar, from, to, expected) => {
    expect(businessMinutesBetween(at(from), at(to), calendar)).toBe(expected);
  });

  it("is the inverse of addBusinessMinutes from any whole minute", () => {
    const starts = ["2026-03-09T07:13:00+01:00", "2026-03-13T17:59:00+01:00", "2026-03-27T12:31:00+01:00", "2026-04-03T15:00:00+02:00", "2026-10-23T09:00:00+02:00"];
    for (const start of starts) {
      for (const minutes of [1, 29, 240, 511, 1530, 4000]) {
        const due = addBusinessMinutes(at(start), minutes, office);
        expect(businessMinutesBetween(at(start), due, office), `${start} + ${minutes}`).toBe(minutes);
      }
    }
  });
});

describe("calendar helpers", () => {
  it.each([
    ["2026-03-09T09:00:00+01:00", true],
    ["2026-03-09T12:30:00+01:00", false],
    ["2026-03-09T13:30:00+01:00", true],
    ["2026-03-09T18:00:00+01:00", false],
    ["2026-03-14T10:00:00+01:00", false],
    ["2026-04-06T10:00:00+02:00", false],
  ])("%s is business time: %s", (instant, expected) => {
    expect(isBusinessTime(at(instant), office)).toBe(expected);
  });

  it("knows what one business day means", () => {
    expect(businessMinutesPerDay(office)).toBe(510);
    expect(businessMinutesPerDay(roundTheClock)).toBe(1440);
  });

  it.each([
    ["08:30", 510],
    ["8:30", 510],
    ["00:00", 0],
    ["24:00", 1440],
    ["24:30", null],
    ["12:60", null],
    ["midi", null],
  ])("reads the clock time %s", (text, expected) => {
    expect(parseClock(text)).toBe(expected);
  });

  it("writes clock times and validates dates", () => {
    expect(formatClock(510)).toBe("08:30");
    expect(formatClock(1080)).toBe("18:00");
    expect(parseIsoDate("2026-02-29")).toBeNull();
    expect(parseIsoDate("2028-02-29")).toEqual({ year: 2028, month: 2, day: 29 });
  });
});

describe("ISO weeks", () => {
  it.each([
    ["2026-11-26", "2026-W48"],
    ["2026-01-01", "2026-W01"],
    ["2027-01-01", "2026-W53"],
    ["2024-12-30", "2025-W01"],
    ["2021-01-03", "2020-W53"],
  ])("%s is in week %s", (date, week) => {
    expect(formatIsoWeek(parseIsoDate(date)!)).toBe(week);
  });

  it.each([
    ["2026-W48", "2026-11-23"],
    ["2026-W01", "2025-12-29"],
    ["2026-w53", "2026-12-28"],
    ["2025-W53", null],
    ["2026-W00", null],
    ["semaine 48", null],
  ])("week %s starts on %s", (week, monday) => {
    const parsed = parseIsoWeek(week);
    expect(parsed ? isoDate(parsed) : null).toBe(monday);
  });
});
