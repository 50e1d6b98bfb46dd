import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

test("a technician signs in and works in the Support area, in French", async ({ page }) => {
  await signIn(page, "tech@comptoir.test");
  await expect(page).toHaveURL(/\/support$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { name: "Support", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /Tickets ouverts/ })).toBeVisible();
  const rows = page.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(5);
  await expect(rows.first()).toContainText("#");

  const nav = page.getByRole("navigation", { name: "Menu principal" }).first();
  await expect(nav.getByRole("link", { name: "Support" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Clients" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Administration" })).toHaveCount(0);

  await page.getByRole("link", { name: /Clients en attente/ }).click();
  await expect(page).toHaveURL(/vue=waiting/);
  await expect(page.getByRole("columnheader", { name: "En attente depuis" })).toBeVisible();
});

test("sales see no Administration area and its URL answers 403", async ({ page }) => {
  await signIn(page, "ventes@comptoir.test");
  const nav = page.getByRole("navigation", { name: "Menu principal" }).first();
  await expect(nav.getByRole("link", { name: "Ventes" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Administration" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Support" })).toHaveCount(0);

  const response = await page.goto("/admin/utilisateurs");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Accès refusé" })).toBeVisible();
});

test("an admin creates a technician, who can then sign in; the language choice is remembered", async ({ page, browser }) => {
  await signIn(page, "admin@comptoir.test");
  await page.getByRole("link", { name: "Administration" }).first().click();
  await page.getByRole("link", { name: "Nouvel utilisateur" }).click();

  await page.getByRole("button", { name: "Créer" }).click();
  await expect(page.getByText("Ce champ est obligatoire.").first()).toBeVisible();

  const email = `nouveau.tech.${Date.now()}@comptoir.test`;
  await page.getByLabel("Nom complet").fill("Hugo Petit");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Rôle").selectOption("technician");
  await page.getByLabel("Support N1").check();
  await page.getByLabel("Mot de passe initial").fill("court");
  await page.getByRole("button", { name: "Créer" }).click();
  await expect(page.getByText("Le mot de passe doit contenir au moins 8 caractères.")).toBeVisible();
  await expect(page.getByLabel("Nom complet")).toHaveValue("Hugo Petit");

  await page.getByLabel("Mot de passe initial").fill("un-mot-de-passe-solide");
  await page.getByRole("button", { name: "Créer" }).click();
  await expect(page.getByRole("status")).toContainText("Utilisateur Hugo Petit créé.");

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await signIn(newcomer, email, "un-mot-de-passe-solide");
  await expect(newcomer).toHaveURL(/\/support$/);
  await newcomer.getByRole("button", { name: "en", exact: true }).first().click();
  await expect(newcomer.getByRole("heading", { name: "Support", level: 1 })).toBeVisible();
  await expect(newcomer.getByRole("link", { name: /Open tickets/ })).toBeVisible();
  await newcomer.getByRole("button", { name: "Sign out" }).first().click();
  await expect(newcomer).toHaveURL(/\/connexion/);
  await expect(newcomer.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // The choice is kept on the account: a fresh browser signs in and gets English at once.
  const freshContext = await browser.newContext();
  const fresh = await freshContext.newPage();
  await signIn(fresh, email, "un-mot-de-passe-solide");
  await expect(fresh.locator("html")).toHaveAttribute("lang", "en");
  await expect(fresh.getByRole("link", { name: /Open tickets/ })).toBeVisible();
  await freshContext.close();
  await context.close();
});
