import fs from "node:fs";
import { applyMigrations } from "../../server/bootstrap/migrate.ts";
import path from "node:path";
import { projectRoot, templateDatabase, testRunDir, testRunsRoot } from "./paths.ts";

/**
 * Runs once before all test files: migrates a template database that each test file copies
 * (a fresh, migrated SQLite file per file, in milliseconds).
 */
export default async function globalSetup() {
  removeFinishedRuns();
  fs.mkdirSync(testRunDir, { recursive: true });
  process.env.COMPTOIR_TEST_RUN_DIR = testRunDir;
  await applyMigrations(`file:${templateDatabase}`, projectRoot);
  process.env.COMPTOIR_TEST_TEMPLATE_DB = templateDatabase;
  process.env.BCRYPT_COST = "4";
}

function removeFinishedRuns() {
  if (!fs.existsSync(testRunsRoot)) return;
  for (const entry of fs.readdirSync(testRunsRoot)) {
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(testRunsRoot, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
