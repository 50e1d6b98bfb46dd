import type { TicketReader } from "~/domain/helpdesk/ticket-access.server";
import { db } from "./db.server";
import { readerRuleSql } from "./sqlite-open-alerts.server";

/**
 * The last tickets of several companies (the latest active first, `count` each, among those the
 * reader may read) in one statement: one LIMITed branch per company over the index (companyId,
 * lastMessageAt, id), joined by UNION ALL, instead of a query per company (50 on a list page).
 */
export async function lastTicketsOfCompanies(companyIds: readonly string[], count: number, reader: TicketReader): Promise<Map<string, Array<{ number: number; subject: string }>>> {
  const byCompany = new Map<string, Array<{ number: number; subject: string }>>(companyIds.map((id) => [id, []]));
  if (companyIds.length === 0 || reader.access === null) return byCompany;
  const rule = readerRuleSql(reader);
  const branch = `SELECT * FROM (SELECT "companyId", "number", "subject", "lastMessageAt", "id" FROM "Ticket" WHERE "companyId" = ? ${rule.sql} ORDER BY "lastMessageAt" DESC, "id" DESC LIMIT ?)`;
  const rows = await db().$queryRawUnsafe<Array<{ companyId: unknown; number: unknown; subject: unknown }>>(
    companyIds.map(() => branch).join(" UNION ALL "),
    ...companyIds.flatMap((id) => [id, ...rule.values, count]),
  );
  for (const row of rows) byCompany.get(String(row.companyId))?.push({ number: Number(row.number), subject: String(row.subject) });
  return byCompany;
}
