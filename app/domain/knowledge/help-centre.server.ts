import { knowledgeFigureDay } from "./figure-day";
import { db } from "~/lib/db.server";
import { addArticleView } from "~/lib/sqlite-knowledge-figures.server";
import { searchKnowledge } from "./knowledge-search.server";
import type { DeflectionChannel, KnowledgeLanguage } from "./knowledge-vocabulary";

/**
 * The read side of the public help centre (/aide): the category tree, a category's articles, an
 * article by language and slug with the rules of who may read it, related articles, the sitemap,
 * and the readers' counters (views, feedback, deflections). Public means published and public;
 * a published internal article is shown to signed-in staff only; a draft is never shown here.
 */

/** Who is reading: staff (read:knowledge) also see published internal articles. */
export type HelpCentreReader = { staff: boolean };

const publicArticle = { state: "published", visibility: "public" } as const;

export type HelpCentreCategory = {
  id: string;
  name: string;
  slug: string;
  description: string;
  /** Published public articles in this category itself, in this language. */
  articleCount: number;
  children: HelpCentreCategory[];
};

/** Published public articles per category that have a version in this language. */
async function publicCountsByCategory(language: KnowledgeLanguage): Promise<Map<string, number>> {
  const rows = await db().knowledgeArticle.groupBy({
    by: ["categoryId"],
    where: { ...publicArticle, translations: { some: { language } } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.categoryId, row._count._all]));
}

/**
 * The category tree in one language with its published public article counts. Categories with
 * no article to read (themselves and their sub-categories) are left out; so are categories
 * without a name in this language.
 */
export async function helpCentreCategoryTree(language: KnowledgeLanguage): Promise<HelpCentreCategory[]> {
  const [categories, counts] = await Promise.all([
    db().knowledgeCategory.findMany({
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, parentId: true, translations: { where: { language }, select: { name: true, slug: true, description: true } } },
    }),
    publicCountsByCategory(language),
  ]);
  const nodes = new Map<string, HelpCentreCategory & { parentId: string | null }>();
  for (const category of categories) {
    const [translation] = category.translations;
    if (!translation) continue;
    nodes.set(category.id, { id: category.id, parentId: category.parentId, ...translation, articleCount: counts.get(category.id) ?? 0, children: [] });
  }
  const roots: Array<HelpCentreCategory & { parentId: string | null }> = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else if (!node.parentId) roots.push(node);
  }
  const total = (node: HelpCentreCategory): number => node.articleCount + node.children.reduce((sum, child) => sum + total(child), 0);
  const prune = (list: HelpCentreCategory[]): HelpCentreCategory[] =>
    list.filter((node) => total(node) > 0).map(({ id, name, slug, description, articleCount, children }) => ({ id, name, slug, description, articleCount, children: prune(children) }));
  return prune(roots);
}

export type ArticleLink = { articleId: string; title: string; slug: string; summary: string };

const articleLinkSelect = { articleId: true, title: true, slug: true, summary: true } as const;

/** The most read published public articles of the last 30 days in this language, then the newest. */
export async function mostViewedArticles(language: KnowledgeLanguage, options: { take?: number; now?: Date } = {}): Promise<ArticleLink[]> {
  const take = options.take ?? 6;
  const since = new Date((options.now ?? new Date()).getTime() - 30 * 24 * 60 * 60 * 1000);
  const viewed = await db().knowledgeArticleDailyFigure.groupBy({
    by: ["articleId"],
    where: { day: { gte: knowledgeFigureDay(since) }, views: { gt: 0 }, article: { ...publicArticle, translations: { some: { language } } } },
    _sum: { views: true },
    orderBy: { _sum: { views: "desc" } },
    take,
  });
  const ids = viewed.map((row) => row.articleId);
  const rows = await db().knowledgeArticleTranslation.findMany({ where: { language, articleId: { in: ids } }, select: articleLinkSelect });
  const byId = new Map(rows.map((row) => [row.articleId, row]));
  const links = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  if (links.length < take) {
    const newest = await db().knowledgeArticleTranslation.findMany({
      where: { language, articleId: { notIn: ids }, article: publicArticle },
      orderBy: { article: { publishedAt: "desc" } },
      take: take - links.length,
      select: articleLinkSelect,
    });
    links.push(...newest);
  }
  return links;
}

