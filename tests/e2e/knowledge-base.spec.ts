import { expect as baseExpect, test, type Page } from "@playwright/test";
import type { SmtpSink } from "../support/smtp-sink.ts";
import { signIn } from "./fixtures.ts";
import { startE2eSmtpSink } from "./mail.ts";

/**
 * The knowledge base end to end, in Chromium, against the production build and the demo
 * workspace (issue 15's browser test): Julien Moreau, the demo's technician marked as an author,
 * writes an article in French with its English version in the editor and publishes it; an
 * anonymous visitor finds it at /aide by typing a word with an accent without its accent; a
 * customer typing a matching subject in the public request form sees it suggested, says « Ça
 * répond à ma question » and no ticket is created; another customer sends a request anyway,
 * and the agent inserts the article into the reply from the ticket page.
 */

// Several servers share this machine's CPU: pages get more time than the default 5 s.
const expect = baseExpect.configure({ timeout: 15_000 });

let sink: SmtpSink;

test.beforeAll(async () => {
  sink = await startE2eSmtpSink();
});

test.afterAll(async () => {
  await sink?.stop();
});

// Run-unique words: the article, the requests and the searches of this run only.
const run = Date.now().toString(36);
const frenchTitle = `Télécommande du portail ${run} : la reprogrammer`;
const englishTitle = `Gate remote control ${run}: pairing it again`;
const frenchSummary = `Votre télécommande ${run} n'ouvre plus le portail : la réassocier en deux minutes.`;
const englishSummary = `Your remote ${run} no longer opens the gate: pair it again in two minutes.`;
const frenchBody = [
  `Quand la télécommande ${run} n'ouvre plus le portail, la pile est rarement en cause : le récepteur a perdu son association.`,
  "Appuyez 5 secondes sur le bouton « Prog » du récepteur, puis sur la touche de la télécommande.",
];
const englishBody = [
  `When remote ${run} no longer opens the gate, the battery is rarely the cause: the receiver lost its pairing.`,
  "Hold the receiver's Prog button for 5 seconds, then press the remote's key.",
];

/** The editor: both language versions side by side, the body in the rich-text editor (Tiptap). */
async function writeAndPublishArticle(page: Page) {
  await page.goto("/connaissances");
  await page.getByRole("link", { name: "Nouvel article" }).click();
  await expect(page).toHaveURL(/\/connaissances\/articles\/nouveau$/);
  await page.getByLabel("Catégorie").selectOption({ label: "Interventions et maintenance" });
  await page.getByLabel("Audience").selectOption("public");
  const versions = [
    { group: "Version française", language: "Français", title: frenchTitle, summary: frenchSummary, body: frenchBody },
    { group: "Version anglaise", language: "Anglais", title: englishTitle, summary: englishSummary, body: englishBody },
  ];
  for (const version of versions) {
    const fieldset = page.getByRole("group", { name: version.group });
    await fieldset.getByLabel("Titre", { exact: true }).fill(version.title);
    await fieldset.getByLabel("Résumé (description pour les moteurs de recherche)").fill(version.summary);
    const editor = fieldset.getByRole("textbox", { name: `Texte de l'article (${version.language})` });
    await editor.click();
    await page.keyboard.type(version.body[0]);
    await page.keyboard.press("Enter");
    // The steps as a bulleted list, from the editor's toolbar.
    await fieldset.getByRole("button", { name: "Liste à puces" }).click();
    await page.keyboard.type(version.body[1]);
    await expect(editor.locator("ul li")).toHaveText(version.body[1]);
  }
  await page.getByLabel("Publier dès la création").check();
  await page.getByRole("button", { name: "Créer l'article" }).click();
  await expect(page.getByText("Article créé.")).toBeVisible();
  await expect(page).toHaveURL(/\/connaissances\/articles\/[^/]+$/);
}

async function submitRequest(page: Page, input: { name: string; email: string; subject: string; description: string }) {
  await page.getByLabel("Objet").fill(input.subject);
  await page.getByLabel("Nom et prénom").fill(input.name);
  await page.getByLabel("Adresse e-mail").fill(input.email);
  await page.getByText("Incident technique").click();
  await page.getByLabel("Description").fill(input.description);
  // A person takes more than the minimum fill time (3 s) to write a request.
  await page.waitForTimeout(3_200);
  await page.getByRole("button", { name: "Envoyer ma demande" }).click();
  const receipt = page.getByTestId("request-receipt");
  await expect(receipt).toBeVisible();
  return Number(/numéro (\d+)/.exec((await receipt.getByRole("heading").textContent()) ?? "")?.[1]);
}

