import { describe, expect, it } from "vitest";
import { csvDialectFrom, csvWriter, type CsvValue } from "~/lib/csv-export";

const instant = new Date("2026-12-07T13:05:00Z");

describe("csvWriter", () => {
  const cases: Array<{ value: CsvValue; excel: string; comma: string }> = [
    { value: "Dupont", excel: "Dupont", comma: "Dupont" },
    { value: "Dupont; Fils", excel: '"Dupont; Fils"', comma: "Dupont; Fils" },
    { value: "Dupont, Fils", excel: "Dupont, Fils", comma: '"Dupont, Fils"' },
    { value: 'Le "Grand" Café', excel: '"Le ""Grand"" Café"', comma: '"Le ""Grand"" Café"' },
    { value: "ligne 1\nligne 2", excel: '"ligne 1\nligne 2"', comma: '"ligne 1\nligne 2"' },
    { value: "=1+1", excel: "'=1+1", comma: "'=1+1" },
    { value: "+33 6 12", excel: "'+33 6 12", comma: "'+33 6 12" },
    { value: "-2", excel: "'-2", comma: "'-2" },
    { value: "@SUM(A1)", excel: "'@SUM(A1)", comma: "'@SUM(A1)" },
    { value: "\tcaché", excel: "'\tcaché", comma: "'\tcaché" },
    { value: "\r=1", excel: "\"'\r=1\"", comma: "\"'\r=1\"" },
    { value: -12.5, excel: "-12,5", comma: "-12.5" },
    { value: 3, excel: "3", comma: "3" },
    { value: { cents: 123450 }, excel: "1234,50", comma: "1234.50" },
    { value: { cents: -5 }, excel: "-0,05", comma: "-0.05" },
    { value: instant, excel: "07/12/2026 14:05", comma: "2026-12-07T13:05:00.000Z" },
    { value: { day: new Date("2027-02-15T00:00:00Z") }, excel: "15/02/2027", comma: "2027-02-15" },
    { value: null, excel: "", comma: "" },
    { value: undefined, excel: "", comma: "" },
  ];
  it.each(cases)("writes $value as $excel (excel) and $comma (comma)", ({ value, excel, comma }) => {
    expect(csvWriter("excel").line([value])).toBe(`${excel}\r\n`);
    expect(csvWriter("virgule").line([value])).toBe(`${comma}\r\n`);
  });

  it("joins with the dialect's separator and marks only the excel dialect with a BOM", () => {
    expect(csvWriter("excel").line(["a", 1])).toBe("a;1\r\n");
    expect(csvWriter("virgule").line(["a", 1])).toBe("a,1\r\n");
    expect(csvWriter("excel").bom).toBe("\uFEFF");
    expect(csvWriter("virgule").bom).toBe("");
  });

  it("reads the dialect from the link, French Excel unless asked otherwise", () => {
    expect(csvDialectFrom(new URLSearchParams("separateur=virgule"))).toBe("virgule");
    expect(csvDialectFrom(new URLSearchParams("separateur=n'importe"))).toBe("excel");
    expect(csvDialectFrom(new URLSearchParams(""))).toBe("excel");
  });
});