export type CategoryPage = {
  category: { id: string; name: string; slug: string; description: string };
  /** The parent, for the breadcrumbs (two levels). */
  parent: { name: string; slug: string } | null;
  children: HelpCentreCategory[];
  articles: ArticleLink[];
  /** The same category's slug in the other languages (hreflang, language switch). */
  alternates: Array<{ language: KnowledgeLanguage; slug: string }>;
};

/** A category page: its published public articles in this language, its sub-categories. Null: no such category. */
export async function helpCentreCategoryPage(language: KnowledgeLanguage, slug: string): Promise<CategoryPage | null> {
  const translation = await db().knowledgeCategoryTranslation.findUnique({
    where: { language_slug: { language, slug } },
    select: {
      name: true,
      slug: true,
      description: true,
      category: {
        select: {
          id: true,
          parent: { select: { translations: { where: { language }, select: { name: true, slug: true } } } },
          translations: { where: { language: { not: language } }, select: { language: true, slug: true } },
        },
      },
    },
  });
  if (!translation) return null;
  const { category } = translation;
  const [tree, articles] = await Promise.all([
    helpCentreCategoryTree(language),
    db().knowledgeArticleTranslation.findMany({
      where: { language, article: { ...publicArticle, categoryId: category.id } },
      orderBy: { title: "asc" },
      select: articleLinkSelect,
    }),
  ]);
  const find = (list: HelpCentreCategory[]): HelpCentreCategory | undefined => {
    for (const node of list) {
      if (node.id === category.id) return node;
      const inside = find(node.children);
      if (inside) return inside;
    }
    return undefined;
  };
  return {
    category: { id: category.id, name: translation.name, slug: translation.slug, description: translation.description },
    parent: category.parent?.translations[0] ?? null,
    children: find(tree)?.children ?? [],
    articles,
    alternates: category.translations.map((other) => ({ language: other.language as KnowledgeLanguage, slug: other.slug })),
  };
}

export type PublicArticle = {
  id: string;
  language: KnowledgeLanguage;
  title: string;
  slug: string;
  summary: string;
  /** Sanitised on write (the authoring domain); rendered as stored. */
  bodyHtml: string;
  visibility: "public" | "internal";
  updatedAt: Date;
  category: { id: string; name: string; slug: string };
  parentCategory: { name: string; slug: string } | null;
  /** The other language versions (hreflang, language switch). */
  alternates: Array<{ language: KnowledgeLanguage; slug: string }>;
};

export type ArticleLookup =
  | { kind: "article"; article: PublicArticle }
  /** An old slug: answer 301 to the current one. */
  | { kind: "moved"; slug: string }
  /** Archived: answer 410 with links to its category. */
  | { kind: "gone"; title: string; category: { name: string; slug: string } | null }
  | { kind: "not_found" };

/**
 * An article of the help centre by language and slug. Published public: anyone. Published
 * internal: staff only, "not found" to others (its existence is not revealed). Draft: not found.
 * Archived: gone. A former slug: moved, when its article may be read by this reader.
 */
export async function findHelpCentreArticle(input: { language: KnowledgeLanguage; slug: string; reader: HelpCentreReader }): Promise<ArticleLookup> {
  const { language, slug, reader } = input;
  const translation = await db().knowledgeArticleTranslation.findUnique({
    where: { language_slug: { language, slug } },
    select: {
      title: true,
      slug: true,
      summary: true,
      bodyHtml: true,
      updatedAt: true,
      article: {
        select: {
          id: true,
          state: true,
          visibility: true,
          updatedAt: true,
          category: {
            select: {
              id: true,
              translations: { where: { language }, select: { name: true, slug: true } },
              parent: { select: { translations: { where: { language }, select: { name: true, slug: true } } } },
            },
          },
          translations: { where: { language: { not: language } }, select: { language: true, slug: true } },
        },
      },
    },
  });
  if (!translation) {
    const redirect = await db().knowledgeSlugRedirect.findUnique({
      where: { language_slug: { language, slug } },
      select: { article: { select: { state: true, visibility: true, translations: { where: { language }, select: { slug: true } } } } },
    });
    const current = redirect?.article.translations[0];
    if (!redirect || !current || current.slug === slug || !readable(redirect.article, reader, true)) return { kind: "not_found" };
    return { kind: "moved", slug: current.slug };
  }
  const { article } = translation;
  const categoryName = article.category.translations[0] ?? null;
  if (article.state === "archived" && (article.visibility === "public" || reader.staff)) {
    return { kind: "gone", title: translation.title, category: categoryName };
  }
  if (!readable(article, reader, false) || !categoryName) return { kind: "not_found" };
  return {
    kind: "article",
    article: {
      id: article.id,
      language,
      title: translation.title,
      slug: translation.slug,
      summary: translation.summary,
      bodyHtml: translation.bodyHtml,
      visibility: article.visibility === "internal" ? "internal" : "public",
      updatedAt: translation.updatedAt > article.updatedAt ? translation.updatedAt : article.updatedAt,
      category: { id: article.category.id, ...categoryName },
      parentCategory: article.category.parent?.translations[0] ?? null,
      alternates: article.translations.map((other) => ({ language: other.language as KnowledgeLanguage, slug: other.slug })),
    },
  };
}

