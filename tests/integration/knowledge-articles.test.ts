import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import {
  archiveArticle,
  createArticle,
  markReviewed,
  publishArticle,
  restoreArticleVersion,
  unpublishArticle,
  updateArticle,
  type ArticleSnapshot,
} from "~/domain/knowledge/articles.server";
import { reviewDueAt } from "~/domain/knowledge/review-reminders";
import { notificationHref } from "~/domain/notifications/notification-kinds";
import { listNotifications } from "~/domain/notifications/notifications.server";
import { sendReviewReminders } from "~/domain/knowledge/review-reminders.server";
import { db } from "~/lib/db.server";
import { aKnowledgeCategory } from "../support/knowledge-factories.ts";
import { anAuthor } from "../support/knowledge-authoring-factories.ts";

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("creating an article", () => {
  it("writes both languages sanitised, slugs from the titles, version 1 and an audit entry", async () => {
    const author = await anAuthor();
    const category = await aKnowledgeCategory();
    const { id } = await createArticle({
      actorId: author.id,
      categoryId: category.id,
      visibility: "public",
      reviewEveryMonths: 6,
      state: "published",
      translations: [
        { language: "fr", title: "  Réinitialiser l'étiqueteuse ", summary: "Quand l'étiquette sort blanche.", bodyHtml: `<p onclick="x()">Maintenez <b>avance</b></p><script>alert(1)</script>` },
        { language: "en", title: "Reset the label printer", slug: "reset-label-printer", summary: "", bodyHtml: "<p>Hold feed.</p>" },
      ],
    });

    const article = await db().knowledgeArticle.findUniqueOrThrow({ where: { id }, include: { translations: { orderBy: { language: "asc" } }, versions: true } });
    expect(article).toMatchObject({ state: "published", visibility: "public", authorId: author.id, reviewEveryMonths: 6, version: 1 });
    expect(article.publishedAt).not.toBeNull();
    expect(article.lastReviewedAt).not.toBeNull();
    expect(article.translations.map((t) => [t.language, t.title, t.slug, t.bodyHtml, t.bodyText])).toEqual([
      ["en", "Reset the label printer", "reset-label-printer", "<p>Hold feed.</p>", "Hold feed."],
      ["fr", "Réinitialiser l'étiqueteuse", "reinitialiser-l-etiqueteuse", "<p>Maintenez <strong>avance</strong></p>", "Maintenez avance"],
    ]);
    expect(article.versions).toHaveLength(1);
    expect(article.versions[0]).toMatchObject({ number: 1, reason: "created", authorId: author.id, restoredFrom: null });
    const snapshot = JSON.parse(article.versions[0].snapshot) as ArticleSnapshot;
    expect(snapshot).toMatchObject({ categoryId: category.id, state: "published", visibility: "public", reviewEveryMonths: 6 });
    expect(snapshot.translations.map((t) => t.slug).sort()).toEqual(["reinitialiser-l-etiqueteuse", "reset-label-printer"]);
    const audit = await db().auditLog.findFirst({ where: { entityId: id, action: "knowledge_article.created" } });
    expect(audit?.actorId).toBe(author.id);
  });

  it("makes a slug from the title unique per language with -2, -3", async () => {
    const author = await anAuthor();
    const { id: categoryId } = await aKnowledgeCategory();
    const make = (language: "fr" | "en") =>
      createArticle({ actorId: author.id, categoryId, visibility: "public", reviewEveryMonths: null, translations: [{ language, title: "Mot de passe oublié", summary: "", bodyHtml: "" }] });
    const slugs = [];
    for (const language of ["fr", "fr", "fr", "en"] as const) {
      const { id } = await make(language);
      slugs.push((await db().knowledgeArticleTranslation.findFirstOrThrow({ where: { articleId: id } })).slug);
    }
    expect(slugs).toEqual(["mot-de-passe-oublie", "mot-de-passe-oublie-2", "mot-de-passe-oublie-3", "mot-de-passe-oublie"]);
  });

  it("skips a language left blank and writes a draft by default", async () => {
    const author = await anAuthor();
    const { id: categoryId } = await aKnowledgeCategory();
    const { id } = await createArticle({
      actorId: author.id,
      categoryId,
      visibility: "internal",
      reviewEveryMonths: null,
      translations: [
        { language: "fr", title: "Procédure interne", summary: "", bodyHtml: "<p>x</p>" },
        { language: "en", title: " ", slug: "", summary: "", bodyHtml: "<p><br></p>" },
      ],
    });
    const article = await db().knowledgeArticle.findUniqueOrThrow({ where: { id }, include: { translations: true } });
    expect(article.state).toBe("draft");
    expect(article.publishedAt).toBeNull();
    expect(article.translations.map((t) => t.language)).toEqual(["fr"]);
  });

  it.each([
    ["no language at all", { translations: [] }, "knowledge.article.languageRequired", "title_fr"],
    ["every language blank", { translations: [{ language: "fr", title: "", summary: "", bodyHtml: "<p></p>" }] }, "knowledge.article.languageRequired", "title_fr"],
    ["a body without a title", { translations: [{ language: "en", title: "  ", summary: "", bodyHtml: "<p>Text</p>" }] }, "knowledge.article.titleRequired", "title_en"],
    ["a slug with capitals and accents", { translations: [{ language: "fr", title: "T", slug: "Été cool", summary: "", bodyHtml: "" }] }, "knowledge.article.slugInvalid", "slug_fr"],
    ["a slug with a trailing hyphen", { translations: [{ language: "fr", title: "T", slug: "ete-", summary: "", bodyHtml: "" }] }, "knowledge.article.slugInvalid", "slug_fr"],
    ["a summary over 300 characters", { translations: [{ language: "fr", title: "T", summary: "x".repeat(301), bodyHtml: "" }] }, "knowledge.article.summaryTooLong", "summary_fr"],
    ["the same language twice", { translations: [{ language: "fr", title: "A", summary: "", bodyHtml: "" }, { language: "fr", title: "B", summary: "", bodyHtml: "" }] }, "knowledge.article.languageTwice", "language"],
    ["an unknown audience", { visibility: "everyone" }, "knowledge.article.visibilityUnknown", "visibility"],
    ["a review period of 0 months", { reviewEveryMonths: 0 }, "knowledge.article.reviewEveryInvalid", "reviewEveryMonths"],
    ["an unknown category", { categoryId: "missing" }, "knowledge.article.categoryUnknown", "categoryId"],
  ])("refuses %s with a clear error on its field", async (_name, overrides, code, field) => {
    const author = await anAuthor();
    const { id: categoryId } = await aKnowledgeCategory();
    const before = await db().knowledgeArticle.count();
    const input = {
      actorId: author.id,
      categoryId,
      visibility: "public",
      reviewEveryMonths: null,
      translations: [{ language: "fr", title: "Titre", summary: "", bodyHtml: "" }],
      ...overrides,
    } as Parameters<typeof createArticle>[0];
    expect(await refusal(createArticle(input))).toEqual({ code, field });
    expect(await db().knowledgeArticle.count()).toBe(before);
  });

  it("refuses a slug another article uses in the same language, but not in the other", async () => {
    const author = await anAuthor();
    const { id: categoryId } = await aKnowledgeCategory();
    const base = { actorId: author.id, categoryId, visibility: "public" as const, reviewEveryMonths: null };
    await createArticle({ ...base, translations: [{ language: "fr", title: "A", slug: "adresse-prise", summary: "", bodyHtml: "" }] });
    expect(await refusal(createArticle({ ...base, translations: [{ language: "fr", title: "B", slug: "adresse-prise", summary: "", bodyHtml: "" }] }))).toEqual({
      code: "knowledge.article.slugTaken",
      field: "slug_fr",
    });
    await expect(createArticle({ ...base, translations: [{ language: "en", title: "B", slug: "adresse-prise", summary: "", bodyHtml: "" }] })).resolves.toHaveProperty("id");
  });
});

