import { describe, expect, it } from "vitest";
import {
  COMPANY_NAME_SIMILARITY_THRESHOLD,
  type CompanyForMatching,
  type ContactForMatching,
  editDistance,
  findCompanyDuplicates,
  findContactDuplicates,
  matchCompanies,
  matchContacts,
  nameSimilarity,
  normalizeCompanyName,
  normalizeDomain,
  normalizeEmailForMatching,
  normalizePersonName,
  normalizePhone,
  registrableDomain,
} from "~/domain/customers/duplicates";

describe("phone numbers", () => {
  it.each([
    ["+33 6 12 34 56 78", "+33612345678"],
    ["06.12.34.56.78", "+33612345678"],
    ["06 12 34 56 78", "+33612345678"],
    ["0612345678", "+33612345678"],
    ["+33 (0)6 12 34 56 78", "+33612345678"],
    ["0033 6 12 34 56 78", "+33612345678"],
    ["+33612345678", "+33612345678"],
    ["06-12-34-56-78", "+33612345678"],
    ["02 41 62 18 40", "+33241621840"],
    ["+44 20 7946 0958", "+442079460958"],
    ["", null],
    ["12 34", null],
    ["inconnu", null],
    ["00 00 00 00 00", null],
  ])("%j → %j", (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });
});

describe("person names", () => {
  it.each([
    [["Jean-Marc", "Lévêque"], ["jean marc", "LEVEQUE"], true],
    [["Marie", "Dupont"], ["Dupont", "Marie"], true],
    [["  Marie ", " Dupont  "], ["marie", "dupont"], true],
    [["Daniel", "O'Connor"], ["Daniel", "OConnor"], true],
    [["Hélène", "Faure"], ["Helene", "Faure"], true],
    [["Marie", "Dupont"], ["Marine", "Dupont"], false],
    [["Anne-Sophie", "Roux"], ["Anne", "Roux"], false],
  ] as const)("%j vs %j → same: %s", ([firstA, lastA], [firstB, lastB], same) => {
    expect(normalizePersonName(firstA, lastA) === normalizePersonName(firstB, lastB)).toBe(same);
  });
});

describe("e-mail addresses", () => {
  it.each([
    ["Marie.Dupont@Exemple.fr", "marie.dupont@exemple.fr"],
    ["marie.dupont+factures@exemple.fr", "marie.dupont@exemple.fr"],
    ["daniel.oconnor@gmail.com", "danieloconnor@gmail.com"],
    ["Daniel.O.Connor@googlemail.com", "danieloconnor@gmail.com"],
    ["pas-une-adresse", ""],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeEmailForMatching(raw)).toBe(expected);
  });
});

describe("company names", () => {
  it.each([
    ["Boulangerie-Pâtisserie Lemoine S.A.R.L.", "boulangerie patisserie lemoine"],
    ["BOULANGERIE PATISSERIE LEMOINE", "boulangerie patisserie lemoine"],
    ["Dupont & Cie", "dupont"],
    ["Dupont et Compagnie SAS", "dupont"],
    ["Ets Garnier", "garnier"],
    ["Transports Garnier SA", "transports garnier"],
    ["Garnier EURL", "garnier"],
    ["Caves Bonnet & Fils", "caves bonnet et fils"],
    ["Cabinet comptable Roux & Associés", "cabinet comptable roux et associes"],
    ["L'Atelier du Bois", "l atelier du bois"],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeCompanyName(raw)).toBe(expected);
  });

  it.each([
    ["menuiserie aubert", "menuiserie aubret", true],
    ["transports garnier", "transport garnier", true],
    ["pharmacie des halles", "pharmacie des hales", true],
    ["garage perrin", "garage perrot", false],
    ["pharmacie des halles", "pharmacie du marche", false],
    ["imprimerie du vercors", "imprimerie du vexin", false],
  ])("%s ~ %s → similar: %s", (a, b, similar) => {
    expect(nameSimilarity(a, b) >= COMPANY_NAME_SIMILARITY_THRESHOLD).toBe(similar);
  });

  it("counts a swap of two letters as one edit", () => {
    expect(editDistance("aubert", "aubret")).toBe(1);
    expect(editDistance("chat", "chats")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });
});

