import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import type { TransactionClient } from "~/lib/db.server";
import { sanitizeArticleHtml } from "./article-html.server";
import {
  articleVisibilities,
  knowledgeLanguages,
  MAX_SLUG_LENGTH,
  SLUG_PATTERN,
  slugify,
  type ArticleState,
  type ArticleVersionReason,
  type ArticleVisibility,
  type KnowledgeLanguage,
} from "./knowledge-vocabulary";

/**
 * Writing the knowledge base's articles: an article has one category, state and audience, and a
 * version per language (title, slug, summary, body). Every save keeps a numbered snapshot of the
 * whole article with who and when (the history, and what a restore copies back); the article's
 * `version` is the number of its latest snapshot and is what optimistic locking compares.
 * Bodies are sanitised here, whatever sent them.
 */

export const MAX_TITLE_LENGTH = 200;
export const MAX_SUMMARY_LENGTH = 300;
export const MAX_BODY_LENGTH = 500_000;
export const MAX_REVIEW_EVERY_MONTHS = 60;

export type ArticleTranslationInput = {
  language: KnowledgeLanguage;
  title: string;
  /** Empty: made from the title. */
  slug?: string;
  summary: string;
  bodyHtml: string;
};

/** What a version of the history holds (KnowledgeArticleVersion.snapshot, as JSON). */
export type ArticleSnapshot = {
  categoryId: string;
  state: ArticleState;
  visibility: ArticleVisibility;
  reviewEveryMonths: number | null;
  translations: { language: KnowledgeLanguage; title: string; slug: string; summary: string; bodyHtml: string }[];
};

export type CreateArticleInput = {
  actorId: string;
  categoryId: string;
  visibility: ArticleVisibility;
  reviewEveryMonths: number | null;
  state?: "draft" | "published";
  translations: ArticleTranslationInput[];
};

/** The article's language versions, cleaned and checked: a language left entirely blank is not written. */
export type CleanTranslation = { language: KnowledgeLanguage; title: string; slug: string; summary: string; bodyHtml: string; bodyText: string };

/** Raised when the article was saved by someone else since the form was loaded. */
export class ArticleChangedError extends DomainError {
  constructor() {
    super("knowledge.article.changedMeanwhile");
    this.name = "ArticleChangedError";
  }
}

function field(name: string, language: KnowledgeLanguage) {
  return `${name}_${language}`;
}

/** Trims, sanitises and validates the language versions (field errors name `title_fr`, `slug_en`…). */
export function cleanTranslations(translations: ArticleTranslationInput[]): CleanTranslation[] {
  const seen = new Set<string>();
  const cleaned: CleanTranslation[] = [];
  for (const translation of translations) {
    const language = translation.language;
    if (!(knowledgeLanguages as readonly string[]).includes(language)) throw new DomainError("knowledge.article.languageUnknown", "language");
    if (seen.has(language)) throw new DomainError("knowledge.article.languageTwice", "language");
    seen.add(language);
    const title = translation.title.trim();
    const summary = translation.summary.trim();
    const slug = (translation.slug ?? "").trim().toLowerCase();
    if (translation.bodyHtml.length > MAX_BODY_LENGTH) throw new DomainError("knowledge.article.bodyTooLong", field("bodyHtml", language));
    const body = sanitizeArticleHtml(translation.bodyHtml);
    if (!title && !summary && !slug && !body.html) continue;
    if (!title) throw new DomainError("knowledge.article.titleRequired", field("title", language));
    if (title.length > MAX_TITLE_LENGTH) throw new DomainError("knowledge.article.titleTooLong", field("title", language));
    if (summary.length > MAX_SUMMARY_LENGTH) throw new DomainError("knowledge.article.summaryTooLong", field("summary", language));
    if (slug && (slug.length > MAX_SLUG_LENGTH || !SLUG_PATTERN.test(slug))) throw new DomainError("knowledge.article.slugInvalid", field("slug", language));
    cleaned.push({ language, title, slug, summary, bodyHtml: body.html, bodyText: body.text });
  }
  if (cleaned.length === 0) throw new DomainError("knowledge.article.languageRequired", field("title", "fr"));
  return cleaned;
}

export function checkArticleSettings(input: { visibility: string; reviewEveryMonths: number | null }) {
  if (!(articleVisibilities as readonly string[]).includes(input.visibility)) throw new DomainError("knowledge.article.visibilityUnknown", "visibility");
  const months = input.reviewEveryMonths;
  if (months !== null && (!Number.isInteger(months) || months < 1 || months > MAX_REVIEW_EVERY_MONTHS)) {
    throw new DomainError("knowledge.article.reviewEveryInvalid", "reviewEveryMonths");
  }
}

