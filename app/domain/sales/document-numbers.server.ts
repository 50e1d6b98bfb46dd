import { toZoned } from "~/domain/helpdesk/sla/business-calendar";
import type { TransactionClient } from "~/lib/db.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";

/**
 * Quote and order numbers without gaps, per year: DEV-2026-0001, CMD-2026-0001. The number is
 * taken from the Counter table inside the transaction that creates the document, so a rollback
 * gives it back and two documents never share one.
 *
 * Concurrency (several processes on one SQLite file): Prisma's interactive transactions begin
 * DEFERRED, so a transaction that first reads and then writes holds a stale snapshot when another
 * commits in between, and its write fails (SQLITE_BUSY) instead of waiting. The increment is
 * therefore the transaction's FIRST statement and a write (UPDATE … value = value + 1): it takes
 * the write lock at once, waiting behind the busy timeout while another creator holds it, and only
 * then is the value read back. Callers take the number before anything else in their transaction.
 */

export type DocumentKind = "quote" | "order";

const prefixes: Record<DocumentKind, string> = { quote: "DEV", order: "CMD" };

/** The counter of a kind and year, as the demo seed and every creator name it ("quote:2026"). */
export function documentCounterName(kind: DocumentKind, year: number): string {
  return `${kind}:${year}`;
}

/** DEV-2026-0001: at least four digits, more when a year goes past 9999. */
export function formatDocumentNumber(kind: DocumentKind, year: number, sequence: number): string {
  return `${prefixes[kind]}-${year}-${String(sequence).padStart(4, "0")}`;
}

/** The next number of a kind for the year of `at` (workspace time). Must be the first statement of the transaction. */
export async function takeDocumentNumber(tx: TransactionClient, kind: DocumentKind, at: Date = new Date()): Promise<string> {
  const year = toZoned(at, WORKSPACE_TIME_ZONE).date.year;
  const name = documentCounterName(kind, year);
  // The write comes first: it holds the database's write lock until our commit or rollback.
  const bumped = await tx.counter.updateMany({ where: { name }, data: { value: { increment: 1 } } });
  if (bumped.count === 0) {
    // First document of the year. We already hold the write lock (an UPDATE that matched nothing
    // still takes it), so nobody else can create the row between our check and this insert.
    await tx.counter.create({ data: { name, value: 1 } });
  }
  const counter = await tx.counter.findUniqueOrThrow({ where: { name }, select: { value: true } });
  return formatDocumentNumber(kind, year, counter.value);
}
