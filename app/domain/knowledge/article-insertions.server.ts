import { knowledgeFigureDay } from "./figure-day";
import { db } from "~/lib/db.server";
import { publicArticlePath, versionFor } from "./agent-suggestions";
import type { KnowledgeLanguage } from "./knowledge-vocabulary";

/**
 * An agent inserting an article into a reply (its link or its text): what goes into the reply,
 * in the customer's language, and the article's « insérée dans une réponse » figure for the day.
 */

export type ArticleInsertion = {
  articleId: string;
  /** The version inserted: the requested language, or the only one the article has. */
  language: KnowledgeLanguage;
  title: string;
  /** The help centre's absolute address; null for an internal article, which no customer may open. */
  url: string | null;
  /** The article as plain text (what « Insérer le texte » puts into the reply). */
  text: string;
  /** The article's sanitised HTML, as stored. */
  html: string;
  internal: boolean;
};

/**
 * The article to insert, counted once more in today's insertions; null when the article does
 * not exist or is not published (a draft or an archived article is never inserted).
 */
export async function insertArticleIntoReply(input: {
  articleId: string;
  language: KnowledgeLanguage;
  /** The address the help centre is served at (env PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  now?: Date;
  timeZone?: string;
}): Promise<ArticleInsertion | null> {
  if (!input.articleId || input.articleId.length > 64) return null;
  const article = await db().knowledgeArticle.findFirst({
    where: { id: input.articleId, state: "published" },
    select: {
      id: true,
      visibility: true,
      translations: { orderBy: { language: "asc" }, select: { language: true, title: true, slug: true, bodyText: true, bodyHtml: true } },
    },
  });
  const version = article ? versionFor(article.translations, input.language) : null;
  if (!article || !version) return null;
  const day = knowledgeFigureDay(input.now ?? new Date(), input.timeZone);
  await db().knowledgeArticleDailyFigure.upsert({
    where: { articleId_day: { articleId: article.id, day } },
    create: { articleId: article.id, day, insertions: 1 },
    update: { insertions: { increment: 1 } },
  });
  const internal = article.visibility === "internal";
  return {
    articleId: article.id,
    language: version.language as KnowledgeLanguage,
    title: version.title,
    url: internal ? null : `${input.publicUrl.replace(/\/$/, "")}${publicArticlePath(version.language, version.slug)}`,
    text: version.bodyText,
    html: version.bodyHtml,
    internal,
  };
}
