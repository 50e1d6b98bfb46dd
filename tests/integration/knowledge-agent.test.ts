import { beforeAll, describe, expect, it } from "vitest";
import { searchArticlesForAgent, suggestArticlesForTicket } from "~/domain/knowledge/agent-suggestions.server";
import { insertArticleIntoReply } from "~/domain/knowledge/article-insertions.server";
import { knowledgeFigureDay } from "~/domain/knowledge/figure-day";
import { db } from "~/lib/db.server";
import { aKnowledgeArticle } from "../support/knowledge-factories.ts";

/**
 * The knowledge base in the agent's ticket page: suggestions for a ticket, the composer's search
 * (staff audience: public and internal published articles), the customer's language first, and
 * the insertion that counts the day's figure.
 */

let printerCodes: { id: string };
let upsSheet: { id: string };
let englishOnly: { id: string };
let draft: { id: string };
let archived: { id: string };

beforeAll(async () => {
  printerCodes = await aKnowledgeArticle({
    fr: {
      title: "Codes d'erreur des imprimantes",
      slug: "agent-codes-erreur-imprimantes",
      summary: "E05, E13, SC542 : que faire quand l'imprimante s'arrête.",
      bodyText: "Le code E13 signale un bourrage papier. Redémarrez l'imprimante.",
    },
    en: {
      title: "Printer error codes",
      slug: "agent-printer-error-codes",
      summary: "E05, E13, SC542: what to do when the printer stops.",
      bodyText: "Code E13 means a paper jam. Restart the printer.",
    },
  });
  upsSheet = await aKnowledgeArticle({
    visibility: "internal",
    fr: { title: "Fiche technicien : batterie d'onduleur", slug: "agent-fiche-onduleur", summary: "Remplacement à chaud de la batterie.", bodyText: "L'onduleur bipe : batterie en fin de vie." },
  });
  englishOnly = await aKnowledgeArticle({
    en: { title: "Label printer calibration", slug: "agent-label-printer", summary: "Labels printed off-centre.", bodyText: "Hold the Feed button for five seconds." },
  });
  draft = await aKnowledgeArticle({
    state: "draft",
    fr: { title: "Imprimante brouillon", slug: "agent-imprimante-brouillon", bodyText: "Onduleur imprimante brouillon." },
  });
  archived = await aKnowledgeArticle({
    state: "archived",
    fr: { title: "Imprimante archivée", slug: "agent-imprimante-archivee", bodyText: "Onduleur imprimante archivée." },
  });
});

