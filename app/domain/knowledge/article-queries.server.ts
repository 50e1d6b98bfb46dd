import type { Prisma } from "~/generated/prisma/client";
import { canReadInternalNotes, visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { db } from "~/lib/db.server";
import { escapeHtml } from "~/lib/html-sanitizer.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import type { ArticleSnapshot } from "./articles.server";
import { searchKnowledge } from "./knowledge-search.server";
import { isReviewDue } from "./review-reminders";
import type { ArticleState, ArticleVisibility, KnowledgeLanguage } from "./knowledge-vocabulary";

/**
 * What the staff pages of the knowledge base read: the list of articles with its filters, an
 * article for editing, its history, and the figures the help centre and the agents' use recorded.
 * Writers see every state; other staff read published articles only.
 */

export type ArticleListFilters = {
  /** "archived" reads the archived articles; null: drafts and published ones. */
  state: ArticleState | null;
  visibility: ArticleVisibility | null;
  categoryId: string | null;
  language: KnowledgeLanguage | null;
  text: string;
  /** Writers see drafts and archived articles; readers published ones only. */
  writer: boolean;
  now?: Date;
};

const LIST_LIMIT = 200;

export async function listArticlesForStaff(filters: ArticleListFilters) {
  const now = filters.now ?? new Date();
  const where: Prisma.KnowledgeArticleWhereInput = {};
  if (!filters.writer) where.state = "published";
  else if (filters.state) where.state = filters.state;
  else where.state = { in: ["draft", "published"] };
  if (filters.visibility) where.visibility = filters.visibility;
  if (filters.categoryId) where.OR = [{ categoryId: filters.categoryId }, { category: { is: { parentId: filters.categoryId } } }];
  if (filters.language) where.translations = { some: { language: filters.language } };

  let order: string[] | null = null;
  const text = filters.text.trim();
  if (text) {
    if (where.state === "archived") {
      // Archived articles are out of the search index's audiences: their titles are read from the table.
      where.translations = { some: { ...(filters.language ? { language: filters.language } : {}), title: { contains: text } } };
    } else {
      const results = await searchKnowledge({ text, audience: filters.writer ? "authors" : "staff", language: filters.language, take: LIST_LIMIT });
      order = [...new Set(results.map((result) => result.articleId))];
      where.id = { in: order };
    }
  }

  const rows = await db().knowledgeArticle.findMany({
    where,
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: LIST_LIMIT,
    select: {
      id: true,
      state: true,
      visibility: true,
      reviewEveryMonths: true,
      lastReviewedAt: true,
      createdAt: true,
      updatedAt: true,
      author: { select: { name: true } },
      category: { select: { translations: { select: { language: true, name: true } } } },
      translations: { orderBy: { language: "desc" }, select: { language: true, title: true, slug: true } },
    },
  });
  if (order) {
    const rank = new Map(order.map((id, index) => [id, index]));
    rows.sort((left, right) => (rank.get(left.id) ?? 0) - (rank.get(right.id) ?? 0));
  }
  return rows.map((row) => ({
    id: row.id,
    state: row.state as ArticleState,
    visibility: row.visibility as ArticleVisibility,
    authorName: row.author?.name ?? null,
    categoryNames: row.category.translations,
    translations: row.translations,
    lastReviewedAt: row.lastReviewedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    reviewDue: isReviewDue({ ...row }, now),
  }));
}

export async function getArticleForEditing(articleId: string) {
  const article = await db().knowledgeArticle.findUnique({
    where: { id: articleId },
    select: {
      id: true,
      categoryId: true,
      state: true,
      visibility: true,
      reviewEveryMonths: true,
      lastReviewedAt: true,
      publishedAt: true,
      archivedAt: true,
      createdAt: true,
      updatedAt: true,
      version: true,
      author: { select: { name: true } },
      translations: { select: { language: true, title: true, slug: true, summary: true, bodyHtml: true } },
    },
  });
  if (!article) return null;
  return { ...article, reviewDue: isReviewDue(article, new Date()) };
}

/** The history of an article, newest first (without the snapshots). */
export async function listArticleVersions(articleId: string) {
  return db().knowledgeArticleVersion.findMany({
    where: { articleId },
    orderBy: { number: "desc" },
    select: { number: true, reason: true, restoredFrom: true, createdAt: true, author: { select: { name: true } } },
  });
}

/** One version of the history with its snapshot (bodies as they were sanitised when saved). */
export async function getArticleVersion(articleId: string, number: number) {
  const version = await db().knowledgeArticleVersion.findUnique({
    where: { articleId_number: { articleId, number } },
    select: { number: true, reason: true, restoredFrom: true, createdAt: true, snapshot: true, author: { select: { name: true } } },
  });
  if (!version) return null;
  const { snapshot, ...rest } = version;
  return { ...rest, snapshot: JSON.parse(snapshot) as ArticleSnapshot };
}

// ───────────────────────────── figures ─────────────────────────────

export const figurePeriods = [30, 90] as const;
export type FigurePeriod = (typeof figurePeriods)[number];

/** The first day (YYYY-MM-DD, workspace time zone) of the last `days` days, today included. */
export function firstDayOf(days: number, now: Date): string {
  const start = new Date(now.getTime() - (days - 1) * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: WORKSPACE_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(start);
}

function sinceInstant(days: number, now: Date) {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

/** One article's figures over the period: views, insertions, feedback (with the latest comments), deflections. */
export async function articleFigures(articleId: string, days: FigurePeriod, now = new Date()) {
  const since = sinceInstant(days, now);
  const [daily, useful, notUseful, comments, deflections] = await Promise.all([
    db().knowledgeArticleDailyFigure.aggregate({ where: { articleId, day: { gte: firstDayOf(days, now) } }, _sum: { views: true, insertions: true } }),
    db().knowledgeFeedback.count({ where: { articleId, useful: true, createdAt: { gte: since } } }),
    db().knowledgeFeedback.count({ where: { articleId, useful: false, createdAt: { gte: since } } }),
    db().knowledgeFeedback.findMany({
      where: { articleId, comment: { not: "" }, createdAt: { gte: since } },
      orderBy: { createdAt: "desc" },
      take: 5,
      select: { id: true, useful: true, comment: true, language: true, createdAt: true },
    }),
    db().knowledgeDeflection.count({ where: { articleId, createdAt: { gte: since } } }),
  ]);
  return {
    views: daily._sum.views ?? 0,
    insertions: daily._sum.insertions ?? 0,
    useful,
    notUseful,
    deflections,
    comments: comments.map((comment) => ({ ...comment, createdAt: comment.createdAt.toISOString() })),
  };
}

/**
 * The statistics page: every article with activity in the period, most viewed first, and the
 * searches that found nothing, most frequent first.
 */
export async function knowledgeStatistics(days: FigurePeriod, now = new Date()) {
  const since = sinceInstant(days, now);
  const [daily, feedback, deflections, misses, deflectionTotal] = await Promise.all([
    db().knowledgeArticleDailyFigure.groupBy({ by: ["articleId"], where: { day: { gte: firstDayOf(days, now) } }, _sum: { views: true, insertions: true } }),
    db().knowledgeFeedback.groupBy({ by: ["articleId", "useful"], where: { createdAt: { gte: since } }, _count: { _all: true } }),
    db().knowledgeDeflection.groupBy({ by: ["articleId"], where: { createdAt: { gte: since } }, _count: { _all: true } }),
    db().knowledgeSearchMiss.findMany({
      where: { lastSearchedAt: { gte: since } },
      orderBy: [{ count: "desc" }, { lastSearchedAt: "desc" }],
      take: 50,
      select: { id: true, query: true, language: true, source: true, count: true, lastSearchedAt: true },
    }),
    db().knowledgeDeflection.count({ where: { createdAt: { gte: since } } }),
  ]);
  type Line = { views: number; insertions: number; useful: number; notUseful: number; deflections: number };
  const lines = new Map<string, Line>();
  const line = (articleId: string) => {
    let found = lines.get(articleId);
    if (!found) lines.set(articleId, (found = { views: 0, insertions: 0, useful: 0, notUseful: 0, deflections: 0 }));
    return found;
  };
  for (const row of daily) Object.assign(line(row.articleId), { views: row._sum.views ?? 0, insertions: row._sum.insertions ?? 0 });
  for (const row of feedback) line(row.articleId)[row.useful ? "useful" : "notUseful"] = row._count._all;
  for (const row of deflections) line(row.articleId).deflections = row._count._all;

  const ids = [...lines.keys()];
  const articles = await db().knowledgeArticle.findMany({
    where: { id: { in: ids } },
    select: { id: true, state: true, visibility: true, translations: { orderBy: { language: "desc" }, select: { language: true, title: true } } },
  });
  const latestComments = await db().knowledgeFeedback.findMany({
    where: { articleId: { in: ids }, comment: { not: "" }, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, articleId: true, useful: true, comment: true, createdAt: true },
  });
  const rows = articles
    .map((article) => ({
      id: article.id,
      state: article.state,
      visibility: article.visibility,
      translations: article.translations,
      ...lines.get(article.id)!,
      comments: latestComments
        .filter((comment) => comment.articleId === article.id)
        .slice(0, 3)
        .map((comment) => ({ id: comment.id, useful: comment.useful, comment: comment.comment, createdAt: comment.createdAt.toISOString() })),
    }))
    .sort((left, right) => right.views - left.views || right.insertions - left.insertions || right.deflections - left.deflections);
  return {
    articles: rows,
    deflectionTotal,
    misses: misses.map((miss) => ({ ...miss, lastSearchedAt: miss.lastSearchedAt.toISOString() })),
  };
}

// ───────────────────────────── from a reply ─────────────────────────────

/** Plain text as article paragraphs: a blank line starts a paragraph, a line break stays one. */
export function paragraphsFromText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${paragraph.split("\n").map(escapeHtml).join("<br>")}</p>`)
    .join("");
}

/**
 * A new article prefilled from an agent's message: the ticket's subject as title, the message as
 * paragraphs, the customer's language. Null when the message does not exist or the viewer may not
 * read it (its ticket outside their rule, or an internal note they may not see).
 */
export async function articleDraftFromMessage(viewer: TicketViewer, messageId: string) {
  const message = await db().message.findFirst({
    where: { id: messageId, ticket: { is: await visibleTicketsWhere(viewer) } },
    select: { visibility: true, bodyText: true, ticket: { select: { subject: true, number: true, requester: { select: { language: true } } } } },
  });
  if (!message) return null;
  if (message.visibility !== "public" && !canReadInternalNotes(viewer)) return null;
  const language: KnowledgeLanguage = message.ticket.requester.language === "en" ? "en" : "fr";
  return { language, title: message.ticket.subject.slice(0, 200), bodyHtml: paragraphsFromText(message.bodyText), ticketNumber: message.ticket.number };
}
