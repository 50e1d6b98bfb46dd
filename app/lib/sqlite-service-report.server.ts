import { db } from "./db.server";
import { sqliteDateTime } from "./sqlite.server";

/**
 * The dashboard service section's statements: each reads one index of the Ticket table alone
 * (migration 20261207140901_reporting_service_times), with merged tickets and the viewer's group
 * rule applied inside the index. SQLite-specific (text dates compared and cut as stored, window
 * functions, INDEXED BY): kept in this one module so another database can take its place with its
 * own SQL (docs/decisions/002-database.md). The definitions are in docs/reporting.md "## Service".
 */

/** Which tickets a statement may count: all of them (null), or those of some groups and those assigned to someone. */
export type TicketScopeSql = null | { groupIds: readonly string[]; assigneeId: string };
export type InstantRange = { from: Date; to: Date };

type Row = Record<string, unknown>;
const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : Number(value ?? 0));

function scopeSql(scope: TicketScopeSql, table = ""): { sql: string; params: unknown[] } {
  if (scope === null) return { sql: "", params: [] };
  const column = (name: string) => (table ? `${table}."${name}"` : `"${name}"`);
  const groups = scope.groupIds.length > 0 ? `${column("groupId")} IN (${scope.groupIds.map(() => "?").join(", ")}) OR ` : "";
  return { sql: ` AND (${groups}${column("assigneeId")} = ?)`, params: [...scope.groupIds, scope.assigneeId] };
}

async function query(sql: string, params: unknown[]): Promise<Row[]> {
  return db().$queryRawUnsafe<Row[]>(sql, ...params);
}

/** The date column a count is about, and the index that holds it with the ticket's placement. */
const countedColumns = {
  createdAt: "Ticket_report_created_idx",
  solvedAt: "Ticket_report_solved_idx",
} as const;
export type CountedColumn = keyof typeof countedColumns;

/**
 * Tickets (not merged) whose `column` falls in each of the given spans (local days, as instants):
 * one counted index range per day, no sort, and exact whatever the zone's offsets.
 */
export async function ticketsPerSpan(column: CountedColumn, spans: readonly InstantRange[], scope: TicketScopeSql): Promise<number[]> {
  if (spans.length === 0) return [];
  const where = scopeSql(scope);
  const rows = await query(
    `WITH spans("position", "from", "to") AS (VALUES ${spans.map(() => "(?, ?, ?)").join(", ")})
     SELECT spans."position" AS position,
            (SELECT count(*) FROM "Ticket" INDEXED BY "${countedColumns[column]}"
              WHERE "${column}" >= spans."from" AND "${column}" < spans."to" AND "mergedIntoId" IS NULL${where.sql}) AS tickets
       FROM spans`,
    [...spans.flatMap((span, position) => [position, sqliteDateTime(span.from), sqliteDateTime(span.to)]), ...where.params],
  );
  const counts = new Array<number>(spans.length).fill(0);
  for (const row of rows) counts[asNumber(row.position)] = asNumber(row.tickets);
  return counts;
}

/** The same tickets over one range, per type and per channel (one pass, no sort). */
export async function ticketsPerKind(
  column: CountedColumn,
  range: InstantRange,
  scope: TicketScopeSql,
  kinds: { types: readonly string[]; channels: readonly string[] },
): Promise<{ types: number[]; channels: number[] }> {
  const where = scopeSql(scope);
  const sums = [...kinds.types.map((_, index) => `sum("type" = ?) AS type${index}`), ...kinds.channels.map((_, index) => `sum("channel" = ?) AS channel${index}`)];
  const rows = await query(
    `SELECT ${sums.join(", ")}
       FROM "Ticket" INDEXED BY "${countedColumns[column]}"
      WHERE "${column}" >= ? AND "${column}" < ? AND "mergedIntoId" IS NULL${where.sql}`,
    [...kinds.types, ...kinds.channels, sqliteDateTime(range.from), sqliteDateTime(range.to), ...where.params],
  );
  const row = rows[0] ?? {};
  return { types: kinds.types.map((_, index) => asNumber(row[`type${index}`])), channels: kinds.channels.map((_, index) => asNumber(row[`channel${index}`])) };
}

