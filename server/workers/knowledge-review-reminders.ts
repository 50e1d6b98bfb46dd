/**
 * Knowledge-base review reminders: every hour, puts in an author's notification bell the articles
 * whose review period has passed, once per due date (see sendReviewReminders).
 *
 * Runs in the process that runs the workers (the only one in the embedded mode).
 */
import { sendReviewReminders } from "~/domain/knowledge/review-reminders.server";
import { startPeriodicScan, type PeriodicScan } from "./periodic-scan.ts";

export type KnowledgeReviewReminders = PeriodicScan<[now?: Date]>;

export function startKnowledgeReviewReminders(options: { intervalMs?: number; firstRunDelayMs?: number } = {}): KnowledgeReviewReminders {
  return startPeriodicScan({
    name: "knowledge-review-reminders",
    intervalMs: options.intervalMs ?? 60 * 60_000,
    firstRunDelayMs: options.firstRunDelayMs ?? 20_000,
    scan: async (now: Date = new Date()) => (await sendReviewReminders({ now })).length,
  });
}
