import Database from "better-sqlite3";
import { env } from "./env.server";
import { sqliteFilePath } from "./database-url";
import { SQLITE_BUSY_TIMEOUT_MS, sqliteDateTime } from "./sqlite.server";

/**
 * The campaign sender's commit of "sent", as one synchronous statement (ADR 015). The mail's
 * final dot is released right after it returns, in the same turn of the event loop: between the
 * durable commit and the dot reaching the kernel there is no await, no I/O callback and no timer,
 * only a few stream ticks. Through Prisma the commit resolves after a chain of promises, and a
 * sender killed (or descheduled, then killed) in that gap had committed a mail whose dot it never
 * wrote: a recipient marked sent and never mailed. SQLite-only (a second better-sqlite3
 * connection on the same file, in WAL mode like Prisma's); a PostgreSQL deployment replaces this
 * module.
 */

let connection: { url: string; database: Database.Database; statement: Database.Statement } | null = null;

function commitStatement(): Database.Statement {
  const url = env().DATABASE_URL;
  if (connection?.url !== url) {
    connection?.database.close();
    const database = new Database(sqliteFilePath(url), { timeout: SQLITE_BUSY_TIMEOUT_MS });
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    const statement = database.prepare(
      `UPDATE "CampaignRecipient" SET "status" = 'sent', "sentAt" = ?, "leaseUntil" = NULL, "lastError" = NULL
        WHERE "id" = ? AND "status" = 'sending' AND "attempts" = ? AND "leaseUntil" IS ?`,
    );
    connection = { url, database, statement };
  }
  return connection.statement;
}

/** Compare-and-set of a claimed recipient to sent; true when this sender still held the claim. */
export function commitRecipientSentNow(claim: { id: string; attempts: number; leaseUntil: Date | null }, now = new Date()): boolean {
  const result = commitStatement().run(sqliteDateTime(now), claim.id, claim.attempts, claim.leaseUntil ? sqliteDateTime(claim.leaseUntil) : null);
  return result.changes === 1;
}
