import { expect as baseExpect, test } from "@playwright/test";
import { PDFParse } from "pdf-parse";
import type { SmtpSink } from "../support/smtp-sink.ts";
import { signIn } from "./fixtures.ts";
import { startE2eSmtpSink } from "./mail.ts";

/**
 * A quote built in Chromium by the demo's sales rep: two products at 20 % and 5,5 % VAT, a
 * discounted line, live totals while typing, the PDF's totals, sending it (the mail arrives with
 * the PDF), accepting it into an order.
 */

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
    return (await parser.getText()).text.replace(/[\s\u00a0]+/g, " ");
  } finally {
    await parser.destroy();
  }
}

test("the sales rep builds, sends and wins a quote", async ({ page }) => {
  await signIn(page, "ventes@comptoir.test");
  await page.goto("/ventes/devis/nouveau?dealId=demo_deal_1");
  await expect(page.getByRole("heading", { name: "Nouveau devis" })).toBeVisible();

  // Two products from the price list, added without leaving the page; the blank first line goes.
  const picker = page.getByLabel("Ajouter une ligne");
  await picker.selectOption("demo_product_4"); // POSTE-PRO, 949,00 € at 20 %
  await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  await picker.selectOption("demo_product_7"); // GUIDE-HACCP, 35,00 € at 5,5 %
  await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  await page.getByRole("button", { name: "Supprimer la ligne 1" }).click();
  const lines = page.getByTestId("quote-line");
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0).getByLabel("Réf.")).toHaveValue("POSTE-PRO");

  // Quantities and a discount: the totals follow at once.
  await lines.nth(0).getByLabel("Quantité").fill("2");
  await lines.nth(1).getByLabel("Quantité").fill("10");
  await lines.nth(1).getByLabel("Remise (%)").fill("10");
  const totals = page.getByTestId("quote-totals");
  await expect(totals.getByTestId("total-excl")).toHaveText("2\u202f213,00\u00a0€");
  await expect(totals).toContainText("TVA 5,5\u00a0% sur 315,00\u00a0€");
  await expect(totals.getByTestId("total-incl")).toHaveText("2\u202f609,93\u00a0€");

  await page.getByRole("button", { name: "Créer le devis" }).click();
  await expect(page).toHaveURL(/\/ventes\/devis\/[a-z0-9]+$/);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/^Devis DEV-\d{4}-\d{4}$/);
  const number = (await heading.textContent())!.replace("Devis ", "");
  await expect(page.getByText("Brouillon", { exact: true })).toBeVisible();

  // The PDF's totals.
  const pdf = await page.request.get(`${page.url()}/pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const text = await pdfText(await pdf.body());
  expect(text).toContain(number);
  expect(text).toContain("Total HT 2 213,00 €");
  expect(text).toContain("TVA 20 % sur 1 898,00 € 379,60 €");
  expect(text).toContain("TVA 5,5 % sur 315,00 € 17,33 €");
  expect(text).toContain("Total TTC 2 609,93 €");

  // Sent to the contact: the mail carries the PDF.
  await page.getByRole("button", { name: "Envoyer au client" }).click();
  await expect(page.getByText("Envoyé", { exact: true })).toBeVisible();
  const mail = await sink.waitForMessage((received) => (received.parsed.subject ?? "").startsWith(`Devis ${number}`), 30_000);
  expect(mail.parsed.attachments[0]?.filename).toBe(`${number}.pdf`);

  // Accepted: the order is there.
  await page.getByRole("button", { name: "Marquer accepté" }).click();
  await expect(page).toHaveURL(/\/ventes\/commandes\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Commande CMD-\d{4}-\d{4}$/);
  await expect(page.getByTestId("total-incl")).toHaveText("2\u202f609,93\u00a0€");
});
