import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { templateDatabase, testRunDir } from "./paths.ts";

/**
 * Per test file: its own copy of the migrated database and its own data folder, so files never
 * see each other's rows. Any console.error a test did not expect fails it.
 */
const fileId = crypto.randomBytes(6).toString("hex");
const dataDir = path.join(testRunDir, `data-${fileId}`);
fs.mkdirSync(dataDir, { recursive: true });
fs.copyFileSync(process.env.COMPTOIR_TEST_TEMPLATE_DB ?? templateDatabase, path.join(dataDir, "comptoir.db"));

process.env.NODE_ENV = "test";
process.env.DATA_DIR = dataDir;
process.env.DATABASE_URL = `file:${path.join(dataDir, "comptoir.db")}`;
process.env.BCRYPT_COST ??= "4";
process.env.SLOW_QUERY_MS = "0";

// Forked workers are reused across files: drop what a previous file cached on globalThis.
const globalStore = globalThis as Record<symbol, unknown>;
for (const key of ["comptoir.environment", "comptoir.database", "comptoir.domainEvents", "comptoir.rateLimiters", "comptoir.notificationListeners"]) {
  delete globalStore[Symbol.for(key)];
}

let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  if (consoleErrors.length > 0) {
    const first = consoleErrors[0].map((part) => (part instanceof Error ? part.stack : String(part))).join(" ");
    throw new Error(`Unexpected console.error during the test (${consoleErrors.length}): ${first}`);
  }
});

/** Lets a test declare the console.error it expects, so the guard above lets it through. */
export function expectConsoleErrors(): unknown[][] {
  const seen = consoleErrors;
  consoleErrors = [];
  return seen;
}

afterAll(async () => {
  const { disconnectDatabase } = await import("~/lib/db.server");
  await disconnectDatabase();
});