function readable(article: { state: string; visibility: string }, reader: HelpCentreReader, archivedToo: boolean): boolean {
  if (article.state === "draft") return false;
  if (article.state === "archived" && !archivedToo) return false;
  return article.visibility === "public" || reader.staff;
}

/**
 * Articles to read next: others of the same category first, then the best search matches of the
 * title, in the reader's audience and language.
 */
export async function relatedArticles(article: Pick<PublicArticle, "id" | "language" | "title" | "category">, reader: HelpCentreReader, take = 5): Promise<ArticleLink[]> {
  const sameCategory = await db().knowledgeArticleTranslation.findMany({
    where: {
      language: article.language,
      articleId: { not: article.id },
      article: reader.staff ? { state: "published", categoryId: article.category.id } : { ...publicArticle, categoryId: article.category.id },
    },
    orderBy: { article: { publishedAt: "desc" } },
    take,
    select: articleLinkSelect,
  });
  if (sameCategory.length >= take) return sameCategory;
  const seen = new Set([article.id, ...sameCategory.map((link) => link.articleId)]);
  const matches = await searchKnowledge({ text: article.title, audience: reader.staff ? "staff" : "public", language: article.language, take: take + seen.size });
  const more = matches
    .filter((match) => !seen.has(match.articleId))
    .slice(0, take - sameCategory.length)
    .map((match) => ({ articleId: match.articleId, title: match.title, slug: match.slug, summary: match.summary }));
  return [...sameCategory, ...more];
}

/** One page view of an article, counted in the day of the workspace's time zone. */
export async function recordArticleView(input: { articleId: string; now?: Date }): Promise<void> {
  await addArticleView(input.articleId, knowledgeFigureDay(input.now ?? new Date()));
}

/** "Was this article useful?": stored when the article is published (false otherwise). */
export async function recordArticleFeedback(input: { articleId: string; language: KnowledgeLanguage; useful: boolean; comment: string; reader: HelpCentreReader }): Promise<boolean> {
  const article = await db().knowledgeArticle.findUnique({ where: { id: input.articleId }, select: { state: true, visibility: true } });
  if (!article || !readable(article, input.reader, false)) return false;
  await db().knowledgeFeedback.create({ data: { articleId: input.articleId, language: input.language, useful: input.useful, comment: input.comment } });
  return true;
}

export type DeflectionResult = { ok: true; title: string; path: string } | { ok: false };

/**
 * A customer said an article answered their question instead of sending a request: counted once,
 * and no ticket is created. The article must be published and public, in a language it exists in
 * (else its other version).
 */
export async function recordDeflection(input: { articleId: string; channel: DeflectionChannel; language: KnowledgeLanguage; now?: Date }): Promise<DeflectionResult> {
  const article = await db().knowledgeArticle.findFirst({
    where: { id: input.articleId, ...publicArticle },
    select: { id: true, translations: { select: { language: true, title: true, slug: true } } },
  });
  const version = article?.translations.find((translation) => translation.language === input.language) ?? article?.translations[0];
  if (!article || !version) return { ok: false };
  await db().knowledgeDeflection.create({ data: { articleId: article.id, channel: input.channel, language: version.language, createdAt: input.now ?? new Date() } });
  return { ok: true, title: version.title, path: `/aide/${version.language}/articles/${encodeURIComponent(version.slug)}` };
}

export type SitemapEntry = { path: string; lastModified: Date; alternates: Array<{ language: KnowledgeLanguage; path: string }> };

