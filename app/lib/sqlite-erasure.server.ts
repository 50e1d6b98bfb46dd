import { db, type TransactionClient } from "./db.server";

/**
 * The SQLite side of a GDPR erasure (docs/gdpr.md, docs/decisions/018-erasure.md): every statement
 * of the erasure that only SQLite understands lives here, so a PostgreSQL deployment replaces this
 * module (tsvector instead of FTS5, no secure_delete nor WAL checkpoint to ask for).
 *
 * - Rows that mention a person are found with instr() over the text columns named by the caller
 *   (constants of the erasure, never user input), and messages and subjects through the FTS5
 *   index, so a million messages are not read to find the few that name someone.
 * - The FTS5 indexes are contentless with contentless_delete=1 (sqlite-fts.server.ts): deleting or
 *   rewriting a document leaves its old tokens in the index's segments (the `_data` shadow table)
 *   behind a tombstone until the segments are merged. `optimize` merges every segment into one and
 *   drops what the tombstones cover, so the erased words are gone from the shadow tables too.
 * - PRAGMA secure_delete = ON while erasing: SQLite overwrites the freed bytes (deleted cells,
 *   freed pages) with zeros instead of leaving them in the file, and a WAL checkpoint afterwards
 *   moves the rewritten pages into the database file and truncates the log.
 */

const SEARCH_TABLES = ["search_ticket", "search_message", "search_contact", "search_company"] as const;
type Client = TransactionClient | ReturnType<typeof db>;

/** Ids of `table`'s rows whose `columns` mention one of the (lower-cased) identifiers. */
export async function rowsMentioning(
  client: Client,
  table: string,
  idColumn: string,
  columns: readonly string[],
  identifiers: readonly string[],
): Promise<string[]> {
  if (identifiers.length === 0 || columns.length === 0) return [];
  const found = new Set<string>();
  // A few identifiers per statement keeps the parameter list small and the scan count low.
  for (let start = 0; start < identifiers.length; start += 8) {
    const chunk = identifiers.slice(start, start + 8).map((identifier) => identifier.toLowerCase());
    const conditions = chunk.flatMap(() => columns.map((column) => `instr(lower(coalesce("${column}", '')), ?) > 0`));
    const values = chunk.flatMap((identifier) => columns.map(() => identifier));
    const rows = await client.$queryRawUnsafe<Array<{ id: unknown }>>(`SELECT "${idColumn}" AS id FROM "${table}" WHERE ${conditions.join(" OR ")}`, ...values);
    for (const row of rows) found.add(String(row.id));
  }
  return [...found];
}

/** An FTS5 phrase query for a piece of text: its words, quoted, in order. */
function phraseQuery(text: string): string | null {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return null;
  return `"${words.join(" ").replace(/"/g, '""')}"`;
}

/**
 * Ids of the messages and tickets whose indexed text may hold one of the identifiers (candidates:
 * the caller checks the text itself). The phrase query finds « Marie Dupont » and the address
 * marie.dupont@exemple.fr as the words the index holds.
 */
export async function searchCandidates(client: Client, identifiers: readonly string[]): Promise<{ messageIds: string[]; ticketIds: string[] }> {
  const phrases = [...new Set(identifiers.map(phraseQuery).filter((phrase): phrase is string => phrase !== null))];
  const messageIds = new Set<string>();
  const ticketIds = new Set<string>();
  for (const phrase of phrases) {
    const messages = await client.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT m."id" AS id FROM "Message" m WHERE m.rowid IN (SELECT rowid FROM "search_message" WHERE "search_message" MATCH ?)`,
      phrase,
    );
    for (const row of messages) messageIds.add(row.id);
    const tickets = await client.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT t."id" AS id FROM "Ticket" t WHERE t.rowid IN (SELECT rowid FROM "search_ticket" WHERE "search_ticket" MATCH ?)`,
      phrase,
    );
    for (const row of tickets) ticketIds.add(row.id);
  }
  return { messageIds: [...messageIds], ticketIds: [...ticketIds] };
}

/** How many documents the largest index holds (the messages'): what an `optimize` has to rewrite. */
export async function searchIndexSize(): Promise<number> {
  const rows = await db().$queryRawUnsafe<Array<{ documents: unknown }>>(`SELECT count(*) AS documents FROM "Message"`);
  return Number(rows[0]?.documents ?? 0);
}

/**
 * Drops the tokens of deleted and rewritten documents from the search indexes' shadow tables. It
 * rewrites every index whole: about 20 s for the messages of the large dataset (a million tickets),
 * during which the database takes no other write.
 */
export async function purgeSearchIndexes(): Promise<void> {
  for (const table of SEARCH_TABLES) {
    await db().$executeRawUnsafe(`INSERT INTO "${table}"("${table}") VALUES ('optimize')`);
  }
}

/** Moves the WAL into the database file and empties it, so rewritten pages leave no old copy there. */
export async function checkpointLog(): Promise<void> {
  await db().$queryRawUnsafe(`PRAGMA wal_checkpoint(TRUNCATE)`);
}

/**
 * Runs `work` with freed database content overwritten with zeros, then puts the connection's
 * previous setting back (secure deletion costs writes, so it is not left on for everything).
 */
export async function withSecureDelete<T>(work: () => Promise<T>): Promise<T> {
  const rows = await db().$queryRawUnsafe<Array<{ secure_delete: unknown }>>(`PRAGMA secure_delete`);
  const previous = Number(rows[0]?.secure_delete ?? 0);
  await db().$queryRawUnsafe(`PRAGMA secure_delete = ON`);
  try {
    return await work();
  } finally {
    await db().$queryRawUnsafe(`PRAGMA secure_delete = ${previous === 1 ? "ON" : previous === 2 ? "FAST" : "OFF"}`);
  }
}

/**
 * The ids of every message of the tickets a contact requested and of the messages they wrote
 * elsewhere: two index ranges (Message by ticketId, by authorContactId) instead of the join and OR
 * the ORM would write, which reads every message (seconds on a million tickets).
 */
export async function messagesOfPerson(client: Client, contactId: string): Promise<string[]> {
  const rows = await client.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT m."id" AS id FROM "Message" m WHERE m."ticketId" IN (SELECT t."id" FROM "Ticket" t WHERE t."requesterId" = ?)
     UNION SELECT m."id" AS id FROM "Message" m WHERE m."authorContactId" = ?`,
    contactId,
    contactId,
  );
  return rows.map((row) => row.id);
}

/**
 * The sales activities of a contact or of their tickets. Almost no activity names a ticket, so the
 * planner's statistics judge the ticketId index useless and would read the whole table (half a
 * second per 500 tickets on the large dataset): INDEXED BY keeps it on the index.
 */
export async function activitiesOfPerson(client: Client, contactId: string, ticketIds: readonly string[]): Promise<string[]> {
  const found = new Set((await client.$queryRawUnsafe<Array<{ id: string }>>(`SELECT "id" AS id FROM "Activity" WHERE "contactId" = ?`, contactId)).map((row) => row.id));
  for (let start = 0; start < ticketIds.length; start += 500) {
    const chunk = ticketIds.slice(start, start + 500);
    const rows = await client.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT "id" AS id FROM "Activity" INDEXED BY "Activity_ticketId_idx" WHERE "ticketId" IN (${chunk.map(() => "?").join(", ")})`,
      ...chunk,
    );
    for (const row of rows) found.add(row.id);
  }
  return [...found];
}
