import { db } from "./db.server";
import { sqliteDateTime } from "./sqlite.server";

/**
 * Active customers at a moment (app/domain/reporting/sections/loyalty-customers.server.ts): the
 * companies with an order in the window before it or a contract in force at it, as one UNION over
 * the orders' (orderedAt) index and the contracts (a few thousand). Prisma cannot express the
 * union; dates are compared as stored text like Prisma's own queries (ADR 002: another database
 * brings its own version of this module).
 */

export type ActiveCustomersQuery = {
  /** The moment, the start of its day (explicit contracts cover their end day whole), the start of the order window. */
  at: Date;
  startOfDay: Date;
  ordersSince: Date;
  ownerId: string | null;
};

function activeSet(query: ActiveCustomersQuery): { sql: string; values: unknown[] } {
  const owner = query.ownerId ? `AND "ownerId" = ?` : "";
  const ownerValue = query.ownerId ? [query.ownerId] : [];
  return {
    sql: `SELECT "companyId" FROM "Order" WHERE "orderedAt" >= ? AND "orderedAt" < ? ${owner}
          UNION
          SELECT "companyId" FROM "Contract"
           WHERE "startDate" <= ? AND ("cancelledAt" IS NULL OR "cancelledAt" > ?) AND ("renewal" = 'tacit' OR "endDate" >= ?) ${owner}`,
    values: [sqliteDateTime(query.ordersSince), sqliteDateTime(query.at), ...ownerValue, sqliteDateTime(query.at), sqliteDateTime(query.at), sqliteDateTime(query.startOfDay), ...ownerValue],
  };
}

const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : Number(value ?? 0));

export async function countActiveCustomers(query: ActiveCustomersQuery): Promise<number> {
  const set = activeSet(query);
  const rows = await db().$queryRawUnsafe<Array<{ customers: unknown }>>(`SELECT count(*) AS customers FROM (${set.sql})`, ...set.values);
  return asNumber(rows[0]?.customers);
}

/** A page of them by name. */
export async function activeCustomersPage(query: ActiveCustomersQuery, page: { offset: number; limit: number | null }): Promise<Array<{ id: string; name: string }>> {
  const set = activeSet(query);
  const rows = await db().$queryRawUnsafe<Array<{ id: unknown; name: unknown }>>(
    `SELECT c."id" AS id, c."name" AS name FROM (${set.sql}) AS active JOIN "Company" c ON c."id" = active."companyId" ORDER BY c."name", c."id" LIMIT ? OFFSET ?`,
    ...set.values,
    page.limit ?? -1,
    page.offset,
  );
  return rows.map((row) => ({ id: String(row.id), name: String(row.name) }));
}