test("an article written by a technician answers customers at /aide and in the request form, and goes into an agent's reply", async ({ browser }) => {
  // One long journey through four sessions; generous for a loaded machine.
  test.setTimeout(300_000);
  const newPage = async () => (await browser.newContext({ locale: "fr-FR" })).newPage();

  // ── 1. The technician (an author) writes the article in French and English, and publishes it.
  const technician = await newPage();
  await signIn(technician, "tech@comptoir.test");
  await writeAndPublishArticle(technician);

  // ── 2. An anonymous visitor finds it at /aide, typing « telecommande » without its accent.
  const visitor = await newPage();
  await visitor.goto("/aide");
  await expect(visitor).toHaveURL(/\/aide\/fr$/);
  const search = visitor.getByRole("combobox", { name: "Rechercher dans le centre d'aide" });
  await search.fill(`telecommande ${run}`);
  // Search as you type: the suggestion comes while typing…
  await expect(visitor.getByRole("listbox").getByRole("option", { name: new RegExp(`Télécommande du portail ${run}`) })).toBeVisible();
  // …and the search page finds it too.
  await search.press("Enter");
  await expect(visitor).toHaveURL(/\/aide\/fr\/recherche\?q=telecommande/);
  await visitor.getByRole("link", { name: frenchTitle }).click();
  await expect(visitor.getByRole("heading", { level: 1, name: frenchTitle })).toBeVisible();
  await expect(visitor.getByText(frenchBody[1])).toBeVisible();
  // Its English version is published with it.
  await visitor.getByRole("link", { name: "Read this article in English" }).click();
  await expect(visitor.getByRole("heading", { level: 1, name: englishTitle })).toBeVisible();
  await expect(visitor.getByText(englishBody[1])).toBeVisible();

  // ── 3. A customer types a matching subject in the request form: the article is suggested,
  // answers the question, and no request is sent.
  const customer = await newPage();
  await customer.goto("/demande");
  await customer.getByLabel("Nom et prénom").fill("Odile Marchand");
  await customer.getByLabel("Adresse e-mail").fill(`odile.marchand.${run}@quincaillerie-mercier.fr`);
  // Every word of the subject is in the article; « telecommande » typed without its accent.
  const deflectedSubject = `Reprogrammer la telecommande ${run}`;
  await customer.getByLabel("Objet").fill(deflectedSubject);
  const suggestions = customer.getByRole("region", { name: "Ces articles répondent peut-être à votre question" });
  await expect(suggestions.getByRole("link", { name: new RegExp(`Télécommande du portail ${run}`) })).toBeVisible();
  await suggestions.getByRole("button", { name: "Ça répond à ma question" }).first().click();
  await expect(customer.getByText("Aucune demande n'a été envoyée.")).toBeVisible();


  // ── 4. Another customer sends a request anyway; the agent answers it with the article.
  const secondCustomer = await newPage();
  await secondCustomer.goto("/demande");
  const subject = `Télécommande ${run} du portail de l'atelier en panne`;
  const ticketNumber = await submitRequest(secondCustomer, {
    name: "Bruno Lacroix",
    email: `bruno.lacroix.${run}@mecanique-fontaine.fr`,
    subject,
    description: "Bonjour, depuis ce matin la télécommande n'ouvre plus le portail de l'atelier. Merci de votre aide.",
  });
  expect(ticketNumber).toBeGreaterThan(0);

  // Only that request became a ticket: the queue of all tickets and the staff search show it,
  // and nothing of the request the article answered.
  const agent = await newPage();
  await signIn(agent, "tech@comptoir.test");
  await agent.goto("/support?vue=all");
  await expect(agent.getByRole("link", { name: subject })).toBeVisible();
  await expect(agent.getByRole("link", { name: deflectedSubject })).toHaveCount(0);
  await agent.goto(`/recherche?q=${encodeURIComponent(run)}`);
  await expect(agent.getByRole("link", { name: new RegExp(subject) }).first()).toBeVisible();
  await expect(agent.getByText(deflectedSubject)).toHaveCount(0);

  await agent.goto(`/support/tickets/${ticketNumber}`);
  await expect(agent.getByRole("heading", { level: 1, name: new RegExp(subject) })).toBeVisible();
  // Suggested for the ticket, in the customer's language (French).
  const suggested = agent.getByTestId("suggested-articles");
  const article = suggested.getByTestId("agent-article").filter({ hasText: frenchTitle });
  await expect(article).toBeVisible();
  const composer = agent.getByLabel("Votre réponse au client");
  await composer.fill("Bonjour Monsieur Lacroix,\n\nVoici la marche à suivre :");
  await article.getByRole("button", { name: "Insérer le lien" }).click();
  await expect(agent.getByText(`« ${frenchTitle} » est inséré dans la réponse.`)).toBeVisible();
  const articleUrl = new RegExp(`${frenchTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} : http://127\\.0\\.0\\.1:\\d+/aide/fr/articles/[a-z0-9-]+`);
  await expect(composer).toHaveValue(articleUrl);
  // The composer's search finds it too, and inserts its text at the cursor.
  await agent.getByLabel("Chercher un article à insérer").fill(`reprogrammer ${run}`);
  const found = agent.getByTestId("composer-search-results").getByTestId("agent-article").filter({ hasText: frenchTitle });
  await found.getByRole("button", { name: "Insérer le texte" }).click();
  await expect(composer).toHaveValue(new RegExp(frenchBody[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await agent.getByRole("button", { name: "Envoyer", exact: true }).click();
  await expect(agent.getByText("Réponse envoyée.")).toBeVisible();
  const thread = agent.getByRole("list", { name: "Conversation" });
  await expect(thread.locator("article").last()).toContainText(`${frenchTitle} : http://127.0.0.1`);
  await expect(thread.locator("article").last()).toContainText(frenchBody[1]);
});
