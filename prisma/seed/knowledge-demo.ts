/**
 * The demo workspace's help centre, written through the authoring domain after the rest of the
 * demo is committed (the domain opens its own transactions), like the campaigns:
 * - Julien Moreau (tech@) is marked as a knowledge-base author, the demo's technician who writes;
 * - the categories and the twenty articles of knowledge-demo-content.ts (createCategory,
 *   createArticle: HTML sanitised, plain text, slugs, version 1 and audit as an author's save
 *   makes them), then dated back to when they were written;
 * - thirty days of figures so the statistics page tells a story: views and insertions per day,
 *   « was this useful? » answers with a few comments, requests that an article answered
 *   (deflections), and searches that found nothing.
 * Every figure comes from a seeded PRNG and `now`, so the same `now` gives the same figures.
 */
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { createArticle } from "../../app/domain/knowledge/articles.server.ts";
import { createCategory } from "../../app/domain/knowledge/categories.server.ts";
import { knowledgeFigureDay } from "../../app/domain/knowledge/figure-day.ts";
import { normaliseMissedQuery } from "../../app/domain/knowledge/knowledge-search.server.ts";
import { withDatabaseClient } from "../../app/lib/db.server.ts";
import { Random } from "./demo-workspace.ts";
import { demoKnowledgeArticles, demoKnowledgeCategories, type DemoCategoryKey } from "./knowledge-demo-content.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Days of figures before `now`. */
const FIGURE_DAYS = 30;

/** How much each published article is read, relative to the others (the printers' and access questions lead). */
const popularity: Record<string, number> = {
  "printer-error-codes": 9,
  "portal-sign-in": 8,
  "software-password": 6,
  "paper-jams": 6,
  "invoice-copy": 5,
  "card-terminal": 5,
  "till-licence": 4,
  "response-times": 4,
  "direct-debit": 3,
  "reading-invoice": 3,
  "on-site-intervention": 3,
  "follow-request": 3,
  "label-printer": 2,
  "new-workstation": 2,
  "nas-orange-light": 2,
  "new-user-account": 2,
  "billing-address": 1,
  // Internal articles: read by the team only.
  "identity-check": 1,
  "ups-checklist": 1,
};

/** Comments left with « useful »: a few about one article, the rest could be about any. */
const usefulComments: Record<string, string[]> = {
  "printer-error-codes": ["Le tableau des codes est très pratique, je l'ai imprimé pour l'accueil."],
  "till-licence": ["Le redémarrage complet a suffi, merci !"],
  "portal-sign-in": ["Le lien était dans les indésirables, tout simplement."],
};
const anyUsefulComments = [
  { language: "fr", text: "Clair et rapide, merci." },
  { language: "fr", text: "J'ai trouvé la réponse sans avoir à appeler." },
  { language: "en", text: "Exactly what I needed, thanks." },
];
/** Comments left with « not useful »: what the article is missing (no comment for the others). */
const notUsefulComments: Record<string, string> = {
  "printer-error-codes": "Mon code d'erreur (E-410) n'est pas dans la liste.",
  "card-terminal": "Il manque la marche à suivre pour un terminal Bluetooth.",
  "direct-debit": "Je n'ai pas trouvé où télécharger le mandat dans l'espace client.",
  "software-password": "Notre administrateur est en congé et le SMS n'arrive pas.",
  "paper-jams": "Chez nous les bourrages viennent du bac 2, pas du recto verso.",
  "invoice-copy": "Les factures de 2023 ne sont pas dans l'espace client.",
  "till-licence": "La commande net stop répond « Accès refusé ».",
  "reading-invoice": "Je ne comprends toujours pas la ligne de déplacement.",
};

/** Searches that found nothing: what the team should write next (query, language, place, how often). */
const missedSearches: Array<{ text: string; language: "fr" | "en"; source: "help_centre" | "web_form" | "portal" | "agent"; count: number; daysAgo: number }> = [
  { text: "badgeuse", language: "fr", source: "help_centre", count: 9, daysAgo: 1 },
  { text: "vpn télétravail", language: "fr", source: "help_centre", count: 6, daysAgo: 2 },
  { text: "export FEC", language: "fr", source: "agent", count: 4, daysAgo: 3 },
  { text: "wifi invités", language: "fr", source: "portal", count: 3, daysAgo: 5 },
  { text: "licence antivirus expirée", language: "fr", source: "web_form", count: 3, daysAgo: 4 },
  { text: "douchette code-barres", language: "fr", source: "agent", count: 2, daysAgo: 8 },
  { text: "remote desktop", language: "en", source: "help_centre", count: 2, daysAgo: 11 },
];

export type DemoKnowledgeSummary = { categories: number; articles: number };

