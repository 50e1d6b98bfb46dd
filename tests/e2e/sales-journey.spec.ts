import { expect as baseExpect, test, type Page } from "@playwright/test";
import { PDFParse } from "pdf-parse";
import type { SmtpSink } from "../support/smtp-sink.ts";
import { signIn } from "./fixtures.ts";
import { startE2eSmtpSink } from "./mail.ts";

/**
 * The sales rep's journey of issue 10, in French, in one flow: a customer with an open
 * high-priority incident (opened on the phone by support at the start, on a company of its own so
 * no other spec's changes matter), its warning and service panel; a deal created from the
 * company, a call logged, an appointment planned and found in the week agenda, its visit report
 * with a next step made into a task; the deal moved on the kanban by keyboard; a quote with two
 * products at 20 % and 5,5 % and a discounted line, its PDF's totals, sent and accepted; the order
 * and the deal in "Gagnée"; and all of it in the company's timeline.
 */

test.describe.configure({ timeout: 240_000 });
const expect = baseExpect.configure({ timeout: 15_000 });
let sink: SmtpSink;

test.beforeAll(async () => {
  sink = await startE2eSmtpSink();
});

test.afterAll(async () => {
  await sink?.stop();
});

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text.replace(/[\s\u00a0\u202f]+/g, " ");
  } finally {
    await parser.destroy();
  }
}

/** A day next week (Paris time), as date inputs and the agenda's address write it. */
function dayNextWeek(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + 7 * 86_400_000));
}

/** Support takes the customer's call: a high-priority incident for a new company; returns the company page's address. */
async function supportOpensAnIncident(page: Page, stamp: string, companyName: string): Promise<string> {
  await signIn(page, "tech@comptoir.test");
  await page.goto("/support/tickets/nouveau");
  await page.getByLabel("Nom du contact").fill(`Odile Marchand ${stamp}`);
  await page.getByLabel("Adresse e-mail").fill(`odile.${stamp}@scierie-${stamp}.fr`);
  await page.getByLabel("Société").fill(companyName);
  await page.getByLabel("Objet").fill("La scie à ruban s'arrête en pleine coupe");
  await page.getByLabel("Résumé de l'appel").fill("Arrêt toutes les dix minutes depuis ce matin, la production est bloquée.");
  await page.getByLabel("Type").selectOption("incident");
  await page.getByLabel("Priorité").selectOption("high");
  await page.getByRole("button", { name: "Créer le ticket" }).click();
  await expect(page).toHaveURL(/\/support\/tickets\/\d+$/);
  const company = page.getByRole("link", { name: companyName }).first();
  return (await company.getAttribute("href"))!;
}

