import { expect as baseExpect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

// Long journeys through several forms: generous limits so a busy machine does not fail them.
test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

test("create a company and a contact with two addresses, refused duplicates name their owner", async ({ page }) => {
  await signIn(page, "ventes@comptoir.test");
  await page.goto("/clients");
  await expect(page.getByRole("heading", { name: "Clients", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Menuiserie Aubert" })).toBeVisible();

  await page.getByRole("link", { name: "Nouvelle société" }).click();
  await page.getByRole("button", { name: "Créer" }).click();
  await expect(page.getByText("Ce champ est obligatoire.")).toBeVisible();

  const stamp = Date.now().toString(36);
  const companyName = `Atelier Mercier ${stamp}`;
  await page.getByLabel("Raison sociale").fill(companyName);
  await page.getByLabel("Secteur").selectOption("industry");
  await page.getByLabel("Domaine 1").fill(`mercier-${stamp}.fr`);
  await page.getByRole("button", { name: "Ajouter un domaine" }).click();
  await page.getByLabel("Domaine 2").fill("https://www.boulangerie-lemoine.fr/");
  await page.getByLabel("Code postal").fill("4930");
  await page.getByRole("button", { name: "Créer" }).click();

  // Nothing saved; each message next to its field; what was typed is still there.
  await expect(page.getByText("Un code postal français compte 5 chiffres.")).toBeVisible();
  await expect(page.getByLabel("Raison sociale")).toHaveValue(companyName);
  await page.getByLabel("Code postal").fill("49300");
  await page.getByLabel("Ville").fill("Cholet");
  await page.getByRole("button", { name: "Créer" }).click();
  await expect(page.getByText("Ce domaine appartient déjà à Boulangerie Pâtisserie Lemoine.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ouvrir sa fiche" })).toHaveAttribute("href", /\/clients\/societes\//);
  await page.getByRole("button", { name: "Retirer la ligne 2" }).click();
  await page.getByRole("button", { name: "Créer" }).click();

  await expect(page.getByRole("heading", { name: companyName, level: 1 })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(`Société ${companyName} créée.`);
  await expect(page.getByText(`mercier-${stamp}.fr`)).toBeVisible();
  await expect(page.getByText("Aucun contact n'est rattaché à cette société.")).toBeVisible();

  await page.getByRole("link", { name: "Ajouter un contact" }).click();
  // The company comes filled in; the picker finds it again by typing part of its name.
  const picker = page.getByRole("combobox", { name: "Société" });
  await expect(picker).toHaveValue(companyName);
  await picker.fill("");
  await picker.pressSequentially(`mercier ${stamp}`);
  await expect(page.getByRole("option", { name: companyName })).toBeVisible();
  await picker.press("ArrowDown");
  await picker.press("Enter");
  await expect(picker).toHaveValue(companyName);
  await expect(page.getByRole("listbox")).toBeHidden();
  await page.getByLabel("Prénom").fill("Élodie");
  await page.getByLabel("Nom", { exact: true }).fill("Mercier");
  await page.getByLabel("Adresse e-mail 1").fill(`elodie@mercier-${stamp}.fr`);
  await page.getByRole("button", { name: "Ajouter une adresse" }).click();
  await page.getByLabel("Adresse e-mail 2").fill("daniel.oconnor.dordogne@gmail.com");
  await page.getByLabel("Adresse principale : adresse 2").check();
  await page.getByLabel("Téléphone").fill("06.12.34.56.78");
  await page.getByLabel("Consentement de l'adresse principale").selectOption("opt_in");
  await page.getByRole("button", { name: "Créer" }).click();
  await expect(page.getByText("Indiquez comment le consentement a été donné (date, moyen).")).toBeVisible();
  await expect(page.getByText("Cette adresse appartient déjà à Daniel O'Connor.")).toHaveCount(0);

  await page.getByLabel("Base", { exact: true }).fill("Carte remplie au salon Batimat");
  await page.getByRole("button", { name: "Créer" }).click();
  await expect(page.getByText("Cette adresse appartient déjà à Daniel O'Connor.")).toBeVisible();
  await expect(page.getByLabel("Prénom")).toHaveValue("Élodie");
  await page.getByLabel("Adresse e-mail 2").fill(`compta@mercier-${stamp}.fr`);
  await page.getByRole("button", { name: "Créer" }).click();

  await expect(page.getByRole("heading", { name: "Élodie Mercier", level: 1 })).toBeVisible();
  const details = page.getByRole("region", { name: "Coordonnées" }).or(page.locator("section", { hasText: "Coordonnées" }));
  await expect(details.getByRole("link", { name: `elodie@mercier-${stamp}.fr` })).toBeVisible();
  await expect(details.getByRole("listitem").filter({ hasText: `compta@mercier-${stamp}.fr` })).toContainText("Principale");
  await expect(details).toContainText("Consentement explicite");
  const consent = page.locator('[data-consent-address^="compta@mercier-"]');
  await expect(consent).toContainText("Consentement explicite");
  await expect(consent.getByTestId("consent-history-line").first()).toContainText("Carte remplie au salon Batimat");

  await page.getByRole("link", { name: companyName }).first().click();
  await expect(page.getByRole("link", { name: "Élodie Mercier" })).toBeVisible();
});

test("a company page shows its key figures and its timeline, filtered and paged", async ({ page }) => {
  await signIn(page, "tech@comptoir.test");
  await page.goto("/clients");
  await page.getByRole("link", { name: "Menuiserie Aubert" }).click();
  await expect(page.getByRole("heading", { name: "Menuiserie Aubert", level: 1 })).toBeVisible();
  const figures = page.getByRole("region", { name: "Chiffres clés" });
  await expect(figures).toContainText("Tickets ouverts");
  await expect(figures).toContainText("1re réponse moyenne");

  const timeline = page.getByRole("region", { name: "Historique" });
  await expect(timeline.getByText("Ticket créé").first()).toBeVisible();
  await expect(timeline.getByRole("link", { name: /^#\d{4} · / }).first()).toHaveAttribute("href", /^\/support\/tickets\/\d{4}/);
  const before = await timeline.locator("li[data-kind]").count();
  expect(before).toBeGreaterThan(5);

  const more = timeline.getByRole("link", { name: "Afficher les éléments plus anciens" });
  if (await more.isVisible()) {
    await more.click();
    await expect.poll(() => timeline.locator("li[data-kind]").count()).toBeGreaterThan(before);
  }

  // Only the tickets: every other kind (support's and sales') goes away.
  const kinds = timeline.getByRole("group").getByRole("checkbox");
  for (let index = 0; index < (await kinds.count()); index++) {
    const kind = kinds.nth(index);
    if ((await kind.getAttribute("value")) !== "ticket") await kind.uncheck();
  }
  await expect(page).toHaveURL(/types=ticket/);
  await expect(timeline.locator("li[data-kind]:not([data-kind=ticket])")).toHaveCount(0);
  await expect(timeline.locator("li[data-kind=ticket]").first()).toBeVisible();
});

test("the Doublons page suggests the demo duplicates, and a merge keeps everything on one record", async ({ page }) => {
  await signIn(page, "admin@comptoir.test");
  await page.goto("/clients/doublons");
  await expect(page.getByRole("heading", { name: "Contacts en double" })).toBeVisible();
  const pair = page.getByTestId("duplicate-pair").filter({ hasText: "Dan O'Connor" });
  await expect(pair).toContainText("même adresse e-mail");
  await expect(pair).toContainText("même téléphone");
  await expect(page.getByTestId("duplicate-pair").filter({ hasText: "BOULANGERIE-PATISSERIE LEMOINE SARL" })).toContainText("même domaine (boulangerie-lemoine.fr)");

  await pair.getByRole("link", { name: "Fusionner…" }).click();
  await expect(page.getByRole("heading", { name: "Fusionner deux fiches" })).toBeVisible();
  await page.locator("label", { hasText: "Daniel O'Connor" }).getByRole("radio").check();
  await page.getByRole("button", { name: "Fusionner" }).click();

  await expect(page.getByRole("heading", { name: "Daniel O'Connor", level: 1 })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Fiches fusionnées");
  await expect(page.getByRole("link", { name: "daniel.oconnor.dordogne@gmail.com" })).toBeVisible();
  await expect(page.getByRole("link", { name: "danieloconnor.dordogne@gmail.com" })).toBeVisible();

  await page.goto("/clients/doublons");
  await expect(page.getByTestId("duplicate-pair").filter({ hasText: "Dan O'Connor" })).toHaveCount(0);
  await page.goto("/admin/journal");
  await expect(page.getByText("contact.merged").first()).toBeVisible();
});
