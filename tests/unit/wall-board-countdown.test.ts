import { describe, expect, it } from "vitest";
import { formatCountdown, wallBoardCountdown } from "~/domain/reporting/wall-board-countdown";

const now = new Date("2026-12-07T10:00:00Z");
const at = (minutes: number, seconds = 0) => new Date(now.getTime() + minutes * 60_000 + seconds * 1000).toISOString();

describe("the wall board's countdown tone follows the SLA warning rule (60 min)", () => {
  it.each([
    { name: "no SLA", sla: null, tone: "none", msLeft: null },
    { name: "3 h left", sla: { target: "first_response", dueAt: at(180), paused: false }, tone: "ok", msLeft: 180 * 60_000 },
    { name: "61 min left", sla: { target: "resolution", dueAt: at(61), paused: false }, tone: "ok", msLeft: 61 * 60_000 },
    { name: "exactly 60 min left", sla: { target: "resolution", dueAt: at(60), paused: false }, tone: "warning", msLeft: 60 * 60_000 },
    { name: "5 min left", sla: { target: "first_response", dueAt: at(5), paused: false }, tone: "warning", msLeft: 5 * 60_000 },
    { name: "30 s left", sla: { target: "first_response", dueAt: at(0, 30), paused: false }, tone: "warning", msLeft: 30_000 },
    { name: "1 min past due", sla: { target: "first_response", dueAt: at(-1), paused: false }, tone: "breached", msLeft: -60_000 },
    { name: "2 days past due", sla: { target: "resolution", dueAt: at(-2880), paused: false }, tone: "breached", msLeft: -2880 * 60_000 },
    { name: "resolution paused (waiting on the customer)", sla: { target: "resolution", dueAt: at(10), paused: true }, tone: "paused", msLeft: 10 * 60_000 },
  ] as const)("$name → $tone", ({ sla, tone, msLeft }) => {
    expect(wallBoardCountdown(sla, now, 60)).toEqual({ tone, msLeft });
  });

  it("the warning window is the workspace's, not a constant of the board", () => {
    expect(wallBoardCountdown({ target: "resolution", dueAt: at(90), paused: false }, now, 120).tone).toBe("warning");
    expect(wallBoardCountdown({ target: "resolution", dueAt: at(90), paused: false }, now, 60).tone).toBe("ok");
  });
});

describe("formatCountdown", () => {
  it.each([
    [0, "0:00"],
    [59_999, "0:59"],
    [60_000, "1:00"],
    [12 * 60_000 + 5_000, "12:05"],
    [3_600_000, "1:00:00"],
    [3_600_000 + 5 * 60_000 + 9_000, "1:05:09"],
    [27 * 3_600_000, "27:00:00"],
    [-1_000, "-0:01"],
    [-(4 * 60_000 + 12_000), "-4:12"],
    [-(2 * 3_600_000 + 60_000), "-2:01:00"],
  ])("%i ms → %s", (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });
});
