import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

test("a technician presses / anywhere, searches, and opens grouped results", async ({ page }) => {
  await signIn(page, "tech@comptoir.test");
  await expect(page).toHaveURL(/\/support$/);
  const box = page.getByRole("searchbox", { name: "Rechercher dans Comptoir" }).first();
  // The "/" shortcut is a client-side listener, there only once the page is hydrated (late on a
  // busy machine, with no event to wait for): press again until it answers.
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(box).toBeFocused({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(box).toHaveValue("");
  await box.fill("imprim");
  await box.press("Enter");

  await expect(page).toHaveURL(/\/recherche\?q=imprim$/);
  await expect(page.getByRole("heading", { name: "Résultats pour « imprim »", level: 1 })).toBeVisible();
  const tickets = page.getByRole("region", { name: /Tickets/ });
  const ticketLinks = tickets.getByRole("link", { name: /^#\d+ .*Imprimante/i });
  expect(await ticketLinks.count()).toBeGreaterThan(0);
  await expect(ticketLinks.first()).toHaveAttribute("href", /^\/support\/tickets\/\d+$/);
  // The words found are highlighted, whatever their accents or case.
  await expect(tickets.locator("mark").first()).toBeVisible();

  // Accents do not matter; companies link to their page.
  await page.goto("/recherche?q=menuiserie%20aubert");
  const companies = page.getByRole("region", { name: /Sociétés/ });
  await expect(companies.getByRole("link", { name: "Menuiserie Aubert" })).toHaveAttribute("href", /^\/clients\/societes\/c[a-z0-9]+$/);

  // "/" typed inside a field stays a character.
  const pageBox = page.getByLabel("Rechercher dans Comptoir").last();
  await pageBox.fill("");
  await pageBox.type("a/b");
  await expect(pageBox).toHaveValue("a/b");
});

test("marketing searches customers only; nothing found says so", async ({ page }) => {
  await signIn(page, "marketing@comptoir.test");
  await page.goto("/recherche?q=aubert");
  await expect(page.getByRole("region", { name: /Sociétés/ })).toBeVisible();
  await expect(page.getByRole("region", { name: /Tickets/ })).toHaveCount(0);

  await page.goto("/recherche?q=xylophone");
  await expect(page.getByText("Aucun résultat pour « xylophone »")).toBeVisible();
});
