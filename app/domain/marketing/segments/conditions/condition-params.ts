import { z } from "zod";
import { parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";
import { workspaceMidnight } from "~/domain/sales/document-dates";

/** Parameter pieces shared by the condition kinds (errors are translation keys). */

export const DAY_MS = 86_400_000;

/** A number of days typed in the builder: 1 to 3 650 (ten years). */
export const daysParam = z.coerce
  .number({ invalid_type_error: "segment.validation.days" })
  .int("segment.validation.days")
  .min(1, "segment.validation.days")
  .max(3650, "segment.validation.days");

/** A count typed in the builder ("at least N"): 1 to 10 000. */
export const countParam = z.coerce
  .number({ invalid_type_error: "segment.validation.count" })
  .int("segment.validation.count")
  .min(1, "segment.validation.count")
  .max(10_000, "segment.validation.count");

/** A calendar day (YYYY-MM-DD) of the workspace's time zone. */
export const dayParam = z
  .string({ invalid_type_error: "segment.validation.day" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "segment.validation.day")
  .refine((value) => parseIsoDate(value) !== null, "segment.validation.day");

/** A non-empty list of values from a closed vocabulary. */
export function choicesParam<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.array(z.enum(values, { errorMap: () => ({ message: "validation.choose" }) }), { invalid_type_error: "validation.choose" }).min(1, "validation.choose");
}

/** Local midnight of a typed day, as the database stores days. */
export function dayStart(day: string): Date {
  const parsed = parseIsoDate(day);
  if (!parsed) throw new Error(`not a day: ${day}`);
  return workspaceMidnight(parsed);
}

/** `?, ?, ?` for a list of values. */
export const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ");

/** A number read back from the database (SQLite gives bigint for aggregates). */
export const asNumber = (value: unknown): number => (typeof value === "bigint" ? Number(value) : typeof value === "number" ? value : Number(value ?? 0));
