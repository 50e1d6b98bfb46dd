import { describe, expect, it } from "vitest";
import { contractInForceOn, contractStateOn, oneYearAfter, renewalNoticeDay, renewalReminderAt } from "~/domain/sales/contract-status";
import { dayHasPassed, startOfWorkspaceDay } from "~/domain/sales/document-dates";
import { quoteStatusOn } from "~/domain/sales/quote-schemas";

/** Contract states and coverage, quote expiry: one day rule (workspace days, Paris) for every page and query. */

const paris = (iso: string) => new Date(`${iso}+01:00`);
const summer = (iso: string) => new Date(`${iso}+02:00`);
const contract = { startDate: paris("2026-01-01T00:00:00"), endDate: paris("2026-12-31T00:00:00"), reminderDays: 60, cancelledAt: null as Date | null, renewal: "explicit" };

describe("days of the workspace", () => {
  it.each([
    ["2026-12-31T00:00:00+01:00", "2026-12-31T23:59:00+01:00", false],
    ["2026-12-31T00:00:00+01:00", "2027-01-01T00:00:00+01:00", true],
    // A stored day that is not midnight (old rows) passes at the end of its own day all the same.
    ["2026-12-31T15:00:00+01:00", "2027-01-01T00:30:00+01:00", true],
    ["2026-12-31T15:00:00+01:00", "2026-12-31T22:00:00Z", false],
  ])("day %s has passed at %s: %s", (day, now, expected) => {
    expect(dayHasPassed(new Date(day), new Date(now))).toBe(expected);
  });

  it("starts the day at local midnight, summer and winter", () => {
    expect(startOfWorkspaceDay(new Date("2026-07-14T12:00:00Z")).toISOString()).toBe("2026-07-13T22:00:00.000Z");
    expect(startOfWorkspaceDay(new Date("2026-12-24T23:30:00Z")).toISOString()).toBe("2026-12-24T23:00:00.000Z");
  });
});

describe("a quote's state", () => {
  it.each([
    ["draft", "2026-11-01T00:00:00", "draft"],
    ["sent", "2026-12-07T00:00:00", "sent"],
    ["sent", "2026-12-06T00:00:00", "expired"],
    ["accepted", "2026-12-01T00:00:00", "accepted"],
    ["refused", "2026-12-01T00:00:00", "refused"],
  ])("%s, valid until %s, on 7 December 2026 → %s", (status, validUntil, expected) => {
    expect(quoteStatusOn({ status, validUntil: paris(validUntil) }, paris("2026-12-07T18:00:00"))).toBe(expected);
  });
});

describe("a contract's state", () => {
  it.each([
    ["2026-06-01T10:00:00", "active"],
    ["2026-10-31T23:59:00", "active"],
    ["2026-11-01T00:00:00", "to_renew"],
    ["2026-12-31T12:00:00", "to_renew"],
    ["2027-02-01T12:00:00", "to_renew"],
  ])("on %s (renewal window 60 days before 31/12) → %s", (now, expected) => {
    expect(contractStateOn(contract, paris(now))).toBe(expected);
  });

  it("is cancelled once a cancellation is recorded, whatever the dates", () => {
    expect(contractStateOn({ ...contract, cancelledAt: paris("2027-01-01T00:00:00") }, paris("2026-03-01T00:00:00"))).toBe("cancelled");
  });

  it("plans the reminder at 09:00 on the first day of the window, in local time", () => {
    expect(renewalNoticeDay(contract).toISOString()).toBe("2026-10-31T23:00:00.000Z");
    expect(renewalReminderAt(contract).toISOString()).toBe("2026-11-01T08:00:00.000Z");
    expect(renewalReminderAt({ endDate: summer("2026-09-30T00:00:00"), reminderDays: 30 }).toISOString()).toBe("2026-08-31T07:00:00.000Z");
    expect(renewalReminderAt({ ...contract, reminderDays: 0 }).toISOString()).toBe("2026-12-31T08:00:00.000Z");
  });

  it("renews to the same day a year later", () => {
    expect(oneYearAfter(paris("2026-12-31T00:00:00")).toISOString()).toBe("2027-12-30T23:00:00.000Z");
    expect(oneYearAfter(paris("2028-02-29T00:00:00")).toISOString()).toBe("2029-02-27T23:00:00.000Z");
  });
});

describe("when a contract covers the company (its SLA holds)", () => {
  it.each([
    [{}, "2025-12-31T23:59:00", false, "before it starts"],
    [{}, "2026-01-01T00:00:00", true, "from its first day"],
    [{}, "2026-12-31T23:59:00", true, "on its end day"],
    [{}, "2027-01-01T00:00:00", false, "an explicit renewal ends with its end day"],
    [{ renewal: "tacit" }, "2027-06-01T00:00:00", true, "a tacit renewal goes on"],
    [{ renewal: "tacit", cancelledAt: paris("2027-03-01T00:00:00") }, "2027-02-28T23:59:00", true, "until the day before its cancellation"],
    [{ renewal: "tacit", cancelledAt: paris("2027-03-01T00:00:00") }, "2027-03-01T00:00:00", false, "not from its cancellation day"],
  ] as Array<[Partial<typeof contract>, string, boolean, string]>)("%j at %s → %s (%s)", (change, at, expected) => {
    expect(contractInForceOn({ ...contract, ...change }, paris(at))).toBe(expected);
  });
});
