/**
 * Keeps the dashboard's service tallies close to the tickets (ADR 014): every minute, counts again
 * the tickets that changed since, so a report's own catch-up before it reads finds little to do.
 * Right after an upgrade that added the tallies, the first scan counts the whole history in the
 * background (about 90 s for 1,000,000 tickets) instead of the first manager's page view doing it.
 * Catch-ups are safe to run side by side (each change is counted once).
 */
import { bringServiceTalliesUpToDate } from "~/domain/reporting/service-tallies.server";
import { startPeriodicScan, type PeriodicScan } from "./periodic-scan.ts";

export type ServiceTalliesWorker = PeriodicScan<[]>;

export function startServiceTalliesWorker(options: { intervalMs?: number; firstRunDelayMs?: number } = {}): ServiceTalliesWorker {
  return startPeriodicScan({
    name: "service-tallies",
    intervalMs: options.intervalMs ?? 60_000,
    firstRunDelayMs: options.firstRunDelayMs ?? 5_000,
    scan: () => bringServiceTalliesUpToDate(),
  });
}
