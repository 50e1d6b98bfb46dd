import { transactionWithEvents } from "~/domain/event-store.server";
import type { NotificationData } from "~/domain/notifications/notification-kinds";
import { db } from "~/lib/db.server";
import { isReviewDue, reviewDueAt } from "./review-reminders";

/**
 * Reminds authors of the articles due for review (review-reminders.ts), in their notification
 * bell, once per due date: the reminder claims the article by setting `reviewRemindedAt` where it
 * is still before the due date, in the same transaction as the notification, so overlapping scans
 * write one notification. Marking the article reviewed (markReviewed) moves the due date on and
 * clears the claim. Articles without an active author, or archived, are skipped.
 *
 * Returns the notifications written.
 */
export async function sendReviewReminders(input: { now: Date }): Promise<string[]> {
  const candidates = await db().knowledgeArticle.findMany({
    where: { reviewEveryMonths: { not: null }, state: { in: ["draft", "published"] }, author: { is: { active: true } } },
    orderBy: { id: "asc" },
    take: 1000,
    select: {
      id: true,
      state: true,
      authorId: true,
      reviewEveryMonths: true,
      lastReviewedAt: true,
      reviewRemindedAt: true,
      createdAt: true,
      translations: { select: { language: true, title: true } },
      author: { select: { locale: true } },
    },
  });
  const written: string[] = [];
  for (const article of candidates) {
    if (!article.authorId || !isReviewDue(article, input.now)) continue;
    const dueAt = reviewDueAt(article)!;
    if (article.reviewRemindedAt && article.reviewRemindedAt.getTime() >= dueAt.getTime()) continue;
    const authorId = article.authorId;
    const title = (article.translations.find((t) => t.language === article.author?.locale) ?? article.translations[0])?.title ?? "";
    const notificationId = await transactionWithEvents(async (tx, events) => {
      const claimed = await tx.knowledgeArticle.updateMany({
        where: { id: article.id, OR: [{ reviewRemindedAt: null }, { reviewRemindedAt: { lt: dueAt } }] },
        data: { reviewRemindedAt: input.now },
      });
      if (claimed.count === 0) return null;
      const data: NotificationData = { subject: title, knowledgeArticleId: article.id };
      const notification = await tx.notification.create({ data: { userId: authorId, kind: "knowledge_review", data: JSON.stringify(data) }, select: { id: true } });
      events.record("notification.created", { notificationId: notification.id, userId: authorId });
      return notification.id;
    });
    if (notificationId) written.push(notificationId);
  }
  return written;
}
