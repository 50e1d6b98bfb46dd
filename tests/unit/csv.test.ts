import { describe, expect, it } from "vitest";
import { csvCell, csvFileName, toCsv } from "~/lib/csv";

describe("CSV for French Excel", () => {
  it("starts with a BOM, separates with ; and ends lines with CRLF", () => {
    expect(toCsv(["N°", "Société"], [[1042, "Café des Amis"], [1043, null]])).toBe("\uFEFFN°;Société\r\n1042;Café des Amis\r\n1043;\r\n");
  });

  it.each([
    ["simple", "simple"],
    ["Dupont; Fils", '"Dupont; Fils"'],
    ['Dit "urgent"', '"Dit ""urgent"""'],
    ["deux\nlignes", '"deux\nlignes"'],
    ["=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""],
    ["+33 6 12 34 56 78", "'+33 6 12 34 56 78"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["Élodie Lefèvre", "Élodie Lefèvre"],
  ])("%j → %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("keeps numbers as numbers (a negative amount is not a formula)", () => {
    expect(csvCell(-1250)).toBe("-1250");
    expect(csvCell(0)).toBe("0");
  });

  it("makes a safe file name", () => {
    expect(csvFileName("Délais dépassés — T4 2026")).toBe("Delais-depasses-T4-2026.csv");
    expect(csvFileName("///")).toBe("export.csv");
  });
});