export type TicketPlacementCount = { groupId: string | null; assigneeId: string | null; tickets: number };

/** The same tickets per (group, assignee), for the breakdowns by group and by agent. */
export async function ticketsPerPlacement(column: CountedColumn, range: InstantRange, scope: TicketScopeSql): Promise<TicketPlacementCount[]> {
  const where = scopeSql(scope);
  const rows = await query(
    `SELECT "groupId", "assigneeId", count(*) AS tickets
       FROM "Ticket" INDEXED BY "${countedColumns[column]}"
      WHERE "${column}" >= ? AND "${column}" < ? AND "mergedIntoId" IS NULL${where.sql}
      GROUP BY "groupId", "assigneeId"`,
    [sqliteDateTime(range.from), sqliteDateTime(range.to), ...where.params],
  );
  return rows.map((row) => ({
    groupId: (row.groupId as string | null) ?? null,
    assigneeId: (row.assigneeId as string | null) ?? null,
    tickets: asNumber(row.tickets),
  }));
}

/** Tickets (not merged) open at an instant: created before it, and not solved or solved at it or later. */
export async function backlogAt(at: Date, scope: TicketScopeSql): Promise<number> {
  const where = scopeSql(scope);
  const instant = sqliteDateTime(at);
  const rows = await query(
    `SELECT (SELECT count(*) FROM "Ticket" INDEXED BY "Ticket_report_solved_idx"
              WHERE "solvedAt" IS NULL AND "mergedIntoId" IS NULL AND "createdAt" < ?${where.sql})
          + (SELECT count(*) FROM "Ticket" INDEXED BY "Ticket_report_solved_idx"
              WHERE "solvedAt" >= ? AND "mergedIntoId" IS NULL AND "createdAt" < ?${where.sql}) AS tickets`,
    [instant, ...where.params, instant, instant, ...where.params],
  );
  return asNumber(rows[0]?.tickets);
}

/** One page of the tickets counted by `backlogAt`, newest first: their ids, chosen from the index alone. */
export async function backlogTicketIds(at: Date, scope: TicketScopeSql, page: { offset: number; limit: number | null }): Promise<string[]> {
  const where = scopeSql(scope);
  const instant = sqliteDateTime(at);
  const rows = await query(
    `SELECT t."id" AS id FROM (
       SELECT rowid AS "row", "createdAt" AS "createdAt" FROM "Ticket" INDEXED BY "Ticket_report_solved_idx"
        WHERE "solvedAt" IS NULL AND "mergedIntoId" IS NULL AND "createdAt" < ?${where.sql}
       UNION ALL
       SELECT rowid, "createdAt" FROM "Ticket" INDEXED BY "Ticket_report_solved_idx"
        WHERE "solvedAt" >= ? AND "mergedIntoId" IS NULL AND "createdAt" < ?${where.sql}
       ORDER BY "createdAt" DESC, "row" LIMIT ? OFFSET ?
     ) page JOIN "Ticket" t ON t.rowid = page."row"
     ORDER BY page."createdAt" DESC, page."row"`,
    [instant, ...where.params, instant, instant, ...where.params, page.limit ?? -1, page.offset],
  );
  return rows.map((row) => String(row.id));
}

const durations = {
  firstResponse: { at: "firstRespondedAt", minutes: "firstResponseBusinessMinutes", index: "Ticket_report_responded_idx" },
  resolution: { at: "solvedAt", minutes: "resolutionBusinessMinutes", index: "Ticket_report_solved_idx" },
} as const;
export type ServiceDuration = keyof typeof durations;

/**
 * Nearest-rank percentiles of a stored service time (business minutes) over the tickets (not
 * merged) first answered / solved in the range: the values are counted per minute (a few thousand
 * distinct values for a quarter of 100,000 tickets, cheaper than ranking every ticket), and the
 * ranks ⌈p × n⌉ are found in that histogram. `hundredths`: whole hundredths (50, 90).
 */