/** Every published public article and every category with such articles, in each language it exists in. */
export async function helpCentreSitemap(languages: readonly KnowledgeLanguage[]): Promise<SitemapEntry[]> {
  const articles = await db().knowledgeArticle.findMany({
    where: publicArticle,
    orderBy: { publishedAt: "asc" },
    select: { updatedAt: true, categoryId: true, translations: { select: { language: true, slug: true, updatedAt: true } } },
  });
  const entries: SitemapEntry[] = [];
  const latestPerCategory = new Map<string, Date>();
  for (const article of articles) {
    const alternates = article.translations.map((translation) => ({
      language: translation.language as KnowledgeLanguage,
      path: `/aide/${translation.language}/articles/${encodeURIComponent(translation.slug)}`,
    }));
    for (const translation of article.translations) {
      const lastModified = translation.updatedAt > article.updatedAt ? translation.updatedAt : article.updatedAt;
      entries.push({ path: `/aide/${translation.language}/articles/${encodeURIComponent(translation.slug)}`, lastModified, alternates });
      const latest = latestPerCategory.get(article.categoryId);
      if (!latest || latest < lastModified) latestPerCategory.set(article.categoryId, lastModified);
    }
  }
  const categories = await db().knowledgeCategory.findMany({ select: { id: true, parentId: true, translations: { select: { language: true, slug: true } } } });
  const parents = new Map(categories.map((category) => [category.id, category.parentId]));
  // A parent category is listed when one of its sub-categories has articles.
  for (const [categoryId, lastModified] of [...latestPerCategory]) {
    const parentId = parents.get(categoryId);
    if (parentId) {
      const latest = latestPerCategory.get(parentId);
      if (!latest || latest < lastModified) latestPerCategory.set(parentId, lastModified);
    }
  }
  for (const category of categories) {
    const lastModified = latestPerCategory.get(category.id);
    if (!lastModified) continue;
    const alternates = category.translations.map((translation) => ({
      language: translation.language as KnowledgeLanguage,
      path: `/aide/${translation.language}/categories/${encodeURIComponent(translation.slug)}`,
    }));
    for (const alternate of alternates) entries.push({ path: alternate.path, lastModified, alternates });
  }
  const latest = entries.reduce<Date | null>((max, entry) => (!max || entry.lastModified > max ? entry.lastModified : max), null);
  if (latest) {
    const homes = languages.map((language) => ({ language, path: `/aide/${language}` }));
    for (const home of homes) entries.unshift({ path: home.path, lastModified: latest, alternates: homes });
  }
  return entries;
}

/** Words too common to say anything about a subject on their own. */
const commonWords = new Set(
  "avec dans pour mais plus sans sous votre notre vous nous leur elle elles sont était etre être avoir fait faire comment pourquoi quand quoi mon ma mes est pas une des les aux this that with have from does when what which your mine there their into about cannot can't doesn't arrive arrivé marche fonctionne problème probleme bonjour merci besoin aide urgent help need work works working problem issue please hello thanks".split(" "),
);

/**
 * Articles for a request's subject (deflection): every word first, as the help centre's search;
 * when that finds fewer than `take`, articles matching some of the words, those matching the most
 * words first. A subject is a sentence ("Mon étiqueteuse est bloquée"), not search terms.
 */
export async function suggestArticlesForSubject(input: { text: string; language: KnowledgeLanguage; take: number }) {
  const all = await searchKnowledge({ text: input.text, audience: "public", language: input.language, take: input.take });
  if (all.length >= input.take) return all;
  const words = [
    ...new Set(
      input.text
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((word) => [...word].length >= 4 && !commonWords.has(word)),
    ),
  ].slice(0, 6);
  if (words.length === 0) return all;
  const seen = new Set(all.map((result) => result.articleId));
  const tally = new Map<string, { result: (typeof all)[number]; words: number; order: number }>();
  let order = 0;
  for (const word of words) {
    for (const result of await searchKnowledge({ text: word, audience: "public", language: input.language, take: input.take })) {
      if (seen.has(result.articleId)) continue;
      const entry = tally.get(result.articleId);
      if (entry) entry.words += 1;
      else tally.set(result.articleId, { result, words: 1, order: order++ });
    }
  }
  const some = [...tally.values()].sort((a, b) => b.words - a.words || a.order - b.order).map((entry) => entry.result);
  return [...all, ...some].slice(0, input.take);
}
