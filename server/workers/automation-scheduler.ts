/**
 * The automation scheduler: every minute, runs the active time rules ("pending customer for 7
 * days → reminder", "unassigned for 2 business hours → notify the group"; see
 * app/domain/automations/time-rule-runs.server.ts). With several processes, the one that claims
 * the minute runs it; each ticket is acted on once per rule and period whatever happens.
 *
 * Runs in the process that runs the workers (the only one in the embedded mode).
 */
import { claimSchedulerMinute, runTimeRules } from "~/domain/automations/time-rule-runs.server";
import { startPeriodicScan, type PeriodicScan } from "./periodic-scan.ts";

export type AutomationScheduler = PeriodicScan<[now?: Date]>;

export function startAutomationScheduler(options: { intervalMs?: number; firstRunDelayMs?: number } = {}): AutomationScheduler {
  return startPeriodicScan({
    name: "automation-scheduler",
    intervalMs: options.intervalMs ?? 60_000,
    firstRunDelayMs: options.firstRunDelayMs ?? 9_000,
    scan: async (now: Date = new Date()) => {
      if (!(await claimSchedulerMinute(now))) return 0;
      const done = await runTimeRules(now);
      return done.filter((entry) => entry.result.outcome === "applied").length;
    },
  });
}
