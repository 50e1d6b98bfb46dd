import { describe, expect, it } from "vitest";
import { articleFigures, firstDayOf, knowledgeStatistics, listArticlesForStaff, paragraphsFromText } from "~/domain/knowledge/article-queries.server";
import { archiveArticle, createArticle } from "~/domain/knowledge/articles.server";
import { db } from "~/lib/db.server";
import { aKnowledgeCategory } from "../support/knowledge-factories.ts";
import { anAuthor } from "../support/knowledge-authoring-factories.ts";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-12-07T12:00:00Z");

describe("the staff list of articles", () => {
  it("filters by state, audience, category, language and search; readers see published articles only", async () => {
    const author = await anAuthor();
    const top = await aKnowledgeCategory();
    const sub = await aKnowledgeCategory({ parentId: top.id });
    const other = await aKnowledgeCategory();
    const run = Date.now().toString(36);
    const make = (title: string, extra: Partial<Parameters<typeof createArticle>[0]> = {}) =>
      createArticle({ actorId: author.id, categoryId: sub.id, visibility: "public", reviewEveryMonths: null, translations: [{ language: "fr", title: `${title} ${run}`, summary: "", bodyHtml: `<p>onduleur${run}</p>` }], ...extra });
    const published = await make("Publié", { state: "published" });
    const draft = await make("Brouillon", { visibility: "internal", reviewEveryMonths: 1 });
    const archived = await make("Archivé", { state: "published" });
    await archiveArticle({ actorId: author.id, articleId: archived.id });
    const english = await createArticle({ actorId: author.id, categoryId: other.id, visibility: "public", reviewEveryMonths: null, state: "published", translations: [{ language: "en", title: `English ${run}`, summary: "", bodyHtml: "<p>x</p>" }] });
    await db().knowledgeArticle.update({ where: { id: draft.id }, data: { lastReviewedAt: new Date(now.getTime() - 40 * DAY) } });

    const ids = async (filters: Partial<Parameters<typeof listArticlesForStaff>[0]>) =>
      (await listArticlesForStaff({ state: null, visibility: null, categoryId: null, language: null, text: "", writer: true, now, ...filters }))
        .map((row) => row.id)
        .filter((id) => [published.id, draft.id, archived.id, english.id].includes(id))
        .sort();
    const sorted = (...values: string[]) => [...values].sort();

    expect(await ids({})).toEqual(sorted(published.id, draft.id, english.id));
    expect(await ids({ state: "archived" })).toEqual([archived.id]);
    expect(await ids({ state: "archived", text: "Archivé" })).toEqual([archived.id]);
    expect(await ids({ visibility: "internal" })).toEqual([draft.id]);
    expect(await ids({ categoryId: top.id })).toEqual(sorted(published.id, draft.id));
    expect(await ids({ language: "en" })).toEqual([english.id]);
    expect(await ids({ text: `onduleur${run}` })).toEqual(sorted(published.id, draft.id));
    expect(await ids({ writer: false })).toEqual(sorted(published.id, english.id));
    expect(await ids({ writer: false, state: "draft", text: `onduleur${run}` })).toEqual([published.id]);

    const rows = await listArticlesForStaff({ state: null, visibility: null, categoryId: null, language: null, text: "", writer: true, now });
    expect(rows.find((row) => row.id === draft.id)).toMatchObject({ reviewDue: true, state: "draft", visibility: "internal" });
    expect(rows.find((row) => row.id === published.id)).toMatchObject({ reviewDue: false });
  });
});

describe("figures", () => {
  it("sums an article's figures over the period and lists the searches that found nothing", async () => {
    const author = await anAuthor();
    const { id: categoryId } = await aKnowledgeCategory();
    const { id } = await createArticle({ actorId: author.id, categoryId, visibility: "public", reviewEveryMonths: null, state: "published", translations: [{ language: "fr", title: "Chiffres", summary: "", bodyHtml: "" }] });
    const day = (daysAgo: number) => firstDayOf(daysAgo + 1, now);
    await db().knowledgeArticleDailyFigure.createMany({
      data: [
        { articleId: id, day: day(0), views: 5, insertions: 1 },
        { articleId: id, day: day(20), views: 3, insertions: 2 },
        { articleId: id, day: day(60), views: 100, insertions: 0 },
      ],
    });
    await db().knowledgeFeedback.createMany({
      data: [
        { articleId: id, language: "fr", useful: true, comment: "", createdAt: new Date(now.getTime() - DAY) },
        { articleId: id, language: "fr", useful: false, comment: "Il manque l'étape 3", createdAt: new Date(now.getTime() - 2 * DAY) },
        { articleId: id, language: "fr", useful: false, comment: "Ancien", createdAt: new Date(now.getTime() - 50 * DAY) },
      ],
    });
    await db().knowledgeDeflection.createMany({ data: [{ articleId: id, channel: "web_form", language: "fr", createdAt: new Date(now.getTime() - 3 * DAY) }] });
    await db().knowledgeSearchMiss.createMany({
      data: [
        { query: "onduleur bip", language: "fr", source: "help_centre", count: 7, lastSearchedAt: new Date(now.getTime() - DAY) },
        { query: "vpn", language: "en", source: "portal", count: 12, lastSearchedAt: new Date(now.getTime() - 2 * DAY) },
        { query: "vieux", language: "fr", source: "agent", count: 50, lastSearchedAt: new Date(now.getTime() - 45 * DAY) },
      ],
    });

    expect(await articleFigures(id, 30, now)).toMatchObject({ views: 8, insertions: 3, useful: 1, notUseful: 1, deflections: 1, comments: [{ comment: "Il manque l'étape 3", useful: false }] });
    expect(await articleFigures(id, 90, now)).toMatchObject({ views: 108, insertions: 3, useful: 1, notUseful: 2 });

    const month = await knowledgeStatistics(30, now);
    expect(month.articles.find((article) => article.id === id)).toMatchObject({ views: 8, insertions: 3, useful: 1, notUseful: 1, deflections: 1 });
    expect(month.misses.map((miss) => [miss.query, miss.count, miss.source])).toEqual([
      ["vpn", 12, "portal"],
      ["onduleur bip", 7, "help_centre"],
    ]);
    expect(month.deflectionTotal).toBe(1);
    expect((await knowledgeStatistics(90, now)).misses[0].query).toBe("vieux");
  });

  it("turns a message's text into escaped paragraphs", () => {
    expect(paragraphsFromText("Bonjour,\r\n\r\nRedémarrez <b>tout</b>.\nPuis rappelez.\n\n\n")).toBe("<p>Bonjour,</p><p>Redémarrez &lt;b&gt;tout&lt;/b&gt;.<br>Puis rappelez.</p>");
  });
});
