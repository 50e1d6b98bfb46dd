import { z } from "./zod";

/**
 * Building blocks shared by the public API's schemas: instants, identifiers, pagination. Every
 * description is a message key, translated when the document is built (openapi.server.ts).
 */

/** An instant, sent and received as an ISO 8601 string in UTC (e.g. "2026-03-14T09:30:00.000Z"). */
export const instant = () => z.date().openapi({ format: "date-time", example: "2026-03-14T09:30:00.000Z" });

/**
 * A value or null, for enums and named (component) schemas: zod-to-openapi's own `.nullable()`
 * forgets null in an enum and makes a named schema itself nullable, so these are written as
 * `anyOf [schema, null]`. Plain strings, numbers and instants use `.nullable()`.
 */
export function orNull<Schema extends z.ZodTypeAny>(schema: Schema) {
  return z.union([schema, z.null()]);
}

/** A local day of the workspace's calendar (Europe/Paris), "YYYY-MM-DD". */
export const localDay = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "publicApi.validation.day").openapi({ format: "date", example: "2026-03-31" });

/** A record identifier (opaque text). */
export const recordId = () => z.string().trim().min(1, "validation.required").max(64, "validation.tooLong").regex(/^[A-Za-z0-9_-]+$/, "publicApi.validation.id").openapi({ example: "cmf3k2x0p0001qv8h5t2d9a1b" });

export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 50;

/** `?limit=`: how many records per page, 1 to `max`. */
export const limitQuery = (max: number, byDefault: number) =>
  z.coerce
    .number({ invalid_type_error: "publicApi.validation.integer" })
    .int("publicApi.validation.integer")
    .min(1, "publicApi.validation.limit")
    .max(max, "publicApi.validation.limit")
    .default(byDefault)
    .openapi({ description: "publicApi.param.limit" });

/** `?limit=` and `?cursor=` of every list. */
export const pageQuery = {
  limit: limitQuery(MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT),
  cursor: z
    .string()
    .max(600, "publicApi.validation.cursor")
    .regex(/^[A-Za-z0-9_-]+$/, "publicApi.validation.cursor")
    .optional()
    .openapi({ description: "publicApi.param.cursor" }),
};

/** One page of a list: the records, and the cursor of the next page (null on the last one). */
export function pageOf<Item extends z.ZodTypeAny>(item: Item, name: string) {
  return z
    .object({
      data: z.array(item),
      next: z.string().nullable().openapi({ description: "publicApi.field.next" }),
    })
    .openapi(name);
}

/** A boolean query parameter: "true" or "false". */
export const booleanQuery = () =>
  z
    .enum(["true", "false"], { errorMap: () => ({ message: "validation.choose" }) })
    .transform((value) => value === "true")
    .openapi({ type: "boolean" });

/** A list in a query parameter: "a,b" or repeated (?kind=a&kind=b), each from `values`. */
export function listQuery<Value extends string>(values: readonly [Value, ...Value[]]) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((raw) => (Array.isArray(raw) ? raw : [raw]).flatMap((entry) => entry.split(",")).map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values, { errorMap: () => ({ message: "validation.choose" }) })))
    .openapi({ type: "array", items: { type: "string", enum: [...values] }, param: { style: "form", explode: false } });
}
