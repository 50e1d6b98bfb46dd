import { transactionWithEvents } from "~/domain/event-store.server";
import type { NotificationData } from "~/domain/notifications/notification-kinds";
import { db } from "~/lib/db.server";
import { APPOINTMENT_REMINDER_MINUTES, isAllDay, reminderCandidateWindow, reminderIsDue } from "./activity-time";

/**
 * Reminders in the owner's notification bell: an appointment `leadMinutes` before it starts, a
 * to-do (task, call, e-mail not done) when it is due (09:00 for one due "in the day"). Each
 * activity is reminded once: the reminder claims the activity by setting `remindedAt` where it
 * is still empty, in the same transaction as the notification, so two scans running at once
 * (two ticks, two processes) write one notification. Moving an activity clears `remindedAt`
 * (activity-commands.server.ts): it is reminded again at its new time.
 *
 * `now` is passed in, so tests drive the clock. Returns the notifications written.
 */
export async function sendActivityReminders(input: { now: Date; leadMinutes?: number }): Promise<string[]> {
  const leadMinutes = input.leadMinutes ?? APPOINTMENT_REMINDER_MINUTES;
  const window = reminderCandidateWindow(input.now, leadMinutes);
  const candidates = await db().activity.findMany({
    where: { doneAt: null, remindedAt: null, startsAt: { gt: window.from, lte: window.to }, owner: { active: true } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, kind: true, subject: true, startsAt: true, ownerId: true },
  });
  const written: string[] = [];
  for (const activity of candidates) {
    if (!reminderIsDue(activity, input.now, leadMinutes)) continue;
    const notificationId = await transactionWithEvents(async (tx, events) => {
      const claimed = await tx.activity.updateMany({ where: { id: activity.id, remindedAt: null, doneAt: null }, data: { remindedAt: input.now } });
      if (claimed.count === 0) return null;
      const data: NotificationData = {
        subject: activity.subject,
        activityKind: activity.kind,
        startsAt: activity.startsAt.toISOString(),
        allDay: isAllDay(activity),
      };
      const notification = await tx.notification.create({
        data: { userId: activity.ownerId, kind: "activity_reminder", activityId: activity.id, data: JSON.stringify(data) },
        select: { id: true },
      });
      events.record("notification.created", { notificationId: notification.id, userId: activity.ownerId });
      return notification.id;
    });
    if (!notificationId) continue;
    written.push(notificationId);
  }
  return written;
}
