import { db } from "./db.server";
import { sqliteDateTime } from "./sqlite.server";

/**
 * A customer's tickets counted in one statement that reads only the index
 * `Ticket_company_figures_idx` / `Ticket_requester_figures_idx` (no ticket row): per status, and
 * per (status, groupId, assigneeId) when the caller must apply a reader's group rule to them.
 * SQLite-specific (text dates compared as stored, `unixepoch(…, 'subsec')`): kept here so another
 * database can take its place with its own SQL.
 */
export type TicketTally = {
  status: string;
  groupId: string | null;
  assigneeId: string | null;
  tickets: number;
  /** Tickets created at `since` or later. */
  recent: number;
  /** Tickets with a first response. */
  responded: number;
  /** Sum of firstRespondedAt − createdAt over those, in whole milliseconds. */
  responseMs: number;
};

const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : Number(value ?? 0));

export async function customerTicketTallies(options: {
  customer: { column: "requesterId" | "companyId"; id: string };
  since: Date;
  byPlacement: boolean;
}): Promise<TicketTally[]> {
  const groupBy = options.byPlacement ? `"status", "groupId", "assigneeId"` : `"status"`;
  const rows = await db().$queryRawUnsafe<Array<Record<keyof TicketTally, unknown>>>(
    // Dates are stored as text in one format (sqliteDateTime), so `>=` compares them as Prisma does.
    `SELECT ${options.byPlacement ? groupBy : `"status", NULL AS "groupId", NULL AS "assigneeId"`}, count(*) AS tickets,
            sum("createdAt" >= ?) AS recent,
            count("firstRespondedAt") AS responded,
            sum(CAST(round(unixepoch("firstRespondedAt", 'subsec') * 1000) AS INTEGER)
              - CAST(round(unixepoch("createdAt", 'subsec') * 1000) AS INTEGER)) AS responseMs
       FROM "Ticket"
      WHERE "${options.customer.column}" = ?
      GROUP BY ${groupBy}`,
    sqliteDateTime(options.since),
    options.customer.id,
  );
  return rows.map((row) => ({
    status: String(row.status),
    groupId: (row.groupId as string | null) ?? null,
    assigneeId: (row.assigneeId as string | null) ?? null,
    tickets: asNumber(row.tickets),
    recent: asNumber(row.recent),
    responded: asNumber(row.responded),
    responseMs: asNumber(row.responseMs),
  }));
}