describe("editing, publishing and the history", () => {
  async function twoLanguageArticle() {
    const author = await anAuthor();
    const category = await aKnowledgeCategory();
    const suffix = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
    const { id } = await createArticle({
      actorId: author.id,
      categoryId: category.id,
      visibility: "public",
      reviewEveryMonths: null,
      translations: [
        { language: "fr", title: "Imprimante bloquée", slug: `imprimante-${suffix}`, summary: "", bodyHtml: "<p>Version une</p>" },
        { language: "en", title: "Printer jammed", slug: `printer-${suffix}`, summary: "", bodyHtml: "<p>Version one</p>" },
      ],
    });
    return { id, author, category, suffix };
  }
  const translationsOf = async (articleId: string) =>
    Object.fromEntries((await db().knowledgeArticleTranslation.findMany({ where: { articleId } })).map((t) => [t.language, t]));

  it("writes a version per save with who and why, and refuses a save from a stale version", async () => {
    const { id, author, category, suffix } = await twoLanguageArticle();
    const editor = await anAuthor();
    const edit = (expectedVersion: number, body: string) =>
      updateArticle({
        actorId: editor.id,
        articleId: id,
        expectedVersion,
        categoryId: category.id,
        visibility: "internal",
        reviewEveryMonths: 12,
        translations: [
          { language: "fr", title: "Imprimante bloquée", slug: `imprimante-${suffix}`, summary: "", bodyHtml: body },
          { language: "en", title: "Printer jammed", slug: "", summary: "", bodyHtml: "<p>Version one</p>" },
        ],
      });
    const saved = await edit(1, "<p>Version deux</p><img src=x onerror=alert(1)>");
    expect(saved.version).toBe(2);
    expect(saved.changes).toEqual(expect.arrayContaining(["bodyHtml_fr", "visibility", "reviewEveryMonths"]));

    // Someone who loaded version 1 saves: refused, nothing written.
    expect(await refusal(edit(1, "<p>Écrasé</p>"))).toEqual({ code: "knowledge.article.changedMeanwhile", field: undefined });
    expect((await translationsOf(id)).fr.bodyHtml).toBe("<p>Version deux</p>");
    expect((await translationsOf(id)).en.slug).toBe(`printer-${suffix}`);

    await publishArticle({ actorId: author.id, articleId: id, expectedVersion: 2 });
    await unpublishArticle({ actorId: author.id, articleId: id });
    await archiveArticle({ actorId: author.id, articleId: id });
    expect(await refusal(archiveArticle({ actorId: author.id, articleId: id }))).toEqual({ code: "knowledge.article.stateUnchanged", field: undefined });

    const versions = await db().knowledgeArticleVersion.findMany({ where: { articleId: id }, orderBy: { number: "asc" } });
    expect(versions.map((v) => [v.number, v.reason, v.authorId])).toEqual([
      [1, "created", author.id],
      [2, "edited", editor.id],
      [3, "published", author.id],
      [4, "unpublished", author.id],
      [5, "archived", author.id],
    ]);
    const article = await db().knowledgeArticle.findUniqueOrThrow({ where: { id } });
    expect(article).toMatchObject({ state: "archived", version: 5, visibility: "internal" });
    expect(article.archivedAt).not.toBeNull();
    expect(article.publishedAt).not.toBeNull();
    expect((JSON.parse(versions[2].snapshot) as ArticleSnapshot).state).toBe("published");
    expect(await db().auditLog.count({ where: { entityId: id } })).toBe(5);
  });

  it("restores an earlier version as a new version, keeping the state", async () => {
    const { id, author, category, suffix } = await twoLanguageArticle();
    await updateArticle({
      actorId: author.id,
      articleId: id,
      expectedVersion: 1,
      categoryId: category.id,
      visibility: "internal",
      reviewEveryMonths: 3,
      translations: [{ language: "fr", title: "Imprimante bloquée (mise à jour)", slug: `imprimante-maj-${suffix}`, summary: "Nouveau", bodyHtml: "<p>Version deux</p>" }],
    });
    expect(Object.keys(await translationsOf(id))).toEqual(["fr"]);
    await publishArticle({ actorId: author.id, articleId: id });

    const restored = await restoreArticleVersion({ actorId: author.id, articleId: id, number: 1, expectedVersion: 3 });
    expect(restored.version).toBe(4);
    const translations = await translationsOf(id);
    expect(translations.fr).toMatchObject({ title: "Imprimante bloquée", slug: `imprimante-${suffix}`, bodyHtml: "<p>Version une</p>", bodyText: "Version une" });
    expect(translations.en).toMatchObject({ title: "Printer jammed", bodyHtml: "<p>Version one</p>" });
    const article = await db().knowledgeArticle.findUniqueOrThrow({ where: { id } });
    expect(article).toMatchObject({ state: "published", visibility: "public", reviewEveryMonths: null, version: 4 });
    const last = await db().knowledgeArticleVersion.findUniqueOrThrow({ where: { articleId_number: { articleId: id, number: 4 } } });
    expect(last).toMatchObject({ reason: "restored", restoredFrom: 1, authorId: author.id });
    // The slug the restore left is a redirect now; the one it took back is not.
    const redirects = await db().knowledgeSlugRedirect.findMany({ where: { articleId: id } });
    expect(redirects.map((r) => r.slug)).toEqual([`imprimante-maj-${suffix}`]);
    expect(await refusal(restoreArticleVersion({ actorId: author.id, articleId: id, number: 99 }))).toEqual({ code: "errors.notFound", field: undefined });
  });

  it("keeps an old slug as a redirect, and removes the redirect when a version takes the slug again", async () => {
    const { id, author, category, suffix } = await twoLanguageArticle();
    const renameFr = (articleId: string, expectedVersion: number, slug: string, title = "Imprimante bloquée") =>
      updateArticle({ actorId: author.id, articleId, expectedVersion, categoryId: category.id, visibility: "public", reviewEveryMonths: null, translations: [{ language: "fr", title, slug, summary: "", bodyHtml: "<p>x</p>" }] });

    await renameFr(id, 1, `bourrage-${suffix}`);
    expect((await db().knowledgeSlugRedirect.findMany({ where: { articleId: id } })).map((r) => [r.language, r.slug])).toEqual([["fr", `imprimante-${suffix}`]]);

    // Another article takes the freed slug: the redirect goes, the new article answers at that address.
    const other = await createArticle({ actorId: author.id, categoryId: category.id, visibility: "public", reviewEveryMonths: null, translations: [{ language: "fr", title: "Autre", slug: `imprimante-${suffix}`, summary: "", bodyHtml: "" }] });
    expect(await db().knowledgeSlugRedirect.count({ where: { slug: `imprimante-${suffix}` } })).toBe(0);
    // A slug now used by another article cannot be taken.
    expect(await refusal(renameFr(id, 2, `imprimante-${suffix}`))).toEqual({ code: "knowledge.article.slugTaken", field: "slug_fr" });
    // Back and forth on its own slugs: each old one redirects, the current one never does.
    await renameFr(id, 2, `bourrage-papier-${suffix}`);
    await renameFr(id, 3, `bourrage-${suffix}`);
    const redirects = (await db().knowledgeSlugRedirect.findMany({ where: { articleId: id } })).map((r) => r.slug).sort();
    expect(redirects).toEqual([`bourrage-papier-${suffix}`]);
    expect(other.id).not.toBe(id);
  });

  it("counts a review, which starts the review clock again", async () => {
    const { id, author } = await twoLanguageArticle();
    await db().knowledgeArticle.update({ where: { id }, data: { lastReviewedAt: new Date("2020-01-01T00:00:00Z"), reviewRemindedAt: new Date("2020-07-01T00:00:00Z") } });
    const now = new Date("2026-12-01T10:00:00Z");
    await markReviewed({ actorId: author.id, articleId: id, now });
    const article = await db().knowledgeArticle.findUniqueOrThrow({ where: { id } });
    expect(article.lastReviewedAt?.toISOString()).toBe(now.toISOString());
    expect(article.reviewRemindedAt).toBeNull();
    expect(article.version).toBe(1);
  });
});

