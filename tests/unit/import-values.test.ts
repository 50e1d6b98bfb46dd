import { describe, expect, it } from "vitest";
import { detectSeparator, parseDelimitedText } from "~/domain/imports/delimited-text";
import { suggestMapping, applySavedMapping, mappingProblems } from "~/domain/imports/import-mapping";
import { importEntities, importableEntities } from "~/domain/imports/import-entities";
import { normaliseDate, normaliseEmail, normaliseMoney, normalisePhoneNumber, normalisePostalCode, normaliseSiret, normaliseVatRate } from "~/domain/imports/value-normalisation";

const ok = (value: unknown) => ({ ok: true, value });
const bad = (error: string) => ({ ok: false, error });

describe("normalising cells", () => {
  it.each([
    [" Jean.Dupont@Exemple.FR ", ok("jean.dupont@exemple.fr")],
    ["mailto:a@b.fr", ok("a@b.fr")],
    ["", ok("")],
    ["jean.dupont@", bad("email")],
    ["jean dupont@exemple.fr", bad("email")],
    ["a..b@exemple.fr", bad("email")],
  ])("e-mail %j", (raw, expected) => expect(normaliseEmail(raw)).toEqual(expected));

  it.each([
    ["06 12 34 56 78", ok("+33612345678")],
    ["06.12.34.56.78", ok("+33612345678")],
    ["+33 (0)6 12 34 56 78", ok("+33612345678")],
    ["0033 6 12 34 56 78", ok("+33612345678")],
    ["612345678", ok("+33612345678")],
    ["01 45 67 89 00", ok("+33145678900")],
    ["+32 2 555 12 34", ok("+3225551234")],
    ["12", bad("phone")],
    ["06 12 34", bad("phone")],
  ])("phone %j", (raw, expected) => expect(normalisePhoneNumber(raw)).toEqual(expected));

  it.each([
    ["05/12/2026", {}, ok("2026-12-05")],
    ["5/12/26", {}, ok("2026-12-05")],
    ["05.12.2026", {}, ok("2026-12-05")],
    ["2026-12-05", {}, ok("2026-12-05")],
    ["2026-12-05T10:00:00Z", {}, ok("2026-12-05")],
    ["01/02/75", {}, ok("1975-02-01")],
    ["31/02/2026", {}, bad("date")],
    ["46361", { spreadsheet: true }, ok("2026-12-05")],
    ["46361", {}, bad("date")],
    ["demain", {}, bad("date")],
  ])("date %j %j", (raw, options, expected) => expect(normaliseDate(raw, options)).toEqual(expected));

  it.each([
    ["1000", "FR", ok("01000")],
    ["01000", "FR", ok("01000")],
    ["75 011", "FR", ok("75011")],
    ["2A004", "FR", ok("2A004")],
    ["75O01", "FR", bad("postal_code")],
    ["123", "FR", bad("postal_code")],
    ["1000", "BE", ok("1000")],
  ])("postal code %j in %s", (raw, country, expected) => expect(normalisePostalCode(raw, country)).toEqual(expected));

  it.each([
    ["732 829 320", ok("732829320")],
    ["732 829 320 00074", ok("73282932000074")],
    ["73282932000075", bad("siret")],
    ["12345678901234", bad("siret")],
    ["1234", bad("siret")],
    // La Poste: its establishments' SIRETs sum to a multiple of 5 instead of passing Luhn.
    ["35600000049837", ok("35600000049837")],
    ["35600000049838", bad("siret")],
    ["356000000", ok("356000000")],
  ])("SIRET %j", (raw, expected) => expect(normaliseSiret(raw)).toEqual(expected));

  it.each([
    ["1 234,56 €", ok(123456)],
    ["1234.5", ok(123450)],
    ["", ok(null)],
    ["douze", bad("money")],
  ])("money %j", (raw, expected) => expect(normaliseMoney(raw)).toEqual(expected));

  it.each([
    ["20", ok(2000)],
    ["5,5 %", ok(550)],
    ["19,6", bad("vat_rate")],
  ])("VAT %j", (raw, expected) => expect(normaliseVatRate(raw)).toEqual(expected));
});

describe("reading delimited text", () => {
  it("splits RFC 4180 fields: quoted separators, doubled quotes, line breaks, CRLF and LF", () => {
    expect(parseDelimitedText('a;"b;c";"d ""e"""\r\n"multi\nligne";x;\n\n', ";")).toEqual([
      ["a", "b;c", 'd "e"'],
      ["multi\nligne", "x", ""],
    ]);
  });

  it.each([
    ["Nom;Prénom;Ville\nA;B;C\n", ";"],
    ["Name,First,City\nA,B,C\n", ","],
    ["Name\tFirst\tCity\nA\tB\tC\n", "tab"],
    ['Nom;Adresse\nA;"1, rue X"\n', ";"],
    ['Name,Notes\nA,"x; y; z"\nB,"p; q"\n', ","],
  ])("guesses the separator of %j", (text, separator) => expect(detectSeparator(text)).toBe(separator));
});

describe("mapping columns", () => {
  it("suggests fields from French and English headers, each field once", () => {
    const headers = ["Raison sociale", "Nom", "Prénom", "E-mail", "Tél.", "CP", "Ville", "N° SIRET", "Portable", "Divers"];
    expect(suggestMapping("contacts", headers).map((entry) => entry.target)).toEqual(["company.name", "lastName", "firstName", "email", "phone", "company.postalCode", "company.city", "company.siret", "", ""]);
    expect(suggestMapping("companies", ["Company name", "Zip code", "Website", "Phone"]).map((entry) => entry.target)).toEqual(["name", "postalCode", "website", "phone"]);
    expect(suggestMapping("products", ["Référence", "Désignation", "Prix HT", "TVA"]).map((entry) => entry.target)).toEqual(["reference", "name", "unitPrice", "vatRate"]);
  });

  it("applies a saved mapping by header name, whatever the column order", () => {
    const saved = [
      { column: 0, header: "Nom", target: "lastName" },
      { column: 1, header: "Code", target: "custom:Code client" },
    ];
    expect(applySavedMapping("contacts", saved, ["Code", "E-mail", "Nom"]).map((entry) => entry.target)).toEqual(["custom:Code client", "email", "lastName"]);
  });

  it("names what a mapping lacks", () => {
    expect(mappingProblems("contacts", [{ column: 0, header: "Ville", target: "company.city" }])).toEqual([{ kind: "contact_identity" }]);
    expect(mappingProblems("products", [{ column: 0, header: "Ref", target: "reference" }, { column: 1, header: "Ref2", target: "reference" }]).map((problem) => problem.kind)).toEqual(["duplicate_target", "missing_required", "missing_required"]);
  });

  it("lets marketing import contacts only", () => {
    expect(importableEntities({ role: "admin", restrictToGroups: false })).toEqual([...importEntities]);
    expect(importableEntities({ role: "marketing", restrictToGroups: false })).toEqual(["contacts"]);
    expect(importableEntities({ role: "technician", restrictToGroups: false })).toEqual([]);
    expect(importableEntities({ role: "admin", restrictToGroups: false, scopes: ["customers:write"] })).toEqual(["companies", "contacts"]);
  });
});
