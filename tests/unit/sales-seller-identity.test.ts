import { describe, expect, it } from "vitest";
import {
  formatIban,
  formatSiren,
  frenchVatKey,
  isValidBic,
  isValidFrenchVatNumber,
  isValidIban,
  isValidSiren,
  isValidSiret,
  readSellerIdentity,
  sellerIdentitySchema,
  sellerLegalLines,
} from "~/domain/sales/seller-identity";
import { translator } from "~/lib/i18n/translate";

/** The seller's identifiers on a quote are checked, not just shaped. */

const valid = {
  legalName: "Comptoir Informatique Services",
  legalForm: "SAS",
  shareCapital: "50 000 €",
  street: "12 rue des Artisans",
  postalCode: "69007",
  city: "Lyon",
  country: "FR",
  siren: "732 829 320",
  siret: "732 829 320 00074",
  vatNumber: "fr 44 732829320",
  rcsCity: "Lyon",
  phone: "04 78 00 00 00",
  email: "contact@comptoir.test",
  paymentTerms: "30 jours fin de mois",
  quoteValidityDays: "30",
  latePenalty: "Trois fois le taux d'intérêt légal.",
  iban: "FR76 3000 6000 0112 3456 7890 189",
  bic: "bnpafrpp",
  footer: "",
};

describe("identifiers", () => {
  it.each([
    ["732829320", true],
    ["732 829 320", true],
    ["404833048", true],
    ["732829321", false],
    ["73282932", false],
    ["7328293200", false],
    ["ABCDEFGHI", false],
  ])("SIREN %s → %s", (value, expected) => {
    expect(isValidSiren(value)).toBe(expected);
  });

  it.each([
    ["73282932000074", true],
    ["732 829 320 00074", true],
    ["73282932000075", false],
    ["7328293200007", false],
    // La Poste: one SIREN, establishments numbered by a digit sum that is a multiple of 5 (not Luhn).
    ["35600000000001", true],
    ["35600000000002", false],
  ])("SIRET %s → %s", (value, expected) => {
    expect(isValidSiret(value)).toBe(expected);
  });

  it("computes the French VAT key from the SIREN", () => {
    expect(frenchVatKey("732829320")).toBe("44");
    expect(frenchVatKey("404833048")).toBe("83");
    expect(frenchVatKey("552100554")).toBe("96");
  });

  it.each([
    ["FR44732829320", true],
    ["fr 44 732 829 320", true],
    ["FR83404833048", true],
    ["FR45732829320", false],
    ["FR44732829321", false],
    ["DE44732829320", false],
    ["FR4473282932", false],
  ])("VAT number %s → %s", (value, expected) => {
    expect(isValidFrenchVatNumber(value)).toBe(expected);
  });

  it.each([
    ["FR7630006000011234567890189", true],
    ["FR76 3000 6000 0112 3456 7890 189", true],
    ["GB82WEST12345698765432", true],
    ["FR7630006000011234567890188", false],
    ["FR76", false],
  ])("IBAN %s → %s", (value, expected) => {
    expect(isValidIban(value)).toBe(expected);
  });

  it.each([
    ["BNPAFRPP", true],
    ["BNPAFRPPXXX", true],
    ["bnpa fr pp", true],
    ["BNPA1RPP", false],
    ["BNPAFR", false],
  ])("BIC %s → %s", (value, expected) => {
    expect(isValidBic(value)).toBe(expected);
  });

  it("writes identifiers the way French documents show them", () => {
    expect(formatSiren("732829320")).toBe("732 829 320");
    expect(formatSiren("73282932000074")).toBe("732 829 320 00074");
    expect(formatIban("fr7630006000011234567890189")).toBe("FR76 3000 6000 0112 3456 7890 189");
  });
});

describe("the Administration form", () => {
  it("accepts a complete identity and normalises its identifiers", () => {
    const parsed = sellerIdentitySchema.parse(valid);
    expect(parsed).toMatchObject({ siren: "732829320", siret: "73282932000074", vatNumber: "FR44732829320", iban: "FR7630006000011234567890189", bic: "BNPAFRPP", quoteValidityDays: 30 });
  });

  it.each([
    [{ siren: "732829321" }, "siren", "sales.seller.validation.siren"],
    [{ siret: "73282932000075" }, "siret", "sales.seller.validation.siret"],
    [{ siret: "40483304800014" }, "siret", "sales.seller.validation.siretNotSiren"],
    [{ vatNumber: "FR45732829320" }, "vatNumber", "sales.seller.validation.vatNumber"],
    [{ vatNumber: "FR83404833048" }, "vatNumber", "sales.seller.validation.vatNotSiren"],
    [{ iban: "FR7630006000011234567890188" }, "iban", "sales.seller.validation.iban"],
    [{ bic: "" }, "bic", "sales.seller.validation.ibanWithBic"],
    [{ quoteValidityDays: "0" }, "quoteValidityDays", "sales.seller.validation.validityDays"],
    [{ quoteValidityDays: "trente" }, "quoteValidityDays", "sales.seller.validation.validityDays"],
    [{ postalCode: "6900" }, "postalCode", "customers.validation.postalCode"],
    [{ email: "contact@" }, "email", "validation.email"],
    [{ legalName: "  " }, "legalName", "validation.required"],
    [{ paymentTerms: "" }, "paymentTerms", "validation.required"],
  ])("refuses %j on %s", (change, field, message) => {
    const result = sellerIdentitySchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });

  it("tells an incomplete stored identity from a complete one, naming what is missing", () => {
    expect(readSellerIdentity(null)).toMatchObject({ complete: false });
    expect(readSellerIdentity("not json")).toMatchObject({ complete: false });
    const partial = readSellerIdentity(JSON.stringify({ legalName: "Comptoir", siren: "732829320" }));
    expect(partial.complete).toBe(false);
    if (!partial.complete) {
      expect(partial.problems).toEqual(expect.arrayContaining(["legalForm", "street", "vatNumber", "paymentTerms"]));
      expect(partial.problems).not.toContain("siren");
    }
    const complete = readSellerIdentity(JSON.stringify(sellerIdentitySchema.parse(valid)));
    expect(complete.complete).toBe(true);
  });

  it("prints the legal lines of the seller in the quote's language", () => {
    const identity = sellerIdentitySchema.parse(valid);
    expect(sellerLegalLines(identity, translator("fr"))).toEqual([
      "SAS au capital de 50 000 €",
      "SIREN 732 829 320 · RCS Lyon 732 829 320",
      "SIRET 732 829 320 00074",
      "N° TVA intracommunautaire : FR44732829320",
    ]);
    expect(sellerLegalLines({ ...identity, shareCapital: "", rcsCity: "", siret: "" }, translator("en"))).toEqual(["SAS", "SIREN 732 829 320", "EU VAT number: FR44732829320"]);
  });
});
