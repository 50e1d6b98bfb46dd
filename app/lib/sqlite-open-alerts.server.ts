import type { TicketReader } from "~/domain/helpdesk/ticket-access.server";
import { db } from "./db.server";

/**
 * Companies with open alert tickets (dashboard, customers with an open critical incident): the
 * tickets of some priorities, types and statuses, per company, over the index (priority, type,
 * status, companyId) alone (no other column: reading 5,000 ticket rows costs 20× more), named with INDEXED BY — SQLite's planner would rather walk every ticket by
 * company to save the GROUP BY's sort (3 s on 1,000,000 tickets instead of 5 ms). The reader's
 * ticket rule (ticket-access.server.ts) is applied as SQL. SQLite-specific, hence here (ADR 002).
 */

export type OpenAlertsQuery = {
  priorities: readonly string[];
  types: readonly string[];
  statuses: readonly string[];
  reader: TicketReader;
  /** Only the companies this user owns (a rep's own customers). */
  companyOwnerId: string | null;
};

const placeholders = (count: number) => Array.from({ length: count }, () => "?").join(", ");
const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : Number(value ?? 0));

/** The ticket rule of ticket-access.server.ts as an SQL condition ("AND …") on "Ticket"; none for a reader of every ticket. */
export function readerRuleSql(reader: TicketReader): { sql: string; values: unknown[] } {
  if (reader.access === "any") return { sql: "", values: [] };
  if (reader.access === "group") return { sql: `AND ("assigneeId" = ?${reader.groupIds.length ? ` OR "groupId" IN (${placeholders(reader.groupIds.length)})` : ""})`, values: [reader.id, ...reader.groupIds] };
  if (reader.access === "own") return { sql: `AND "assigneeId" = ?`, values: [reader.id] };
  return { sql: "AND 0", values: [] };
}

export async function openAlertsByCompany(query: OpenAlertsQuery): Promise<Array<{ companyId: string; tickets: number }>> {
  const { reader } = query;
  if (reader.access === null || query.priorities.length === 0 || query.types.length === 0 || query.statuses.length === 0) return [];
  const rule = readerRuleSql(reader);
  const rows = await db().$queryRawUnsafe<Array<{ companyId: unknown; tickets: unknown }>>(
    `SELECT "companyId", count(*) AS tickets
       FROM "Ticket" INDEXED BY "Ticket_priority_type_status_companyId_idx"
      WHERE "priority" IN (${placeholders(query.priorities.length)}) AND "type" IN (${placeholders(query.types.length)})
        AND "status" IN (${placeholders(query.statuses.length)}) AND "companyId" IS NOT NULL
        ${rule.sql}
        ${query.companyOwnerId ? `AND "companyId" IN (SELECT "id" FROM "Company" WHERE "ownerId" = ?)` : ""}
      GROUP BY "companyId"`,
    ...query.priorities,
    ...query.types,
    ...query.statuses,
    ...rule.values,
    ...(query.companyOwnerId ? [query.companyOwnerId] : []),
  );
  return rows.map((row) => ({ companyId: String(row.companyId), tickets: asNumber(row.tickets) }));
}
