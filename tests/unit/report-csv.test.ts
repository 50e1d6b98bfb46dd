import { describe, expect, it } from "vitest";
import { reportCsvCell } from "~/domain/reporting/report-csv";

describe("report CSV cells", () => {
  it.each([
    ["2026-12-07T09:30:00.000Z", "fr", "07/12/2026 10:30"],
    ["2026-07-14T21:59:00.000Z", "fr", "14/07/2026 23:59"],
    ["2026-03-29T01:30:00.000Z", "fr", "29/03/2026 03:30"],
    ["2026-10-25T00:30:00.000Z", "en", "2026-10-25 02:30"],
    ["2026-10-25T01:30:00.000Z", "en", "2026-10-25 02:30"],
    ["2026-12-07", "fr", "07/12/2026"],
  ] as const)("writes the instant %s at the workspace's local time (%s)", (value, locale, expected) => {
    expect(reportCsvCell(value, "date", locale)).toBe(expected);
  });

  it("writes a datetime cell like a date with its time", () => {
    expect(reportCsvCell("2026-12-07T09:30:00.000Z", "datetime", "fr")).toBe("07/12/2026 10:30");
  });

  it("keeps numbers as numbers and writes cents, ratios with a decimal comma in French", () => {
    expect(reportCsvCell(125050, "cents", "fr")).toBe("1250,50");
    expect(reportCsvCell(0.705, "ratio", "fr")).toBe("70,5");
    expect(reportCsvCell(42, "count", "fr")).toBe(42);
    expect(reportCsvCell(null, "count", "fr")).toBeNull();
  });
});
