/**
 * GDPR access archives: builds the requested archives (mailing the link for portal requests) and
 * deletes those past their expiry, every 10 seconds. A request left pending by a crash is simply
 * built by the next scan: an archive is written under a temporary name and only then marked ready.
 */
import { buildPendingPersonalDataExports, purgeExpiredPersonalDataExports } from "~/domain/privacy/personal-data-exports.server";
import { startPeriodicScan, type PeriodicScan } from "./periodic-scan.ts";

export type PersonalDataExportsWorker = PeriodicScan<[now?: Date]>;

export function startPersonalDataExportsWorker(options: { intervalMs?: number; firstRunDelayMs?: number } = {}): PersonalDataExportsWorker {
  return startPeriodicScan({
    name: "personal-data-exports",
    intervalMs: options.intervalMs ?? 10_000,
    firstRunDelayMs: options.firstRunDelayMs ?? 9_000,
    scan: async (now: Date = new Date()) => (await buildPendingPersonalDataExports(now)) + (await purgeExpiredPersonalDataExports(now)),
  });
}
