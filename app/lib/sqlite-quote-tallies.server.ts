import { db } from "./db.server";
import { sqliteDateTime } from "./sqlite.server";

/**
 * Quotes sent or accepted in [from, to), optionally of one owner (dashboard), counted over the
 * index (sentAt, ownerId) or (acceptedAt, ownerId) named with INDEXED BY: for one owner SQLite's
 * planner would rather read all of the owner's quotes by (ownerId, status, createdAt) and check
 * each row's date (28 ms instead of under 1 on 100,000 quotes). SQLite-specific (ADR 002).
 */
export async function countQuotes(options: { moment: "sent" | "accepted"; from: Date; to: Date; ownerId: string | null }): Promise<number> {
  const [column, index] = options.moment === "sent" ? [`"sentAt"`, `"Quote_sentAt_ownerId_idx"`] : [`"acceptedAt"`, `"Quote_acceptedAt_ownerId_idx"`];
  const rows = await db().$queryRawUnsafe<Array<{ quotes: unknown }>>(
    `SELECT count(*) AS quotes FROM "Quote" INDEXED BY ${index} WHERE ${column} >= ? AND ${column} < ? ${options.ownerId ? `AND "ownerId" = ?` : ""}`,
    sqliteDateTime(options.from),
    sqliteDateTime(options.to),
    ...(options.ownerId ? [options.ownerId] : []),
  );
  const value = rows[0]?.quotes;
  return typeof value === "bigint" ? Number(value) : Number(value ?? 0);
}
