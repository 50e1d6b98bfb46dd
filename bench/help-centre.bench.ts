/**
 * The public help centre over 5,000 published articles (French and English versions: 10,000
 * documents in the knowledge index), in its own process on its own scratch database:
 *
 *   subject   /aide/suggestions (search as you type, a realistic set of partial queries, as the
 *             browser sends them while someone types), and the article page (server-rendered,
 *             the view counted);
 *   baseline  bare Express serving the same bytes (the app's own answers, captured first) for
 *             the same addresses, in the same run.
 *
 * HELP_CENTRE_BENCH_ARTICLES sets the size (5,000 by default).
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import express from "express";
import { useScratchWorkspace } from "./context.ts";
import { measure, reportRatio } from "./harness.ts";
import { seededRandom } from "../tests/support/seeded-random.ts";

const ARTICLES = Number(process.env.HELP_CENTRE_BENCH_ARTICLES ?? 5_000);
const CATEGORIES = 20;

const { dataDir, databaseUrl } = useScratchWorkspace({ HELP_CENTRE_SUGGESTIONS_PER_MINUTE: "1000000" });
const { applyMigrations } = await import("../server/bootstrap/migrate.ts");
const { db, databaseReady, disconnectDatabase } = await import("~/lib/db.server");
const { createAppServer } = await import("../server/app-server.ts");

/** Words of a small business's help centre, in both languages, to build titles and bodies from. */
const vocabulary = {
  fr: {
    subjects: ["imprimante", "facture", "mot de passe", "livraison", "connexion", "étiquette", "caisse", "badge", "wifi", "sauvegarde", "devis", "commande", "remboursement", "abonnement", "compte client", "messagerie", "scanner", "terminal de paiement", "application mobile", "synchronisation"],
    verbs: ["Configurer", "Réinitialiser", "Modifier", "Télécharger", "Annuler", "Suivre", "Installer", "Réparer", "Activer", "Exporter"],
    fillers: ["Ouvrez le menu Paramètres puis choisissez l'onglet concerné.", "Vérifiez que l'appareil est bien allumé et relié au réseau.", "Si le problème persiste, redémarrez l'appareil et recommencez.", "Notez le message d'erreur affiché : il aide notre équipe à répondre vite.", "Les modifications sont enregistrées automatiquement après quelques secondes.", "Cette opération peut prendre quelques minutes selon la taille des données."],
  },
  en: {
    subjects: ["printer", "invoice", "password", "delivery", "sign-in", "label", "till", "badge", "wifi", "backup", "quote", "order", "refund", "subscription", "customer account", "mailbox", "scanner", "card terminal", "mobile app", "sync"],
    verbs: ["Set up", "Reset", "Change", "Download", "Cancel", "Track", "Install", "Fix", "Enable", "Export"],
    fillers: ["Open the Settings menu and choose the matching tab.", "Check that the device is switched on and connected to the network.", "If the problem persists, restart the device and try again.", "Write down the error message: it helps our team answer quickly.", "Changes are saved automatically after a few seconds.", "This may take a few minutes depending on the amount of data."],
  },
};

/** What a customer has typed so far, keystroke by keystroke prefixes of real questions. */
const partialQueries = ["imp", "impri", "imprimante", "imprimante wif", "fact", "facture", "facture tel", "mot de p", "mot de passe", "livr", "livraison suiv", "conn", "connexion", "etiq", "etiquette", "badg", "sauveg", "rembour", "abonnement ann", "terminal de paie"];

async function seedArticles() {
  const random = seededRandom(15);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const categoryIds: string[] = [];
  for (let index = 0; index < CATEGORIES; index += 1) {
    const category = await db().knowledgeCategory.create({
      data: {
        position: index,
        translations: {
          create: [
            { language: "fr", name: `Rubrique ${vocabulary.fr.subjects[index]}`, slug: `rubrique-${index}` },
            { language: "en", name: `Topic ${vocabulary.en.subjects[index]}`, slug: `topic-${index}` },
          ],
        },
      },
      select: { id: true },
    });
    categoryIds.push(category.id);
  }
  const now = new Date();
  for (let start = 0; start < ARTICLES; start += 500) {
    const articles = Array.from({ length: Math.min(500, ARTICLES - start) }, (_, offset) => {
      const index = start + offset;
      return { id: `bench-article-${index}`, categoryId: categoryIds[index % CATEGORIES], state: "published", visibility: "public", publishedAt: now, subject: index % vocabulary.fr.subjects.length, verb: index % vocabulary.fr.verbs.length };
    });
    const translations = articles.flatMap((article, offset) =>
      (["fr", "en"] as const).map((language) => {
        const words = vocabulary[language];
        const title = `${words.verbs[article.verb]} ${language === "fr" ? "votre" : "your"} ${words.subjects[article.subject]} (${start + offset})`;
        const paragraphs = Array.from({ length: 8 }, () => `${pick(words.fillers)} ${pick(words.fillers)} ${words.subjects[Math.floor(random() * words.subjects.length)]}.`);
        return {
          articleId: article.id,
          language,
          title,
          slug: `${language}-article-${start + offset}`,
          summary: `${title}: ${pick(words.fillers)}`,
          bodyText: paragraphs.join("\n\n"),
          bodyHtml: `<h2>${title}</h2>${paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join("")}<ul><li>${pick(words.fillers)}</li><li>${pick(words.fillers)}</li></ul>`,
        };
      }),
    );
    await db().$transaction([
      db().knowledgeArticle.createMany({ data: articles.map(({ id, categoryId, state, visibility, publishedAt }) => ({ id, categoryId, state, visibility, publishedAt })) }),
      db().knowledgeArticleTranslation.createMany({ data: translations }),
    ]);
  }
}