export async function durationPercentiles(
  duration: ServiceDuration,
  range: InstantRange,
  scope: TicketScopeSql,
  hundredths: readonly number[],
): Promise<{ count: number; values: Array<number | null> }> {
  const { at, minutes, index } = durations[duration];
  const where = scopeSql(scope);
  const rows = await query(
    `SELECT "${minutes}" AS minutes, count(*) AS tickets
       FROM "Ticket" INDEXED BY "${index}"
      WHERE "${at}" >= ? AND "${at}" < ? AND "mergedIntoId" IS NULL AND "${minutes}" IS NOT NULL${where.sql}
      GROUP BY "${minutes}" ORDER BY "${minutes}"`,
    [sqliteDateTime(range.from), sqliteDateTime(range.to), ...where.params],
  );
  const histogram = rows.map((row) => ({ minutes: asNumber(row.minutes), tickets: asNumber(row.tickets) }));
  const total = histogram.reduce((sum, bucket) => sum + bucket.tickets, 0);
  return {
    count: total,
    values: hundredths.map((share) => {
      if (total === 0) return null;
      const rank = Math.max(1, Math.floor((Math.round(share) * total + 99) / 100));
      let seen = 0;
      for (const bucket of histogram) {
        seen += bucket.tickets;
        if (seen >= rank) return bucket.minutes;
      }
      return null;
    }),
  };
}

/**
 * SLA targets due in the range (tickets not merged): met (answered / solved by the due date) and
 * missed (answered / solved after it, or still not at `now` past it; a paused resolution clock is
 * not missed while it waits on the customer).
 */
export async function slaTargetsDue(range: InstantRange, now: Date, scope: TicketScopeSql) {
  const where = scopeSql(scope);
  const nowText = sqliteDateTime(now);
  const bounds = [sqliteDateTime(range.from), sqliteDateTime(range.to)];
  const firstResponseMissed = `("firstRespondedAt" > "firstResponseDueAt" OR ("firstRespondedAt" IS NULL AND "firstResponseDueAt" < ?))`;
  const resolutionMissed = `("solvedAt" > "resolutionDueAt" OR ("solvedAt" IS NULL AND "slaPausedSince" IS NULL AND "resolutionDueAt" < ?))`;
  // One pass over each due date's index; the resolution index also carries the first response
  // target, so tickets that missed both are counted there (each ticket counted once in all).
  const rows = await query(
    `WITH firstResponse AS (
       SELECT sum("firstRespondedAt" <= "firstResponseDueAt") AS met, sum(${firstResponseMissed}) AS missed
         FROM "Ticket" INDEXED BY "Ticket_report_first_response_due_list_idx"
        WHERE "firstResponseDueAt" >= ? AND "firstResponseDueAt" < ? AND "mergedIntoId" IS NULL${where.sql}
     ), resolution AS (
       SELECT sum("solvedAt" <= "resolutionDueAt") AS met, sum(${resolutionMissed}) AS missed,
              sum(${resolutionMissed} AND "firstResponseDueAt" >= ? AND "firstResponseDueAt" < ? AND ${firstResponseMissed}) AS both
         FROM "Ticket" INDEXED BY "Ticket_report_resolution_due_list_idx"
        WHERE "resolutionDueAt" >= ? AND "resolutionDueAt" < ? AND "mergedIntoId" IS NULL${where.sql}
     )
     SELECT firstResponse.met AS firstResponseMet, firstResponse.missed AS firstResponseMissed,
            resolution.met AS resolutionMet, resolution.missed AS resolutionMissed, resolution.both AS bothMissed
       FROM firstResponse, resolution`,
    [nowText, ...bounds, ...where.params, nowText, nowText, ...bounds, nowText, ...bounds, ...where.params],
  );
  const row = rows[0] ?? {};
  const firstResponse = { met: asNumber(row.firstResponseMet), missed: asNumber(row.firstResponseMissed) };
  const resolution = { met: asNumber(row.resolutionMet), missed: asNumber(row.resolutionMissed) };
  return {
    firstResponse,
    resolution,
    /** Tickets with at least one target missed (each counted once). */
    ticketsMissed: firstResponse.missed + resolution.missed - asNumber(row.bothMissed),
  };
}

