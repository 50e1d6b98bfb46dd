import { describe, expect, it } from "vitest";
import { campaignsByDay, monthWeeks } from "~/domain/marketing/campaigns/campaign-calendar";

describe("monthWeeks", () => {
  const cases = [
    { month: { year: 2026, month: 12 }, weeks: 5, first: "2026-11-30", last: "2027-01-03" },
    { month: { year: 2026, month: 2 }, weeks: 5, first: "2026-01-26", last: "2026-03-01" },
    { month: { year: 2026, month: 3 }, weeks: 6, first: "2026-02-23", last: "2026-04-05" },
    { month: { year: 2027, month: 2 }, weeks: 4, first: "2027-02-01", last: "2027-02-28" },
  ];
  it.each(cases)("$month.year-$month.month: $weeks weeks from Monday $first", ({ month, weeks, first, last }) => {
    const grid = monthWeeks(month);
    expect(grid).toHaveLength(weeks);
    expect(grid.every((week) => week.length === 7)).toBe(true);
    expect(grid[0][0].date).toBe(first);
    expect(grid.at(-1)!.at(-1)!.date).toBe(last);
    expect(grid.flat().filter((day) => day.inMonth)).toHaveLength(new Date(Date.UTC(month.year, month.month, 0)).getUTCDate());
  });
});

describe("campaignsByDay", () => {
  it("places each campaign on its local day in the workspace time zone", () => {
    const byDay = campaignsByDay(
      [
        { id: "b", name: "Soir", status: "sent", at: new Date("2026-12-14T23:30:00Z") },
        { id: "a", name: "Matin", status: "sent", at: new Date("2026-12-14T08:00:00Z") },
      ],
      "Europe/Paris",
    );
    expect(byDay.get("2026-12-14")?.map((campaign) => campaign.id)).toEqual(["a"]);
    expect(byDay.get("2026-12-15")?.map((campaign) => campaign.id)).toEqual(["b"]);
  });
});
