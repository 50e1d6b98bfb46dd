/**
 * The SLA monitor: every minute, announces the SLA targets that came within their warning
 * window or went past their due date ("sla.warning" / "sla.breached" domain events, each once
 * per ticket, target and due date; see announceSlaDeadlines). Listeners turn them into
 * notifications and live updates.
 *
 * Runs in the process that runs the workers (the only one in the embedded mode).
 */
import { announceSlaDeadlines } from "~/domain/helpdesk/sla/sla.server";
import { startPeriodicScan, type PeriodicScan } from "./periodic-scan.ts";

export type SlaMonitor = PeriodicScan<[]>;

export function startSlaMonitor(options: { intervalMs?: number; firstRunDelayMs?: number } = {}): SlaMonitor {
  return startPeriodicScan({
    name: "sla-monitor",
    intervalMs: options.intervalMs ?? 60_000,
    firstRunDelayMs: options.firstRunDelayMs ?? 5_000,
    scan: async () => (await announceSlaDeadlines()).length,
  });
}
