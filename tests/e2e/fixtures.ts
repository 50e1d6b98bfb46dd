import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "comptoir";

/** Signs in through the real form, as a person would. */
const labels = {
  fr: { email: "Adresse e-mail", password: "Mot de passe", submit: "Se connecter" },
  en: { email: "Email address", password: "Password", submit: "Sign in" },
};

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, language: keyof typeof labels = "fr") {
  await page.goto("/connexion");
  await page.getByLabel(labels[language].email).fill(email);
  await page.getByLabel(labels[language].password).fill(password);
  await page.getByRole("button", { name: labels[language].submit }).click();
  await expect(page).not.toHaveURL(/\/connexion/);
}
