import { db } from "./db.server";
import { sqliteDateTime } from "./sqlite.server";

/**
 * The contacts the retention period lets go (docs/gdpr.md « Conservation »): SQLite's SQL of the
 * query, so PostgreSQL replaces this module alone (ADR 002).
 *
 * A contact is past the period when they were not erased yet, have at least one ticket, every
 * ticket of theirs is solved or closed, and nothing of theirs happened since the cutoff: no ticket
 * created, answered, solved or closed, no message written, no rating, no deal touched, no sales
 * activity, and the record itself is older than the cutoff.
 */

export type RetentionCandidate = { id: string; firstName: string; lastName: string; lastActivityAt: Date; tickets: number; messages: number };

const TICKET_LAST_TOUCH = `max(t."createdAt", coalesce(t."lastMessageAt", t."createdAt"), coalesce(t."solvedAt", t."createdAt"), coalesce(t."closedAt", t."createdAt"))`;

const candidatesSql = `
  SELECT c."id" AS id, c."firstName" AS firstName, c."lastName" AS lastName,
         max(${TICKET_LAST_TOUCH}) AS lastActivityAt,
         count(*) AS tickets,
         (SELECT count(*) FROM "Message" m WHERE m."ticketId" IN (SELECT t2."id" FROM "Ticket" t2 WHERE t2."requesterId" = c."id")) AS messages
  FROM "Contact" c JOIN "Ticket" t ON t."requesterId" = c."id"
  WHERE c."erasedAt" IS NULL AND c."createdAt" < ?
  GROUP BY c."id"
  HAVING sum(CASE WHEN t."status" IN ('solved', 'closed') THEN 0 ELSE 1 END) = 0
     AND max(${TICKET_LAST_TOUCH}) < ?
     AND NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."authorContactId" = c."id" AND m."createdAt" >= ?)
     AND NOT EXISTS (SELECT 1 FROM "SatisfactionRating" r WHERE r."contactId" = c."id" AND r."createdAt" >= ?)
     AND NOT EXISTS (SELECT 1 FROM "Deal" d WHERE d."contactId" = c."id" AND d."updatedAt" >= ?)
     AND NOT EXISTS (SELECT 1 FROM "Activity" a WHERE a."contactId" = c."id" AND a."startsAt" >= ?)
  ORDER BY lastActivityAt, c."id"`;

/** The contacts past the period, oldest activity first, at most `limit`, and how many there are in all. */
export async function retentionCandidates(cutoff: Date, limit: number): Promise<{ contacts: RetentionCandidate[]; total: number; tickets: number; messages: number }> {
  const at = sqliteDateTime(cutoff);
  const values = [at, at, at, at, at, at];
  const [rows, totals] = await Promise.all([
    db().$queryRawUnsafe<Array<{ id: string; firstName: string; lastName: string; lastActivityAt: string; tickets: unknown; messages: unknown }>>(`${candidatesSql} LIMIT ?`, ...values, limit),
    db().$queryRawUnsafe<Array<{ total: unknown; tickets: unknown; messages: unknown }>>(
      `SELECT count(*) AS total, coalesce(sum(tickets), 0) AS tickets, coalesce(sum(messages), 0) AS messages FROM (${candidatesSql})`,
      ...values,
    ),
  ]);
  return {
    contacts: rows.map((row) => ({ id: row.id, firstName: row.firstName, lastName: row.lastName, lastActivityAt: new Date(row.lastActivityAt), tickets: Number(row.tickets), messages: Number(row.messages) })),
    total: Number(totals[0]?.total ?? 0),
    tickets: Number(totals[0]?.tickets ?? 0),
    messages: Number(totals[0]?.messages ?? 0),
  };
}
