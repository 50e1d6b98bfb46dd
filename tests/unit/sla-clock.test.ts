import { describe, expect, it } from "vitest";
import { defaultBusinessCalendar } from "~/domain/helpdesk/sla/business-calendar";
import { advanceSlaClock, type SlaClock, slaDueDates, type SlaTargets } from "~/domain/helpdesk/sla/sla-clock";

const calendar = defaultBusinessCalendar();
const at = (text: string) => new Date(text);
const iso = (value: Date | null | undefined) => (value ? value.toISOString() : value);

// The demo workspace's default targets, in business minutes (one business day = 510 minutes).
const targets: Record<string, SlaTargets> = {
  urgent: { firstResponseMinutes: 60, resolutionMinutes: 240 },
  high: { firstResponseMinutes: 240, resolutionMinutes: 510 },
  normal: { firstResponseMinutes: 480, resolutionMinutes: 1530 },
  low: { firstResponseMinutes: 510, resolutionMinutes: 2550 },
};

describe("due dates from a policy", () => {
  it.each([
    ["urgent, Monday 10:00", "urgent", "2026-03-09T10:00:00+01:00", "2026-03-09T11:00:00+01:00", "2026-03-09T15:00:00+01:00"],
    ["urgent, Friday 17:00", "urgent", "2026-03-13T17:00:00+01:00", "2026-03-13T18:00:00+01:00", "2026-03-16T11:30:00+01:00"],
    ["high, Monday 10:00", "high", "2026-03-09T10:00:00+01:00", "2026-03-09T15:00:00+01:00", "2026-03-10T10:00:00+01:00"],
    ["high, Saturday (counts from Monday opening)", "high", "2026-03-14T11:00:00+01:00", "2026-03-16T12:30:00+01:00", "2026-03-16T18:00:00+01:00"],
    ["normal, Thursday before Easter (Good Friday is worked, Easter Monday is not)", "normal", "2026-04-02T16:00:00+02:00", "2026-04-03T15:30:00+02:00", "2026-04-08T16:00:00+02:00"],
    ["low, Monday 08:30", "low", "2026-03-09T08:30:00+01:00", "2026-03-09T18:00:00+01:00", "2026-03-13T18:00:00+01:00"],
  ])("%s", (_label, priority, createdAt, firstResponse, resolution) => {
    const due = slaDueDates({ createdAt: at(createdAt), targets: targets[priority] }, calendar);
    expect(iso(due.firstResponseDueAt)).toBe(iso(at(firstResponse)));
    expect(iso(due.resolutionDueAt)).toBe(iso(at(resolution)));
  });

  it("adds the minutes spent waiting on the customer to the resolution target only", () => {
    const due = slaDueDates({ createdAt: at("2026-03-09T10:00:00+01:00"), targets: targets.urgent, pausedMinutes: 90 }, calendar);
    expect(iso(due.firstResponseDueAt)).toBe(iso(at("2026-03-09T11:00:00+01:00")));
    expect(iso(due.resolutionDueAt)).toBe(iso(at("2026-03-09T16:30:00+01:00")));
  });

  it("gives no targets without a policy", () => {
    expect(slaDueDates({ createdAt: at("2026-03-09T10:00:00+01:00"), targets: null }, calendar)).toEqual({ firstResponseDueAt: null, resolutionDueAt: null });
  });
});

function aClock(overrides: Partial<SlaClock> = {}): SlaClock {
  const createdAt = at("2026-03-09T10:00:00+01:00");
  return {
    createdAt,
    status: "open",
    ...slaDueDates({ createdAt, targets: targets.normal }, calendar),
    slaPausedSince: null,
    slaPausedMinutes: 0,
    ...overrides,
  };
}

