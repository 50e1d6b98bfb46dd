/**
 * GDPR retention: once a day (checked every hour, so a server restarted at night still runs it),
 * anonymises the contacts past the retention period set in Administration › RGPD / Conservation,
 * and finishes any erasure a crash interrupted (docs/gdpr.md).
 *
 * Runs in the process that runs the workers (the only one in the embedded mode).
 */
import { runRetentionIfDue } from "~/domain/privacy/retention.server";
import { startPeriodicScan, type PeriodicScan } from "./periodic-scan.ts";

export type RetentionWorker = PeriodicScan<[now?: Date]>;

export function startRetentionWorker(options: { intervalMs?: number; firstRunDelayMs?: number } = {}): RetentionWorker {
  return startPeriodicScan({
    name: "retention",
    intervalMs: options.intervalMs ?? 60 * 60 * 1000,
    firstRunDelayMs: options.firstRunDelayMs ?? 60_000,
    scan: async (now: Date = new Date()) => runRetentionIfDue(now),
  });
}
