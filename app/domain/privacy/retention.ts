import { z } from "zod";

/**
 * The retention period of solved tickets of inactive contacts (docs/gdpr.md « Conservation »):
 * pure rules shared by the Administration page, the daily job and their tests.
 */

export const RETENTION_MIN_MONTHS = 6;
export const RETENTION_MAX_MONTHS = 240;
/** Contacts anonymised per run at most; the rest go on the next run (the job stays short). */
export const RETENTION_BATCH = 200;
/** The job runs when the last run is older than this (about once a day, whenever the server was up). */
export const RETENTION_RUN_EVERY_MS = 20 * 60 * 60 * 1000;

/** Empty: off. Otherwise a whole number of months within the bounds. */
export const retentionFormSchema = z.object({
  months: z
    .string()
    .trim()
    .default("")
    .refine((value) => value === "" || (/^\d+$/.test(value) && Number(value) >= RETENTION_MIN_MONTHS && Number(value) <= RETENTION_MAX_MONTHS), "privacy.retention.invalid")
    .transform((value) => (value === "" ? null : Number(value))),
});

/**
 * The cutoff: `months` calendar months before `now` (UTC), the day clamped to the month's end
 * (31 March minus one month is 28 or 29 February, not 3 March).
 */
export function retentionCutoff(now: Date, months: number): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(targetYear, targetMonth, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
}

/** Whether the daily job is due: a period is set and the last run is old enough (or never happened). */
export function retentionRunDue(months: number | null, lastRunAt: Date | null, now: Date): boolean {
  if (months === null) return false;
  return lastRunAt === null || now.getTime() - lastRunAt.getTime() >= RETENTION_RUN_EVERY_MS;
}

/** Between 1:00 and 5:59 in the workspace's time zone: when long maintenance may hold the database. */
export function isNightTime(now: Date, timeZone: string): boolean {
  const hour = Number(new Intl.DateTimeFormat("en-GB", { hour: "numeric", hourCycle: "h23", timeZone }).format(now));
  return hour >= 1 && hour < 6;
}
