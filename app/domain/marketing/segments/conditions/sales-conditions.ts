import { z } from "zod";
import { startOfWorkspaceDay } from "~/domain/sales/document-dates";
import { defineCondition, type SegmentSqlContext } from "../segment-condition";
import { DAY_MS, asNumber, daysParam, placeholders } from "./condition-params";

/**
 * Conditions on what the contact's COMPANY bought or may buy (deals, orders and contracts belong
 * to the company). A contact without a company has no deal, no order and no contract.
 */

/** The moment `months` calendar months before `now` (the start of « les 12 derniers mois »). */
export function monthsBefore(now: Date, months: number): Date {
  const since = new Date(now.getTime());
  since.setUTCMonth(since.getUTCMonth() - months);
  return since;
}

/** An open deal of the company at one of the chosen (open) stages; the stage names are kept for the description. */
export const salesOpenDealCondition = defineCondition({
  kind: "sales.openDeal",
  family: "sales",
  params: z.object({
    stageIds: z.array(z.string().min(1).max(64), { invalid_type_error: "validation.choose" }).min(1, "validation.choose"),
    stageNames: z.array(z.string().max(200)).default([]),
  }),
  describe: ({ stageIds, stageNames }, { t }) => t("segment.condition.openDeal", { stages: (stageNames.length === stageIds.length ? stageNames : stageIds).join(", ") }),
  predicate: ({ stageIds }) => ({
    sql: `EXISTS (SELECT 1 FROM "Deal" d JOIN "PipelineStage" ps ON ps."id" = d."stageId" WHERE d."companyId" = c."companyId" AND ps."kind" = 'open' AND d."stageId" IN (${placeholders(stageIds)}))`,
    values: [...stageIds],
  }),
  value: ({ stageIds }) => ({
    sql: `(SELECT count(*) FROM "Deal" d JOIN "PipelineStage" ps ON ps."id" = d."stageId" WHERE d."companyId" = c."companyId" AND ps."kind" = 'open' AND d."stageId" IN (${placeholders(stageIds)}))`,
    values: [...stageIds],
  }),
  displayValue: (value, _params, { t, format }) => t("segment.value.deals", { count: format.number(asNumber(value)) }),
});

const wonSum = (months: number, { now, dateTime }: SegmentSqlContext) => ({
  sql: `COALESCE((SELECT sum(d."amountCents") FROM "Deal" d JOIN "PipelineStage" ps ON ps."id" = d."stageId" WHERE d."companyId" = c."companyId" AND ps."kind" = 'won' AND d."closedAt" >= ?), 0)`,
  values: [dateTime(monthsBefore(now, months))],
});

/** The company won deals worth at least X € (excl. VAT) over the last N months. */
export const salesWonAmountCondition = defineCondition({
  kind: "sales.wonAmount",
  family: "sales",
  params: z.object({
    minEuros: z.coerce.number({ invalid_type_error: "segment.validation.amount" }).int("segment.validation.amount").min(0, "segment.validation.amount").max(1_000_000_000, "segment.validation.amount"),
    months: z.coerce.number({ invalid_type_error: "segment.validation.months" }).int("segment.validation.months").min(1, "segment.validation.months").max(120, "segment.validation.months"),
  }),
  describe: ({ minEuros, months }, { t, format }) => t("segment.condition.wonAmount", { amount: format.euros(minEuros), months: format.number(months) }),
  predicate: ({ minEuros, months }, { now, dateTime }) => {
    // « at least 0 € » holds for everyone, with or without a company.
    if (minEuros <= 0) return { sql: "1 = 1", values: [] };
    // The companies over the amount, grouped once, rather than a sum per contact (bench/segments.bench.ts).
    return {
      sql: `c."companyId" IN (SELECT d."companyId" FROM "Deal" d JOIN "PipelineStage" ps ON ps."id" = d."stageId" WHERE ps."kind" = 'won' AND d."closedAt" >= ? GROUP BY d."companyId" HAVING sum(d."amountCents") >= ?)`,
      values: [dateTime(monthsBefore(now, months)), minEuros * 100],
    };
  },
  value: ({ months }, context) => wonSum(months, context),
  displayValue: (value, _params, { format }) => format.euros(asNumber(value) / 100),
});

