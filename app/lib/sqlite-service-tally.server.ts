import { db } from "./db.server";
import { sqliteDateTime } from "./sqlite.server";
import { ticketTallySignatureSql } from "./sqlite-service-tally-schema";

/**
 * The service tallies' statements (ADR 014): daily counts of the dashboard's service figures kept
 * in ServiceTally / ServiceTimeTally, the tickets whose counted fields moved (a partial index over
 * the expression below, migration 20261207153800_reporting_service_tallies), the deleted tickets'
 * signatures (a trigger), and the SLA targets not final yet, counted live. SQLite-specific
 * (expression index, UPDATE … FROM … RETURNING, upserts): another database replaces this module.
 */

type Row = Record<string, unknown>;
const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : Number(value ?? 0));
type Runner = { $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>; $executeRawUnsafe(sql: string, ...params: unknown[]): Promise<number> };

export type TallyChange = { id: string; counted: string | null; current: string };

/** Tickets whose counted signature differs from their fields now (the partial index alone, then their rows). */
export async function ticketsWithStaleTallies(limit: number): Promise<TallyChange[]> {
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT "id", "serviceTallySignature" AS counted, ${ticketTallySignatureSql} AS current
       FROM "Ticket" INDEXED BY "Ticket_service_tally_stale_idx"
      WHERE "serviceTallySignature" IS NOT ${ticketTallySignatureSql}
      LIMIT ?`,
    limit,
  );
  return rows.map((row) => ({ id: String(row.id), counted: (row.counted as string | null) ?? null, current: String(row.current) }));
}

/** Deleted tickets' last counted signatures. */
export async function removedTallies(limit: number): Promise<Array<{ id: number; signature: string }>> {
  const rows = await db().$queryRawUnsafe<Row[]>(`SELECT "id", "signature" FROM "ServiceTallyRemoval" ORDER BY "id" LIMIT ?`, limit);
  return rows.map((row) => ({ id: asNumber(row.id), signature: String(row.signature) }));
}

export type TallyDelta = { measure: string; day: string; key: string; tickets: number };
export type TimeTallyDelta = { duration: string; bucket: number; day: string; minutes: number; tickets: number };

/**
 * In one transaction: marks the tickets as counted under their current signature, only those whose
 * counted and current signatures are still the ones read (a ticket changed meanwhile stays stale),
 * and hands the ones marked to `deltas`, whose changes are added to the tallies.
 */
export async function countTickets(
  changes: readonly TallyChange[],
  deltas: (marked: readonly TallyChange[]) => { tallies: TallyDelta[]; times: TimeTallyDelta[] },
): Promise<number> {
  if (changes.length === 0) return 0;
  return db().$transaction(async (tx) => {
    const marked = new Set<string>();
    for (let start = 0; start < changes.length; start += 200) {
      const batch = changes.slice(start, start + 200);
      const rows = await tx.$queryRawUnsafe<Row[]>(
        `WITH counted("id", "counted", "current") AS (VALUES ${batch.map(() => "(?, ?, ?)").join(", ")})
         UPDATE "Ticket" SET "serviceTallySignature" = counted."current"
           FROM counted
          WHERE "Ticket"."id" = counted."id" AND "Ticket"."serviceTallySignature" IS counted."counted"
            AND ${ticketTallySignatureSql} = counted."current"
          RETURNING "Ticket"."id" AS id`,
        ...batch.flatMap((change) => [change.id, change.counted, change.current]),
      );
      for (const row of rows) marked.add(String(row.id));
    }
    const { tallies, times } = deltas(changes.filter((change) => marked.has(change.id)));
    await addToTallies(tx, tallies, times);
    return marked.size;
  }, { timeout: 120_000 });
}

/**
 * Takes deleted tickets off the tallies, in one transaction with the removal of their signatures:
 * only the removals this transaction deleted are handed to `deltas` (two reports catching up at
 * the same time must not take a deleted ticket off twice).
 */
export async function uncountRemoved(
  removed: ReadonlyArray<{ id: number; signature: string }>,
  deltas: (taken: ReadonlyArray<{ id: number; signature: string }>) => { tallies: TallyDelta[]; times: TimeTallyDelta[] },
): Promise<number> {
  return db().$transaction(async (tx) => {
    const taken = new Set<number>();
    for (let start = 0; start < removed.length; start += 500) {
      const batch = removed.slice(start, start + 500);
      const rows = await tx.$queryRawUnsafe<Row[]>(
        `DELETE FROM "ServiceTallyRemoval" WHERE "id" IN (${batch.map(() => "?").join(", ")}) RETURNING "id"`,
        ...batch.map((row) => row.id),
      );
      for (const row of rows) taken.add(asNumber(row.id));
    }
    const { tallies, times } = deltas(removed.filter((row) => taken.has(row.id)));
    await addToTallies(tx, tallies, times);
    return taken.size;
  });
}

async function addToTallies(tx: Runner, tallies: readonly TallyDelta[], times: readonly TimeTallyDelta[]) {
  for (let start = 0; start < tallies.length; start += 200) {
    const batch = tallies.slice(start, start + 200);
    await tx.$executeRawUnsafe(
      `INSERT INTO "ServiceTally" ("measure", "day", "key", "tickets") VALUES ${batch.map(() => "(?, ?, ?, ?)").join(", ")}
       ON CONFLICT ("measure", "day", "key") DO UPDATE SET "tickets" = "tickets" + excluded."tickets"`,
      ...batch.flatMap((delta) => [delta.measure, delta.day, delta.key, delta.tickets]),
    );
  }
  for (let start = 0; start < times.length; start += 200) {
    const batch = times.slice(start, start + 200);
    await tx.$executeRawUnsafe(
      `INSERT INTO "ServiceTimeTally" ("duration", "bucket", "day", "minutes", "tickets") VALUES ${batch.map(() => "(?, ?, ?, ?, ?)").join(", ")}
       ON CONFLICT ("duration", "bucket", "day", "minutes") DO UPDATE SET "tickets" = "tickets" + excluded."tickets"`,
      ...batch.flatMap((delta) => [delta.duration, delta.bucket, delta.day, delta.minutes, delta.tickets]),
    );
  }
}

/** Empties the tallies and marks every ticket as never counted (the rebuild then counts them all). */
export async function resetTallies(): Promise<void> {
  await db().$transaction([
    db().$executeRawUnsafe(`DELETE FROM "ServiceTally"`),
    db().$executeRawUnsafe(`DELETE FROM "ServiceTimeTally"`),
    db().$executeRawUnsafe(`DELETE FROM "ServiceTallyRemoval"`),
    db().$executeRawUnsafe(`UPDATE "Ticket" SET "serviceTallySignature" = NULL WHERE "serviceTallySignature" IS NOT NULL`),
  ]);
}

/** A measure's tickets per day and key over the local days [first, last] (ISO dates). */
export async function tallied(measure: string, first: string, last: string): Promise<Array<{ day: string; key: string; tickets: number }>> {
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT "day", "key", sum("tickets") AS tickets FROM "ServiceTally" WHERE "measure" = ? AND "day" >= ? AND "day" <= ? GROUP BY "day", "key"`,
    measure,
    first,
    last,
  );
  return rows.map((row) => ({ day: String(row.day), key: String(row.key), tickets: asNumber(row.tickets) }));
}

