/**
 * The SLA monitor: every minute, announces the SLA targets that came within their warning
 * window or went past their due date ("sla.warning" / "sla.breached" domain events, each once
 * per ticket, target and due date; see announceSlaDeadlines). Listeners turn them into
 * notifications and live updates.
 *
 * Runs in the process that runs the workers (the only one in the embedded mode).
 */
import { announceSlaDeadlines } from "~/domain/helpdesk/sla/sla.server";

export type SlaMonitor = { stop(): Promise<void>; runOnce(): Promise<number> };

export function startSlaMonitor(options: { intervalMs?: number; firstRunDelayMs?: number } = {}): SlaMonitor {
  const intervalMs = options.intervalMs ?? 60_000;
  let running: Promise<number> | null = null;
  let stopped = false;

  const runOnce = (): Promise<number> => {
    // Never two scans at once: a slow scan simply delays the next one.
    running ??= announceSlaDeadlines()
      .then((announced) => announced.length)
      .catch((error: unknown) => {
        console.error("[sla-monitor] scan failed", error);
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const tick = () => {
    if (!stopped) void runOnce();
  };
  const first = setTimeout(tick, options.firstRunDelayMs ?? 5_000);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      if (running) await running;
    },
  };
}