describe("domains", () => {
  it.each([
    ["https://www.Garage-Perrin.fr/contact", "garage-perrin.fr"],
    ["contact@garage-perrin.fr", "garage-perrin.fr"],
    ["www.garage-perrin.fr.", "garage-perrin.fr"],
    ["garage-perrin.fr:8080", "garage-perrin.fr"],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeDomain(raw)).toBe(expected);
  });

  it.each([
    ["shop.garage-perrin.fr", "garage-perrin.fr"],
    ["garage-perrin.fr", "garage-perrin.fr"],
    ["www.acme.co.uk", "acme.co.uk"],
  ])("registrable part of %s is %s", (host, expected) => {
    expect(registrableDomain(host)).toBe(expected);
  });
});

const contact = (overrides: Partial<ContactForMatching> & { id: string }): ContactForMatching => ({
  firstName: "",
  lastName: "",
  companyId: null,
  phone: "",
  emails: [],
  ...overrides,
});

describe("contact matching", () => {
  const cases: Array<{ name: string; a: Partial<ContactForMatching>; b: Partial<ContactForMatching>; reasons: string[] }> = [
    {
      name: "the same address with a +tag",
      a: { emails: ["marie.dupont@exemple.fr"] },
      b: { emails: ["autre@exemple.fr", "Marie.Dupont+devis@exemple.fr"] },
      reasons: ["same_email"],
    },
    { name: "Gmail dots", a: { emails: ["daniel.oconnor.dordogne@gmail.com"] }, b: { emails: ["danieloconnor.dordogne@gmail.com"] }, reasons: ["same_email"] },
    {
      name: "the same name, accents and hyphens aside, in the same company",
      a: { firstName: "Jean-Marc", lastName: "Lévêque", companyId: "c1" },
      b: { firstName: "Jean Marc", lastName: "LEVEQUE", companyId: "c1" },
      reasons: ["same_name_company"],
    },
    { name: "the same name in two companies", a: { firstName: "Marie", lastName: "Dupont", companyId: "c1" }, b: { firstName: "Marie", lastName: "Dupont", companyId: "c2" }, reasons: [] },
    { name: "the same name without company", a: { firstName: "Marie", lastName: "Dupont" }, b: { firstName: "Marie", lastName: "Dupont" }, reasons: [] },
    { name: "a first name alone", a: { firstName: "Marie", companyId: "c1" }, b: { firstName: "Marie", companyId: "c1" }, reasons: [] },
    { name: "the same mobile written two ways", a: { phone: "+33 6 12 34 56 78" }, b: { phone: "06.12.34.56.78" }, reasons: ["same_phone"] },
    {
      name: "the company's switchboard shared by two colleagues",
      a: { phone: "02 41 62 18 40", companyId: "c1", companyPhone: "+33 2 41 62 18 40" },
      b: { phone: "+33 2 41 62 18 40", companyId: "c1", companyPhone: "+33 2 41 62 18 40" },
      reasons: [],
    },
    {
      name: "several reasons at once",
      a: { firstName: "Ginette", lastName: "Pons", phone: "06 11 22 33 44", emails: ["ginette.pons@orange.fr"], companyId: "c9" },
      b: { firstName: "ginette", lastName: "PONS", phone: "+33611223344", emails: ["ginette.pons+boutique@orange.fr"], companyId: "c9" },
      reasons: ["same_email", "same_name_company", "same_phone"],
    },
    { name: "nothing in common", a: { firstName: "Marie", lastName: "Dupont", emails: ["m@a.fr"], phone: "0600000001" }, b: { firstName: "Paul", lastName: "Durand", emails: ["p@a.fr"], phone: "0600000002" }, reasons: [] },
    { name: "empty phones do not match", a: { phone: "" }, b: { phone: " " }, reasons: [] },
  ];

  it.each(cases)("$name → $reasons", ({ a, b, reasons }) => {
    const found = matchContacts(contact({ id: "a", ...a }), contact({ id: "b", ...b }));
    expect(found.map((reason) => reason.kind)).toEqual(reasons);
  });

  it("finds every pair among many contacts, likeliest first, each pair once", () => {
    const contacts = [
      contact({ id: "c1", firstName: "Marie", lastName: "Dupont", companyId: "x", emails: ["marie@x.fr"], phone: "0612345678" }),
      contact({ id: "c2", firstName: "Marie", lastName: "DUPONT", companyId: "x", emails: ["marie+1@x.fr"], phone: "+33 6 12 34 56 78" }),
      contact({ id: "c3", firstName: "Paul", lastName: "Durand", companyId: "x", emails: ["paul@x.fr"] }),
      contact({ id: "c4", firstName: "Paul", lastName: "Durand", companyId: "y", emails: ["paul@y.fr"], phone: "07 00 00 00 01" }),
      contact({ id: "c5", firstName: "Pauline", lastName: "Roy", emails: ["pauline@z.fr"], phone: "+33700000001" }),
    ];
    const pairs = findContactDuplicates(contacts);
    expect(pairs.map((pair) => [pair.firstId, pair.secondId, pair.reasons.map((r) => r.kind)])).toEqual([
      ["c1", "c2", ["same_email", "same_name_company", "same_phone"]],
      ["c4", "c5", ["same_phone"]],
    ]);
    expect(pairs[0].score).toBe(1);
    expect(pairs[1].score).toBeCloseTo(0.8);
  });
});

