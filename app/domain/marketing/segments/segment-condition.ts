import type { z } from "zod";
import type { Formatters, Translate } from "~/lib/i18n/translate";

/**
 * The contract of one kind of segment condition (« secteur de la société », « aucun ticket depuis
 * N jours », « a reçu la campagne … »). The registry (segment-conditions.server.ts) lists the
 * kinds; adding a kind is adding one object there.
 *
 * A kind compiles to a SQL predicate over the contact row (alias `c`, table "Contact"), so a
 * segment is counted and listed by the database without loading contacts into memory. Predicates
 * are written in SQL both engines speak (EXISTS, comparisons, aggregates); dates and anything else
 * the engines store differently go through the `SegmentSqlContext` (ADR 002).
 */

export const conditionFamilies = ["contact", "company", "service", "sales", "marketing"] as const;
export type ConditionFamily = (typeof conditionFamilies)[number];

/** A piece of SQL with its `?` placeholders' values, in order. */
export type SqlFragment = { sql: string; values: unknown[] };

export type SegmentSqlContext = {
  /** The moment the segment is evaluated ("last 90 days" counts back from it). */
  now: Date;
  /** A date as the database compares it in raw SQL. */
  dateTime(date: Date): unknown;
};

export type ConditionDescription = { t: Translate; format: Formatters };

export type SegmentConditionKind<Params = Record<string, unknown>> = {
  kind: string;
  family: ConditionFamily;
  /** Checks and normalises the parameters typed in the builder (zod; errors are translation keys). */
  params: z.ZodType<Params, z.ZodTypeDef, unknown>;
  /** Pure, one line in the user's language: « Secteur de la société : Industrie ». */
  describe(params: Params, context: ConditionDescription): string;
  /** The SQL predicate, true for the contacts (alias `c`) that meet the condition. */
  predicate(params: Params, context: SegmentSqlContext): SqlFragment;
  /**
   * What one contact has for this condition, shown by "why is this person in the segment":
   * a SQL expression over `c` whose value is displayed by `displayValue`.
   */
  value(params: Params, context: SegmentSqlContext): SqlFragment;
  displayValue(value: unknown, params: Params, context: ConditionDescription): string;
};

/** Stored as unknown so kinds with different parameters share one list. */
export type AnyConditionKind = SegmentConditionKind<any>;

export function defineCondition<Params>(kind: SegmentConditionKind<Params>): SegmentConditionKind<Params> {
  return kind;
}
