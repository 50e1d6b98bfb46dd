import { z } from "zod";
import { companySectors, companySizes } from "~/domain/customers/customer-vocabulary";
import { LIFECYCLE_STAGES } from "~/domain/sales/lifecycle";
import { defineCondition } from "../segment-condition";
import { choicesParam, placeholders } from "./condition-params";

/**
 * Conditions on the contact's company. A contact without a company meets none of them (and so
 * meets every "does not").
 */

const companyField = (field: string) => `(SELECT co."${field}" FROM "Company" co WHERE co."id" = c."companyId")`;
/**
 * The contact's company is among those meeting a condition. Written as `companyId IN (…)` rather
 * than a lookup per contact, so the database walks the matching companies and their contacts
 * through the contact's company index (×3 faster on 200,000 contacts, bench/segments.bench.ts).
 * A contact without a company gives NULL: not a member, and a member of every "does not".
 */
const companyWhere = (condition: string) => `c."companyId" IN (SELECT co."id" FROM "Company" co WHERE ${condition})`;

export const companySectorCondition = defineCondition({
  kind: "company.sector",
  family: "company",
  params: z.object({ sectors: choicesParam(companySectors) }),
  describe: ({ sectors }, { t }) => t("segment.condition.companySector", { sectors: sectors.map((sector) => t(`sector.${sector}`)).join(", ") }),
  predicate: ({ sectors }) => ({ sql: companyWhere(`co."sector" IN (${placeholders(sectors)})`), values: [...sectors] }),
  value: () => ({ sql: companyField("sector"), values: [] }),
  displayValue: (value, _params, { t }) => ((companySectors as readonly unknown[]).includes(value) ? t(`sector.${value as (typeof companySectors)[number]}`) : "—"),
});

export const companySizeCondition = defineCondition({
  kind: "company.size",
  family: "company",
  params: z.object({ sizes: choicesParam(companySizes) }),
  describe: ({ sizes }, { t }) => t("segment.condition.companySize", { sizes: sizes.join(", ") }),
  predicate: ({ sizes }) => ({ sql: companyWhere(`co."size" IN (${placeholders(sizes)})`), values: [...sizes] }),
  value: () => ({ sql: companyField("size"), values: [] }),
  displayValue: (value, _params, { t }) => (typeof value === "string" && value ? t("segment.value.employees", { size: value }) : "—"),
});

/** The city, whatever the case and surrounding spaces (« paris » finds « Paris »). */
export const companyCityCondition = defineCondition({
  kind: "company.city",
  family: "company",
  params: z.object({ city: z.string({ invalid_type_error: "segment.validation.text" }).trim().min(1, "segment.validation.text").max(100, "segment.validation.text") }),
  describe: ({ city }, { t }) => t("segment.condition.companyCity", { city }),
  predicate: ({ city }) => ({ sql: `lower(trim(${companyField("city")})) = ?`, values: [city.toLowerCase()] }),
  value: () => ({ sql: companyField("city"), values: [] }),
  displayValue: (value) => (typeof value === "string" && value ? value : "—"),
});

/**
 * The postal code's beginning: a département (« 69 », Corsica « 2A » = 200xx–201xx and « 2B » =
 * 202xx–206xx, overseas « 971 »…« 976 ») or any longer prefix of digits (« 750 », « 69003 »).
 */
export const departementPrefixes: Record<string, string[]> = { "2A": ["200", "201"], "2B": ["202", "203", "204", "205", "206"] };

/** A département code rather than a postal code prefix: « 69 », « 2A », « 974 ». */
export const isDepartement = (code: string) => /^(\d{2}|2A|2B|97\d)$/.test(code);

export function postalPrefixes(code: string): string[] {
  return departementPrefixes[code] ?? [code];
}

export const companyPostalCodeCondition = defineCondition({
  kind: "company.postalCode",
  family: "company",
  params: z.object({
    code: z
      .string({ invalid_type_error: "segment.validation.postalCode" })
      .trim()
      .toUpperCase()
      .regex(/^(\d{2,5}|2A|2B)$/, "segment.validation.postalCode"),
  }),
  describe: ({ code }, { t }) => t(isDepartement(code) ? "segment.condition.companyDepartement" : "segment.condition.companyPostalCode", { code }),
  predicate: ({ code }) => {
    const prefixes = postalPrefixes(code);
    return { sql: `(${prefixes.map(() => `${companyField("postalCode")} LIKE ?`).join(" OR ")})`, values: prefixes.map((prefix) => `${prefix}%`) };
  },
  value: () => ({ sql: companyField("postalCode"), values: [] }),
  displayValue: (value) => (typeof value === "string" && value ? value : "—"),
});

export const companyLifecycleCondition = defineCondition({
  kind: "company.lifecycleStage",
  family: "company",
  params: z.object({ stages: choicesParam(LIFECYCLE_STAGES) }),
  describe: ({ stages }, { t }) => t("segment.condition.companyLifecycle", { stages: stages.map((stage) => t(`sales.lifecycle.${stage}`)).join(", ") }),
  predicate: ({ stages }) => ({ sql: companyWhere(`co."lifecycleStage" IN (${placeholders(stages)})`), values: [...stages] }),
  value: () => ({ sql: companyField("lifecycleStage"), values: [] }),
  displayValue: (value, _params, { t }) => ((LIFECYCLE_STAGES as readonly unknown[]).includes(value) ? t(`sales.lifecycle.${value as (typeof LIFECYCLE_STAGES)[number]}`) : "—"),
});

/** The company's owner (the sales rep who follows it); the name is kept for the description. */
export const companyOwnerCondition = defineCondition({
  kind: "company.owner",
  family: "company",
  params: z.object({ ownerId: z.string({ invalid_type_error: "validation.choose" }).min(1, "validation.choose").max(64), ownerName: z.string().max(200).default("") }),
  describe: ({ ownerId, ownerName }, { t }) => t("segment.condition.companyOwner", { owner: ownerName || ownerId }),
  predicate: ({ ownerId }) => ({ sql: `${companyField("ownerId")} = ?`, values: [ownerId] }),
  value: () => ({ sql: `(SELECT u."name" FROM "Company" co JOIN "User" u ON u."id" = co."ownerId" WHERE co."id" = c."companyId")`, values: [] }),
  displayValue: (value) => (typeof value === "string" && value ? value : "—"),
});
