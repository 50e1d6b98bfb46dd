/**
 * When an article is due for review: `reviewEveryMonths` calendar months after it was last
 * reviewed (written, or marked reviewed). Pure, so the list's "à relire" badge and the reminder
 * worker agree.
 */

export function reviewDueAt(article: { reviewEveryMonths: number | null; lastReviewedAt: Date | null; createdAt: Date }): Date | null {
  if (!article.reviewEveryMonths) return null;
  const from = article.lastReviewedAt ?? article.createdAt;
  const due = new Date(from);
  const day = due.getUTCDate();
  due.setUTCDate(1);
  due.setUTCMonth(due.getUTCMonth() + article.reviewEveryMonths);
  // 31 August + 6 months is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(day, lastDay));
  return due;
}

export function isReviewDue(article: { reviewEveryMonths: number | null; lastReviewedAt: Date | null; createdAt: Date; state: string }, now: Date): boolean {
  if (article.state === "archived") return false;
  const due = reviewDueAt(article);
  return due !== null && due.getTime() <= now.getTime();
}
