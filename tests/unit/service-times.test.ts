import { describe, expect, it } from "vitest";
import { defaultBusinessCalendar } from "~/domain/helpdesk/sla/business-calendar";
import { nearestRankPercentile, percentileRank, serviceTimes } from "~/domain/reporting/service-times";

const calendar = defaultBusinessCalendar();
const at = (iso: string) => new Date(iso);

describe("service times in business minutes", () => {
  it.each([
    // Monday 9:00 → 11:00 Paris (winter, UTC+1): two business hours.
    ["2026-01-05T08:00:00Z", "2026-01-05T10:00:00Z", 120],
    // Friday 17:30 → Monday 9:00: 30 min on Friday, 30 on Monday.
    ["2026-01-09T16:30:00Z", "2026-01-12T08:00:00Z", 60],
    // Across the spring clock change (Friday 27 March 17:00 → Monday 30 March 9:30, summer time from Sunday).
    ["2026-03-27T16:00:00Z", "2026-03-30T07:30:00Z", 120],
    // Easter Monday 2026 (6 April) is closed: Friday 3 April 17:00 → Tuesday 7 April 9:00.
    ["2026-04-03T15:00:00Z", "2026-04-07T07:00:00Z", 90],
    // Lunch break (12:30–13:30) does not count.
    ["2026-01-05T11:00:00Z", "2026-01-05T13:00:00Z", 60],
  ])("first response from %s to %s is %d business minutes", (created, responded, minutes) => {
    expect(serviceTimes({ createdAt: at(created), firstRespondedAt: at(responded), solvedAt: null, slaPausedMinutes: 0 }, calendar)).toEqual({
      firstResponseBusinessMinutes: minutes,
      resolutionBusinessMinutes: null,
    });
  });

  it("takes the time waiting on the customer off the resolution time, never below zero", () => {
    const ticket = { createdAt: at("2026-01-05T08:00:00Z"), firstRespondedAt: null, solvedAt: at("2026-01-05T12:00:00Z") };
    expect(serviceTimes({ ...ticket, slaPausedMinutes: 60 }, calendar).resolutionBusinessMinutes).toBe(3 * 60 + 30 - 60); // 09:00–12:30, lunch off, less the hour waited
    expect(serviceTimes({ ...ticket, slaPausedMinutes: 10_000 }, calendar).resolutionBusinessMinutes).toBe(0);
  });
});

describe("nearest-rank percentiles", () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.9, 7],
    [[1, 2, 3, 4], 0.5, 2],
    [[4, 3, 2, 1], 0.9, 4],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9, 10],
    [[5, 5, 5, 1], 0.5, 5],
  ] as const)("of %j at %d is %s", (values, share, expected) => {
    expect(nearestRankPercentile(values, share)).toBe(expected);
  });

  it("ranks in whole hundredths (⌈p × n⌉, at least 1)", () => {
    expect(percentileRank(10, 0.9)).toBe(9);
    expect(percentileRank(1, 0.5)).toBe(1);
    expect(percentileRank(3, 0.5)).toBe(2);
    expect(percentileRank(0, 0.5)).toBe(1);
  });
});
