import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knowledgeFigureDay } from "~/domain/knowledge/figure-day";
import { localeCookie } from "~/lib/cookies.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aFormerSlug, aHelpCentreArticle, aHelpCentreCategory } from "../support/knowledge-help-centre-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

/** The public help centre over HTTP: who reads what, counters, feedback, deflection, SEO. */

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

let app: TestApp;

beforeAll(async () => {
  // An administrator exists, so sign-in is open (an empty workspace goes to its first run).
  await aUser({ role: "admin" });
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const visitor = () => new HttpSession(app.url);
const views = async (articleId: string) =>
  (await db().knowledgeArticleDailyFigure.findUnique({ where: { articleId_day: { articleId, day: knowledgeFigureDay(new Date()) } } }))?.views ?? 0;

describe("who reads what", () => {
  it("serves published public articles to anyone, hides drafts, keeps internal articles to staff", async () => {
    const category = await aHelpCentreCategory({ nameFr: "Facturation", nameEn: "Billing" });
    const published = await aHelpCentreArticle({ categoryId: category.id, titleFr: "Télécharger une facture", titleEn: "Download an invoice" });
    const internal = await aHelpCentreArticle({ categoryId: category.id, visibility: "internal", titleFr: "Procédure d'avoir interne" });
    const draft = await aHelpCentreArticle({ categoryId: category.id, state: "draft", titleFr: "Brouillon facture" });

    const anonymous = visitor();
    const page = await anonymous.get(`/aide/fr/articles/${published.slugFr}`, { "User-Agent": BROWSER });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Télécharger une facture");
    expect(html).toContain(`href="/aide/fr/categories/${category.fr.slug}"`);
    expect(html).toContain("Cet article vous a-t-il aidé ?");
    expect((await anonymous.get(`/aide/fr/articles/${internal.slugFr}`)).status).toBe(404);
    expect((await anonymous.get(`/aide/fr/articles/${draft.slugFr}`)).status).toBe(404);

    const technician = await aUser({ role: "technician" });
    const staff = visitor();
    await staff.signIn(technician.email, TEST_PASSWORD);
    const internalPage = await staff.get(`/aide/fr/articles/${internal.slugFr}`);
    expect(internalPage.status).toBe(200);
    expect(await internalPage.text()).toContain("Procédure d&#x27;avoir interne");
    expect((await staff.get(`/aide/fr/articles/${draft.slugFr}`)).status).toBe(404);

    // The category lists public articles only, with the count on the home page.
    const categoryPage = await (await anonymous.get(`/aide/fr/categories/${category.fr.slug}`)).text();
    expect(categoryPage).toContain("Télécharger une facture");
    expect(categoryPage).not.toContain("avoir interne");
    expect(categoryPage).not.toContain("Brouillon facture");
    const home = await (await anonymous.get("/aide/fr")).text();
    expect(home).toMatch(/Facturation<\/a> <span[^>]*>\(1 article\(s\)\)<\/span>/);
  });

  it("answers 410 for an archived article with a link to its category, 301 for a former slug, 404 for an unknown language", async () => {
    const category = await aHelpCentreCategory({ nameFr: "Livraisons", nameEn: "Deliveries" });
    const archived = await aHelpCentreArticle({ categoryId: category.id, state: "archived", titleFr: "Ancienne grille de livraison" });
    const moved = await aHelpCentreArticle({ categoryId: category.id, titleFr: "Suivre un colis" });
    await aFormerSlug(moved.id, "fr", "suivre-mon-colis-ancien");
    const hiddenMoved = await aHelpCentreArticle({ categoryId: category.id, visibility: "internal" });
    await aFormerSlug(hiddenMoved.id, "fr", "ancien-interne");

    const anonymous = visitor();
    const gone = await anonymous.get(`/aide/fr/articles/${archived.slugFr}`);
    expect(gone.status).toBe(410);
    const goneHtml = await gone.text();
    expect(goneHtml).toContain("Cet article a été retiré");
    expect(goneHtml).toContain(`href="/aide/fr/categories/${category.fr.slug}"`);
    expect(goneHtml).toContain(`href="/aide/fr"`);

    const redirect = await anonymous.get("/aide/fr/articles/suivre-mon-colis-ancien");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe(`/aide/fr/articles/${moved.slugFr}`);
    expect((await anonymous.get("/aide/fr/articles/ancien-interne")).status).toBe(404);

    expect((await anonymous.get("/aide/de")).status).toBe(404);
    expect((await anonymous.get(`/aide/de/articles/${moved.slugFr}`)).status).toBe(404);
    expect((await anonymous.get(`/aide/en/articles/${moved.slugFr}`)).status).toBe(404);
  });

  it("sends /aide to the visitor's language: the language cookie first, then the browser's", async () => {
    const english = await fetch(`${app.url}/aide`, { redirect: "manual", headers: { "Accept-Language": "en-GB,en;q=0.9,fr;q=0.5" } });
    expect(english.status).toBe(302);
    expect(english.headers.get("location")).toBe("/aide/en");
    const french = await fetch(`${app.url}/aide`, { redirect: "manual", headers: { "Accept-Language": "de-DE" } });
    expect(french.headers.get("location")).toBe("/aide/fr");
    const chosen = (await localeCookie().serialize("fr")).split(";")[0];
    const cookie = await fetch(`${app.url}/aide`, { redirect: "manual", headers: { Cookie: chosen, "Accept-Language": "en" } });
    expect(cookie.headers.get("location")).toBe("/aide/fr");
  });
});

describe("views", () => {
  it("counts one view per page served to a person, none for robots or the team", async () => {
    const article = await aHelpCentreArticle();
    const anonymous = visitor();
    await anonymous.get(`/aide/fr/articles/${article.slugFr}`, { "User-Agent": BROWSER });
    expect(await views(article.id)).toBe(1);
    await anonymous.get(`/aide/en/articles/${article.slugEn}`, { "User-Agent": BROWSER });
    expect(await views(article.id)).toBe(2);
    await anonymous.get(`/aide/fr/articles/${article.slugFr}`, { "User-Agent": GOOGLEBOT });
    await anonymous.get(`/aide/fr/articles/${article.slugFr}`, { "User-Agent": "" });
    const staff = visitor();
    const manager = await aUser({ role: "manager" });
    await staff.signIn(manager.email, TEST_PASSWORD);
    await staff.get(`/aide/fr/articles/${article.slugFr}`, { "User-Agent": BROWSER });
    expect(await views(article.id)).toBe(2);
  });
});

describe("was this article useful?", () => {
  it("stores a vote with its comment once per visitor and day, and works as a plain form", async () => {
    const article = await aHelpCentreArticle();
    const reader = visitor();
    await reader.get(`/aide/fr/articles/${article.slugFr}`, { "User-Agent": BROWSER });
    const vote = await reader.postForm(`/aide/fr/articles/${article.slugFr}`, { intent: "feedback", useful: "no", comment: "Il manque la marche à suivre sur Mac." });
    expect(vote.status).toBe(302);
    expect(vote.headers.get("location")).toBe(`/aide/fr/articles/${article.slugFr}?avis=merci#avis`);
    const thanks = await (await reader.get(`/aide/fr/articles/${article.slugFr}?avis=merci`, { "User-Agent": BROWSER })).text();
    expect(thanks).toContain("Merci pour votre avis");
    // The reload after the vote is not a second view.
    expect(await views(article.id)).toBe(1);

    const again = await reader.postForm(`/aide/fr/articles/${article.slugFr}`, { intent: "feedback", useful: "yes" });
    expect(again.headers.get("location")).toContain("avis=deja");
    const stored = await db().knowledgeFeedback.findMany({ where: { articleId: article.id }, select: { useful: true, comment: true, language: true } });
    expect(stored).toEqual([{ useful: false, comment: "Il manque la marche à suivre sur Mac.", language: "fr" }]);

    const tooLong = visitor();
    await tooLong.get(`/aide/fr/articles/${article.slugFr}`);
    expect((await tooLong.postForm(`/aide/fr/articles/${article.slugFr}`, { intent: "feedback", useful: "yes", comment: "x".repeat(1001) })).status).toBe(400);
    expect((await tooLong.postForm(`/aide/fr/articles/${article.slugFr}`, { intent: "feedback", useful: "yes" }, { withCsrf: false })).status).toBe(403);
    expect(await db().knowledgeFeedback.count({ where: { articleId: article.id } })).toBe(1);
  });

  it("refuses more votes than the limit from one address", async () => {
    const articles = await Promise.all(Array.from({ length: 3 }, () => aHelpCentreArticle()));
    const reader = visitor();
    await reader.get(`/aide/fr/articles/${articles[0].slugFr}`);
    const outcomes: string[] = [];
    for (let index = 0; index < 32; index += 1) {
      // A new visitor each time (no vote cookie): only the address limit can stop them.
      const someone = visitor();
      await someone.get(`/aide/fr/articles/${articles[index % 3].slugFr}`);
      const response = await someone.postForm(`/aide/fr/articles/${articles[index % 3].slugFr}`, { intent: "feedback", useful: "yes" });
      outcomes.push(new URL(response.headers.get("location")!, app.url).searchParams.get("avis")!);
    }
    expect(outcomes.filter((outcome) => outcome === "limite").length).toBeGreaterThan(0);
    const stored = await db().knowledgeFeedback.count({ where: { articleId: { in: articles.map((article) => article.id) } } });
    expect(stored).toBe(outcomes.filter((outcome) => outcome === "merci").length);
    expect(stored).toBeLessThanOrEqual(30);
  });
});

describe("deflection", () => {
  it("counts « ça répond à ma question » from the request form and creates no ticket", async () => {
    const article = await aHelpCentreArticle({ titleFr: "Réinitialiser son mot de passe" });
    const internal = await aHelpCentreArticle({ visibility: "internal" });
    const customer = visitor();
    const form = await (await customer.get("/demande")).text();
    const token = /name="jeton" value="([^"]+)"/.exec(form)![1];
    const ticketsBefore = await db().ticket.count();

    const answered = await fetch(`${app.url}/aide/reponse-trouvee`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json", Origin: app.url },
      body: new URLSearchParams({ jeton: token, articleId: article.id, channel: "web_form", language: "fr" }),
    });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ ok: true, title: "Réinitialiser son mot de passe", url: `/aide/fr/articles/${article.slugFr}` });
    expect(await db().knowledgeDeflection.findMany({ where: { articleId: article.id }, select: { channel: true, language: true } })).toEqual([{ channel: "web_form", language: "fr" }]);

    const refused = await fetch(`${app.url}/aide/reponse-trouvee`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json", Origin: app.url },
      body: new URLSearchParams({ jeton: token, articleId: internal.id, channel: "web_form", language: "fr" }),
    });
    expect(refused.status).toBe(404);
    const forged = await fetch(`${app.url}/aide/reponse-trouvee`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json", Origin: app.url },
      body: new URLSearchParams({ jeton: "forged.token", articleId: article.id, channel: "web_form", language: "fr" }),
    });
    expect(forged.status).toBe(403);
    expect(await db().knowledgeDeflection.count()).toBe(1);
    expect(await db().ticket.count()).toBe(ticketsBefore);
  });

  it("accepts the portal's CSRF token instead of the form's, and refuses a post without either", async () => {
    const article = await aHelpCentreArticle({ titleEn: "Reset your password" });
    const customer = visitor();
    await customer.get(`/aide/en/articles/${article.slugEn}`);
    const answered = await customer.postForm("/aide/reponse-trouvee", { articleId: article.id, channel: "portal", language: "en" }, { headers: { Accept: "application/json" } });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ ok: true, title: "Reset your password" });
    const withoutProof = await customer.postForm("/aide/reponse-trouvee", { articleId: article.id, channel: "portal", language: "en" }, { withCsrf: false });
    expect(withoutProof.status).toBe(403);
    // Without JavaScript, the answer is the article itself.
    const plain = await customer.postForm("/aide/reponse-trouvee", { articleId: article.id, channel: "portal", language: "en" });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("location")).toBe(`/aide/en/articles/${article.slugEn}`);
    expect(await db().knowledgeDeflection.count({ where: { articleId: article.id, channel: "portal" } })).toBe(2);
  });
});

