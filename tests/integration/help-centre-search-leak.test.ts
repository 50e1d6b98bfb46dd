import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { search } from "~/domain/search/search.server";
import { db } from "~/lib/db.server";
import { aCompany, aContact, aMessage } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";
import { aHelpCentreArticle } from "../support/knowledge-help-centre-factories.ts";
import { aSearchTicket } from "../support/search-factories.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

/**
 * The search-leak test: words that exist only in tickets, messages, internal notes,
 * contacts, companies, an internal article or a draft are never found from /aide (suggestions
 * and the search page, in both languages, over HTTP), while a published public article's word is.
 * Each word is invented, so any hit can only come from the record that holds it.
 */

const secret = {
  ticketSubject: "zorglubicon",
  customerMessage: "plumetrovix",
  internalNote: "quadrilampe",
  agentReply: "brouvaltique",
  contactName: "Vexaldorine",
  contactJob: "mirtavelleur",
  companyName: "Frombulex",
  companyNotes: "glaviotrine",
  internalArticle: "sporadinthe",
  internalArticleEn: "flumberwick",
  draftArticle: "pastoquilin",
  draftArticleEn: "crindlebarth",
  archivedArticle: "vormiculade",
};
const publicWord = { fr: "calabrosine", en: "wobbleferrant" };

let app: TestApp;

beforeAll(async () => {
  const agent = await aUser({ role: "technician" });
  const ticket = await aSearchTicket({ subject: `Problème ${secret.ticketSubject} au démarrage`, body: `Le voyant ${secret.customerMessage} clignote.` });
  await aMessage(ticket.ticketId, { at: new Date(), visibility: "internal", authorUserId: agent.id, bodyText: `Note : client ${secret.internalNote} à rappeler.` });
  await aMessage(ticket.ticketId, { at: new Date(), direction: "out", authorUserId: agent.id, bodyText: `Réponse : réglez le ${secret.agentReply}.` });
  const company = await aCompany({ name: `${secret.companyName} SARL`, notes: `Client ${secret.companyNotes}` });
  await aContact({ firstName: secret.contactName, lastName: "Dupont", jobTitle: secret.contactJob, companyId: company.id });
  await aHelpCentreArticle({ visibility: "internal", titleFr: `Procédure ${secret.internalArticle}`, titleEn: `Procedure ${secret.internalArticleEn}` });
  await aHelpCentreArticle({ state: "draft", titleFr: `Brouillon ${secret.draftArticle}`, titleEn: `Draft ${secret.draftArticleEn}` });
  await aHelpCentreArticle({ state: "archived", titleFr: `Ancien ${secret.archivedArticle}` });
  await aHelpCentreArticle({ titleFr: `Régler la ${publicWord.fr}`, titleEn: `Set the ${publicWord.en}` });
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

async function suggestions(query: string, language: "fr" | "en", source = "help_centre") {
  const response = await fetch(`${app.url}/aide/suggestions?${new URLSearchParams({ q: query, langue: language, source, settled: "1" })}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: Array<{ title: string }> }).results.map((result) => result.title);
}

async function searchPage(query: string, language: "fr" | "en") {
  const response = await fetch(`${app.url}/aide/${language}/recherche?q=${encodeURIComponent(query)}`);
  expect(response.status).toBe(200);
  const html = await response.text();
  // Only the results list: the query itself is echoed in the heading and the search box.
  return /<ul class="mt-4 divide-y[^"]*">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
}

describe("the help centre's search never leaks", () => {
  it("holds the secret words where the workspace search finds them (the test can fail)", async () => {
    const admin = { id: "admin", role: "admin", restrictToGroups: false };
    for (const word of [secret.ticketSubject, secret.customerMessage, secret.internalNote, secret.agentReply]) {
      expect((await search(admin, word)).tickets.length, word).toBe(1);
    }
    expect((await search(admin, secret.contactName)).contacts.length).toBe(1);
    expect((await search(admin, secret.companyName)).companies.length).toBe(1);
    expect(await db().knowledgeArticleTranslation.count({ where: { title: { contains: secret.internalArticle } } })).toBe(1);
  });

  it("finds none of them from /aide, in either language, whole or as a prefix", async () => {
    for (const word of Object.values(secret)) {
      for (const query of [word, word.slice(0, 5), word.toUpperCase()]) {
        for (const language of ["fr", "en"] as const) {
          expect(await suggestions(query, language), `${query} (${language})`).toEqual([]);
          // The request form's and the portal's suggestions (a subject as a sentence, some words enough).
          expect(await suggestions(`Bonjour, problème ${query} urgent`, language, query === word ? "web_form" : "portal"), `${query} (${language}) form`).toEqual([]);
          const results = await searchPage(query, language);
          expect(results.toLowerCase(), `${query} (${language}) page`).not.toContain(word.toLowerCase());
          expect(results, `${query} (${language}) page`).not.toContain("<li");
        }
      }
    }
  });

  it("finds the published public article's words", async () => {
    expect(await suggestions(publicWord.fr, "fr")).toEqual([`Régler la ${publicWord.fr}`]);
    expect(await suggestions(publicWord.en.slice(0, 6), "en")).toEqual([`Set the ${publicWord.en}`]);
    expect(await suggestions(`Bonjour, problème ${publicWord.fr} urgent`, "fr", "web_form")).toEqual([`Régler la ${publicWord.fr}`]);
    expect(await searchPage(publicWord.fr, "fr")).toContain(`Régler la`);
    expect(await searchPage(publicWord.en, "en")).toContain(`Set the`);
  });
});
