import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { createArticle, type ArticleSnapshot } from "~/domain/knowledge/articles.server";
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
