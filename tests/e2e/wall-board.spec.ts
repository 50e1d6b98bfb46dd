import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

test.describe.configure({ timeout: 90_000 });

/**
 * The wall screen: an administrator creates a board link; a browser with no staff session (the
 * TV) opens it, sees a customer who just wrote through the public web form within a second,
 * watches the SLA countdown tick; the administrator revokes the link and the screen is gone.
 */
test("a wall screen shows a new waiting customer within a second of the web form, its countdown ticks, and a revoked link is gone", async ({ browser }, testInfo) => {
  const { baseURL, locale, timezoneId } = testInfo.project.use;

  // The administrator creates the screen's link (shown once, as a full address).
  const adminContext = await browser.newContext({ baseURL, locale, timezoneId });
  const admin = await adminContext.newPage();
  await signIn(admin, "admin@comptoir.test");
  await admin.goto("/admin/ecrans");
  const screenName = `Écran accueil ${Date.now()}`;
  await admin.getByLabel("Nom de l'écran").fill(screenName);
  await admin.getByLabel("Tickets affichés").selectOption({ label: "Tous les groupes" });
  await admin.getByRole("button", { name: "Créer le lien" }).click();
  const link = (await admin.getByTestId("new-wall-board-url").textContent())?.trim() ?? "";
  expect(link).toMatch(/\/ecran\/ecr_[A-Za-z0-9_-]{43}$/);
  const boardPath = new URL(link).pathname;

  // The TV: a fresh browser, never signed in.
  const tvContext = await browser.newContext({ baseURL, locale, timezoneId, viewport: { width: 1920, height: 1080 } });
  const tv = await tvContext.newPage();
  await tv.goto(boardPath);
  await expect(tv.getByRole("heading", { name: "Clients en attente" })).toBeVisible();
  await expect(tv.getByRole("navigation")).toHaveCount(0);
  const totalBefore = Number(await tv.getByTestId("wall-total").textContent());
  // Wait for the live connection (the first board it sends) before the customer writes.
  await expect(tv.locator('main[data-live="true"]')).toBeVisible();

  // A customer writes through the public web form.
  const subject = `Caisse enregistreuse bloquée ${Date.now()}`;
  const visitorContext = await browser.newContext({ baseURL, locale });
  const form = await visitorContext.newPage();
  await form.goto("/demande");
  await form.getByLabel("Nom et prénom").fill("Élodie Garnier");
  await form.getByLabel("Adresse e-mail").fill("elodie.garnier@boulangerie-garnier.fr");
  await form.getByRole("radio", { name: /Incident technique/ }).check();
  await form.getByLabel("Objet").fill(subject);
  await form.getByLabel("Description").fill("La caisse ne s'allume plus depuis ce matin, impossible d'encaisser.");
  // People take a few seconds to fill a form; the spam guard refuses faster submissions.
  await form.waitForTimeout(3_200);
  await form.getByRole("button", { name: "Envoyer ma demande" }).click();
  await expect(form).toHaveURL(/\/demande\/envoyee/);

  // Within a second, without reload, the customer is on the wall.
  const row = tv.getByTestId("wall-row").filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 1_000 });
  await expect(row).toContainText("Élodie Garnier");
  await expect(tv.getByTestId("wall-total")).toHaveText(String(totalBefore + 1));
  // Names, subject and times only: never the customer's address nor the message.
  await expect(tv.locator("main")).not.toContainText("elodie.garnier@");
  await expect(tv.locator("main")).not.toContainText("impossible d'encaisser");

  // The SLA countdown ticks on its own.
  const countdown = row.getByTestId("wall-countdown");
  const first = (await countdown.textContent())?.trim() ?? "";
  expect(first).toMatch(/^-?\d+(:\d\d){1,2}$/);
  await expect(countdown).not.toHaveText(first, { timeout: 3_000 });

  // The administrator revokes the link: the screen drops it, and the address answers 404.
  await admin.goto("/admin/ecrans");
  await admin.getByRole("button", { name: `Révoquer l'écran ${screenName}` }).click();
  await expect(admin.getByText("Lien révoqué")).toBeVisible();
  await expect(tv.getByTestId("error-page")).toHaveAttribute("data-status", "404", { timeout: 10_000 });
  const again = await tv.goto(boardPath);
  expect(again?.status()).toBe(404);

  await visitorContext.close();
  await tvContext.close();
  await adminContext.close();
});