/** A measure's tickets per key over the local days [first, last]. */
export async function talliedPerKey(measure: string, first: string, last: string): Promise<Map<string, number>> {
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT "key", sum("tickets") AS tickets FROM "ServiceTally" WHERE "measure" = ? AND "day" >= ? AND "day" <= ? GROUP BY "key"`,
    measure,
    first,
    last,
  );
  return new Map(rows.map((row) => [String(row.key), asNumber(row.tickets)]));
}

/** A measure's tickets over days before `before` (ISO date), all keys. */
export async function talliedBefore(measure: string, before: string): Promise<number> {
  const rows = await db().$queryRawUnsafe<Row[]>(`SELECT sum("tickets") AS tickets FROM "ServiceTally" WHERE "measure" = ? AND "day" < ?`, measure, before);
  return asNumber(rows[0]?.tickets);
}

/** Tickets whose first day and key both fall in [first, last] (the key is a second day). */
export async function talliedWithKeyIn(measure: string, first: string, last: string): Promise<number> {
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT sum("tickets") AS tickets FROM "ServiceTally" WHERE "measure" = ? AND "day" >= ? AND "day" <= ? AND "key" >= ? AND "key" <= ?`,
    measure,
    first,
    last,
    first,
    last,
  );
  return asNumber(rows[0]?.tickets);
}

