/**
 * `npm test`: the whole suite, in order: system packages (Dovecot, Chromium), build,
 * typecheck, vitest (unit + integration against real SQLite, Dovecot and SMTP), then
 * Playwright in Debian's Chromium. Stops at the first failing stage; ends with one summary line.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureTestSystemPackages } from "../tests/support/system-packages.ts";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
fs.mkdirSync(results, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function stage(title: string, command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`\n✗ ${title} failed after ${seconds} s`);
    process.exit(run.status ?? 1);
  }
  console.log(`✓ ${title} (${seconds} s)`);
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

try {
  const found = ensureTestSystemPackages();
  process.env.CHROMIUM_PATH ??= found.chromium;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

stage("Prisma client", bin("prisma"), ["generate"]);
stage("Build", bin("remix"), ["vite:build", "--logLevel", "warn"]);
stage("Typecheck", bin("tsc"), ["--noEmit"]);
const vitestReport = path.join(results, "vitest.json");
stage("Unit and integration tests (vitest)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
const playwrightReport = path.join(results, "playwright.json");
stage("Browser tests (Playwright + Chromium)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport });

const vitest = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(vitestReport);
const playwright = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>(playwrightReport);
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats.expected ?? 0) + (playwright?.stats.flaky ?? 0);
const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats.unexpected ?? 0);
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats.skipped ?? 0);
console.log(`\nvitest: ${vitest?.numPassedTests ?? 0} passed · playwright: ${playwright?.stats.expected ?? 0} passed`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || skipped > 0 ? 1 : 0);
