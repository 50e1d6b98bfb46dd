import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { applyMigrations } from "../server/bootstrap/migrate.ts";

/**
 * The large-dataset benchmarks (bench/large-data.bench.ts) run in a child process whose
 * DATABASE_URL is the large file: the database client is one per process, and this one already
 * serves the demo benchmarks. Without the file, they are skipped with the command to build it.
 */
export async function runLargeDataBenchmarks(options: { scratchDir: string }) {
  const file = path.resolve(process.env.LARGE_DATABASE_FILE ?? "data/large.db");
  const shown = path.relative(process.cwd(), file) || file;
  if (!fs.existsSync(file)) {
    console.log(`\n## Large dataset benchmarks skipped: ${shown} does not exist.`);
    console.log("   Build it once with `npm run seed:large` (1,000,000 tickets, 3,000,000 messages; a few minutes),");
    console.log("   then run `npm run bench` again for the queue views, customers waiting, search and timeline on it.");
    return;
  }
  // The dataset may predate the latest migrations (new indexes): bring it up to date first.
  const started = Date.now();
  await applyMigrations(`file:${file}`);
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 15) console.log(`\n(${shown}: pending migrations applied in ${seconds.toFixed(0)} s)`);
  refreshPlannerStatistics(file);

  const dataDir = path.join(options.scratchDir, "large");
  fs.mkdirSync(dataDir, { recursive: true });
  const child = spawnSync(process.execPath, ["--import", "tsx", path.resolve("bench/large-data.bench.ts")], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: `file:${file}`,
      DATA_DIR: dataDir,
      // Query events are how the benchmark captures the SQL; nothing is that slow, so nothing prints.
      SLOW_QUERY_MS: "3600000",
      LOGIN_ATTEMPTS_PER_15_MIN: "1000",
      API_REQUESTS_PER_MINUTE: "1000000",
    },
  });
  if (child.status !== 0) throw new Error(`Large dataset benchmarks failed (exit code ${child.status}).`);
}

/**
 * seed:large runs ANALYZE; an index added by a later migration then has no statistics while its
 * neighbours do, and SQLite's planner takes it for the most selective one (it chose the new
 * "waiting" index for `status = ? ORDER BY updatedAt` and sorted 100,000 rows). Tables with an
 * index the statistics do not know are analyzed again, as `PRAGMA optimize` would in production.
 */
function refreshPlannerStatistics(file: string) {
  const sqlite = new Database(file);
  try {
    const analyzed = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'`).get();
    if (!analyzed) return;
    const tables = sqlite
      .prepare(
        `SELECT DISTINCT m.tbl_name FROM sqlite_master m
          WHERE m.type = 'index' AND m.tbl_name NOT LIKE 'search\\_%' ESCAPE '\\'
            AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.idx = m.name)`,
      )
      .pluck()
      .all() as string[];
    if (tables.length === 0) return;
    const started = Date.now();
    for (const table of tables) sqlite.exec(`ANALYZE "${table.replaceAll('"', '""')}"`);
    console.log(`\n(planner statistics refreshed for ${tables.join(", ")} in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    sqlite.close();
  }
}