test("the sales rep prepares, meets, quotes and wins a customer who has a support incident open, and finds it all in its timeline", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const companyName = `Scierie Lambert ${stamp}`;
  const dealTitle = `Ligne de sciage automatisée ${stamp}`;
  const callSubject = `Premier appel ${stamp}`;
  const appointmentSubject = `Visite de l'atelier ${stamp}`;
  const nextStep = `Envoyer le devis ${stamp}`;
  const day = dayNextWeek();

  const support = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
  const companyHref = await supportOpensAnIncident(await support.newPage(), stamp, companyName);
  await support.close();

  const context = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await signIn(page, "ventes@comptoir.test");

  // ── The company: the warning before anything else, and the service panel.
  await page.goto(companyHref);
  await expect(page.getByRole("heading", { name: companyName, level: 1 })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: /Attention : incident de priorité haute ouvert depuis/ })).toBeVisible();
  const service = page.getByTestId("service-panel").first();
  await expect(service).toContainText("La scie à ruban s'arrête en pleine coupe");

  // ── A deal from the company.
  await page.getByRole("link", { name: "Nouvelle affaire" }).click();
  await page.getByLabel("Intitulé").fill(dealTitle);
  await page.getByLabel("Contact").selectOption({ label: `Odile Marchand ${stamp}` });
  await page.getByLabel("Montant HT (€)").fill("48 500");
  await page.getByLabel("Clôture prévue").fill(day);
  await page.getByLabel("Origine").selectOption("inbound_call");
  await page.getByRole("button", { name: "Créer l'affaire" }).click();
  await expect(page.getByRole("heading", { name: dealTitle, level: 1 })).toBeVisible();
  await expect(page.getByTestId("deal-amount")).toHaveText("48\u202f500,00\u00a0€");
  const dealUrl = page.url();

  // ── A call, logged from the deal (done now).
  await page.getByRole("link", { name: "Journaliser un appel" }).click();
  await page.getByLabel("Objet", { exact: true }).fill(callSubject);
  await page.getByRole("button", { name: "Enregistrer l'appel" }).click();
  await expect(page.getByRole("status")).toContainText("Appel enregistré.");

  // ── An appointment next week, found in the week agenda.
  await page.goto(dealUrl);
  await page.getByRole("link", { name: "Planifier un rendez-vous" }).click();
  await page.getByLabel("Objet", { exact: true }).fill(appointmentSubject);
  await page.getByLabel("Jour", { exact: true }).fill(day);
  await page.getByLabel("Début", { exact: true }).fill("10:00");
  await page.getByLabel("Fin", { exact: true }).fill("11:30");
  await page.getByLabel("Modalité", { exact: true }).selectOption("onsite");
  await page.getByLabel("Lieu", { exact: true }).fill("Zone artisanale des Prés, Cholet");
  await page.getByRole("button", { name: "Planifier le rendez-vous" }).click();
  await expect(page.getByRole("status")).toContainText("Rendez-vous planifié.");
  // The appointment view shows the customer's service history too.
  await expect(page.getByTestId("service-panel")).toContainText("La scie à ruban s'arrête en pleine coupe");
  await page.getByRole("link", { name: "Voir dans l'agenda" }).click();
  await expect(page).toHaveURL(new RegExp(`/ventes/agenda\\?vue=semaine&date=${day}`));
  const slot = page.getByRole("article", { name: new RegExp(`10:00–11:30 · ${appointmentSubject}`) });
  await expect(slot).toBeVisible();

  // ── The visit report, and its next step made into a task.
  await slot.getByRole("link", { name: appointmentSubject }).click();
  await page.getByRole("link", { name: "Rédiger le compte rendu" }).click();
  await page.getByLabel("Ce qui s'est dit", { exact: true }).fill("Deux lignes de sciage à automatiser, mise en service avant l'été.");
  await page.getByLabel("Résultat", { exact: true }).fill("Devis attendu cette semaine.");
  await page.getByLabel("Prochaine étape 1", { exact: true }).fill(nextStep);
  await page.getByLabel("Échéance de l'étape 1", { exact: true }).fill(day);
  await page.getByRole("button", { name: "Enregistrer le compte rendu" }).click();
  await expect(page.getByRole("status")).toContainText("le rendez-vous est marqué comme tenu");
  await page.getByRole("button", { name: `Créer la tâche : ${nextStep}` }).click();
  await expect(page.getByRole("status")).toContainText("Tâche créée dans l'agenda.");
  await page.goto(`/ventes/agenda?vue=semaine&date=${day}`);
  await expect(page.getByRole("link", { name: nextStep }).first()).toBeVisible();

  // ── The deal moves on the kanban, by keyboard: Qualification → Proposition.
  await page.goto("/ventes");
  const column = (name: string) => page.locator(`section[data-stage-name="${name}"]`);
  const card = page.locator(`article[data-deal-title="${dealTitle}"]`);
  await expect(column("Qualification").locator(card)).toBeVisible();
  const handle = card.getByRole("button", { name: `Déplacer l'affaire « ${dealTitle} »` });
  await expect(async () => {
    await handle.focus();
    await page.keyboard.press("Space");
    await expect(handle).toHaveAttribute("aria-pressed", "true", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.keyboard.press("ArrowRight");
  await expect(page.getByText(`Affaire « ${dealTitle} » au-dessus de la colonne « Proposition ».`)).toBeAttached();
  await page.keyboard.press("Space");
  await expect(page.getByRole("status").getByText("Affaire déplacée.")).toBeVisible();
  await expect(column("Proposition").locator(card)).toBeVisible();

  // ── A quote from the deal: two products (20 % and 5,5 %) and a discounted line.
  await page.goto(dealUrl);
  await page.getByRole("link", { name: "Nouveau devis" }).click();
  await expect(page.getByRole("heading", { name: "Nouveau devis" })).toBeVisible();
  const picker = page.getByLabel("Ajouter une ligne");
  await picker.selectOption("demo_product_4"); // POSTE-PRO, 949,00 € at 20 %
  await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  await picker.selectOption("demo_product_7"); // GUIDE-HACCP, 35,00 € at 5,5 %
  await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  await page.getByRole("button", { name: "Supprimer la ligne 1" }).click();
  const lines = page.getByTestId("quote-line");
  await expect(lines).toHaveCount(2);
  await lines.nth(0).getByLabel("Quantité").fill("2");
  await lines.nth(1).getByLabel("Quantité").fill("10");
  await lines.nth(1).getByLabel("Remise (%)").fill("10");
  await expect(page.getByTestId("total-incl")).toHaveText("2\u202f609,93\u00a0€");
  await page.getByRole("button", { name: "Créer le devis" }).click();
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/^Devis DEV-\d{4}-\d{4}$/);
  const quoteNumber = (await heading.textContent())!.replace("Devis ", "");

  // Its PDF, read back: the totals per VAT rate and the legal mentions.
  const pdf = await page.request.get(`${page.url()}/pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const text = await pdfText(await pdf.body());
  expect(text).toContain(quoteNumber);
  expect(text).toContain(companyName);
  expect(text).toContain("Total HT 2 213,00 €");
  expect(text).toContain("TVA 20 % sur 1 898,00 € 379,60 €");
  expect(text).toContain("TVA 5,5 % sur 315,00 € 17,33 €");
  expect(text).toContain("Total TTC 2 609,93 €");
  expect(text).toContain("40 €");

  // Sent (the mail carries the PDF), then accepted: the order, and the deal won.
  await page.getByRole("button", { name: "Envoyer au client" }).click();
  await expect(page.getByText("Envoyé", { exact: true })).toBeVisible();
  const mail = await sink.waitForMessage((received) => (received.parsed.subject ?? "").startsWith(`Devis ${quoteNumber}`), 30_000);
  expect(mail.parsed.attachments[0]?.filename).toBe(`${quoteNumber}.pdf`);
  await page.getByRole("button", { name: "Marquer accepté" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Commande CMD-\d{4}-\d{4}$/);
  const orderNumber = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Commande ", "");
  await page.goto("/ventes");
  await expect(column("Gagnée").locator(card)).toBeVisible();

  // ── All of it in the company's timeline, newest first.
  await page.goto(companyHref);
  const timeline = page.getByRole("region", { name: "Historique" });
  for (const expected of [orderNumber, quoteNumber, "Affaire gagnée", nextStep, appointmentSubject, "Compte rendu de visite", callSubject, dealTitle, "La scie à ruban s'arrête en pleine coupe"]) {
    await expect(timeline.getByText(expected).first()).toBeVisible();
  }
  const order = await timeline.locator("li[data-kind]").evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")));
  expect(order.indexOf("order")).toBeLessThan(order.indexOf("ticket"));
  expect(problems).toEqual([]);
  await context.close();
});