const company = (overrides: Partial<CompanyForMatching> & { id: string; name: string }): CompanyForMatching => ({ domains: [], ...overrides });

describe("company matching", () => {
  const cases: Array<{ name: string; a: Partial<CompanyForMatching> & { name: string }; b: Partial<CompanyForMatching> & { name: string }; reasons: string[] }> = [
    { name: "legal form and accents", a: { name: "Boulangerie Pâtisserie Lemoine" }, b: { name: "BOULANGERIE-PATISSERIE LEMOINE SARL" }, reasons: ["same_name"] },
    { name: "a typo", a: { name: "Menuiserie Aubert" }, b: { name: "Menuiserie Aubret" }, reasons: ["similar_name"] },
    { name: "& Cie", a: { name: "Bonnet & Cie" }, b: { name: "Bonnet" }, reasons: ["same_name"] },
    { name: "a shared domain", a: { name: "Garage Perrin", domains: ["garage-perrin.fr"] }, b: { name: "Perrin Automobiles", domains: ["garage-perrin.fr"] }, reasons: ["same_domain"] },
    {
      name: "a domain and a website",
      a: { name: "Garage Perrin", domains: ["garage-perrin.fr"] },
      b: { name: "Perrin Automobiles", website: "https://www.garage-perrin.fr/atelier" },
      reasons: ["same_domain"],
    },
    { name: "two subdomains of one domain", a: { name: "A", domains: ["shop.acme.fr"] }, b: { name: "B", domains: ["acme.fr"] }, reasons: ["same_domain"] },
    { name: "a consumer mail domain never counts", a: { name: "Fleurs Ginette", website: "gmail.com" }, b: { name: "Ginette Pons", domains: ["gmail.com"] }, reasons: [] },
    { name: "different companies", a: { name: "Pharmacie des Halles" }, b: { name: "Pharmacie du Marché" }, reasons: [] },
    { name: "short names must be equal", a: { name: "ABC SA" }, b: { name: "ABD" }, reasons: [] },
    { name: "short names equal", a: { name: "ABC SA" }, b: { name: "abc" }, reasons: ["same_name"] },
  ];

  it.each(cases)("$name → $reasons", ({ a, b, reasons }) => {
    const found = matchCompanies(company({ id: "a", ...a }), company({ id: "b", ...b }));
    expect(found.map((reason) => reason.kind)).toEqual(reasons);
  });

  it("gives the similarity score of a similar name", () => {
    const [reason] = matchCompanies(company({ id: "a", name: "Transports Garnier" }), company({ id: "b", name: "Transport Garnier" }));
    expect(reason).toEqual({ kind: "similar_name", score: 0.94 });
  });

  it("finds pairs among many companies without comparing all of them", () => {
    const trades = ["Boulangerie", "Garage", "Pharmacie", "Menuiserie", "Transports", "Cabinet", "Imprimerie", "Plomberie"];
    const many: CompanyForMatching[] = Array.from({ length: 20_000 }, (_, i) =>
      company({ id: `n${String(i).padStart(5, "0")}`, name: `${trades[i % trades.length]} ${(i * 7919).toString(36)} ${i % 97}` }),
    );
    many.push(company({ id: "x1", name: "Menuiserie Aubert", domains: ["menuiserie-aubert.fr"] }));
    many.push(company({ id: "x2", name: "Menuiserie Aubret SARL" }));
    many.push(company({ id: "x3", name: "Aubert Bois", website: "http://menuiserie-aubert.fr" }));
    const started = performance.now();
    const pairs = findCompanyDuplicates(many);
    const elapsed = performance.now() - started;
    const among = pairs.filter((pair) => pair.firstId.startsWith("x"));
    expect(among.map((pair) => `${pair.firstId}-${pair.secondId}:${pair.reasons.map((r) => r.kind).join("+")}`)).toEqual([
      "x1-x3:same_domain",
      "x1-x2:similar_name",
    ]);
    // Quadratic work would take minutes here; the bound is loose because the CPU is shared.
    expect(elapsed).toBeLessThan(10_000);
  });
});
