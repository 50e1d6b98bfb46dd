import fs from "node:fs";
import { applyMigrations } from "../../server/bootstrap/migrate.ts";
import { projectRoot, templateDatabase, testRunDir } from "./paths.ts";

/**
 * Runs once before all test files: migrates a template database that each test file copies
 * (a fresh, migrated SQLite file per file, in milliseconds).
 */
export default async function globalSetup() {
  fs.rmSync(testRunDir, { recursive: true, force: true });
  fs.mkdirSync(testRunDir, { recursive: true });
  await applyMigrations(`file:${templateDatabase}`, projectRoot);
  process.env.COMPTOIR_TEST_TEMPLATE_DB = templateDatabase;
  process.env.BCRYPT_COST = "4";
}