describe("search engines", () => {
  it("gives each page its title, description, canonical URL, hreflang alternates, lang and Open Graph", async () => {
    const category = await aHelpCentreCategory({ nameFr: "Compte", nameEn: "Account" });
    const article = await aHelpCentreArticle({ categoryId: category.id, titleFr: "Changer d'adresse e-mail", titleEn: "Change your email address" });
    const base = env().PUBLIC_URL;
    const english = await (await visitor().get(`/aide/en/articles/${article.slugEn}`)).text();
    expect(english).toMatch(/<html lang="en"/);
    expect(english).toContain("<title>Change your email address · Account</title>");
    expect(english).toContain(`<meta name="description" content="Summary`);
    expect(english).toContain(`<link rel="canonical" href="${base}/aide/en/articles/${article.slugEn}"/>`);
    expect(english).toContain(`<link rel="alternate" hrefLang="fr" href="${base}/aide/fr/articles/${article.slugFr}"/>`);
    expect(english).toContain(`<link rel="alternate" hrefLang="en" href="${base}/aide/en/articles/${article.slugEn}"/>`);
    expect(english).toContain(`<link rel="alternate" hrefLang="x-default" href="${base}/aide/fr/articles/${article.slugFr}"/>`);
    expect(english).toContain(`<meta property="og:title" content="Change your email address · Account"/>`);
    expect(english).toContain(`href="/aide/fr/articles/${article.slugFr}"`);
    const french = await (await visitor().get(`/aide/fr/articles/${article.slugFr}`)).text();
    expect(french).toMatch(/<html lang="fr"/);
    expect(french).toContain("Mis à jour le");
  });

  it("lists every published public article and category in both languages in the sitemap", async () => {
    const category = await aHelpCentreCategory();
    const article = await aHelpCentreArticle({ categoryId: category.id });
    const internal = await aHelpCentreArticle({ categoryId: category.id, visibility: "internal" });
    const draft = await aHelpCentreArticle({ categoryId: category.id, state: "draft" });
    const response = await fetch(`${app.url}/aide/sitemap.xml`);
    expect(response.headers.get("content-type")).toContain("application/xml");
    const xml = await response.text();
    const base = env().PUBLIC_URL;
    expect(xml).toContain(`<loc>${base}/aide/fr/articles/${article.slugFr}</loc>`);
    expect(xml).toContain(`<loc>${base}/aide/en/articles/${article.slugEn}</loc>`);
    expect(xml).toContain(`<xhtml:link rel="alternate" hreflang="en" href="${base}/aide/en/articles/${article.slugEn}"/>`);
    expect(xml).toContain(`<loc>${base}/aide/fr/categories/${category.fr.slug}</loc>`);
    expect(xml).toContain(`<loc>${base}/aide/en/categories/${category.en.slug}</loc>`);
    expect(xml).toMatch(/<lastmod>\d{4}-\d\d-\d\dT/);
    expect(xml).not.toContain(internal.slugFr);
    expect(xml).not.toContain(draft.slugFr);
  });

  it("escapes a hostile title everywhere it is shown", async () => {
    const category = await aHelpCentreCategory({ nameFr: `<img src=x onerror=alert(1)>` });
    const article = await aHelpCentreArticle({ categoryId: category.id, titleFr: `<script>alert("titre")</script> Facture` });
    const html = await (await visitor().get(`/aide/fr/articles/${article.slugFr}`)).text();
    expect(html).not.toContain(`<script>alert("titre")</script>`);
    expect(html).not.toContain(`<img src=x onerror`);
    expect(html).toContain("&lt;script&gt;alert(&quot;titre&quot;)&lt;/script&gt; Facture");
    const suggestions = await (await fetch(`${app.url}/aide/suggestions?q=facture&langue=fr`)).json();
    expect(JSON.stringify(suggestions)).toContain(`<script>alert(\\"titre\\")</script> Facture`);
    const search = await (await visitor().get(`/aide/fr/recherche?q=${encodeURIComponent("<script>facture")}`)).text();
    expect(search).not.toContain("<script>facture");
  });
});