/** Tickets per minute value within one bucket of a service time, over the local days [first, last]. */
export async function talliedMinutes(duration: string, bucket: number, first: string, last: string): Promise<Array<{ minutes: number; tickets: number }>> {
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT "minutes", sum("tickets") AS tickets FROM "ServiceTimeTally"
      WHERE "duration" = ? AND "bucket" = ? AND "day" >= ? AND "day" <= ? GROUP BY "minutes" ORDER BY "minutes"`,
    duration,
    bucket,
    first,
    last,
  );
  return rows.map((row) => ({ minutes: asNumber(row.minutes), tickets: asNumber(row.tickets) }));
}

/**
 * What the tallies cannot know of the SLA targets due in the range (tickets not merged, any
 * group), read from the partial indexes of the targets not given yet (migration
 * 20261207160000_reporting_sla_live), with the rules of slaTargetsDue
 * (app/lib/sqlite-service-report.server.ts):
 * - first responses not given and not due yet (due in [max(start, now), end)): the tallies count
 *   every first response not given as missed by its due day, these are not missed yet; and among
 *   them those solved late (`bothNotYetDue`);
 * - resolutions not given: missed once due unless the clock waits on the customer; and among those
 *   missed, the tickets that also missed their first response due in the range (`bothUnsolved`).
 */
export async function liveSlaTargetsDue(range: { from: Date; to: Date }, now: Date) {
  const [from, to, nowText] = [sqliteDateTime(range.from), sqliteDateTime(range.to), sqliteDateTime(now)];
  const notDueFrom = sqliteDateTime(new Date(Math.max(range.from.getTime(), now.getTime())));
  const until = sqliteDateTime(new Date(Math.min(range.to.getTime(), now.getTime())));
  const firstResponseMissed = `("firstRespondedAt" > "firstResponseDueAt" OR ("firstRespondedAt" IS NULL AND "firstResponseDueAt" < ?))`;
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT first.notDue AS firstResponseNotDue, first.bothNotDue AS bothNotDue, resolution.missed AS resolutionMissed, resolution.bothUnsolved AS bothUnsolved
       FROM (SELECT count(*) AS notDue, sum("solvedAt" IS NOT NULL AND "resolutionDueAt" >= ? AND "resolutionDueAt" < ? AND "solvedAt" > "resolutionDueAt") AS bothNotDue
               FROM "Ticket" INDEXED BY "Ticket_sla_first_response_live_idx"
              WHERE "firstRespondedAt" IS NULL AND "firstResponseDueAt" IS NOT NULL AND "firstResponseDueAt" >= ? AND "firstResponseDueAt" < ? AND "mergedIntoId" IS NULL) first,
            (SELECT count(*) AS missed, sum("firstResponseDueAt" >= ? AND "firstResponseDueAt" < ? AND ${firstResponseMissed}) AS bothUnsolved
               FROM "Ticket" INDEXED BY "Ticket_sla_resolution_live_idx"
              WHERE "solvedAt" IS NULL AND "resolutionDueAt" IS NOT NULL AND "resolutionDueAt" >= ? AND "resolutionDueAt" < ? AND "mergedIntoId" IS NULL AND "slaPausedSince" IS NULL) resolution`,
    from, to, notDueFrom, to,
    from, to, nowText, from, until,
  );
  const row = rows[0] ?? {};
  return {
    firstResponseNotDue: asNumber(row.firstResponseNotDue),
    bothNotDue: asNumber(row.bothNotDue),
    resolutionMissed: asNumber(row.resolutionMissed),
    bothUnsolved: asNumber(row.bothUnsolved),
  };
}