describe("review reminders", () => {
  it("notifies the author once per due date, and again after the next period", async () => {
    const author = await anAuthor();
    const { id: categoryId } = await aKnowledgeCategory();
    const { id } = await createArticle({ actorId: author.id, categoryId, visibility: "public", reviewEveryMonths: 6, translations: [{ language: "fr", title: "À relire bientôt", summary: "", bodyHtml: "" }] });
    const { id: never } = await createArticle({ actorId: author.id, categoryId, visibility: "public", reviewEveryMonths: null, translations: [{ language: "fr", title: "Jamais relu", summary: "", bodyHtml: "" }] });
    await db().knowledgeArticle.updateMany({ where: { id: { in: [id, never] } }, data: { lastReviewedAt: new Date("2026-01-31T09:00:00Z") } });
    const mine = () => db().notification.findMany({ where: { userId: author.id, kind: "knowledge_review" }, orderBy: { createdAt: "asc" } });

    expect(await sendReviewReminders({ now: new Date("2026-07-30T09:00:00Z") })).toEqual([]);
    const first = await sendReviewReminders({ now: new Date("2026-07-31T10:00:00Z") });
    expect(first).toHaveLength(1);
    expect(await sendReviewReminders({ now: new Date("2026-08-15T10:00:00Z") })).toEqual([]);
    const [notification] = await mine();
    expect(JSON.parse(notification.data)).toEqual({ subject: "À relire bientôt", knowledgeArticleId: id });
    // The bell lists it, leading to the article.
    const { notifications } = await listNotifications({ id: author.id, role: author.role, restrictToGroups: false, writesKnowledge: false });
    const listed = notifications.find((candidate) => candidate.id === notification.id)!;
    expect(listed).toMatchObject({ kind: "knowledge_review", subject: "À relire bientôt", knowledgeArticleId: id });
    expect(notificationHref(listed)).toBe(`/connaissances/articles/${id}`);

    // Reviewed: the next due date is six months on, reminded once again then.
    await markReviewed({ actorId: author.id, articleId: id, now: new Date("2026-08-20T10:00:00Z") });
    expect(await sendReviewReminders({ now: new Date("2026-12-01T10:00:00Z") })).toEqual([]);
    expect(await sendReviewReminders({ now: new Date("2027-02-21T10:00:00Z") })).toHaveLength(1);
    expect(await sendReviewReminders({ now: new Date("2027-02-22T10:00:00Z") })).toEqual([]);
    expect(await mine()).toHaveLength(2);
  });

  it("computes due dates on calendar months", () => {
    const due = (from: string, months: number) => reviewDueAt({ reviewEveryMonths: months, lastReviewedAt: new Date(from), createdAt: new Date(from) })?.toISOString();
    expect(due("2026-08-31T09:00:00.000Z", 6)).toBe("2027-02-28T09:00:00.000Z");
    expect(due("2026-01-15T09:00:00.000Z", 12)).toBe("2027-01-15T09:00:00.000Z");
    expect(reviewDueAt({ reviewEveryMonths: null, lastReviewedAt: new Date(), createdAt: new Date() })).toBeNull();
  });
});
