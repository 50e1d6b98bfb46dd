import { describe, expect, it } from "vitest";
import { isNightTime, retentionCutoff, retentionFormSchema, retentionRunDue } from "~/domain/privacy/retention";

describe("the retention cutoff", () => {
  it.each([
    ["36 months", "2026-12-07T03:00:00.000Z", 36, "2023-12-07T03:00:00.000Z"],
    ["across a year boundary", "2026-02-15T00:00:00.000Z", 3, "2025-11-15T00:00:00.000Z"],
    ["the day clamped to the month's end", "2026-03-31T12:00:00.000Z", 1, "2026-02-28T12:00:00.000Z"],
    ["a leap February", "2028-03-31T12:00:00.000Z", 1, "2028-02-29T12:00:00.000Z"],
  ])("%s", (_case, now, months, expected) => {
    expect(retentionCutoff(new Date(now), months).toISOString()).toBe(expected);
  });
});

describe("the retention form", () => {
  it.each([
    ["", { ok: true, months: null }],
    ["36", { ok: true, months: 36 }],
    [" 6 ", { ok: true, months: 6 }],
    ["5", { ok: false, months: null }],
    ["241", { ok: false, months: null }],
    ["3.5", { ok: false, months: null }],
    ["trois ans", { ok: false, months: null }],
  ])("%j", (months, expected) => {
    const parsed = retentionFormSchema.safeParse({ months });
    expect(parsed.success).toBe(expected.ok);
    if (parsed.success) expect(parsed.data.months).toBe(expected.months);
  });
});

describe("when the daily job runs", () => {
  const now = new Date("2026-12-07T03:00:00Z");
  it.each([
    ["off", null, null, false],
    ["never ran", 36, null, true],
    ["ran an hour ago", 36, new Date(now.getTime() - 3_600_000), false],
    ["ran yesterday", 36, new Date(now.getTime() - 24 * 3_600_000), true],
  ] as const)("%s", (_case, months, lastRun, expected) => {
    expect(retentionRunDue(months, lastRun, now)).toBe(expected);
  });
});

describe("night time in the workspace's time zone", () => {
  it.each([
    ["00:30 UTC is 01:30 in Paris (winter)", "2026-12-07T00:30:00Z", true],
    ["04:59 UTC is 05:59 in Paris", "2026-12-07T04:59:00Z", true],
    ["05:00 UTC is 06:00 in Paris", "2026-12-07T05:00:00Z", false],
    ["23:30 UTC is 00:30 in Paris", "2026-12-06T23:30:00Z", false],
    ["23:30 UTC in summer is 01:30 in Paris", "2026-07-06T23:30:00Z", true],
  ])("%s", (_case, at, expected) => {
    expect(isNightTime(new Date(at), "Europe/Paris")).toBe(expected);
  });
});
