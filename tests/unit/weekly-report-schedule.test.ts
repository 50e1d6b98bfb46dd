import { describe, expect, it } from "vitest";
import { isoDate } from "~/domain/helpdesk/sla/business-calendar";
import { dueWeeklyReport } from "~/domain/reporting/weekly-report-schedule";

const paris = "Europe/Paris";
const due = (instant: string) => {
  const report = dueWeeklyReport(new Date(instant), paris);
  return { dueAt: report.dueAt.toISOString(), first: isoDate(report.period.first), last: isoDate(report.period.last), isoWeek: report.isoWeek };
};

describe("the Monday report is due from Monday 07:30 workspace time, about the week that ended", () => {
  it.each([
    // Winter (UTC+1): Monday 7 December 2026, 07:30 Paris = 06:30 UTC.
    { at: "2026-12-07T06:29:59Z", dueAt: "2026-11-30T06:30:00.000Z", first: "2026-11-23", last: "2026-11-29", isoWeek: "2026-W48", why: "one second before: still last week's report" },
    { at: "2026-12-07T06:30:00Z", dueAt: "2026-12-07T06:30:00.000Z", first: "2026-11-30", last: "2026-12-06", isoWeek: "2026-W49", why: "07:30 sharp" },
    { at: "2026-12-09T15:00:00Z", dueAt: "2026-12-07T06:30:00.000Z", first: "2026-11-30", last: "2026-12-06", isoWeek: "2026-W49", why: "Wednesday: the same report (catch-up)" },
    { at: "2026-12-13T22:59:59Z", dueAt: "2026-12-07T06:30:00.000Z", first: "2026-11-30", last: "2026-12-06", isoWeek: "2026-W49", why: "Sunday 23:59 local" },
    { at: "2026-12-13T23:00:00Z", dueAt: "2026-12-07T06:30:00.000Z", first: "2026-11-30", last: "2026-12-06", isoWeek: "2026-W49", why: "Monday 00:00 local, before 07:30" },
    // Spring forward on Sunday 29 March 2026: Monday 30 March 07:30 Paris = 05:30 UTC (UTC+2).
    { at: "2026-03-30T05:29:00Z", dueAt: "2026-03-23T06:30:00.000Z", first: "2026-03-16", last: "2026-03-22", isoWeek: "2026-W12", why: "DST week: 06:29 UTC would be wrong, 05:29 is before" },
    { at: "2026-03-30T05:30:00Z", dueAt: "2026-03-30T05:30:00.000Z", first: "2026-03-23", last: "2026-03-29", isoWeek: "2026-W13", why: "DST week: 07:30 summer time" },
    // Fall back on Sunday 25 October 2026: Monday 26 October 07:30 Paris = 06:30 UTC (UTC+1).
    { at: "2026-10-26T05:30:00Z", dueAt: "2026-10-19T05:30:00.000Z", first: "2026-10-12", last: "2026-10-18", isoWeek: "2026-W42", why: "after the change, 06:30 local is before 07:30" },
    { at: "2026-10-26T06:30:00Z", dueAt: "2026-10-26T06:30:00.000Z", first: "2026-10-19", last: "2026-10-25", isoWeek: "2026-W43", why: "the 25-hour week is reported" },
    // Year boundary: the week of 28 December 2026 is 2026-W53.
    { at: "2027-01-04T06:30:00Z", dueAt: "2027-01-04T06:30:00.000Z", first: "2026-12-28", last: "2027-01-03", isoWeek: "2026-W53", why: "ISO week 53" },
  ])("$at → $isoWeek ($why)", ({ at, dueAt, first, last, isoWeek }) => {
    expect(due(at)).toEqual({ dueAt, first, last, isoWeek });
  });

  it("never before Monday 07:30 local: brute force over every minute of two DST weeks", () => {
    for (const start of ["2026-03-28T00:00:00Z", "2026-10-24T00:00:00Z"]) {
      for (let minute = 0; minute < 4 * 24 * 60; minute += 1) {
        const now = new Date(new Date(start).getTime() + minute * 60_000);
        const report = dueWeeklyReport(now, paris);
        expect(report.dueAt.getTime()).toBeLessThanOrEqual(now.getTime());
        const local = new Intl.DateTimeFormat("en-GB", { timeZone: paris, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(report.dueAt);
        expect(local).toBe("Mon 07:30");
        // The next Monday 07:30 is after now: the due report is the latest one.
        expect(report.dueAt.getTime() + 7 * 24 * 3_600_000 + 3_600_000).toBeGreaterThan(now.getTime());
      }
    }
  });
});
