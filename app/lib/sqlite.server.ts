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