describe("the clock through a ticket's life", () => {
  it.each([
    {
      label: "entering pending customer pauses the resolution clock, due dates unchanged",
      clock: aClock({ status: "pending_customer" }),
      now: "2026-03-09T11:00:00+01:00",
      expected: { changes: { slaPausedSince: at("2026-03-09T11:00:00+01:00") }, reason: null, pausedMinutesAdded: 0 },
    },
    {
      label: "staying in pending customer changes nothing",
      clock: aClock({ status: "pending_customer", slaPausedSince: at("2026-03-09T11:00:00+01:00") }),
      now: "2026-03-10T11:00:00+01:00",
      expected: { changes: {}, reason: null, pausedMinutesAdded: 0 },
    },
    {
      label: "the customer answers the next morning: the business minutes waited push the resolution",
      clock: aClock({ status: "open", slaPausedSince: at("2026-03-09T16:00:00+01:00") }),
      now: "2026-03-10T09:30:00+01:00",
      expected: {
        // 16:00–18:00 Monday and 08:30–09:30 Tuesday: 180 business minutes.
        changes: { slaPausedSince: null, slaPausedMinutes: 180, resolutionDueAt: at("2026-03-12T14:00:00+01:00") },
        reason: "resumed",
        pausedMinutesAdded: 180,
      },
    },
    {
      label: "a wait over the weekend only counts business minutes",
      clock: aClock({ status: "open", slaPausedSince: at("2026-03-13T17:30:00+01:00"), slaPausedMinutes: 30 }),
      now: "2026-03-16T09:00:00+01:00",
      expected: {
        changes: { slaPausedSince: null, slaPausedMinutes: 90, resolutionDueAt: at("2026-03-12T11:30:00+01:00") },
        reason: "resumed",
        pausedMinutesAdded: 60,
      },
    },
    {
      label: "a wait entirely outside business hours ends the pause without moving targets",
      clock: aClock({ status: "open", slaPausedSince: at("2026-03-14T10:00:00+01:00") }),
      now: "2026-03-15T18:00:00+01:00",
      expected: { changes: { slaPausedSince: null }, reason: null, pausedMinutesAdded: 0 },
    },
    {
      label: "solving a ticket while it waits still closes the pause",
      clock: aClock({ status: "solved", slaPausedSince: at("2026-03-09T11:00:00+01:00") }),
      now: "2026-03-09T11:20:00+01:00",
      expected: {
        changes: { slaPausedSince: null, slaPausedMinutes: 20, resolutionDueAt: at("2026-03-12T10:20:00+01:00") },
        reason: "resumed",
        pausedMinutesAdded: 20,
      },
    },
  ])("$label", ({ clock, now, expected }) => {
    expect(advanceSlaClock(clock, { targets: targets.normal, policyChanged: false, now: at(now) }, calendar)).toEqual(expected);
  });

  it.each([
    {
      label: "normal → urgent recomputes both targets from the creation date",
      clock: aClock(),
      to: targets.urgent,
      expected: { firstResponseDueAt: at("2026-03-09T11:00:00+01:00"), resolutionDueAt: at("2026-03-09T15:00:00+01:00") },
    },
    {
      label: "normal → low pushes both targets",
      clock: aClock(),
      to: targets.low,
      expected: { firstResponseDueAt: at("2026-03-10T10:00:00+01:00"), resolutionDueAt: at("2026-03-16T10:00:00+01:00") },
    },
    {
      label: "a priority change keeps the minutes already waited on the customer",
      clock: aClock({ slaPausedMinutes: 120 }),
      to: targets.urgent,
      expected: { firstResponseDueAt: at("2026-03-09T11:00:00+01:00"), resolutionDueAt: at("2026-03-09T17:00:00+01:00") },
    },
    {
      label: "a ticket moved to a priority without a policy loses its targets",
      clock: aClock(),
      to: null,
      expected: { firstResponseDueAt: null, resolutionDueAt: null },
    },
  ])("$label", ({ clock, to, expected }) => {
    const result = advanceSlaClock(clock, { targets: to, policyChanged: true, now: at("2026-03-09T10:30:00+01:00") }, calendar);
    expect(result.reason).toBe("policy");
    expect(result.changes).toEqual(expected);
  });

  it("a priority change while waiting keeps the pause running and moves the targets", () => {
    const clock = aClock({ status: "pending_customer", slaPausedSince: at("2026-03-09T11:00:00+01:00") });
    const result = advanceSlaClock(clock, { targets: targets.high, policyChanged: true, now: at("2026-03-09T14:00:00+01:00") }, calendar);
    expect(result.changes).toEqual({ firstResponseDueAt: at("2026-03-09T15:00:00+01:00"), resolutionDueAt: at("2026-03-10T10:00:00+01:00") });
    expect(result.changes).not.toHaveProperty("slaPausedSince");
  });

  it("the same policy again changes nothing", () => {
    expect(advanceSlaClock(aClock(), { targets: targets.normal, policyChanged: true, now: at("2026-03-09T10:30:00+01:00") }, calendar)).toEqual({
      changes: {},
      reason: null,
      pausedMinutesAdded: 0,
    });
  });

  it("pausing twice adds both waits", () => {
    let clock = aClock();
    const steps: Array<[string, string]> = [
      ["pending_customer", "2026-03-09T11:00:00+01:00"],
      ["open", "2026-03-09T11:45:00+01:00"],
      ["pending_customer", "2026-03-09T15:00:00+01:00"],
      ["open", "2026-03-10T09:00:00+01:00"],
    ];
    for (const [status, now] of steps) {
      const { changes } = advanceSlaClock({ ...clock, status }, { targets: targets.normal, policyChanged: false, now: at(now) }, calendar);
      clock = { ...clock, status, ...changes };
    }
    // 45 minutes, then 15:00–18:00 and 08:30–09:00: 45 + 180 + 30.
    expect(clock.slaPausedMinutes).toBe(255);
    expect(clock.slaPausedSince).toBeNull();
    expect(iso(clock.resolutionDueAt)).toBe(iso(slaDueDates({ createdAt: clock.createdAt, targets: targets.normal, pausedMinutes: 255 }, calendar).resolutionDueAt));
  });
});