export async function requireCategory(tx: TransactionClient, categoryId: string) {
  const category = await tx.knowledgeCategory.findUnique({ where: { id: categoryId }, select: { id: true } });
  if (!category) throw new DomainError("knowledge.article.categoryUnknown", "categoryId");
}

/**
 * The slug a language version gets. A slug typed by the author must be free among the other
 * articles' current slugs (a former slug kept as a redirect may be taken: the redirect goes);
 * a slug made from the title gets -2, -3… until it is free of both.
 */
export async function settleSlug(tx: TransactionClient, input: { articleId: string | null; language: KnowledgeLanguage; slug: string; title: string }): Promise<string> {
  const takenByOther = async (slug: string) => {
    const translation = await tx.knowledgeArticleTranslation.findUnique({ where: { language_slug: { language: input.language, slug } }, select: { articleId: true } });
    return translation !== null && translation.articleId !== input.articleId;
  };
  if (input.slug) {
    if (await takenByOther(input.slug)) throw new DomainError("knowledge.article.slugTaken", field("slug", input.language));
    return input.slug;
  }
  const base = slugify(input.title) || "article";
  const redirectOfOther = async (slug: string) => {
    const redirect = await tx.knowledgeSlugRedirect.findUnique({ where: { language_slug: { language: input.language, slug } }, select: { articleId: true } });
    return redirect !== null && redirect.articleId !== input.articleId;
  };
  for (let attempt = 1; ; attempt += 1) {
    const suffix = attempt === 1 ? "" : `-${attempt}`;
    const candidate = `${base.slice(0, MAX_SLUG_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!(await takenByOther(candidate)) && !(await redirectOfOther(candidate))) return candidate;
  }
}

/** A redirect whose slug a current version now uses again is no longer a redirect. */
export async function dropRedirectsTakenBack(tx: TransactionClient, translations: { language: string; slug: string }[]) {
  for (const translation of translations) {
    await tx.knowledgeSlugRedirect.deleteMany({ where: { language: translation.language, slug: translation.slug } });
  }
}

/** The whole article as a snapshot (read inside the transaction that just changed it). */
export async function readSnapshot(tx: TransactionClient, articleId: string): Promise<ArticleSnapshot> {
  const article = await tx.knowledgeArticle.findUniqueOrThrow({
    where: { id: articleId },
    select: {
      categoryId: true,
      state: true,
      visibility: true,
      reviewEveryMonths: true,
      translations: { orderBy: { language: "desc" }, select: { language: true, title: true, slug: true, summary: true, bodyHtml: true } },
    },
  });
  return {
    categoryId: article.categoryId,
    state: article.state as ArticleState,
    visibility: article.visibility as ArticleVisibility,
    reviewEveryMonths: article.reviewEveryMonths,
    translations: article.translations.map((translation) => ({ ...translation, language: translation.language as KnowledgeLanguage })),
  };
}

/** Writes version `number` of the history: the article as it now is, with who and why. */
export async function writeVersion(
  tx: TransactionClient,
  input: { articleId: string; number: number; reason: ArticleVersionReason; authorId: string | null; restoredFrom?: number },
) {
  const snapshot = await readSnapshot(tx, input.articleId);
  await tx.knowledgeArticleVersion.create({
    data: {
      articleId: input.articleId,
      number: input.number,
      reason: input.reason,
      restoredFrom: input.restoredFrom ?? null,
      authorId: input.authorId,
      snapshot: JSON.stringify(snapshot),
    },
  });
}

/**
 * Creates an article (a draft unless published at once) with its language versions, and version 1
 * of its history. The author is the actor; the article counts as reviewed when written.
 */
export async function createArticle(input: CreateArticleInput): Promise<{ id: string }> {
  checkArticleSettings(input);
  const translations = cleanTranslations(input.translations);
  const state = input.state ?? "draft";
  const now = new Date();
  return transactionWithEvents(async (tx) => {
    await requireCategory(tx, input.categoryId);
    const article = await tx.knowledgeArticle.create({
      data: {
        categoryId: input.categoryId,
        state,
        visibility: input.visibility,
        authorId: input.actorId,
        reviewEveryMonths: input.reviewEveryMonths,
        lastReviewedAt: now,
        publishedAt: state === "published" ? now : null,
        version: 1,
      },
      select: { id: true },
    });
    const written: { language: string; slug: string }[] = [];
    for (const translation of translations) {
      const slug = await settleSlug(tx, { articleId: article.id, language: translation.language, slug: translation.slug, title: translation.title });
      await tx.knowledgeArticleTranslation.create({
        data: {
          articleId: article.id,
          language: translation.language,
          title: translation.title,
          slug,
          summary: translation.summary,
          bodyHtml: translation.bodyHtml,
          bodyText: translation.bodyText,
        },
      });
      written.push({ language: translation.language, slug });
    }
    await dropRedirectsTakenBack(tx, written);
    await writeVersion(tx, { articleId: article.id, number: 1, reason: "created", authorId: input.actorId });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "knowledge_article.created",
      entityType: "knowledge_article",
      entityId: article.id,
      details: { state, visibility: input.visibility, languages: written.map((translation) => translation.language), titles: translations.map((translation) => translation.title) },
    });
    return { id: article.id };
  });
}

// ───────────────────────────── editing ─────────────────────────────

export type UpdateArticleInput = {
  actorId: string;
  articleId: string;
  /** The article's version when the form was loaded. */
  expectedVersion: number;
  categoryId: string;
  visibility: ArticleVisibility;
  reviewEveryMonths: number | null;
  translations: ArticleTranslationInput[];
};

/**
 * Bumps the article's version from the one the person loaded, or refuses: someone else saved it
 * in the meantime (nothing is written).
 */
async function claimNextVersion(tx: TransactionClient, articleId: string, expectedVersion: number | undefined, data: Record<string, unknown> = {}): Promise<number> {
  const current = await tx.knowledgeArticle.findUnique({ where: { id: articleId }, select: { version: true } });
  if (!current) throw new DomainError("errors.notFound");
  const from = expectedVersion ?? current.version;
  const claimed = await tx.knowledgeArticle.updateMany({ where: { id: articleId, version: from }, data: { ...data, version: { increment: 1 } } });
  if (claimed.count === 0) throw new ArticleChangedError();
  return from + 1;
}

/**
 * Writes the language versions an article now has: a changed slug keeps the old one as a
 * redirect; a slug taken back from a redirect ends that redirect; a language no longer given
 * is removed. An empty slug keeps the language's current one (or is made from the title).
 * Returns the names of what changed.
 */
async function writeTranslations(tx: TransactionClient, articleId: string, translations: CleanTranslation[], options: { freeSlugOnConflict?: boolean } = {}) {
  const existing = await tx.knowledgeArticleTranslation.findMany({ where: { articleId }, select: { id: true, language: true, slug: true, title: true, summary: true, bodyHtml: true } });
  const byLanguage = new Map(existing.map((translation) => [translation.language, translation]));
  const changes = new Set<string>();
  const written: { language: string; slug: string }[] = [];
  for (const translation of translations) {
    const before = byLanguage.get(translation.language);
    const wanted = translation.slug || before?.slug || "";
    let slug: string;
    try {
      slug = await settleSlug(tx, { articleId, language: translation.language, slug: wanted, title: translation.title });
    } catch (error) {
      if (!options.freeSlugOnConflict || !(error instanceof DomainError)) throw error;
      slug = await settleSlug(tx, { articleId, language: translation.language, slug: "", title: translation.title });
    }
    const data = { title: translation.title, slug, summary: translation.summary, bodyHtml: translation.bodyHtml, bodyText: translation.bodyText };
    if (before) {
      if (before.slug !== slug) {
        // The old address goes on working: its redirect may have belonged to another article before.
        await tx.knowledgeSlugRedirect.deleteMany({ where: { language: translation.language, slug: slug } });
        await tx.knowledgeSlugRedirect.upsert({
          where: { language_slug: { language: translation.language, slug: before.slug } },
          create: { articleId, language: translation.language, slug: before.slug },
          update: { articleId },
        });
        changes.add(`slug_${translation.language}`);
      }
      for (const name of ["title", "summary", "bodyHtml"] as const) if (before[name] !== data[name]) changes.add(`${name}_${translation.language}`);
      await tx.knowledgeArticleTranslation.update({ where: { id: before.id }, data });
      byLanguage.delete(translation.language);
    } else {
      await tx.knowledgeArticleTranslation.create({ data: { articleId, language: translation.language, ...data } });
      changes.add(`language_${translation.language}_added`);
    }
    written.push({ language: translation.language, slug });
  }
  for (const removed of byLanguage.values()) {
    await tx.knowledgeArticleTranslation.delete({ where: { id: removed.id } });
    changes.add(`language_${removed.language}_removed`);
  }
  await dropRedirectsTakenBack(tx, written);
  return [...changes];
}

/**
 * Saves an edit of the article (its category, audience, review period and language versions;
 * not its state) on the version the author loaded, and writes the next version of its history.
 */
export async function updateArticle(input: UpdateArticleInput): Promise<{ version: number; changes: string[] }> {
  checkArticleSettings(input);
  const translations = cleanTranslations(input.translations);
  return transactionWithEvents(async (tx) => {
    await requireCategory(tx, input.categoryId);
    const before = await tx.knowledgeArticle.findUnique({ where: { id: input.articleId }, select: { categoryId: true, visibility: true, reviewEveryMonths: true } });
    if (!before) throw new DomainError("errors.notFound");
    const version = await claimNextVersion(tx, input.articleId, input.expectedVersion, {
      categoryId: input.categoryId,
      visibility: input.visibility,
      reviewEveryMonths: input.reviewEveryMonths,
    });
    const changes = await writeTranslations(tx, input.articleId, translations);
    if (before.categoryId !== input.categoryId) changes.push("categoryId");
    if (before.visibility !== input.visibility) changes.push("visibility");
    if (before.reviewEveryMonths !== input.reviewEveryMonths) changes.push("reviewEveryMonths");
    await writeVersion(tx, { articleId: input.articleId, number: version, reason: "edited", authorId: input.actorId });
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge_article.updated", entityType: "knowledge_article", entityId: input.articleId, details: { version, changes } });
    return { version, changes };
  });
}

type StateChange = { actorId: string; articleId: string; expectedVersion?: number };

async function changeState(input: StateChange, to: ArticleState, reason: ArticleVersionReason, allowedFrom: ArticleState[]) {
  const now = new Date();
  return transactionWithEvents(async (tx) => {
    const article = await tx.knowledgeArticle.findUnique({ where: { id: input.articleId }, select: { state: true, publishedAt: true } });
    if (!article) throw new DomainError("errors.notFound");
    if (!allowedFrom.includes(article.state as ArticleState)) throw new DomainError("knowledge.article.stateUnchanged");
    const data: Record<string, unknown> = { state: to };
    if (to === "published") Object.assign(data, { publishedAt: article.publishedAt ?? now, archivedAt: null });
    if (to === "draft") Object.assign(data, { archivedAt: null });
    if (to === "archived") Object.assign(data, { archivedAt: now });
    const version = await claimNextVersion(tx, input.articleId, input.expectedVersion, data);
    await writeVersion(tx, { articleId: input.articleId, number: version, reason, authorId: input.actorId });
    await recordAudit(tx, { actorId: input.actorId, action: `knowledge_article.${reason}`, entityType: "knowledge_article", entityId: input.articleId, details: { from: article.state, to, version } });
    return { version };
  });
}

/** Puts a draft (or an archived article) on line: the help centre shows it, by its audience. */
export function publishArticle(input: StateChange) {
  return changeState(input, "published", "published", ["draft", "archived"]);
}

/** Takes a published article off line, back to a draft. */
export function unpublishArticle(input: StateChange) {
  return changeState(input, "draft", "unpublished", ["published"]);
}

/** Archives an article: the help centre answers 410 at its address; authors still find it under "Archivés". */
export function archiveArticle(input: StateChange) {
  return changeState(input, "archived", "archived", ["draft", "published"]);
}

/**
 * Copies version `number` of the history back: category, audience, review period and language
 * versions (the state stays what it is: publishing is its own decision). A slug of the snapshot
 * that another article took since gets a free one made from the title. Writes a new version
 * "restored" naming the one it came from.
 */
export async function restoreArticleVersion(input: StateChange & { number: number }): Promise<{ version: number }> {
  return transactionWithEvents(async (tx) => {
    const source = await tx.knowledgeArticleVersion.findUnique({ where: { articleId_number: { articleId: input.articleId, number: input.number } }, select: { snapshot: true } });
    if (!source) throw new DomainError("errors.notFound");
    const snapshot = JSON.parse(source.snapshot) as ArticleSnapshot;
    const categoryExists = await tx.knowledgeCategory.findUnique({ where: { id: snapshot.categoryId }, select: { id: true } });
    const version = await claimNextVersion(tx, input.articleId, input.expectedVersion, {
      ...(categoryExists ? { categoryId: snapshot.categoryId } : {}),
      visibility: snapshot.visibility,
      reviewEveryMonths: snapshot.reviewEveryMonths,
    });
    const translations = cleanTranslations(snapshot.translations);
    const changes = await writeTranslations(tx, input.articleId, translations, { freeSlugOnConflict: true });
    await writeVersion(tx, { articleId: input.articleId, number: version, reason: "restored", authorId: input.actorId, restoredFrom: input.number });
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge_article.restored", entityType: "knowledge_article", entityId: input.articleId, details: { from: input.number, version, changes } });
    return { version };
  });
}

/** The author (or another writer) checked the article is still right: the review clock starts again. */
export async function markReviewed(input: { actorId: string; articleId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  await transactionWithEvents(async (tx) => {
    const updated = await tx.knowledgeArticle.updateMany({ where: { id: input.articleId }, data: { lastReviewedAt: now, reviewRemindedAt: null } });
    if (updated.count === 0) throw new DomainError("errors.notFound");
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge_article.reviewed", entityType: "knowledge_article", entityId: input.articleId });
  });
}
