/**
 * Sales reminders: every minute, puts in the owner's notification bell the appointments about to
 * start (15 minutes before by default) and the to-dos now due, once each (see
 * sendActivityReminders: the claim on Activity.remindedAt makes overlapping scans harmless).
 *
 * Runs in the process that runs the workers (the only one in the embedded mode).
 */
import { sendActivityReminders } from "~/domain/sales/activity-reminders.server";
import { APPOINTMENT_REMINDER_MINUTES } from "~/domain/sales/activity-time";
import { startPeriodicScan, type PeriodicScan } from "./periodic-scan.ts";

export type ActivityReminders = PeriodicScan<[now?: Date]>;

export function startActivityReminders(options: { intervalMs?: number; firstRunDelayMs?: number; leadMinutes?: number } = {}): ActivityReminders {
  const leadMinutes = options.leadMinutes ?? APPOINTMENT_REMINDER_MINUTES;
  return startPeriodicScan({
    name: "activity-reminders",
    intervalMs: options.intervalMs ?? 60_000,
    firstRunDelayMs: options.firstRunDelayMs ?? 7_000,
    scan: async (now: Date = new Date()) => (await sendActivityReminders({ now, leadMinutes })).length,
  });
}
