import type Database from "better-sqlite3";
import { db } from "~/lib/db.server";

/**
 * "The raw SQL of the same query": the statements Prisma sends for one call of a domain function
 * are captured from its query events, then replayed with better-sqlite3 on a connection of our
 * own (statements prepared once). Same SQL, same parameters, same plans: the ratio between the
 * two is what Prisma, the driver adapter and our TypeScript add on top of SQLite.
 *
 * Query events exist only when the client logs queries (SLOW_QUERY_MS > 0, the default in
 * production); the large-data benchmarks set it very high so nothing is printed.
 */

export type CapturedStatement = { sql: string; params: unknown[] };

type QueryEvent = { query: string; params: string; duration: number };

let listening = false;
let recording: CapturedStatement[] | null = null;

function listen() {
  if (listening) return;
  listening = true;
  (db() as unknown as { $on(event: "query", listener: (event: QueryEvent) => void): void }).$on("query", (event) => {
    if (recording) recording.push({ sql: event.query, params: toSqliteParams(JSON.parse(event.params) as unknown[]) });
  });
}

/** Prisma logs parameters as JSON (dates in ISO "Z", booleans, numbers as text); bind them as the adapter does. */
function toSqliteParams(params: unknown[]): unknown[] {
  return params.map((value) => {
    if (typeof value === "boolean") return value ? 1 : 0;
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return new Date(value).toISOString().replace("Z", "+00:00");
    if (typeof value === "string" && /^-?\d{1,15}$/.test(value)) return Number(value);
    return value;
  });
}

/** Runs `task` once and returns the statements it sent, in order. */
export async function captureStatements(task: () => Promise<unknown>): Promise<CapturedStatement[]> {
  listen();
  const statements: CapturedStatement[] = [];
  recording = statements;
  try {
    await task();
  } finally {
    recording = null;
  }
  if (statements.length === 0) throw new Error("No query captured: is query logging on (SLOW_QUERY_MS > 0)?");
  return statements;
}

/** A function that runs the captured statements again, sequentially, on `sqlite`. */
export function replayer(sqlite: Database.Database, statements: CapturedStatement[]): () => Promise<void> {
  const prepared = statements.map((statement) => ({ statement: sqlite.prepare(statement.sql), params: statement.params }));
  return async () => {
    for (const { statement, params } of prepared) {
      if (statement.reader) statement.all(...params);
      else statement.run(...params);
    }
  };
}

/** Tables that grow with the workspace: a full scan of one of them is a problem. */
const largeTables = ["Ticket", "Message", "Contact", "ContactEmail", "Company", "CompanyDomain", "TicketEvent", "TicketTag", "Intervention", "Attachment", "AuditLog", "Notification", "OutboundEmail", "InboundEmail", "Session"];

/**
 * What looks wrong in the plans of the captured statements: a full scan of a large table, or a
 * sort SQLite must do itself (TEMP B-TREE) instead of reading an index in order.
 */
export function planProblems(sqlite: Database.Database, statements: CapturedStatement[]): string[] {
  const problems: string[] = [];
  for (const { sql, params } of statements) {
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail);
    // Loading the rows of a page by id (`IN (?,?,...)`) sorts at most a page: not a problem.
    const pageLoad = /IN \((\?,)*\?\)/.test(sql);
    const bad = plan.filter((detail) => {
      if (/VIRTUAL TABLE/.test(detail)) return false; // FTS5 answers from its own index
      const scanned = /^SCAN (?:main\.)?(\w+)/.exec(detail)?.[1];
      return (scanned !== undefined && largeTables.includes(scanned)) || (/USE TEMP B-TREE/.test(detail) && !pageLoad);
    });
    if (bad.length > 0) problems.push(`${bad.join("; ")}  ← ${sql.replace(/`main`\./g, "").replace(/`/g, "").slice(0, 140)}…`);
  }
  return problems;
}