describe("search", () => {
  it("is a plain GET form without JavaScript, marked up as a combobox with a listbox and a live region", async () => {
    const home = await (await visitor().get("/aide/en")).text();
    expect(home).toContain(`<form method="get" action="/aide/en/recherche" role="search"`);
    expect(home).toMatch(/<input[^>]*name="q"[^>]*role="combobox"[^>]*aria-autocomplete="list"[^>]*aria-expanded="false"[^>]*aria-controls="([^"]+)"/);
    const listId = /aria-controls="([^"]+)"/.exec(home)![1];
    expect(home).toContain(`<ul id="${listId}" role="listbox"`);
    expect(home).toContain(`role="status" aria-live="polite"`);
    expect(home).toContain("Search the help centre");
  });

  it("finds published public articles and counts the searches that found nothing", async () => {
    const article = await aHelpCentreArticle({ titleFr: "Imprimer une étiquette colissimo", titleEn: "Print a parcel label" });
    const page = await (await visitor().get(`/aide/fr/recherche?q=etiquette`)).text();
    expect(page).toContain(`href="/aide/fr/articles/${article.slugFr}"`);
    const answer = (await (await fetch(`${app.url}/aide/suggestions?q=parcel%20lab&langue=en&source=help_centre`)).json()) as { results: Array<{ url: string; title: string }> };
    expect(answer.results.map((result) => result.url)).toEqual([`/aide/en/articles/${article.slugEn}`]);

    await visitor().get(`/aide/fr/recherche?q=${encodeURIComponent("parapluie violet")}`);
    await fetch(`${app.url}/aide/suggestions?q=trombone&langue=fr&source=web_form`);
    await fetch(`${app.url}/aide/suggestions?q=trombone%20bleu&langue=fr&source=web_form&settled=1`);
    const misses = await db().knowledgeSearchMiss.findMany({ select: { query: true, source: true }, orderBy: { query: "asc" } });
    expect(misses).toEqual([
      { query: "parapluie violet", source: "help_centre" },
      { query: "trombone bleu", source: "web_form" },
    ]);
    expect((await fetch(`${app.url}/aide/suggestions?q=x&langue=de`)).status).toBe(400);
  });
});
