import { db } from "~/lib/db.server";
import { toFtsQuery } from "~/lib/search/sqlite-fts.server";
import { toAnyWordFtsQuery } from "~/lib/search/sqlite-knowledge-any-word.server";
import { matchKnowledge, type KnowledgeMatch } from "~/lib/search/sqlite-knowledge-fts.server";
import { excerpt, searchTerms, type ExcerptPart } from "~/domain/search/excerpt";
import { MAX_KNOWLEDGE_QUERY_LENGTH, recordSearchMiss } from "./knowledge-search.server";
import { publicArticlePath, suggestionWords, versionFor } from "./agent-suggestions";
import type { KnowledgeLanguage } from "./knowledge-vocabulary";

/**
 * The knowledge base in the agent's ticket page: the articles suggested for a ticket (its
 * subject and first customer message), and the composer's search box. Agents are staff: they
 * find published articles, public and internal (`audience: "staff"`), never drafts or archived
 * ones. Each article is offered once, in the customer's language when it has that version.
 */

export type AgentArticleSuggestion = {
  articleId: string;
  /** The language of the version offered: the customer's, or the only one the article has. */
  language: KnowledgeLanguage;
  title: string;
  summary: string;
  /** The summary, or the body around the first matched word, as parts (rendered as text). */
  excerpt: ExcerptPart[];
  /** Staff only: its link must never reach a customer. */
  internal: boolean;
  /** Where staff read it: the help centre's page (internal articles show there to signed-in staff only). */
  path: string;
  /** The article has no version in the customer's language: the other one is offered. */
  inOtherLanguage: boolean;
};

/** Suggested articles shown beside a ticket. */
export const TICKET_SUGGESTIONS = 5;
/** Results of the composer's search box. */
export const COMPOSER_SEARCH_RESULTS = 8;

/** The articles that may answer this ticket, best first. */
export async function suggestArticlesForTicket(input: {
  subject: string;
  firstCustomerMessage: string;
  customerLanguage: KnowledgeLanguage;
  take?: number;
}): Promise<AgentArticleSuggestion[]> {
  const words = suggestionWords(input.subject, input.firstCustomerMessage);
  const query = toAnyWordFtsQuery(words);
  if (!query) return [];
  const take = input.take ?? TICKET_SUGGESTIONS;
  // The subject says best what the ticket is about: articles matching its words come first, then
  // those matching the first message's. Both languages are searched (a French ticket may use the
  // English article's words), then each article is offered once.
  const subjectQuery = toAnyWordFtsQuery(suggestionWords(input.subject, ""));
  const options = { audience: "staff" as const, language: null, take: take * 4 };
  const matches = [...(subjectQuery ? await matchKnowledge(subjectQuery, options) : []), ...(await matchKnowledge(query, options))];
  return offerArticles(matches, searchTerms(words.join(" ")), input.customerLanguage, take);
}

/**
 * The composer's search: every word typed must match (the last one as a prefix, like the other
 * search boxes). A settled search that found nothing is counted under source "agent", so the
 * team sees what agents looked for in vain; a keystroke's prefix never is.
 */
export async function searchArticlesForAgent(input: {
  text: string;
  customerLanguage: KnowledgeLanguage;
  settled: boolean;
  take?: number;
  now?: Date;
}): Promise<AgentArticleSuggestion[]> {
  const text = input.text.slice(0, MAX_KNOWLEDGE_QUERY_LENGTH).trim();
  const query = toFtsQuery(text);
  if (!query) return [];
  const take = input.take ?? COMPOSER_SEARCH_RESULTS;
  const matches = await matchKnowledge(query, { audience: "staff", language: null, take: take * 2 });
  const results = await offerArticles(matches, searchTerms(text), input.customerLanguage, take);
  if (results.length === 0 && input.settled) {
    await recordSearchMiss({ text, language: input.customerLanguage, source: "agent", now: input.now });
  }
  return results;
}

/** One entry per matched article (in match order), in the customer's language when it exists; those come first. */
async function offerArticles(matches: KnowledgeMatch[], terms: string[], customerLanguage: KnowledgeLanguage, take: number): Promise<AgentArticleSuggestion[]> {
  const articleIds = [...new Set(matches.map((match) => match.articleId))];
  if (articleIds.length === 0) return [];
  const articles = await db().knowledgeArticle.findMany({
    // Checked again here: the article may have been unpublished since the index answered.
    where: { id: { in: articleIds }, state: "published" },
    select: {
      id: true,
      visibility: true,
      translations: { orderBy: { language: "asc" }, select: { language: true, title: true, slug: true, summary: true, bodyText: true } },
    },
  });
  const byId = new Map(articles.map((article) => [article.id, article]));
  const offered = articleIds.flatMap((articleId) => {
    const article = byId.get(articleId);
    const version = article ? versionFor(article.translations, customerLanguage) : null;
    if (!article || !version) return [];
    const summaryMatches = excerpt(version.summary, terms).some((part) => part.match);
    return [
      {
        articleId,
        language: version.language as KnowledgeLanguage,
        title: version.title,
        summary: version.summary,
        excerpt: excerpt(summaryMatches || !version.bodyText ? version.summary : version.bodyText, terms),
        internal: article.visibility === "internal",
        path: publicArticlePath(version.language, version.slug),
        inOtherLanguage: version.language !== customerLanguage,
      },
    ];
  });
  // Stable: the customer's language first, best match first within each.
  return [...offered.filter((entry) => !entry.inOtherLanguage), ...offered.filter((entry) => entry.inOtherLanguage)].slice(0, take);
}