/**
 * The tickets counted by `slaTargetsDue(...).ticketsMissed` as two disjoint parts read from the
 * two due dates' indexes alone: first responses missed, and resolutions missed by tickets whose
 * first response was not missed in the range (so no ticket is counted twice, without a UNION).
 */
function slaMissedParts(range: InstantRange, now: Date, scope: TicketScopeSql, columns: string) {
  const where = scopeSql(scope);
  const nowText = sqliteDateTime(now);
  const bounds = [sqliteDateTime(range.from), sqliteDateTime(range.to)];
  const firstResponseMissed = `("firstRespondedAt" > "firstResponseDueAt" OR ("firstRespondedAt" IS NULL AND "firstResponseDueAt" < ?))`;
  return {
    sql: `SELECT ${columns} FROM "Ticket" INDEXED BY "Ticket_report_first_response_due_list_idx"
           WHERE "firstResponseDueAt" >= ? AND "firstResponseDueAt" < ? AND "mergedIntoId" IS NULL${where.sql} AND ${firstResponseMissed}
          UNION ALL
          SELECT ${columns} FROM "Ticket" INDEXED BY "Ticket_report_resolution_due_list_idx"
           WHERE "resolutionDueAt" >= ? AND "resolutionDueAt" < ? AND "mergedIntoId" IS NULL${where.sql}
             AND ("solvedAt" > "resolutionDueAt" OR ("solvedAt" IS NULL AND "slaPausedSince" IS NULL AND "resolutionDueAt" < ?))
             AND NOT coalesce("firstResponseDueAt" >= ? AND "firstResponseDueAt" < ? AND ${firstResponseMissed}, 0)`,
    params: [...bounds, ...where.params, nowText, ...bounds, ...where.params, nowText, ...bounds, nowText],
  };
}

/** How many tickets missed an SLA target due in the range (the "SLA breached" figure's count alone). */
export async function slaMissedTicketCount(range: InstantRange, now: Date, scope: TicketScopeSql): Promise<number> {
  const parts = slaMissedParts(range, now, scope, "1");
  const rows = await query(`SELECT count(*) AS tickets FROM (${parts.sql})`, parts.params);
  return asNumber(rows[0]?.tickets);
}

/** One page of those tickets, newest first: chosen among (ticket, creation date) pairs from the indexes, then only its rows are read. */
export async function slaMissedTicketIds(range: InstantRange, now: Date, scope: TicketScopeSql, page: { offset: number; limit: number | null }): Promise<string[]> {
  const parts = slaMissedParts(range, now, scope, `rowid AS "row", "createdAt" AS "createdAt"`);
  const rows = await query(
    `SELECT t."id" AS id FROM (${parts.sql} ORDER BY "createdAt" DESC, "row" LIMIT ? OFFSET ?) page
       JOIN "Ticket" t ON t.rowid = page."row"
      ORDER BY page."createdAt" DESC, page."row"`,
    [...parts.params, page.limit ?? -1, page.offset],
  );
  return rows.map((row) => String(row.id));
}

/** Interventions done whose end falls in the range, on tickets (not merged) in scope: how many, and their minutes in all. */
export async function interventionsDone(range: InstantRange, scope: TicketScopeSql): Promise<{ count: number; minutes: number }> {
  const minutes = `sum(CAST(round((unixepoch(i."endsAt", 'subsec') - unixepoch(i."startsAt", 'subsec')) / 60.0) AS INTEGER))`;
  // Every ticket: the interventions' index alone, less those of the (few) merged tickets.
  const rows =
    scope === null
      ? await query(
          `SELECT count(*) AS interventions, ${minutes} AS minutes
             FROM "Intervention" i INDEXED BY "Intervention_status_endsAt_ticketId_idx"
            WHERE i."status" = 'done' AND i."endsAt" >= ? AND i."endsAt" < ?
              AND i."ticketId" NOT IN (SELECT "id" FROM "Ticket" INDEXED BY "Ticket_merged_idx" WHERE "mergedIntoId" IS NOT NULL)`,
          [sqliteDateTime(range.from), sqliteDateTime(range.to)],
        )
      : await query(
          `SELECT count(*) AS interventions, ${minutes} AS minutes
             FROM "Intervention" i INDEXED BY "Intervention_status_endsAt_ticketId_idx"
             JOIN "Ticket" INDEXED BY "Ticket_report_placement_idx" ON "Ticket"."id" = i."ticketId"
            WHERE i."status" = 'done' AND i."endsAt" >= ? AND i."endsAt" < ? AND "Ticket"."mergedIntoId" IS NULL${scopeSql(scope, `"Ticket"`).sql}`,
          [sqliteDateTime(range.from), sqliteDateTime(range.to), ...scopeSql(scope, `"Ticket"`).params],
        );
  return { count: asNumber(rows[0]?.interventions), minutes: asNumber(rows[0]?.minutes) };
}

