import type { PrismaClient } from "~/generated/prisma/client";

/**
 * Everything SQLite-specific about the connection lives here, so that a PostgreSQL
 * deployment replaces this one module (see docs/decisions/002-database.md).
 *
 * WAL lets readers run while the single writer commits; NORMAL synchronous is durable
 * across application crashes in WAL mode; foreign keys are off by default in SQLite.
 */
export async function tuneSqliteConnection(client: PrismaClient): Promise<void> {
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await client.$executeRawUnsafe("PRAGMA temp_store = MEMORY");
  await client.$executeRawUnsafe("PRAGMA cache_size = -32000");
}

/** better-sqlite3 waits this long on a locked database before failing (the busy timeout). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
