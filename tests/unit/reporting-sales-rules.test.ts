import { describe, expect, it } from "vitest";
import { fromZoned, isoDate, parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";
import { churnRate, coverEnd, isSuccessor, lostContracts, type ContractCover } from "~/domain/reporting/sections/loyalty-churn";
import { monthPieces } from "~/domain/reporting/sections/sales-scope";

/** The loyalty section's contract rules and the sales section's month pieces, table by table. */

const day = (text: string) => fromZoned(parseIsoDate(text)!, 0, "Europe/Paris");
const contract = (overrides: Partial<Omit<ContractCover, "startDate" | "endDate" | "cancelledAt">> & { start?: string; end?: string; cancelled?: string | null } = {}): ContractCover => ({
  id: overrides.id ?? "c1",
  companyId: overrides.companyId ?? "acme",
  startDate: day(overrides.start ?? "2025-04-01"),
  endDate: day(overrides.end ?? "2026-03-31"),
  renewal: overrides.renewal ?? "explicit",
  cancelledAt: overrides.cancelled ? day(overrides.cancelled) : null,
});
const now = new Date("2026-06-15T10:00:00Z");

describe("when a contract's cover ends", () => {
  it.each([
    ["explicit, end day passed: not renewed the day after", contract(), { kind: "not_renewed", at: "2026-04-01" }],
    ["explicit, end day is today: still covering", contract({ end: "2026-06-15" }), null],
    ["explicit, end day was yesterday: lapsed today", contract({ end: "2026-06-14" }), { kind: "not_renewed", at: "2026-06-15" }],
    ["explicit, cancelled before its end: cancelled", contract({ cancelled: "2026-02-01" }), { kind: "cancelled", at: "2026-02-01" }],
    ["explicit, cancellation the day after its end: it lapsed first", contract({ cancelled: "2026-04-02" }), { kind: "not_renewed", at: "2026-04-01" }],
    ["tacit, end day passed: renews itself", contract({ renewal: "tacit" }), null],
    ["tacit, cancelled later this year: cancelled on that day", contract({ renewal: "tacit", cancelled: "2026-09-01" }), { kind: "cancelled", at: "2026-09-01" }],
  ])("%s", (_case, subject, expected) => {
    const end = coverEnd(subject, now);
    expect(end && { kind: end.kind, at: end.at.getTime() }).toEqual(expected && { kind: expected.kind, at: day(expected.at).getTime() });
  });
});

describe("successors", () => {
  const lapsed = contract();
  const at = day("2026-04-01");
  it.each([
    ["another contract of the company starting 30 days after the end day", contract({ id: "c2", start: "2026-04-30", end: "2027-04-29" }), true],
    ["one starting 31 days after", contract({ id: "c2", start: "2026-05-01", end: "2027-04-30" }), false],
    ["one of another company", contract({ id: "c2", companyId: "other", start: "2026-04-01" }), false],
    ["a tacit one still running", contract({ id: "c2", renewal: "tacit", start: "2024-01-01", end: "2025-01-01" }), true],
    ["an explicit one that ended the same day", contract({ id: "c2", start: "2025-01-01", end: "2026-03-31" }), false],
    ["one cancelled on that day", contract({ id: "c2", renewal: "tacit", start: "2025-01-01", cancelled: "2026-04-01" }), false],
    ["the contract itself", lapsed, false],
  ])("%s: %s", (_case, other, expected) => {
    expect(isSuccessor(lapsed, other, at)).toBe(expected);
  });

  it("a lapsed renewal with a successor is not lost; a cancellation with one is lost but keeps the customer", () => {
    const range = { from: day("2026-01-01"), to: day("2026-07-01") };
    const successor = contract({ id: "next", renewal: "tacit", start: "2026-04-10", end: "2027-04-09" });
    expect(lostContracts([contract()], [contract(), successor], range, now)).toEqual([]);
    const cancelled = contract({ id: "gone", renewal: "tacit", cancelled: "2026-03-01" });
    expect(lostContracts([cancelled], [cancelled, successor], range, now).map((entry) => entry.customerLost)).toEqual([true]);
    const replaced = contract({ id: "gone", renewal: "tacit", cancelled: "2026-04-05" });
    expect(lostContracts([replaced], [replaced, successor], range, now).map((entry) => entry.customerLost)).toEqual([false]);
    // Its cover ending at the period's first midnight is the previous period's loss; at its last midnight, this one's.
    expect(lostContracts([contract({ renewal: "tacit", cancelled: "2026-01-01" })], [], range, now)).toEqual([]);
    expect(lostContracts([contract({ renewal: "tacit", cancelled: "2026-07-01" })], [], range, now)).toHaveLength(1);
    expect(churnRate(1, 4)).toBe(0.25);
    expect(churnRate(0, 0)).toBeNull();
  });
});

describe("month pieces of a period", () => {
  it.each([
    ["a week across two months", { first: "2026-03-30", last: "2026-04-05" }, [["2026-03", "2026-03-30", "2026-03-31", "2025-03-30"], ["2026-04", "2026-04-01", "2026-04-05", "2025-04-01"]]],
    ["a quarter", { first: "2026-01-01", last: "2026-03-31" }, [["2026-01", "2026-01-01", "2026-01-31", "2025-01-01"], ["2026-02", "2026-02-01", "2026-02-28", "2025-02-01"], ["2026-03", "2026-03-01", "2026-03-31", "2025-03-01"]]],
    ["February of a leap year", { first: "2028-02-01", last: "2028-02-29" }, [["2028-02", "2028-02-01", "2028-02-29", "2027-02-01"]]],
    ["across a year end", { first: "2026-12-20", last: "2027-01-10" }, [["2026-12", "2026-12-20", "2026-12-31", "2025-12-20"], ["2027-01", "2027-01-01", "2027-01-10", "2026-01-01"]]],
  ])("%s", (_case, days, expected) => {
    const pieces = monthPieces({ kind: "custom", first: parseIsoDate(days.first)!, last: parseIsoDate(days.last)! });
    expect(pieces.map((piece) => [piece.key, isoDate(piece.days.first), isoDate(piece.days.last), isoDate(piece.lastYear.first)])).toEqual(expected);
    expect(isoDate(pieces.at(-1)!.lastYear.last)).toBe(days.last === "2028-02-29" ? "2027-02-28" : `${Number(days.last.slice(0, 4)) - 1}${days.last.slice(4)}`);
  });
});
