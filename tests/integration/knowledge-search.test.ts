import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { normaliseMissedQuery, recordSearchMiss, searchKnowledge } from "~/domain/knowledge/knowledge-search.server";
import { db } from "~/lib/db.server";
import { withKnowledgeIndexRepair } from "~/lib/search/sqlite-knowledge-fts.server";
import { aKnowledgeArticle } from "../support/knowledge-factories.ts";

const titles = (results: Awaited<ReturnType<typeof searchKnowledge>>) => results.map((result) => result.title);

describe("knowledge base search", () => {
  it("finds words typed without their accents, and the word being typed as a prefix", async () => {
    await aKnowledgeArticle({
      fr: { title: "Réinitialiser l'étiqueteuse thermique", summary: "Quand l'étiquette sort blanche.", bodyText: "Maintenez le bouton d'avance du papier." },
      en: { title: "Reset the thermal label printer", bodyText: "Hold the paper feed button." },
    });

    expect(titles(await searchKnowledge({ text: "etiqueteuse", audience: "public", language: "fr" }))).toEqual(["Réinitialiser l'étiqueteuse thermique"]);
    expect(titles(await searchKnowledge({ text: "reinitial", audience: "public", language: "fr" }))).toEqual(["Réinitialiser l'étiqueteuse thermique"]);
    expect(titles(await searchKnowledge({ text: "thermal lab", audience: "public", language: "en" }))).toEqual(["Reset the thermal label printer"]);
    expect(titles(await searchKnowledge({ text: "therm", audience: "public", language: null })).sort()).toEqual([
      "Reset the thermal label printer",
      "Réinitialiser l'étiqueteuse thermique",
    ]);
    const [result] = await searchKnowledge({ text: "avance papier", audience: "public", language: "fr" });
    expect(result.excerpt.filter((part) => part.match).map((part) => part.text)).toEqual(["avance", "papier"]);
  });

  it("keeps drafts, archived and internal articles to the audiences allowed to see them", async () => {
    await aKnowledgeArticle({ fr: { title: "Procédure zéphyrin publique" } });
    await aKnowledgeArticle({ fr: { title: "Procédure zéphyrin interne" }, visibility: "internal" });
    await aKnowledgeArticle({ fr: { title: "Procédure zéphyrin brouillon" }, state: "draft" });
    await aKnowledgeArticle({ fr: { title: "Procédure zéphyrin archivée" }, state: "archived" });

    const found = async (audience: "public" | "staff" | "authors") =>
      titles(await searchKnowledge({ text: "zéphyrin", audience, language: "fr" })).sort();
    expect(await found("public")).toEqual(["Procédure zéphyrin publique"]);
    expect(await found("staff")).toEqual(["Procédure zéphyrin interne", "Procédure zéphyrin publique"]);
    expect(await found("authors")).toEqual(["Procédure zéphyrin brouillon", "Procédure zéphyrin interne", "Procédure zéphyrin publique"]);
  });

  it("follows edits and deletions of an article's text", async () => {
    const { id } = await aKnowledgeArticle({ fr: { title: "Badge d'accès perdu", bodyText: "Demandez un badge au secrétariat." } });
    await db().knowledgeArticleTranslation.updateMany({ where: { articleId: id }, data: { bodyText: "Demandez une carte au secrétariat." } });
    expect(titles(await searchKnowledge({ text: "secrétariat badge", audience: "public", language: "fr" }))).toEqual(["Badge d'accès perdu"]);
    expect(titles(await searchKnowledge({ text: "carte secretariat", audience: "public", language: "fr" }))).toEqual(["Badge d'accès perdu"]);
    await db().knowledgeArticle.delete({ where: { id } });
    expect(await searchKnowledge({ text: "secretariat", audience: "public", language: "fr" })).toEqual([]);
  });

  it("treats search syntax typed by a visitor as plain words", async () => {
    await aKnowledgeArticle({ fr: { title: "Facture en double" } });
    for (const hostile of ['"', "facture OR *", "NEAR(facture double)", "title:facture", "facture) OR (1", "'; DROP TABLE x; --"]) {
      await expect(searchKnowledge({ text: hostile, audience: "public", language: "fr" })).resolves.toBeInstanceOf(Array);
    }
    expect(titles(await searchKnowledge({ text: "title:facture", audience: "public", language: "fr" }))).toEqual([]);
  });

  it("counts settled searches that found nothing, once per normalised query", async () => {
    expect(normaliseMissedQuery("  Étiquette   IMPRIMANTE ")).toBe("etiquette imprimante");
    await recordSearchMiss({ text: "Étiquette imprimante", language: "fr", source: "help_centre" });
    await recordSearchMiss({ text: "etiquette  imprimante", language: "fr", source: "help_centre" });
    await recordSearchMiss({ text: "ab", language: "fr", source: "help_centre" });
    const misses = await db().knowledgeSearchMiss.findMany({ select: { query: true, count: true, source: true } });
    expect(misses).toEqual([{ query: "etiquette imprimante", count: 2, source: "help_centre" }]);
  });

  it("survives a later migration that rebuilds the article versions' table the way Prisma does", async () => {
    const { id } = await aKnowledgeArticle({ fr: { title: "Onduleur qui bipe", bodyText: "Remplacez la batterie." } });
    const unchanged = 'CREATE INDEX "x" ON "KnowledgeArticle"("state");';
    expect(withKnowledgeIndexRepair(unchanged)).toBe(unchanged);
    const rebuild = [
      `CREATE TABLE "new_KnowledgeArticleTranslation" AS SELECT * FROM "KnowledgeArticleTranslation" ORDER BY "id" DESC;`,
      `DROP TABLE "KnowledgeArticleTranslation";`,
      `ALTER TABLE "new_KnowledgeArticleTranslation" RENAME TO "KnowledgeArticleTranslation";`,
    ].join("\n");
    const migration = withKnowledgeIndexRepair(rebuild);
    expect(migration.indexOf("DROP TRIGGER IF EXISTS")).toBeLessThan(migration.indexOf('DROP TABLE "KnowledgeArticleTranslation"'));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "knowledge-index-"));
    const copy = path.join(dir, "copy.db");
    await db().$executeRawUnsafe(`VACUUM INTO '${copy}'`);
    const sqlite = new Database(copy);
    try {
      sqlite.exec(migration);
      const find = (words: string) =>
        sqlite.prepare(`SELECT t."articleId" FROM "search_knowledge" f JOIN "KnowledgeArticleTranslation" t ON t.rowid = f.rowid WHERE "search_knowledge" MATCH ?`).pluck().all(words);
      expect(find("onduleur batterie")).toEqual([id]);
      sqlite.prepare(`UPDATE "KnowledgeArticleTranslation" SET "bodyText" = 'Changez le fusible.' WHERE "articleId" = ?`).run(id);
      expect(find("batterie")).toEqual([]);
      expect(find("fusible")).toEqual([id]);
    } finally {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
