import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { aKnowledgeArticle } from "../support/knowledge-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";
import { expectConsoleErrors } from "../support/vitest-setup.ts";

/**
 * The knowledge base in the agent's ticket page over real HTTP (production build): who sees the
 * suggested articles and the composer, who may « create an article from this reply », the
 * composer's search endpoint and the insertion endpoint with their rights, CSRF and rate limit.
 */

let app: TestApp;
let technician: Awaited<ReturnType<typeof aUser>>;
let author: Awaited<ReturnType<typeof aUser>>;
let restricted: Awaited<ReturnType<typeof aUser>>;
let sales: Awaited<ReturnType<typeof aUser>>;
let marketing: Awaited<ReturnType<typeof aUser>>;
let ticket: { ticketId: string; number: number };
let replyId: string;
let publicArticle: { id: string };
let internalArticle: { id: string };
let draftArticle: { id: string };

async function signedIn(user: { email: string }) {
  const session = new HttpSession(app.url);
  expect((await session.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
  return session;
}

beforeAll(async () => {
  await aUser({ role: "admin" });
  const office = await aGroup("Bureau connaissances");
  const field = await aGroup("Terrain connaissances");
  technician = await aUser({ role: "technician", groupIds: [office.id], name: "Julien Bureau" });
  author = await aUser({ role: "technician", groupIds: [office.id], name: "Aline Autrice" });
  await db().user.update({ where: { id: author.id }, data: { writesKnowledge: true } });
  restricted = await aUser({ role: "technician", groupIds: [field.id], restrictToGroups: true, name: "Sophie Terrain" });
  sales = await aUser({ role: "sales", name: "Thomas Ventes" });
  marketing = await aUser({ role: "marketing", name: "Camille Marketing" });

  publicArticle = await aKnowledgeArticle({
    fr: { title: "Codes d'erreur des imprimantes", slug: "http-codes-erreur-imprimantes", summary: "E13 : bourrage papier.", bodyText: "Le code E13 signale un bourrage papier." },
    en: { title: "Printer error codes", slug: "http-printer-error-codes", summary: "E13: paper jam.", bodyText: "Code E13 means a paper jam." },
  });
  internalArticle = await aKnowledgeArticle({
    visibility: "internal",
    fr: { title: "Fiche technicien : imprimante E13 sur site", slug: "http-fiche-imprimante", summary: "Démontage du module recto verso.", bodyText: "Démonter le module recto verso de l'imprimante." },
  });
  draftArticle = await aKnowledgeArticle({ state: "draft", fr: { title: "Brouillon imprimante E13", slug: "http-brouillon-imprimante", bodyText: "Brouillon." } });

  const requester = await aRequester({ name: "Lucie Martin" });
  ticket = await createTicket({
    requesterId: requester.contactId,
    subject: "Imprimante bloquée en erreur E13",
    channel: "email",
    groupId: office.id,
    openedBy: { contactId: requester.contactId },
    firstMessage: { bodyText: "L'imprimante du secrétariat affiche l'erreur E13." },
  });
  const reply = await db().message.create({
    data: { ticketId: ticket.ticketId, direction: "out", visibility: "public", authorUserId: technician.id, bodyText: "Ouvrez la trappe arrière et retirez la feuille coincée." },
    select: { id: true },
  });
  replyId = reply.id;
  app = await startTestApp();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe("the ticket page", () => {
  it("shows an agent the suggested articles (public and internal, never drafts) with links that work without JavaScript", async () => {
    const session = await signedIn(technician);
    const response = await session.get(`/support/tickets/${ticket.number}`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Articles suggérés");
    expect(page).toContain('href="/aide/fr/articles/http-codes-erreur-imprimantes"');
    expect(page).toContain('href="/aide/fr/articles/http-fiche-imprimante"');
    expect(page).toContain("Interne");
    expect(page).not.toContain("Brouillon imprimante E13");
    // The composer is there; the article's "create from this reply" link is for authors only.
    expect(page).toContain('name="intent" value="reply"');
    expect(page).not.toContain("Créer un article à partir de cette réponse");
  });

  it("offers authors « Créer un article à partir de cette réponse » on our public replies only", async () => {
    const session = await signedIn(author);
    const page = await (await session.get(`/support/tickets/${ticket.number}`)).text();
    expect(page.match(/Créer un article à partir de cette réponse/g)).toHaveLength(1);
    expect(page).toContain(`href="/connaissances/articles/nouveau?message=${replyId}"`);
  });

  it("lets sales read the ticket and its suggestions, without a composer, and refuses their insertions", async () => {
    const session = await signedIn(sales);
    const response = await session.get(`/support/tickets/${ticket.number}`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Articles suggérés");
    expect(page).not.toContain('name="intent" value="reply"');
    const insertion = await session.postForm(`/connaissances/articles/${publicArticle.id}/insertion`, { langue: "fr" });
    expect(insertion.status).toBe(403);
  });

  it("answers 404 to a restricted technician for a ticket outside their groups", async () => {
    const session = await signedIn(restricted);
    const response = await session.get(`/support/tickets/${ticket.number}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("Codes d'erreur des imprimantes");
  });
});

describe("GET /connaissances/suggestions", () => {
  it("refuses an anonymous request", async () => {
    const anonymous = new HttpSession(app.url);
    const response = await anonymous.get("/connaissances/suggestions?q=imprimante&langue=fr");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/connexion/);
    expect(await response.text()).not.toContain("Codes d'erreur");
  });

  it("answers staff (marketing reads the knowledge base too) with published articles in the customer's language", async () => {
    const session = await signedIn(marketing);
    const response = await session.get("/connaissances/suggestions?q=imprimante%20E13&langue=en");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    const body = JSON.parse(await response.text());
    const results = body.results as Array<{ articleId: string; title: string; url: string | null; internal: boolean; language: string }>;
    expect(results.map((entry) => entry.articleId).sort()).toEqual([publicArticle.id, internalArticle.id].sort());
    expect(results.find((entry) => entry.articleId === publicArticle.id)).toMatchObject({
      title: "Printer error codes",
      language: "en",
      internal: false,
      url: `${env().PUBLIC_URL}/aide/en/articles/http-printer-error-codes`,
    });
    expect(results.find((entry) => entry.articleId === internalArticle.id)).toMatchObject({ internal: true, url: null, language: "fr" });
    expect(results.some((entry) => entry.articleId === draftArticle.id)).toBe(false);
  });

  it("counts a settled search that found nothing (source agent)", async () => {
    const session = await signedIn(technician);
    await session.get("/connaissances/suggestions?q=badgeuse%20atelier&langue=fr");
    expect(await db().knowledgeSearchMiss.count({ where: { source: "agent" } })).toBe(0);
    await session.get("/connaissances/suggestions?q=badgeuse%20atelier&langue=fr&settled=1");
    expect(await db().knowledgeSearchMiss.findMany({ where: { source: "agent" }, select: { query: true, language: true, count: true } })).toEqual([
      { query: "badgeuse atelier", language: "fr", count: 1 },
    ]);
  });

  it("is rate-limited per user", async () => {
    const busy = await aUser({ role: "technician", name: "Agent pressé" });
    const session = await signedIn(busy);
    const statuses: number[] = [];
    for (let index = 0; index < 61; index++) statuses.push((await session.get(`/connaissances/suggestions?q=imprimante${index}&langue=fr`)).status);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    const refused = await session.get("/connaissances/suggestions?q=imprimante&langue=fr");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another agent is not held back.
    expect((await (await signedIn(technician)).get("/connaissances/suggestions?q=imprimante&langue=fr")).status).toBe(200);
  });
});

describe("POST /connaissances/articles/{id}/insertion", () => {
  it("needs the CSRF token, then counts the insertion and answers the text and link in the customer's language", async () => {
    const session = await signedIn(technician);
    await session.get(`/support/tickets/${ticket.number}`);
    expect((await session.postForm(`/connaissances/articles/${publicArticle.id}/insertion`, { langue: "en" }, { withCsrf: false })).status).toBe(403);
    for (const logged of expectConsoleErrors()) expect(logged[0]).toMatchObject({ status: 403 });
    expect(await db().knowledgeArticleDailyFigure.count({ where: { articleId: publicArticle.id } })).toBe(0);

    const response = await session.postForm(`/connaissances/articles/${publicArticle.id}/insertion`, { langue: "en" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      title: "Printer error codes",
      url: `${env().PUBLIC_URL}/aide/en/articles/http-printer-error-codes`,
      text: "Code E13 means a paper jam.",
      internal: false,
    });
    const figures = await db().knowledgeArticleDailyFigure.findMany({ where: { articleId: publicArticle.id }, select: { insertions: true } });
    expect(figures).toEqual([{ insertions: 1 }]);
  });

  it("gives no link for an internal article, 404 for a draft or an unknown one, 400 for a bad language, 405 to a GET", async () => {
    const session = await signedIn(technician);
    await session.get(`/support/tickets/${ticket.number}`);
    const internal = await session.postForm(`/connaissances/articles/${internalArticle.id}/insertion`, { langue: "fr" });
    expect(internal.status).toBe(200);
    expect(await internal.json()).toMatchObject({ url: null, internal: true });
    expect((await session.postForm(`/connaissances/articles/${draftArticle.id}/insertion`, { langue: "fr" })).status).toBe(404);
    expect((await session.postForm(`/connaissances/articles/unknown/insertion`, { langue: "fr" })).status).toBe(404);
    expect((await session.postForm(`/connaissances/articles/${publicArticle.id}/insertion`, { langue: "de" })).status).toBe(400);
    expect((await session.get(`/connaissances/articles/${publicArticle.id}/insertion`)).status).toBe(405);
    expect(await db().knowledgeArticleDailyFigure.count({ where: { articleId: draftArticle.id } })).toBe(0);
  });

  it("refuses marketing, who cannot reply to tickets", async () => {
    const session = await signedIn(marketing);
    expect((await session.postForm(`/connaissances/articles/${publicArticle.id}/insertion`, { langue: "fr" })).status).toBe(403);
  });
});
