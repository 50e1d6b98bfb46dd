import { expect as baseExpect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test("a manager writes an article in the rich-text editor, with an image, and finds it in the history", async ({ page }) => {
  const stamp = Date.now().toString(36);
  await signIn(page, "direction@comptoir.test");

  await page.goto("/connaissances/categories");
  await page.getByLabel("Nom (Français)").last().fill(`Matériel ${stamp}`);
  await page.getByLabel("Nom (Anglais)").last().fill(`Hardware ${stamp}`);
  await page.getByRole("button", { name: "Créer la catégorie" }).click();
  await expect(page.getByRole("status")).toContainText("Catégorie créée.");

  await page.goto("/connaissances/articles/nouveau");
  await page.getByLabel("Catégorie").selectOption({ label: `Matériel ${stamp}` });
  await page.getByLabel("Titre").first().fill(`Écran noir ${stamp}`);
  const editor = page.getByRole("textbox", { name: "Texte de l'article (Français)" });
  // With JavaScript the HTML textarea gives way to the editor (it stays in the form, kept in sync).
  await expect(page.locator('textarea[name="bodyHtml_fr"]')).toBeHidden();
  await editor.click();
  await editor.pressSequentially("Vérifiez le câble. ");
  await page.getByRole("button", { name: "Gras" }).first().click();
  await editor.pressSequentially("Puis redémarrez");
  await page.getByRole("button", { name: "Gras" }).first().click();
  await editor.press("Enter");
  await page.getByRole("button", { name: "Liste à puces" }).first().click();
  await editor.pressSequentially("premier point");
  await page.locator('input[type="file"]').first().setInputFiles({ name: "capture.png", mimeType: "image/png", buffer: png });
  await expect(editor.locator('img[src^="/aide/images/"]')).toBeVisible();
  await page.getByRole("button", { name: "Créer l'article" }).click();

  await expect(page.getByRole("status")).toContainText("Article créé.");
  await expect(page.getByRole("heading", { name: `Écran noir ${stamp}`, level: 1 })).toBeVisible();
  const saved = page.getByRole("textbox", { name: "Texte de l'article (Français)" });
  await expect(saved.locator("strong")).toHaveText("Puis redémarrez");
  await expect(saved.locator("li")).toHaveText("premier point");
  await expect(saved.locator('img[src^="/aide/images/"]')).toBeVisible();

  await saved.click();
  await saved.press("End");
  await saved.pressSequentially(" et encore");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("status")).toContainText("Article enregistré.");

  await page.getByRole("link", { name: "Historique des versions" }).click();
  await expect(page.getByRole("cell", { name: "Création" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Modification" })).toBeVisible();
  await page.getByRole("link", { name: "Voir la version 1" }).click();
  await expect(page.locator("article").first()).toContainText("premier point");
  await expect(page.locator("article").first()).not.toContainText("et encore");
});