export const lastOrderWhens = ["within", "older", "never"] as const;
const lastOrderSql = `(SELECT max(o."orderedAt") FROM "Order" o WHERE o."companyId" = c."companyId")`;

/** The company's last order: within the last N days, older than N days, or never. */
export const salesLastOrderCondition = defineCondition({
  kind: "sales.lastOrder",
  family: "sales",
  params: z.discriminatedUnion("when", [z.object({ when: z.literal("within"), days: daysParam }), z.object({ when: z.literal("older"), days: daysParam }), z.object({ when: z.literal("never") })], {
    errorMap: () => ({ message: "validation.choose" }),
  }),
  describe: (params, { t, format }) =>
    params.when === "never" ? t("segment.condition.lastOrderNever") : t(params.when === "within" ? "segment.condition.lastOrderWithin" : "segment.condition.lastOrderOlder", { days: format.number(params.days) }),
  predicate: (params, { now, dateTime }) => {
    if (params.when === "never") return { sql: `NOT EXISTS (SELECT 1 FROM "Order" o WHERE o."companyId" = c."companyId")`, values: [] };
    return { sql: `${lastOrderSql} ${params.when === "within" ? ">=" : "<"} ?`, values: [dateTime(new Date(now.getTime() - params.days * DAY_MS))] };
  },
  value: () => ({ sql: lastOrderSql, values: [] }),
  displayValue: (value, _params, { t, format }) => (typeof value === "string" || value instanceof Date ? format.date(value) : t("segment.value.never")),
});

export const contractConditionStates = ["active", "cancelled", "renewing"] as const;

function contracts(params: { state: (typeof contractConditionStates)[number]; days?: number }, { now, dateTime }: SegmentSqlContext) {
  const today = dateTime(startOfWorkspaceDay(now));
  if (params.state === "cancelled") return { sql: `FROM "Contract" k WHERE k."companyId" = c."companyId" AND k."cancelledAt" IS NOT NULL`, values: [] };
  if (params.state === "active")
    return {
      sql: `FROM "Contract" k WHERE k."companyId" = c."companyId" AND k."cancelledAt" IS NULL AND k."startDate" <= ? AND (k."renewal" = 'tacit' OR k."endDate" >= ?)`,
      values: [dateTime(now), today],
    };
  return {
    sql: `FROM "Contract" k WHERE k."companyId" = c."companyId" AND k."cancelledAt" IS NULL AND k."endDate" >= ? AND k."endDate" <= ?`,
    values: [today, dateTime(new Date(now.getTime() + (params.days ?? 0) * DAY_MS))],
  };
}

/**
 * A contract of the company: in force (started, not cancelled, a tacit renewal or before its end
 * day), cancelled, or to renew: not cancelled and ending within the next N days.
 */
export const salesContractCondition = defineCondition({
  kind: "sales.contract",
  family: "sales",
  params: z.discriminatedUnion("state", [z.object({ state: z.literal("active") }), z.object({ state: z.literal("cancelled") }), z.object({ state: z.literal("renewing"), days: daysParam })], {
    errorMap: () => ({ message: "validation.choose" }),
  }),
  describe: (params, { t, format }) =>
    params.state === "renewing" ? t("segment.condition.contractRenewing", { days: format.number(params.days) }) : t(params.state === "active" ? "segment.condition.contractActive" : "segment.condition.contractCancelled"),
  predicate: (params, context) => {
    const from = contracts(params, context);
    return { sql: `EXISTS (SELECT 1 ${from.sql})`, values: from.values };
  },
  value: (params, context) => {
    const from = contracts(params, context);
    return { sql: `(SELECT count(*) ${from.sql})`, values: from.values };
  },
  displayValue: (value, _params, { t, format }) => t("segment.value.contracts", { count: format.number(asNumber(value)) }),
});
