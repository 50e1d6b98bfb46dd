import type { SegmentSqlContext, SqlFragment } from "~/domain/marketing/segments/segment-condition";
import { db, type TransactionClient } from "./db.server";
import { sqliteDateTime } from "./sqlite.server";

/**
 * Running a compiled segment predicate (app/domain/marketing/segments) on SQLite: the date
 * encoding the predicates compare with, the count, and pages of matching contacts. The predicates
 * themselves are portable SQL; PostgreSQL brings its own version of this module (ADR 002).
 */

export function segmentSqlContext(now: Date): SegmentSqlContext {
  return { now, dateTime: sqliteDateTime };
}

const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : Number(value ?? 0));

export async function countMatchingContacts(predicate: SqlFragment, client: TransactionClient = db()): Promise<number> {
  const rows = await client.$queryRawUnsafe<Array<{ contacts: unknown }>>(`SELECT count(*) AS contacts FROM "Contact" c WHERE ${predicate.sql}`, ...predicate.values);
  return asNumber(rows[0]?.contacts);
}

/** Ids of matching contacts after `afterId`, in id order (keyset pages for samples and for launching a campaign). */
export async function matchingContactIds(predicate: SqlFragment, page: { afterId: string | null; limit: number }): Promise<string[]> {
  const after = page.afterId === null ? "" : `AND c."id" > ?`;
  const rows = await db().$queryRawUnsafe<Array<{ id: unknown }>>(
    `SELECT c."id" AS id FROM "Contact" c WHERE (${predicate.sql}) ${after} ORDER BY c."id" LIMIT ?`,
    ...predicate.values,
    ...(page.afterId === null ? [] : [page.afterId]),
    page.limit,
  );
  return rows.map((row) => String(row.id));
}

/** For one contact: whether the predicate holds and the value expression's result ("why is this person in the segment"). */
export async function evaluateForContact(contactId: string, predicate: SqlFragment, value: SqlFragment): Promise<{ matches: boolean; value: unknown } | null> {
  const rows = await db().$queryRawUnsafe<Array<{ matches: unknown; value: unknown }>>(
    `SELECT COALESCE((${predicate.sql}), 0) AS matches, (${value.sql}) AS value FROM "Contact" c WHERE c."id" = ?`,
    ...predicate.values,
    ...value.values,
    contactId,
  );
  if (rows.length === 0) return null;
  return { matches: asNumber(rows[0].matches) !== 0, value: typeof rows[0].value === "bigint" ? Number(rows[0].value) : rows[0].value };
}

/** Contacts counted by the value of an expression over `c` (e.g. the consent state of their primary address). */
export async function countContactsBy(expression: SqlFragment): Promise<Array<{ value: string; contacts: number }>> {
  const rows = await db().$queryRawUnsafe<Array<{ value: unknown; contacts: unknown }>>(
    `SELECT (${expression.sql}) AS value, count(*) AS contacts FROM "Contact" c GROUP BY 1`,
    ...expression.values,
  );
  return rows.map((row) => ({ value: String(row.value ?? ""), contacts: asNumber(row.contacts) }));
}