/** Several measures' tickets over the local days [first, last], all keys. */
export async function talliedPerMeasure(measures: readonly string[], first: string, last: string): Promise<Map<string, number>> {
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT "measure", sum("tickets") AS tickets FROM "ServiceTally"
      WHERE "measure" IN (${measures.map(() => "?").join(", ")}) AND "day" >= ? AND "day" <= ? GROUP BY "measure"`,
    ...measures,
    first,
    last,
  );
  return new Map(rows.map((row) => [String(row.measure), asNumber(row.tickets)]));
}

/** Several measures' tickets per key over the local days [first, last] (one statement). */
export async function talliedPerMeasureAndKey(measures: readonly string[], first: string, last: string): Promise<Map<string, Map<string, number>>> {
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT "measure", "key", sum("tickets") AS tickets FROM "ServiceTally"
      WHERE "measure" IN (${measures.map(() => "?").join(", ")}) AND "day" >= ? AND "day" <= ? GROUP BY "measure", "key"`,
    ...measures,
    first,
    last,
  );
  const sums = new Map<string, Map<string, number>>(measures.map((measure) => [measure, new Map()]));
  for (const row of rows) sums.get(String(row.measure))?.set(String(row.key), asNumber(row.tickets));
  return sums;
}

/** A measure's tickets (key "") per day and measure over the local days [first, last]. */
export async function talliedPerDay(measures: readonly string[], first: string, last: string): Promise<Array<{ measure: string; day: string; tickets: number }>> {
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT "measure", "day", "tickets" FROM "ServiceTally" WHERE "measure" IN (${measures.map(() => "?").join(", ")}) AND "day" >= ? AND "day" <= ? AND "key" = ''`,
    ...measures,
    first,
    last,
  );
  return rows.map((row) => ({ measure: String(row.measure), day: String(row.day), tickets: asNumber(row.tickets) }));
}

/** A measure's tickets over the days before each of the given days (all keys), one statement. */
export async function talliedBeforeEach(measure: string, befores: readonly string[]): Promise<number[]> {
  if (befores.length === 0) return [];
  const rows = await db().$queryRawUnsafe<Row[]>(
    `SELECT ${befores.map((_, index) => `sum(CASE WHEN "day" < ? THEN "tickets" ELSE 0 END) AS before${index}`).join(", ")}
       FROM "ServiceTally" WHERE "measure" = ? AND "day" < ?`,
    ...befores,
    measure,
    [...befores].sort().at(-1),
  );
  return befores.map((_, index) => asNumber(rows[0]?.[`before${index}`]));
}

/** Tickets per minute value within some buckets of the service times, over the local days [first, last] (one statement). */
export async function talliedMinutesOf(buckets: ReadonlyArray<{ duration: string; bucket: number }>, first: string, last: string) {
  if (buckets.length === 0) return [];
  const rows = await db().$queryRawUnsafe<Row[]>(
    buckets
      .map(
        () => `SELECT * FROM (SELECT "duration", "bucket", "minutes", sum("tickets") AS tickets FROM "ServiceTimeTally"
                WHERE "duration" = ? AND "bucket" = ? AND "day" >= ? AND "day" <= ? GROUP BY "minutes")`,
      )
      .join(" UNION ALL "),
    ...buckets.flatMap((bucket) => [bucket.duration, bucket.bucket, first, last]),
  );
  return rows.map((row) => ({ duration: String(row.duration), bucket: asNumber(row.bucket), minutes: asNumber(row.minutes), tickets: asNumber(row.tickets) }));
}
