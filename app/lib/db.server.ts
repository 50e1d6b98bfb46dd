import { PrismaClient } from "~/generated/prisma/client";
import { env } from "./env.server";
import { createSqliteAdapter, SQLITE_OPTIMIZE_AT_START, SQLITE_OPTIMIZE_PERIODIC } from "./sqlite.server";

export type Database = PrismaClient;
export type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type DatabaseHandle = { client: PrismaClient };
const databaseKey = Symbol.for("comptoir.database");
type GlobalWithDatabase = typeof globalThis & { [databaseKey]?: DatabaseHandle };

export function createDatabaseClient(url: string, slowQueryMs = 0): DatabaseHandle {
  const client = new PrismaClient({
    adapter: createSqliteAdapter(url),
    log: slowQueryMs > 0 ? [{ emit: "event", level: "query" }] : [],
  });
  if (slowQueryMs > 0) {
    client.$on("query", (event) => {
      if (event.duration >= slowQueryMs) {
        console.warn(`[db] slow query ${event.duration} ms: ${event.query.slice(0, 300)}`);
      }
    });
  }
  return { client };
}

/**
 * The one database client of the process, kept on globalThis because the server entry and
 * the Remix build each load their own copy of this module.
 */
export function db(): PrismaClient {
  return handle().client;
}

/** Opens the connection (tuned: WAL, foreign keys) so that a broken database fails at boot, not on the first page. */
export async function databaseReady(): Promise<void> {
  await handle().client.$connect();
}

/**
 * Refreshes the query planner's statistics where they went stale: "start" once the migrations
 * are applied (every table checked: a migration may have added indexes the statistics do not
 * know), "periodic" from time to time (see app/lib/sqlite.server.ts).
 */
export async function optimizeDatabase(when: "start" | "periodic"): Promise<void> {
  await handle().client.$executeRawUnsafe(when === "start" ? SQLITE_OPTIMIZE_AT_START : SQLITE_OPTIMIZE_PERIODIC);
}

function handle(): DatabaseHandle {
  const store = globalThis as GlobalWithDatabase;
  if (!store[databaseKey]) {
    const { DATABASE_URL, SLOW_QUERY_MS } = env();
    store[databaseKey] = createDatabaseClient(DATABASE_URL, SLOW_QUERY_MS);
  }
  return store[databaseKey];
}

/**
 * Runs `work` with `client` as the process's database, then puts the previous one back: the demo
 * seed writes through the domain (which uses db()) on the client it was given.
 */
export async function withDatabaseClient<T>(client: PrismaClient, work: () => Promise<T>): Promise<T> {
  const store = globalThis as GlobalWithDatabase;
  const previous = store[databaseKey];
  store[databaseKey] = { client };
  try {
    return await work();
  } finally {
    store[databaseKey] = previous;
  }
}

/** Closes the process-wide client (tests and graceful shutdown). */
export async function disconnectDatabase(): Promise<void> {
  const store = globalThis as GlobalWithDatabase;
  const current = store[databaseKey];
  store[databaseKey] = undefined;
  if (current) await current.client.$disconnect();
}
