/**
 * Process entry: validates the configuration, migrates the embedded database, seeds the demo
 * workspace on first run, then serves Remix and Socket.IO on one port.
 */
import "~/lib/load-context";
import { isDemoWorkspace } from "~/domain/workspace.server";
import { needsFirstAdmin } from "~/domain/identity/users.server";
import { purgeEndedSessions } from "~/domain/identity/sessions.server";
import { databaseReady, disconnectDatabase, optimizeDatabase } from "~/lib/db.server";
import { SQLITE_OPTIMIZE_EVERY_MS } from "~/lib/sqlite.server";
import { env } from "~/lib/env.server";
import { createAppServer } from "./app-server.ts";
import { demoLogins, DEMO_PASSWORD, seedDemoIfEmpty } from "./bootstrap/demo.ts";
import { applyMigrations } from "./bootstrap/migrate.ts";
import { startImapPoller } from "./workers/imap-poller.ts";
import { startOutboxSender } from "./workers/outbox-sender.ts";
import { startActivityReminders } from "./workers/activity-reminders.ts";
import { startKnowledgeReviewReminders } from "./workers/knowledge-review-reminders.ts";
import { startPersonalDataExportsWorker } from "./workers/personal-data-exports.ts";
import { startSlaMonitor } from "./workers/sla-monitor.ts";
import { startAutomationScheduler } from "./workers/automation-scheduler.ts";
import { startServiceTalliesWorker } from "./workers/service-tallies.ts";
import { startWeeklyReportWorker } from "./workers/weekly-report.ts";
import { startWebhookSender } from "./workers/webhook-sender.ts";
import { startCampaignSender } from "./workers/campaign-sender.ts";
import { startImportRunner } from "./workers/import-runner.ts";
import { startRetentionWorker } from "./workers/retention.ts";

async function main() {
  const config = env();
  const production = config.NODE_ENV === "production";

  await applyMigrations(config.DATABASE_URL);
  await databaseReady();
  // Planner statistics for the indexes a migration may just have added (docs/benchmarks.md, finding 1).
  await optimizeDatabase("start");
  if (config.COMPTOIR_DEMO) {
    const { seeded } = await seedDemoIfEmpty();
    if (seeded) console.log("[comptoir] demo workspace created");
  }
  await purgeEndedSessions();

  const server = await createAppServer({
    mode: production ? "production" : "development",
    publicUrl: config.PUBLIC_URL,
    trustProxy: process.env.TRUST_PROXY === "true" ? true : (process.env.TRUST_PROXY ?? false),
  });
  const port = await server.listen(config.PORT, config.HOST);

  const url = config.PUBLIC_URL.replace(`:${config.PORT}`, `:${port}`);
  console.log(`\n  Comptoir is running on ${url}  (${production ? "production" : "development"}, data in ${config.dataDir})\n`);
  if (await isDemoWorkspace()) {
    console.log(`  Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const login of demoLogins) console.log(`    ${login.email.padEnd(28)} ${login.role}`);
    console.log("");
  } else if (await needsFirstAdmin()) {
    console.log(`  No administrator yet: open ${url}/premier-demarrage to create the first one.\n`);
  }

  const purgeTimer = setInterval(() => void purgeEndedSessions(), 24 * 60 * 60 * 1000);
  purgeTimer.unref();
  const optimizeTimer = setInterval(() => {
    optimizeDatabase("periodic").catch((error: unknown) => console.error("[db] PRAGMA optimize failed:", error));
  }, SQLITE_OPTIMIZE_EVERY_MS);
  optimizeTimer.unref();

  // Email channel: IMAP mailboxes in, the outbox out (docs/email.md).
  const emailWorkers = [startImapPoller(), startOutboxSender()];
  // SLA: announces warnings and breaches every minute (server/workers/sla-monitor.ts).
  const slaMonitor = startSlaMonitor();
  // Sales: appointment and to-do reminders in the owners' bells (server/workers/activity-reminders.ts).
  const activityReminders = startActivityReminders();
  // Knowledge base: articles due for review put in their authors' bells (server/workers/knowledge-review-reminders.ts).
  const knowledgeReviewReminders = startKnowledgeReviewReminders();
  // Automations: time rules every minute, one process per minute (server/workers/automation-scheduler.ts).
  const automationScheduler = startAutomationScheduler();
  // Webhooks: signed deliveries to the endpoints of Administration › Webhooks (docs/webhooks.md).
  const webhookSender = startWebhookSender();
  // Reporting: the Monday report to its subscribers, from 07:30 workspace time (server/workers/weekly-report.ts).
  const weeklyReport = startWeeklyReportWorker();
  // Reporting: the service tallies brought up to date in the background (server/workers/service-tallies.ts).
  const serviceTallies = startServiceTalliesWorker();
  // Marketing: scheduled campaigns launched when due, recipients mailed exactly once at each campaign's rate (docs/marketing.md).
  const campaignSender = startCampaignSender();
  // Imports: queued files applied in batches, resumed after a restart without a row twice (docs/import-export.md).
  const importRunner = startImportRunner();
  // GDPR: access archives built in the background, deleted when they expire (docs/gdpr.md).
  const personalDataExports = startPersonalDataExportsWorker();
  // GDPR: the daily retention run, and erasures a crash interrupted finished (server/workers/retention.ts, docs/gdpr.md).
  const retention = startRetentionWorker();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[comptoir] ${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await slaMonitor.stop();
    await activityReminders.stop();
    await knowledgeReviewReminders.stop();
    await automationScheduler.stop();
    await webhookSender.stop();
    await weeklyReport.stop();
    await serviceTallies.stop();
    await campaignSender.stop();
    await importRunner.stop();
    await personalDataExports.stop();
    await retention.stop();
    await Promise.all(emailWorkers.map((worker) => worker.stop()));
    await server.close();
    await disconnectDatabase();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
