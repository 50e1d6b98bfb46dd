import { expect as baseExpect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

// Several forms in a row: generous limits so a busy machine does not fail it.
test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

/**
 * GDPR erasure from the contact page (docs/gdpr.md): the administrator sees what will be erased,
 * must type the word, and the record stays without personal data. Works on a contact it creates
 * itself, so no other spec's demo data is touched; a manager never sees the way in.
 */
test("an administrator erases a contact after reading what goes and typing EFFACER", async ({ page, browser }) => {
  await signIn(page, "admin@comptoir.test");
  const stamp = Date.now().toString(36);
  await page.goto("/clients/contacts/nouveau");
  await page.getByLabel("Prénom").fill("Eulalie");
  await page.getByLabel("Nom", { exact: true }).fill(`Oubliée${stamp}`);
  await page.getByLabel("Téléphone").fill("06 98 76 54 32");
  await page.getByLabel("Adresse e-mail 1").fill(`eulalie.${stamp}@exemple.test`);
  await page.getByRole("button", { name: "Créer" }).click();
  await expect(page.getByRole("heading", { name: `Eulalie Oubliée${stamp}`, level: 1 })).toBeVisible();
  const contactUrl = page.url();
  const searchUrl = `/recherche?q=${encodeURIComponent(`Oubliée${stamp}`)}`;
  await page.goto(searchUrl);
  await expect(page.locator(`a[href="${new URL(contactUrl).pathname}"]`).first()).toBeVisible();

  await page.goto(contactUrl);
  await page.getByRole("link", { name: "Effacer ce contact…" }).click();
  await expect(page.getByRole("heading", { name: "Effacer un contact", level: 1 })).toBeVisible();
  const counts = page.getByTestId("erasure-counts");
  await expect(counts).toContainText("Adresses e-mail supprimées : 1");
  await expect(counts).toContainText("Tickets rendus anonymes (objet neutre ; statut, dates, SLA et assignation conservés) : 0");

  // A wrong word: refused next to the field, nothing erased.
  await page.getByLabel("Pour confirmer, tapez EFFACER").fill("oui");
  await page.getByRole("button", { name: "Effacer définitivement" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Tapez EFFACER pour confirmer." })).toBeVisible();

  await page.getByLabel("Pour confirmer, tapez EFFACER").fill("EFFACER");
  await page.getByRole("button", { name: "Effacer définitivement" }).click();
  await expect(page).toHaveURL(contactUrl);
  await expect(page.getByRole("status")).toContainText("Le contact a été effacé.");
  await expect(page.getByRole("heading", { name: "Contact effacé", level: 1 })).toBeVisible();
  await expect(page.getByText(/Données personnelles effacées le/)).toBeVisible();
  await expect(page.getByText(`eulalie.${stamp}@exemple.test`)).toHaveCount(0);
  await expect(page.getByText("06 98 76 54 32")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Effacer ce contact…" })).toHaveCount(0);

  // The search no longer finds her.
  await page.goto(searchUrl);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(`a[href="${new URL(contactUrl).pathname}"]`)).toHaveCount(0);

  // A manager sees no way in, and the page answers 403.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signIn(manager, "direction@comptoir.test");
  await manager.goto(contactUrl);
  await expect(manager.getByRole("link", { name: "Effacer ce contact…" })).toHaveCount(0);
  const response = await manager.goto(`${contactUrl}/effacer`);
  expect(response?.status()).toBe(403);
  await managerContext.close();
});