/** A bare Express server answering each captured address with the app's own bytes and content type. */
async function bareServer(answers: Map<string, { body: Buffer; contentType: string }>) {
  const bare = express();
  bare.get("*", (request, response) => {
    const answer = answers.get(request.url);
    if (!answer) return response.status(404).end();
    response.type(answer.contentType).send(answer.body);
  });
  const server = http.createServer(bare);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function fetchBytes(url: string) {
  const response = await fetch(url, { headers: { "User-Agent": "Mozilla/5.0 (bench) Firefox/133.0" } });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get("content-type") ?? "text/html" };
}

if (!fs.existsSync(path.resolve("build/server/index.js"))) {
  console.error("No production build: run `npm run build` first (npm run bench does it for you).");
  process.exit(1);
}

try {
  await applyMigrations(databaseUrl);
  await databaseReady();
  const seeding = Date.now();
  await seedArticles();
  const seededIn = (Date.now() - seeding) / 1000;
  const server = await createAppServer({ mode: "production", publicUrl: "http://127.0.0.1" });
  const port = await server.listen(0, "127.0.0.1");
  const appUrl = `http://127.0.0.1:${port}`;
  try {
    const suggestionPaths = partialQueries.map((query) => `/aide/suggestions?${new URLSearchParams({ q: query, langue: "fr", source: "help_centre" })}`);
    const articlePaths = Array.from({ length: 50 }, (_, index) => `/aide/fr/articles/fr-article-${(index * 97) % ARTICLES}`);
    const answers = new Map<string, { body: Buffer; contentType: string }>();
    let found = 0;
    for (const address of [...suggestionPaths, ...articlePaths]) {
      const answer = await fetchBytes(`${appUrl}${address}`);
      answers.set(address, answer);
      if (address.startsWith("/aide/suggestions") && (JSON.parse(answer.body.toString()) as { results: unknown[] }).results.length > 0) found += 1;
    }
    const bare = await bareServer(answers);

    console.log(`\n# Help centre: ${ARTICLES.toLocaleString("en")} published articles in French and English (seeded in ${seededIn.toFixed(1)} s); ${found}/${suggestionPaths.length} partial queries find articles`);
    let next = 0;
    const get = (base: string, paths: string[]) => async () => {
      const response = await fetch(`${base}${paths[next++ % paths.length]}`, { headers: { "User-Agent": "Mozilla/5.0 (bench) Firefox/133.0" } });
      if (response.status !== 200) throw new Error(`answered ${response.status}`);
      await response.arrayBuffer();
    };
    const suggestions = await measure("/aide/suggestions (Remix, FTS5)", get(appUrl, suggestionPaths), { iterations: 600, warmup: 60 });
    const suggestionsBaseline = await measure("bare Express, same bytes", get(bare.url, suggestionPaths), { iterations: 600, warmup: 60 });
    reportRatio("Help centre search as you type (/aide/suggestions)", suggestions, suggestionsBaseline);

    const article = await measure("article page (Remix SSR, view counted)", get(appUrl, articlePaths), { iterations: 300, warmup: 30 });
    const articleBaseline = await measure("bare Express, same bytes", get(bare.url, articlePaths), { iterations: 300, warmup: 30 });
    reportRatio("Help centre article page over HTTP", article, articleBaseline);
    const views = await db().knowledgeArticleDailyFigure.aggregate({ _sum: { views: true } });
    console.log(`  views counted: ${views._sum.views ?? 0} (${articlePaths.length} captures + ${330} requests expected)`);
    await bare.close();
  } finally {
    await server.close();
  }
} finally {
  await disconnectDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