describe("suggested articles for a ticket", () => {
  it("finds published articles, public and internal, from any word of the subject and first message", async () => {
    const suggestions = await suggestArticlesForTicket({
      subject: "Imprimante bloquée en erreur E13",
      firstCustomerMessage: "Bonjour, l'imprimante du secrétariat affiche E13. Et l'onduleur de la baie bipe. Cordialement",
      customerLanguage: "fr",
    });
    const ids = suggestions.map((entry) => entry.articleId);
    expect(ids).toContain(printerCodes.id);
    expect(ids).toContain(upsSheet.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(archived.id);
    expect(suggestions.find((entry) => entry.articleId === upsSheet.id)).toMatchObject({ internal: true, language: "fr" });
    expect(suggestions.find((entry) => entry.articleId === printerCodes.id)).toMatchObject({
      internal: false,
      language: "fr",
      title: "Codes d'erreur des imprimantes",
      path: "/aide/fr/articles/agent-codes-erreur-imprimantes",
      inOtherLanguage: false,
    });
    // Each article once, though both its versions match.
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("offers the customer's language, the other version only when that is all there is, and those last", async () => {
    const english = await suggestArticlesForTicket({ subject: "Printer error E13, label printer off-centre", firstCustomerMessage: "", customerLanguage: "en" });
    expect(english.find((entry) => entry.articleId === printerCodes.id)).toMatchObject({ language: "en", title: "Printer error codes", inOtherLanguage: false });
    const french = await suggestArticlesForTicket({ subject: "Imprimante d'étiquettes : label printer calibration", firstCustomerMessage: "Codes d'erreur", customerLanguage: "fr" });
    const fallback = french.find((entry) => entry.articleId === englishOnly.id);
    expect(fallback).toMatchObject({ language: "en", inOtherLanguage: true, path: "/aide/en/articles/agent-label-printer" });
    expect(french.at(-1)?.articleId).toBe(englishOnly.id);
  });

  it("puts the articles matching the subject before those matching only the message", async () => {
    const suggestions = await suggestArticlesForTicket({
      subject: "Onduleur qui bipe",
      firstCustomerMessage: "L'imprimante E13, l'imprimante encore, codes d'erreur de l'imprimante et redémarrez tout.",
      customerLanguage: "fr",
    });
    expect(suggestions.map((entry) => entry.articleId).slice(0, 2)).toEqual([upsSheet.id, printerCodes.id]);
  });

  it("suggests nothing for a ticket made of greetings, and nothing from words found nowhere", async () => {
    expect(await suggestArticlesForTicket({ subject: "Bonjour", firstCustomerMessage: "Merci d'avance, cordialement", customerLanguage: "fr" })).toEqual([]);
    expect(await suggestArticlesForTicket({ subject: "Zyxwvutsrq", firstCustomerMessage: "", customerLanguage: "fr" })).toEqual([]);
  });
});

describe("the composer's search", () => {
  it("needs every word typed, the last as a prefix, accents ignored", async () => {
    const results = await searchArticlesForAgent({ text: "onduleur batter", customerLanguage: "fr", settled: false });
    expect(results.map((entry) => entry.articleId)).toEqual([upsSheet.id]);
    expect(results[0].excerpt.some((part) => part.match)).toBe(true);
    const accents = await searchArticlesForAgent({ text: "redemarrez", customerLanguage: "fr", settled: false });
    expect(accents.map((entry) => entry.articleId)).toEqual([printerCodes.id]);
    const folded = await searchArticlesForAgent({ text: "codes erreur imprim", customerLanguage: "fr", settled: false });
    expect(folded.map((entry) => entry.articleId)).toEqual([printerCodes.id]);
  });

  it("counts a settled search that found nothing under source agent, never a keystroke's prefix", async () => {
    const where = { query: "badgeuse atelier", language: "fr", source: "agent" };
    expect(await searchArticlesForAgent({ text: "Badgeuse atel", customerLanguage: "fr", settled: false })).toEqual([]);
    expect(await db().knowledgeSearchMiss.count({ where: { source: "agent" } })).toBe(0);
    await searchArticlesForAgent({ text: "Badgeuse  atelier", customerLanguage: "fr", settled: true });
    await searchArticlesForAgent({ text: "badgeuse atelier", customerLanguage: "fr", settled: true });
    expect(await db().knowledgeSearchMiss.findMany({ where: { source: "agent" }, select: { query: true, language: true, source: true, count: true } })).toEqual([
      { ...where, count: 2 },
    ]);
    // A settled search that found something is no miss.
    await searchArticlesForAgent({ text: "onduleur", customerLanguage: "fr", settled: true });
    expect(await db().knowledgeSearchMiss.count({ where: { source: "agent" } })).toBe(1);
  });

  it("never finds drafts or archived articles", async () => {
    expect(await searchArticlesForAgent({ text: "brouillon", customerLanguage: "fr", settled: false })).toEqual([]);
    expect(await searchArticlesForAgent({ text: "archivée", customerLanguage: "fr", settled: false })).toEqual([]);
  });
});

describe("inserting an article into a reply", () => {
  it("answers the version in the requested language with its absolute address, and counts the day in the workspace's time zone", async () => {
    // 23:30 UTC on 1 March is already 2 March in Paris.
    const now = new Date("2026-03-01T23:30:00Z");
    const first = await insertArticleIntoReply({ articleId: printerCodes.id, language: "en", publicUrl: "https://support.example.fr/", now });
    expect(first).toMatchObject({
      title: "Printer error codes",
      language: "en",
      url: "https://support.example.fr/aide/en/articles/agent-printer-error-codes",
      text: "Code E13 means a paper jam. Restart the printer.",
      internal: false,
    });
    expect(first?.html).toContain("<p>");
    await insertArticleIntoReply({ articleId: printerCodes.id, language: "fr", publicUrl: "https://support.example.fr", now });
    expect(knowledgeFigureDay(now)).toBe("2026-03-02");
    expect(await db().knowledgeArticleDailyFigure.findMany({ where: { articleId: printerCodes.id }, select: { day: true, insertions: true, views: true } })).toEqual([
      { day: "2026-03-02", insertions: 2, views: 0 },
    ]);
  });

  it("gives no address for an internal article, and falls back to the only version", async () => {
    const internal = await insertArticleIntoReply({ articleId: upsSheet.id, language: "en", publicUrl: "https://support.example.fr" });
    expect(internal).toMatchObject({ url: null, internal: true, language: "fr", text: "L'onduleur bipe : batterie en fin de vie." });
  });

  it("inserts nothing and counts nothing for a draft, an archived or an unknown article", async () => {
    for (const articleId of [draft.id, archived.id, "missing", ""]) {
      expect(await insertArticleIntoReply({ articleId, language: "fr", publicUrl: "https://support.example.fr" })).toBeNull();
    }
    expect(await db().knowledgeArticleDailyFigure.count({ where: { articleId: { in: [draft.id, archived.id] } } })).toBe(0);
  });
});
