/**
 * Sales reminders: every minute, puts in the owner's notification bell the appointments about to
 * start (15 minutes before by default) and the to-dos now due, once each (see
 * sendActivityReminders: the claim on Activity.remindedAt makes overlapping scans harmless).
 *
 * Runs in the process that runs the workers (the only one in the embedded mode).
 */
import { sendActivityReminders } from "~/domain/sales/activity-reminders.server";
import { APPOINTMENT_REMINDER_MINUTES } from "~/domain/sales/activity-time";

export type ActivityReminders = { stop(): Promise<void>; runOnce(now?: Date): Promise<number> };

export function startActivityReminders(options: { intervalMs?: number; firstRunDelayMs?: number; leadMinutes?: number } = {}): ActivityReminders {
  const intervalMs = options.intervalMs ?? 60_000;
  const leadMinutes = options.leadMinutes ?? APPOINTMENT_REMINDER_MINUTES;
  let running: Promise<number> | null = null;
  let stopped = false;

  const runOnce = (now: Date = new Date()): Promise<number> => {
    // One scan at a time in this process: a slow scan simply delays the next one.
    running ??= sendActivityReminders({ now, leadMinutes })
      .then((written) => written.length)
      .catch((error: unknown) => {
        console.error("[activity-reminders] scan failed", error);
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
  const first = setTimeout(tick, options.firstRunDelayMs ?? 7_000);
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
