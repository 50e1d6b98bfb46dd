import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

/**
 * Everything SQLite-specific about the connection lives here, so that a PostgreSQL
 * deployment replaces this one module (see docs/decisions/002-database.md).
 *
 * WAL lets readers run while the single writer commits; NORMAL synchronous is durable across
 * application crashes in WAL mode; foreign keys are off by default in SQLite.
 */
const CONNECTION_PRAGMAS = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  PRAGMA foreign_keys = ON;
  PRAGMA temp_store = MEMORY;
  PRAGMA cache_size = -32000;
`;

/** better-sqlite3 waits this long on a locked database before failing (the busy timeout). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * The driver adapter for a SQLite file, tuned before Prisma runs its first statement on the
 * connection (pragmas run inside connect(), so no query or transaction can overtake them).
 */
export function createSqliteAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await inner.connect();
      await adapter.executeScript(CONNECTION_PRAGMAS);
      return adapter;
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
}

// ───────────────────────────── Ticket.lastMessageAt ─────────────────────────────

/**
 * `Ticket.lastMessageAt` is never older than the newest message of the ticket: the database keeps
 * it, whoever writes the message (the app, a merge moving a thread, an import, a test factory).
 * A message inserted, moved to another ticket or re-dated raises it; a deleted message leaves it
 * as it was (still an upper bound, which is all the customer timeline relies on: it walks a
 * customer's tickets by it and stops once no remaining ticket can hold a newer message; see
 * docs/decisions/009-timeline-walks-tickets-by-last-message.md). Dates are compared as the text
 * Prisma stores, as every query on them does.
 */
const raiseLastMessageAt = `UPDATE "Ticket" SET "lastMessageAt" = new."createdAt"
     WHERE "id" = new."ticketId" AND ("lastMessageAt" IS NULL OR "lastMessageAt" < new."createdAt");`;

export const lastMessageAtSql = {
  triggerNames: ["ticket_last_message_after_insert", "ticket_last_message_after_update"],
  createTriggers: `CREATE TRIGGER "ticket_last_message_after_insert" AFTER INSERT ON "Message" BEGIN
  ${raiseLastMessageAt}
END;
CREATE TRIGGER "ticket_last_message_after_update" AFTER UPDATE OF "ticketId", "createdAt" ON "Message" BEGIN
  ${raiseLastMessageAt}
END;`,
  dropTriggers: `DROP TRIGGER IF EXISTS "ticket_last_message_after_insert";
DROP TRIGGER IF EXISTS "ticket_last_message_after_update";`,
  /** Sets every ticket's value from its messages (after a bulk load, or when the column is added). */
  backfill: `UPDATE "Ticket" SET "lastMessageAt" = (SELECT max(m."createdAt") FROM "Message" m WHERE m."ticketId" = "Ticket"."id");`,
};

/**
 * A migration that rebuilds the Message table (Prisma's SQLite "redefine": create, copy, drop,
 * rename) drops its triggers with it: they are recreated at the end of such a migration
 * (scripts/new-migration.ts applies this to every new migration).
 */
export function withLastMessageAtRepair(migrationSql: string): string {
  if (!/DROP TABLE\s+"?Message"?\s*;|ALTER TABLE\s+"?[^"\s]+"?\s+RENAME TO\s+"?Message"?\s*;/i.test(migrationSql)) return migrationSql;
  return [
    migrationSql.trimEnd(),
    "",
    "-- Ticket.lastMessageAt (app/lib/sqlite.server.ts): the Message table was rebuilt above, its triggers with it.",
    lastMessageAtSql.dropTriggers,
    lastMessageAtSql.createTriggers,
    "",
  ].join("\n");
}

// ───────────────────────────── planner statistics ─────────────────────────────

/**
 * Keeps the query planner's statistics fresh, as SQLite advises for long-lived connections:
 * once after the migrations at start-up, checking every table (mask 0x10002: a table whose
 * indexes have no statistics yet, such as those a migration just created next to analyzed ones,
 * or that grew or shrank tenfold, is analyzed again), then from time to time with the default
 * mask (tables this connection used). SQLite bounds each ANALYZE with a temporary analysis
 * limit, so this takes milliseconds on a fresh database and little more on a large one; without
 * it, one unanalyzed index among analyzed ones can make the planner sort 100,000 rows per page
 * (docs/benchmarks.md, finding 1).
 */
export const SQLITE_OPTIMIZE_AT_START = "PRAGMA optimize = 0x10002;";
export const SQLITE_OPTIMIZE_PERIODIC = "PRAGMA optimize;";
/** How often the periodic optimize runs (SQLite suggests every few hours on a long-lived connection). */
export const SQLITE_OPTIMIZE_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * A date as Prisma's SQLite adapter stores it (`2026-08-19T15:20:54.000+00:00`), for raw SQL that
 * compares a stored date as text, as Prisma's own queries do.
 */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
