import { db } from "./db.server";
import { sqliteDateTime } from "./sqlite.server";

/**
 * The forecast's tallies, one statement each, over the index (stageId, expectedCloseDate, ownerId,
 * amountCents) or (stageId, closedAt, ownerId, amountCents, createdAt): deals counted and summed per owner, stage and month of the
 * period, the month found by comparing the date with the months' start instants (local midnights
 * of the workspace's zone, so a deal closed on the 31st at 23:30 in Paris counts in that month).
 * SQLite-specific (text dates compared as stored, `unixepoch(…, 'subsec')`): kept here so another
 * database can take its place with its own SQL (ADR 002).
 */

export type DealMonthTally = { ownerId: string; stageId: string; bucket: number; deals: number; amountCents: number };
export type DealCycleTally = { ownerId: string; deals: number; cycleMs: number };

const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : Number(value ?? 0));
const placeholders = (count: number) => Array.from({ length: count }, () => "?").join(", ");

/**
 * Deals whose `dateColumn` falls in the period [boundaries[0], boundaries[last]), on one of
 * `stageIds`, optionally of one owner: per owner, stage and month (bucket = the month's index).
 */
export async function dealTalliesByMonth(options: {
  dateColumn: "expectedCloseDate" | "closedAt";
  boundaries: readonly Date[];
  stageIds: readonly string[];
  ownerId: string | null;
}): Promise<DealMonthTally[]> {
  const { boundaries, stageIds } = options;
  if (stageIds.length === 0 || boundaries.length < 2) return [];
  const column = options.dateColumn === "closedAt" ? `"closedAt"` : `"expectedCloseDate"`;
  const bounds = boundaries.map(sqliteDateTime);
  // CASE over the inner boundaries: the first month whose end is after the date.
  const inner = bounds.slice(1, -1);
  const bucket = inner.length === 0 ? "0" : `CASE ${inner.map((_, index) => `WHEN ${column} < ? THEN ${index}`).join(" ")} ELSE ${inner.length} END`;
  // Closed deals: the covering index by (stage, closedAt), named because SQLite's planner would
  // rather walk every deal by owner to save the GROUP BY's sort (10× slower on 200,000 deals).
  const from = options.dateColumn === "closedAt" ? `"Deal" INDEXED BY "Deal_closed_tallies_idx"` : `"Deal"`;
  const rows = await db().$queryRawUnsafe<Array<Record<keyof DealMonthTally, unknown>>>(
    `SELECT "ownerId", "stageId", ${bucket} AS bucket, count(*) AS deals, coalesce(sum("amountCents"), 0) AS amountCents
       FROM ${from}
      WHERE "stageId" IN (${placeholders(stageIds.length)})
        AND ${column} >= ? AND ${column} < ?
        ${options.ownerId ? `AND "ownerId" = ?` : ""}
      GROUP BY "ownerId", "stageId", bucket`,
    ...inner,
    ...stageIds,
    bounds[0],
    bounds[bounds.length - 1],
    ...(options.ownerId ? [options.ownerId] : []),
  );
  return rows.map((row) => ({
    ownerId: String(row.ownerId),
    stageId: String(row.stageId),
    bucket: asNumber(row.bucket),
    deals: asNumber(row.deals),
    amountCents: asNumber(row.amountCents),
  }));
}

/** Deals won in [from, to) on one of `wonStageIds`, per owner, with the sum of their cycles (closedAt − createdAt) in ms. */
export async function wonDealCycles(options: { from: Date; to: Date; wonStageIds: readonly string[]; ownerId: string | null }): Promise<DealCycleTally[]> {
  if (options.wonStageIds.length === 0) return [];
  const rows = await db().$queryRawUnsafe<Array<Record<keyof DealCycleTally, unknown>>>(
    `SELECT "ownerId", count(*) AS deals,
            coalesce(sum(CAST(round(unixepoch("closedAt", 'subsec') * 1000) AS INTEGER)
              - CAST(round(unixepoch("createdAt", 'subsec') * 1000) AS INTEGER)), 0) AS cycleMs
       FROM "Deal" INDEXED BY "Deal_closed_tallies_idx"
      WHERE "closedAt" >= ? AND "closedAt" < ? AND "stageId" IN (${placeholders(options.wonStageIds.length)})
        ${options.ownerId ? `AND "ownerId" = ?` : ""}
      GROUP BY "ownerId"`,
    sqliteDateTime(options.from),
    sqliteDateTime(options.to),
    ...options.wonStageIds,
    ...(options.ownerId ? [options.ownerId] : []),
  );
  return rows.map((row) => ({ ownerId: String(row.ownerId), deals: asNumber(row.deals), cycleMs: asNumber(row.cycleMs) }));
}
