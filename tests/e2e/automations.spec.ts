import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

/**
 * An administrator writes a rule in Administration › Automatisations (rows added by the form),
 * tries it, switches it on; a technician then takes a call that matches, and the ticket's
 * history says the rule sorted it; the rule's log lists the ticket.
 */
test("an admin writes, tries and switches on a rule; the next matching ticket is sorted and its history names the rule", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const ruleName = `Scies → Terrain ${stamp}`;
  const admin = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
  const page = await admin.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await signIn(page, "admin@comptoir.test");

  await page.goto("/admin/automatisations");
  await expect(page.getByRole("link", { name: "Incidents urgents sous contrat → Terrain" })).toBeVisible();
  await page.getByRole("link", { name: "Nouvelle règle" }).click();
  await page.getByLabel("Nom de la règle").fill(ruleName);

  const all = page.getByTestId("conditions-all");
  await all.getByLabel("Nouvelle condition sur").selectOption({ label: "Objet" });
  await all.getByRole("button", { name: "Ajouter la condition" }).click();
  await all.getByLabel("Texte").fill(`scie ${stamp}`);
  await page.getByLabel("Nouvelle action").selectOption({ label: "Mettre dans le groupe" });
  await page.getByRole("button", { name: "Ajouter l'action" }).click();
  await page.getByTestId("rule-action").nth(0).getByLabel("Valeur").selectOption({ label: "Support N2 / Terrain" });
  await page.getByLabel("Nouvelle action").selectOption({ label: "Passer la priorité à" });
  await page.getByRole("button", { name: "Ajouter l'action" }).click();
  await page.getByTestId("rule-action").nth(1).getByLabel("Valeur").selectOption({ label: "Urgente" });
  // What was typed before the last row was added is still there.
  await expect(page.getByLabel("Nom de la règle")).toHaveValue(ruleName);
  await expect(all.getByLabel("Texte")).toHaveValue(`scie ${stamp}`);
  // Calling a webhook needs one: the demo has none yet, and the form says where to register one.
  await page.getByLabel("Nouvelle action").selectOption({ label: "Appeler un webhook" });
  await page.getByRole("button", { name: "Ajouter l'action" }).click();
  await expect(page.getByTestId("rule-action").nth(2).getByText("Aucun webhook actif : enregistrez-en un dans Administration › Webhooks.")).toBeVisible();
  await page.getByRole("button", { name: "Retirer l'action 3" }).click();
  await expect(page.getByTestId("rule-action")).toHaveCount(2);

  await page.getByRole("button", { name: "Tester sur les 30 derniers jours" }).click();
  await expect(page.getByTestId("dry-run").getByRole("status")).toHaveText(/^0 correspondance\(s\) sur \d+ examiné\(s\)\.$/);
  await page.getByRole("button", { name: "Créer la règle" }).click();
  await expect(page.getByText("Cette règle est inactive")).toBeVisible();
  await page.getByRole("button", { name: "Activer" }).click();
  await expect(page.getByText("Cette règle est active.")).toBeVisible();

  // A technician takes the call.
  const support = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris" });
  const tech = await support.newPage();
  await signIn(tech, "tech@comptoir.test");
  await tech.goto("/support/tickets/nouveau");
  await tech.getByLabel("Nom du contact").fill(`Odile Marchand ${stamp}`);
  await tech.getByLabel("Adresse e-mail").fill(`odile.${stamp}@scierie-${stamp}.fr`);
  await tech.getByLabel("Objet").fill(`La scie ${stamp} s'arrête en pleine coupe`);
  await tech.getByLabel("Résumé de l'appel").fill("Arrêt toutes les dix minutes depuis ce matin.");
  await tech.getByRole("button", { name: "Créer le ticket" }).click();
  await expect(tech).toHaveURL(/\/support\/tickets\/\d+$/);
  const ticketUrl = tech.url();
  const number = ticketUrl.split("/").pop();
  // The rule acts a moment after the ticket is saved.
  await expect(async () => {
    await tech.reload();
    await expect(tech.locator('li[data-history-kind="priority"]')).toContainText(`Règle « ${ruleName} » · Priorité : Normale → Urgente`, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(tech.locator('li[data-history-kind="group"]')).toContainText(`Règle « ${ruleName} »`);
  await support.close();

  await page.getByRole("link", { name: "Journal des exécutions" }).click();
  await expect(page.getByTestId("automation-run").first()).toContainText(`#${number}`);
  await expect(page.getByTestId("automation-run").first()).toContainText("Appliquée");
  expect(problems).toEqual([]);
  await admin.close();
});
