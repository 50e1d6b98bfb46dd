/**
 * `npm run bench`: starts the production build on a scratch demo database and prints each
 * benchmark as a ratio to a baseline measured in the same run.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { cookiesFrom, useScratchWorkspace, type BenchContext } from "./context.ts";
import { runLargeDataBenchmarks } from "./large-data.ts";
import { benchApiTicketList } from "./api.bench.ts";
import { benchRealtime } from "./realtime.bench.ts";
import { benchSupportPage } from "./support-page.bench.ts";
import { benchWebForm } from "./web-form.bench.ts";
import { benchWebhooks } from "./webhooks.bench.ts";
import { benchCampaignSend } from "./campaign-send.bench.ts";

const { dataDir, databaseUrl } = useScratchWorkspace({
  LOGIN_ATTEMPTS_PER_15_MIN: "1000",
  // The form bench sends thousands of requests from one address: lift the form's rate limits.
  WEB_FORM_PER_IP_PER_HOUR: "1000000",
  WEB_FORM_PER_EMAIL_PER_HOUR: "1000000",
  // The API bench sends hundreds of requests a minute with one token.
  API_REQUESTS_PER_MINUTE: "1000000",
});

const { applyMigrations } = await import("../server/bootstrap/migrate.ts");
const { seedDemoIfEmpty } = await import("../server/bootstrap/demo.ts");
const { createAppServer } = await import("../server/app-server.ts");
const { databaseReady, disconnectDatabase } = await import("~/lib/db.server");

if (!fs.existsSync(path.resolve("build/server/index.js"))) {
  console.error("No production build: run `npm run build` first (npm run bench does it for you).");
  process.exit(1);
}

await applyMigrations(databaseUrl);
await databaseReady();
await seedDemoIfEmpty();
const server = await createAppServer({ mode: "production", publicUrl: "http://127.0.0.1" });
const port = await server.listen(0, "127.0.0.1");
const appUrl = `http://127.0.0.1:${port}`;

const context: BenchContext = {
  appUrl,
  dataDir,
  async signIn(email, password) {
    const page = await fetch(`${appUrl}/connexion`);
    let cookie = cookiesFrom(page);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const response = await fetch(`${appUrl}/connexion`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: appUrl },
      body: new URLSearchParams({ csrf, email, password }),
    });
    if (response.status !== 302) throw new Error(`Sign-in as ${email} failed: HTTP ${response.status}`);
    cookie = cookiesFrom(response, cookie);
    return cookie;
  },
};

/** In its own process: its own scratch database and Dovecot (the database client is one per process). */
function runEmailIngestionBenchmark() {
  const child = spawnSync(process.execPath, ["--import", "tsx", path.resolve("bench/email-ingestion.bench.ts")], { stdio: "inherit", env: process.env });
  if (child.status !== 0) throw new Error(`Email ingestion benchmark failed (exit code ${child.status}).`);
}

/** In its own process: its own scratch database (100,000 rows imported, then the same rows inserted bare). */
function runImportBenchmark() {
  const child = spawnSync(process.execPath, ["--import", "tsx", path.resolve("bench/import.bench.ts")], { stdio: "inherit", env: process.env });
  if (child.status !== 0) throw new Error(`Import benchmark failed (exit code ${child.status}).`);
}

/** In its own process: its own scratch database with 5,000 published articles in French and English. */
function runHelpCentreBenchmark() {
  const child = spawnSync(process.execPath, ["--import", "tsx", path.resolve("bench/help-centre.bench.ts")], { stdio: "inherit", env: process.env });
  if (child.status !== 0) throw new Error(`Help centre benchmark failed (exit code ${child.status}).`);
}

/** In its own process on the large dataset, which it only reads (skipped when the file is missing, as the large-data benchmarks say). */
function runSegmentBenchmark() {
  const file = path.resolve(process.env.LARGE_DATABASE_FILE ?? "data/large.db");
  if (!fs.existsSync(file)) return;
  const child = spawnSync(process.execPath, ["--import", "tsx", path.resolve("bench/segments.bench.ts")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${file}`, DATA_DIR: path.join(dataDir, "segments"), SLOW_QUERY_MS: "3600000" },
  });
  if (child.status !== 0) throw new Error(`Segment benchmark failed (exit code ${child.status}).`);
}

/** In its own process on the large dataset, which it only reads: 200,000 contacts exported as CSV. */
function runContactExportBenchmark() {
  const file = path.resolve(process.env.LARGE_DATABASE_FILE ?? "data/large.db");
  if (!fs.existsSync(file)) return;
  const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", path.resolve("bench/contact-export.bench.ts")], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${file}`, DATA_DIR: path.join(dataDir, "contact-export"), SLOW_QUERY_MS: "3600000" },
  });
  if (child.status !== 0) throw new Error(`Contact export benchmark failed (exit code ${child.status}).`);
}

console.log(`# Comptoir benchmarks (${new Date().toISOString()}, Node ${process.version})`);
try {
  await benchSupportPage(context);
  await benchWebForm(context);
  await benchRealtime(context);
  await benchApiTicketList({ appUrl, email: "tech@comptoir.test", label: "demo workspace" });
  await benchWebhooks();
  await benchCampaignSend();
  runEmailIngestionBenchmark();
  runImportBenchmark();
  runHelpCentreBenchmark();
  await runLargeDataBenchmarks({ scratchDir: dataDir });
  runSegmentBenchmark();
  runContactExportBenchmark();
} finally {
  await server.close();
  await disconnectDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