export async function seedDemoKnowledgeBase(client: PrismaClient, now: Date): Promise<DemoKnowledgeSummary> {
  return withDatabaseClient(client, async () => {
    const random = new Random(0x4b_b0_15_e5);
    const time = Math.floor(now.getTime() / 1000) * 1000;
    const users = await client.user.findMany({
      where: { email: { in: ["admin@comptoir.test", "tech@comptoir.test", "direction@comptoir.test"] } },
      select: { id: true, email: true },
    });
    const userId = (email: string) => users.find((user) => user.email === email)!.id;
    await client.user.update({ where: { id: userId("tech@comptoir.test") }, data: { writesKnowledge: true } });

    // ── categories, parents first (the content lists them so) ──
    const categoryIds = new Map<DemoCategoryKey, string>();
    for (const category of demoKnowledgeCategories) {
      const { id } = await createCategory({
        actorId: userId("admin@comptoir.test"),
        parentId: category.parent ? categoryIds.get(category.parent)! : null,
        translations: [
          { language: "fr", ...category.fr },
          { language: "en", ...category.en },
        ],
      });
      categoryIds.set(category.key, id);
      const createdAt = new Date(time - 95 * DAY);
      await client.knowledgeCategory.update({ where: { id }, data: { createdAt, updatedAt: createdAt } });
    }

    // ── articles, written by their authors, then dated back to when they were written ──
    const articleIds = new Map<string, string>();
    const writtenAt = new Map<string, number>();
    for (const article of demoKnowledgeArticles) {
      const { id } = await createArticle({
        actorId: userId(article.author),
        categoryId: categoryIds.get(article.category)!,
        visibility: article.visibility,
        reviewEveryMonths: article.reviewEveryMonths,
        state: article.state,
        translations: [
          { language: "fr", ...article.fr },
          { language: "en", ...article.en },
        ],
      });
      const at = new Date(time - article.writtenDaysAgo * DAY - random.int(2, 8) * HOUR - random.int(0, 59) * MINUTE);
      articleIds.set(article.key, id);
      writtenAt.set(article.key, at.getTime());
      await client.knowledgeArticle.update({
        where: { id },
        data: { createdAt: at, updatedAt: at, lastReviewedAt: at, publishedAt: article.state === "published" ? at : null },
      });
      await client.knowledgeArticleTranslation.updateMany({ where: { articleId: id }, data: { createdAt: at, updatedAt: at } });
      await client.knowledgeArticleVersion.updateMany({ where: { articleId: id }, data: { createdAt: at } });
    }

    // ── figures of the last thirty days ──
    const published = demoKnowledgeArticles.filter((article) => article.state === "published");
    const figures: Array<{ articleId: string; day: string; views: number; insertions: number }> = [];
    for (const article of published) {
      const weight = popularity[article.key] ?? 1;
      const internal = article.visibility === "internal";
      for (let daysAgo = FIGURE_DAYS; daysAgo >= 0; daysAgo--) {
        const instant = time - daysAgo * DAY;
        if (instant < writtenAt.get(article.key)!) continue;
        const weekday = new Date(instant).getUTCDay();
        const weekend = weekday === 0 || weekday === 6;
        // Today is under way: a third of a day's reading so far.
        const share = daysAgo === 0 ? 0.35 : 1;
        const views = Math.round((internal ? random.int(0, 2) : weight * random.float(0.6, 1.6) * (weekend ? 0.35 : 1)) * share);
        const insertions = weekend ? 0 : random.chance(Math.min(0.6, weight * 0.06)) ? random.int(1, weight > 5 ? 3 : 2) : 0;
        if (views + insertions === 0) continue;
        figures.push({ articleId: articleIds.get(article.key)!, day: knowledgeFigureDay(new Date(instant)), views, insertions });
      }
    }
    await client.knowledgeArticleDailyFigure.createMany({ data: figures });

    // « Was this useful? »: mostly yes on the articles people read, a few no with what was missing.
    const publicArticles = published.filter((article) => article.visibility === "public");
    const readerPick = () => random.weighted(publicArticles.map((article) => [article, popularity[article.key] ?? 1] as const));
    const pastInstant = (maxDaysAgo: number) => new Date(time - random.int(1, maxDaysAgo * 24 * 60) * MINUTE);
    const feedback: Array<{ articleId: string; language: string; useful: boolean; comment: string; createdAt: Date }> = [];
    for (let index = 0; index < 46; index++) {
      const article = readerPick();
      const useful = random.chance(0.82);
      let comment: { language: string; text: string } | null = null;
      if (useful && random.chance(0.2)) {
        const own = usefulComments[article.key];
        comment = own && random.chance(0.6) ? { language: "fr", text: random.pick(own) } : random.pick(anyUsefulComments);
      } else if (!useful && notUsefulComments[article.key] && random.chance(0.7)) {
        comment = { language: "fr", text: notUsefulComments[article.key] };
      }
      const language = comment?.language ?? (random.chance(0.1) ? "en" : "fr");
      const since = Math.max(1, Math.min(FIGURE_DAYS, Math.floor((time - writtenAt.get(article.key)!) / DAY)));
      feedback.push({ articleId: articleIds.get(article.key)!, language, useful, comment: comment?.text ?? "", createdAt: pastInstant(since) });
    }
    await client.knowledgeFeedback.createMany({ data: feedback });

    // Requests that an article answered before they were sent: from the request form and the portal.
    const deflections = Array.from({ length: 27 }, () => {
      const article = readerPick();
      const since = Math.max(1, Math.min(FIGURE_DAYS, Math.floor((time - writtenAt.get(article.key)!) / DAY)));
      return {
        articleId: articleIds.get(article.key)!,
        channel: random.chance(0.6) ? "web_form" : "portal",
        language: random.chance(0.9) ? "fr" : "en",
        createdAt: pastInstant(since),
      };
    });
    await client.knowledgeDeflection.createMany({ data: deflections });

    await client.knowledgeSearchMiss.createMany({
      data: missedSearches.map((miss) => {
        const last = new Date(time - miss.daysAgo * DAY - random.int(0, 600) * MINUTE);
        return {
          query: normaliseMissedQuery(miss.text),
          language: miss.language,
          source: miss.source,
          count: miss.count,
          firstSearchedAt: new Date(last.getTime() - random.int(3, 20) * DAY),
          lastSearchedAt: last,
        };
      }),
    });

    return { categories: demoKnowledgeCategories.length, articles: demoKnowledgeArticles.length };
  });
}
