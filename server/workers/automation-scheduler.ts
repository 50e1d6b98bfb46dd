/**
 * The automation scheduler: every minute, runs the active time rules ("pending customer for 7
 * days → reminder", "unassigned for 2 business hours → notify the group"; see
 * app/domain/automations/time-rule-runs.server.ts). With several processes, the one that claims
 * the minute runs it; each ticket is acted on once per rule and period whatever happens.
 *
 * Runs in the process that runs the workers (the only one in the embedded mode).
 */
import { claimSchedulerMinute, runTimeRules } from "~/domain/automations/time-rule-runs.server";

export type AutomationScheduler = { stop(): Promise<void>; runOnce(now?: Date): Promise<number> };

export function startAutomationScheduler(options: { intervalMs?: number; firstRunDelayMs?: number } = {}): AutomationScheduler {
  const intervalMs = options.intervalMs ?? 60_000;
  let running: Promise<number> | null = null;
  let stopped = false;

  const runOnce = (now: Date = new Date()): Promise<number> => {
    // One pass at a time in this process: a slow pass simply delays the next one.
    running ??= (async () => {
      if (!(await claimSchedulerMinute(now))) return 0;
      const done = await runTimeRules(now);
      return done.filter((entry) => entry.result.outcome === "applied").length;
    })()
      .catch((error: unknown) => {
        console.error("[automation-scheduler] pass failed", error);
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
  const first = setTimeout(tick, options.firstRunDelayMs ?? 9_000);
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
