/**
 * The Monday report: every five minutes, sends the dashboard summary of the week that ended to
 * the subscribers who have not had it yet, from Monday 07:30 in the workspace's time zone
 * (app/domain/reporting/weekly-report.server.ts). Sending is idempotent per user and ISO week, so
 * a restart or an overlapping scan never sends a report twice, and a worker that was down on
 * Monday morning catches up when it is back (until the next Monday's report replaces it).
 *
 * Runs in the process that runs the workers (the only one in the embedded mode).
 */
import { sendDueWeeklyReports } from "~/domain/reporting/weekly-report.server";
import { startPeriodicScan, type PeriodicScan } from "./periodic-scan.ts";

export type WeeklyReportWorker = PeriodicScan<[now?: Date]>;

export function startWeeklyReportWorker(options: { intervalMs?: number; firstRunDelayMs?: number } = {}): WeeklyReportWorker {
  return startPeriodicScan({
    name: "weekly-report",
    intervalMs: options.intervalMs ?? 5 * 60_000,
    firstRunDelayMs: options.firstRunDelayMs ?? 20_000,
    scan: async (now: Date = new Date()) => (await sendDueWeeklyReports(now)).filter((outcome) => outcome.sent).length,
  });
}
