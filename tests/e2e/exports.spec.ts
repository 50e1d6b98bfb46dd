import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

test("an admin exports the filtered contacts list and asks for a person's access archive", async ({ page }) => {
  await signIn(page, "admin@comptoir.test");
  await page.goto("/clients/contacts?consentement=oui");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Exporter en CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = fs.readFileSync(await download.path());
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(file.subarray(3).toString("utf8")).toMatch(/^Nom;Prénom;Fonction;Société;E-mail;/);
  await page.screenshot({ path: "test-results/exports-contacts-list.png", fullPage: false });

  await page.getByRole("table").getByRole("link").first().click();
  await page.getByRole("button", { name: "Préparer l'archive" }).click();
  await expect(page.getByText("En préparation").first()).toBeVisible();
  await page.locator("#donnees-personnelles").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/exports-access-archive.png", fullPage: true });
});
