import { db } from "~/lib/db.server";
import { toFtsQuery } from "~/lib/search/sqlite-fts.server";
import { matchKnowledge, type KnowledgeAudience } from "~/lib/search/sqlite-knowledge-fts.server";
import { excerpt, searchTerms, type ExcerptPart } from "~/domain/search/excerpt";
import type { KnowledgeLanguage, KnowledgeSearchSource } from "./knowledge-vocabulary";

/**
 * Searching the knowledge base: the help centre (search as you type), the request form and the
 * portal (deflection), the agent's ticket page (suggestions). The index is the knowledge base's
 * own (sqlite-knowledge-fts.server.ts), never the workspace search: nothing but article text can
 * be found here. `audience` says which articles the searcher may see.
 */

export const MAX_KNOWLEDGE_QUERY_LENGTH = 200;

export type KnowledgeSearchResult = {
  articleId: string;
  language: KnowledgeLanguage;
  title: string;
  slug: string;
  summary: string;
  visibility: string;
  categoryId: string;
  /** The summary, or the body around the first matched word, as parts (the UI renders text, never HTML). */
  excerpt: ExcerptPart[];
  /** The title with the matched words marked. */
  titleParts: ExcerptPart[];
};

export async function searchKnowledge(input: {
  text: string;
  audience: KnowledgeAudience;
  /** The searcher's language: its versions only (null: both languages). */
  language: KnowledgeLanguage | null;
  take?: number;
}): Promise<KnowledgeSearchResult[]> {
  const text = input.text.slice(0, MAX_KNOWLEDGE_QUERY_LENGTH);
  const query = toFtsQuery(text);
  if (!query) return [];
  const matches = await matchKnowledge(query, { audience: input.audience, language: input.language, take: input.take ?? 10 });
  if (matches.length === 0) return [];
  const rows = await db().knowledgeArticleTranslation.findMany({
    where: { id: { in: matches.map((match) => match.translationId) } },
    select: {
      id: true,
      articleId: true,
      language: true,
      title: true,
      slug: true,
      summary: true,
      bodyText: true,
      article: { select: { visibility: true, categoryId: true } },
    },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const terms = searchTerms(text);
  return matches.flatMap((match) => {
    const row = byId.get(match.translationId);
    if (!row) return [];
    const summaryMatches = excerpt(row.summary, terms).some((part) => part.match);
    return [
      {
        articleId: row.articleId,
        language: row.language as KnowledgeLanguage,
        title: row.title,
        slug: row.slug,
        summary: row.summary,
        visibility: row.article.visibility,
        categoryId: row.article.categoryId,
        excerpt: excerpt(summaryMatches || !row.bodyText ? row.summary : row.bodyText, terms),
        titleParts: excerpt(row.title, terms, 400),
      },
    ];
  });
}

/**
 * The form of a query that misses are counted under: lower case, accents folded, spaces
 * collapsed, so "Étiquette  imprimante" and "etiquette imprimante" are one line of the list.
 */
export function normaliseMissedQuery(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@.'-]+/gu, " ")
    .trim()
    .replace(/\s+/g, " ")
    .slice(0, MAX_KNOWLEDGE_QUERY_LENGTH);
}

/**
 * Counts a search that found nothing. Callers record settled queries only (a submitted search,
 * or a search-as-you-type request the browser marks as settled after a pause), never each
 * keystroke's prefix.
 */
export async function recordSearchMiss(input: { text: string; language: KnowledgeLanguage; source: KnowledgeSearchSource; now?: Date }): Promise<void> {
  const query = normaliseMissedQuery(input.text);
  if ([...query].length < 3) return;
  const now = input.now ?? new Date();
  await db().knowledgeSearchMiss.upsert({
    where: { query_language_source: { query, language: input.language, source: input.source } },
    create: { query, language: input.language, source: input.source, firstSearchedAt: now, lastSearchedAt: now },
    update: { count: { increment: 1 }, lastSearchedAt: now },
  });
}
