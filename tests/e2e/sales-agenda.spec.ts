import { expect as baseExpect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

/** A day next week, as the date inputs and the agenda's address want it (Paris time). */
function dayNextWeek(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000));
}

test("the rep plans an appointment from the agenda, finds it in the week, reports it and makes its next step a task", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const subject = `Présentation de l'offre ${stamp}`;
  const day = dayNextWeek();
  await signIn(page, "ventes@comptoir.test");

  await page.goto("/ventes/agenda");
  await expect(page.getByRole("heading", { name: "Mon agenda", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "Planifier un rendez-vous" }).click();
  await expect(page.getByRole("heading", { name: "Planifier un rendez-vous", level: 1 })).toBeVisible();

  await page.getByLabel("Objet", { exact: true }).fill(subject);
  await page.getByLabel("Jour", { exact: true }).fill(day);
  await page.getByLabel("Début", { exact: true }).fill("15:00");
  await page.getByLabel("Fin", { exact: true }).fill("16:00");
  await page.getByLabel("Modalité", { exact: true }).selectOption("onsite");
  // The company is picked by typing; its contacts come with it once the field is left.
  await page.getByRole("combobox", { name: "Société" }).fill("Menuiserie Au");
  await page.getByRole("option", { name: /Menuiserie Aubert/ }).click();
  await page.getByLabel("Lieu", { exact: true }).click();
  await expect(page.getByLabel("Contact", { exact: true }).locator("option", { hasText: "Hélène Caron" })).toHaveCount(1);
  await page.getByLabel("Contact", { exact: true }).selectOption({ label: "Hélène Caron · +33 6 22 62 19 81" });
  await page.getByLabel("Lieu", { exact: true }).fill("14 rue des Artisans, 49300 Cholet");
  await page.getByRole("button", { name: "Planifier le rendez-vous" }).click();

  await expect(page.getByRole("heading", { name: subject, level: 1 })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Rendez-vous planifié.");
  await expect(page.getByRole("link", { name: "Hélène Caron" })).toBeVisible();

  await page.getByRole("link", { name: "Voir dans l'agenda" }).click();
  await expect(page).toHaveURL(new RegExp(`/ventes/agenda\\?vue=semaine&date=${day}`));
  const slot = page.getByRole("article", { name: new RegExp(`15:00–16:00 · ${subject}`) });
  await expect(slot).toBeVisible();
  await slot.getByRole("link", { name: subject }).click();

  await page.getByRole("link", { name: "Rédiger le compte rendu" }).click();
  await expect(page.getByRole("heading", { name: "Nouveau compte rendu de visite", level: 1 })).toBeVisible();
  await page.getByLabel("Ce qui s'est dit", { exact: true }).fill("Douze postes à renouveler, en deux tranches.");
  await page.getByLabel("Résultat", { exact: true }).fill("Devis attendu avant la fin du mois.");
  await page.getByLabel("Prochaine étape 1", { exact: true }).fill(`Envoyer le devis ${stamp}`);
  await page.getByLabel("Échéance de l'étape 1", { exact: true }).fill(day);
  await page.getByRole("button", { name: "Enregistrer le compte rendu" }).click();

  await expect(page.getByRole("status")).toContainText("le rendez-vous est marqué comme tenu");
  await page.getByRole("button", { name: `Créer la tâche : Envoyer le devis ${stamp}` }).click();
  await expect(page.getByRole("status")).toContainText("Tâche créée dans l'agenda.");
  await expect(page.getByRole("link", { name: "Tâche à faire" })).toBeVisible();

  await page.goto(`/ventes/agenda?vue=semaine&date=${day}`);
  await expect(page.getByRole("link", { name: `Envoyer le devis ${stamp}` }).first()).toBeVisible();
  await expect(page.getByRole("article", { name: new RegExp(`15:00–16:00 · ${subject}`) })).toContainText("Tenu");
});