// ───────────────────────────── stored service times ─────────────────────────────

export type StaleServiceTimes = { id: string; createdAt: Date; firstRespondedAt: Date | null; solvedAt: Date | null; slaPausedMinutes: number };

const asDate = (value: unknown) => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value)));

/**
 * Tickets whose stored service times were computed for other dates than their current first
 * response / solution (or never): read from the partial index that holds only those.
 * `all`: every ticket with a first response or a solution (after a change of business hours).
 */
export async function ticketsWithStaleServiceTimes(options: { limit: number; all?: { afterId: string } }): Promise<StaleServiceTimes[]> {
  const rows = options.all
    ? await query(
        `SELECT "id", "createdAt", "firstRespondedAt", "solvedAt", "slaPausedMinutes" FROM "Ticket"
          WHERE "id" > ? ORDER BY "id" LIMIT ?`,
        [options.all.afterId, options.limit],
      )
    : await query(
        `SELECT "id", "createdAt", "firstRespondedAt", "solvedAt", "slaPausedMinutes" FROM "Ticket" INDEXED BY "Ticket_service_times_stale_idx"
          WHERE "firstRespondedAt" IS NOT "serviceTimesFirstRespondedAt" OR "solvedAt" IS NOT "serviceTimesSolvedAt"
          LIMIT ?`,
        [options.limit],
      );
  return rows.map((row) => ({
    id: String(row.id),
    createdAt: asDate(row.createdAt) ?? new Date(0),
    firstRespondedAt: asDate(row.firstRespondedAt),
    solvedAt: asDate(row.solvedAt),
    slaPausedMinutes: asNumber(row.slaPausedMinutes),
  }));
}

export type ServiceTimesUpdate = {
  id: string;
  firstResponseBusinessMinutes: number | null;
  resolutionBusinessMinutes: number | null;
  /** The dates the minutes were computed for (the ticket's, as read). */
  firstRespondedAt: Date | null;
  solvedAt: Date | null;
};

/**
 * Writes service times in batches of 200 rows per statement. A row is written only if its dates
 * are still those the minutes were computed for (a ticket answered again meanwhile stays stale
 * and is picked up next time).
 */
export async function writeServiceTimes(updates: readonly ServiceTimesUpdate[]): Promise<void> {
  for (let start = 0; start < updates.length; start += 200) {
    const batch = updates.slice(start, start + 200);
    const values = batch.map(() => "(?, ?, ?, ?, ?)").join(", ");
    const params = batch.flatMap((update) => [
      update.id,
      update.firstResponseBusinessMinutes,
      update.resolutionBusinessMinutes,
      update.firstRespondedAt ? sqliteDateTime(update.firstRespondedAt) : null,
      update.solvedAt ? sqliteDateTime(update.solvedAt) : null,
    ]);
    await db().$executeRawUnsafe(
      `WITH computed("id", "firstMinutes", "resolutionMinutes", "respondedAt", "solvedAt") AS (VALUES ${values})
       UPDATE "Ticket" SET
         "firstResponseBusinessMinutes" = computed."firstMinutes",
         "resolutionBusinessMinutes" = computed."resolutionMinutes",
         "serviceTimesFirstRespondedAt" = computed."respondedAt",
         "serviceTimesSolvedAt" = computed."solvedAt"
       FROM computed
       WHERE "Ticket"."id" = computed."id"
         AND "Ticket"."firstRespondedAt" IS computed."respondedAt" AND "Ticket"."solvedAt" IS computed."solvedAt"`,
      ...params,
    );
  }
}
