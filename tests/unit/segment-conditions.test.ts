import { describe, expect, it } from "vitest";
import { postalPrefixes } from "~/domain/marketing/segments/conditions/company-conditions";
import { likeContains } from "~/domain/marketing/segments/conditions/contact-conditions";
import { monthsBefore } from "~/domain/marketing/segments/conditions/sales-conditions";
import { prioritiesFrom } from "~/domain/marketing/segments/conditions/service-conditions";
import { conditionKind, segmentConditionKinds } from "~/domain/marketing/segments/segment-conditions.server";
import { conditionFamilies } from "~/domain/marketing/segments/segment-condition";
import { formatters, translator } from "~/lib/i18n/translate";

const fr = { t: translator("fr"), format: formatters("fr") };
const en = { t: translator("en"), format: formatters("en") };

function describeCondition(kind: string, params: unknown, context = fr) {
  const condition = conditionKind(kind);
  if (!condition) throw new Error(`unknown kind ${kind}`);
  const parsed = condition.params.safeParse(params);
  if (!parsed.success) throw new Error(`invalid params for ${kind}: ${parsed.error.issues.map((issue) => issue.message).join(", ")}`);
  return condition.describe(parsed.data, context);
}

describe("segment condition descriptions", () => {
  const cases: Array<[string, unknown, string]> = [
    ["contact.language", { language: "en" }, "Langue du contact : English"],
    ["contact.jobTitle", { text: " Directeur " }, "Fonction contenant « Directeur »"],
    ["contact.created", { when: "before", day: "2026-01-15" }, "Contact créé avant le 15 janv. 2026"],
    ["contact.created", { when: "since", day: "2026-03-01" }, "Contact créé depuis le 1 mars 2026"],
    ["contact.created", { when: "within", days: "30" }, "Contact créé dans les 30 derniers jours"],
    ["company.sector", { sectors: ["industry", "services"] }, "Secteur de la société : Industrie, Services"],
    ["company.size", { sizes: ["10-49"] }, "Taille de la société : 10-49 salariés"],
    ["company.city", { city: "Lyon" }, "Ville de la société : Lyon"],
    ["company.postalCode", { code: "2a" }, "Société dans le département 2A"],
    ["company.postalCode", { code: "974" }, "Société dans le département 974"],
    ["company.postalCode", { code: "69003" }, "Code postal de la société commençant par 69003"],
    ["company.lifecycleStage", { stages: ["client"] }, "Étape de la société : Client"],
    ["company.owner", { ownerId: "u1", ownerName: "Sophie Martin" }, "Société suivie par Sophie Martin"],
    ["service.tickets", { comparison: "none", days: 90 }, "Le contact n'a écrit aucun ticket depuis 90 jours"],
    [
      "service.tickets",
      { comparison: "at_least", count: 2, days: 30, types: ["incident"], channels: ["phone", "email"] },
      "Le contact a écrit au moins 2 ticket(s) dans les 30 derniers jours (de type Incident technique par Téléphone, E-mail)",
    ],
    ["service.openTickets", {}, "Le contact a un ticket en cours"],
    ["service.openIncident", { minPriority: "high" }, "Le contact ou sa société a un incident ouvert de priorité Haute ou plus"],
    ["service.slaBreaches", { days: 90 }, "Au moins 1 dépassement(s) de SLA pour le contact ou sa société dans les 90 derniers jours"],
    ["service.lastRating", { rating: "good" }, "Dernière évaluation du contact : bonne"],
    ["sales.openDeal", { stageIds: ["s1", "s2"], stageNames: ["Qualification", "Proposition"] }, "La société a une affaire ouverte à l'étape Qualification, Proposition"],
    ["sales.wonAmount", { minEuros: "1000", months: "12" }, "La société a signé au moins 1 000,00 € HT sur les 12 derniers mois"],
    ["sales.lastOrder", { when: "within", days: 180 }, "Dernière commande de la société dans les 180 derniers jours"],
    ["sales.lastOrder", { when: "older", days: 365 }, "Dernière commande de la société il y a plus de 365 jours"],
    ["sales.lastOrder", { when: "never" }, "La société n'a jamais commandé"],
    ["sales.contract", { state: "active" }, "La société a un contrat en vigueur"],
    ["sales.contract", { state: "cancelled" }, "La société a un contrat résilié"],
    ["sales.contract", { state: "renewing", days: 60 }, "La société a un contrat à renouveler dans les 60 jours"],
    ["marketing.consentState", { states: ["opt_in", "b2b_interest"] }, "Consentement : Consentement explicite, Intérêt professionnel (B2B)"],
    ["marketing.campaign", { campaignId: "k1", campaignName: "Salon 2026", event: "clicked" }, "A cliqué dans la campagne « Salon 2026 »"],
  ];
  for (const [kind, params, expected] of cases) {
    it(`${kind} ${JSON.stringify(params)}`, () => {
      // Intl puts narrow no-break spaces in numbers and currencies: compare on plain spaces.
      expect(describeCondition(kind, params).replace(/[\u202f\u00a0]/g, " ")).toBe(expected);
    });
  }

  it("describes in English with the same parameters", () => {
    expect(describeCondition("service.lastRating", { rating: "bad" }, en)).toBe("Contact's last rating: bad");
    expect(describeCondition("sales.lastOrder", { when: "never" }, en)).toBe("The company never ordered");
  });

  it("every kind belongs to a known family and has a unique name", () => {
    const names = segmentConditionKinds.map((kind) => kind.kind);
    expect(new Set(names).size).toBe(names.length);
    for (const kind of segmentConditionKinds) expect(conditionFamilies).toContain(kind.family);
    for (const family of conditionFamilies) expect(segmentConditionKinds.some((kind) => kind.family === family)).toBe(true);
  });
});

describe("segment condition parameters", () => {
  const invalid: Array<[string, unknown, string]> = [
    ["contact.jobTitle", { text: "  " }, "segment.validation.text"],
    ["contact.created", { when: "before", day: "2026-02-30" }, "segment.validation.day"],
    ["contact.created", { when: "whenever" }, "validation.choose"],
    ["company.sector", { sectors: [] }, "validation.choose"],
    ["company.postalCode", { code: "2C" }, "segment.validation.postalCode"],
    ["service.tickets", { comparison: "at_least", count: 0, days: 30 }, "segment.validation.count"],
    ["service.tickets", { comparison: "none", days: "abc" }, "segment.validation.days"],
    ["sales.wonAmount", { minEuros: "12.5", months: 12 }, "segment.validation.amount"],
    ["sales.wonAmount", { minEuros: 1000, months: 0 }, "segment.validation.months"],
  ];
  for (const [kind, params, message] of invalid) {
    it(`refuses ${kind} ${JSON.stringify(params)} with ${message}`, () => {
      const parsed = conditionKind(kind)!.params.safeParse(params);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
    });
  }
});

describe("condition helpers", () => {
  it.each([
    ["69", ["69"]],
    ["2A", ["200", "201"]],
    ["2B", ["202", "203", "204", "205", "206"]],
    ["974", ["974"]],
  ])("postal prefixes of %s", (code, prefixes) => expect(postalPrefixes(code)).toEqual(prefixes));

  it("escapes LIKE wildcards", () => expect(likeContains("50%_off\\")).toBe("%50\\%\\_off\\\\%"));
  it("priorities at or above a minimum", () => expect(prioritiesFrom("high")).toEqual(["high", "urgent"]));
  it("months before, on the calendar", () => expect(monthsBefore(new Date("2026-12-07T10:00:00Z"), 12).toISOString()).toBe("2025-12-07T10:00:00.000Z"));
});
