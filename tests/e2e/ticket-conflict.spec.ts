import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./fixtures.ts";

/** Signs in through the real form (like fixtures.ts), waiting as long as a busy machine needs. */
async function signIn(page: Page, email: string) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/connexion"), { timeout: 30_000 });
}

/** The number of the ticket a page shows ("#1144 Subject" in the heading). */
async function ticketNumber(page: Page): Promise<string> {
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/#\d+/);
  const heading = await page.getByRole("heading", { level: 1 }).textContent();
  return /#(\d+)/.exec(heading ?? "")![1];
}

// Two agents, several pages and saves each: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

test("a second agent saving stale data sees what changed, then re-applies on purpose", async ({ browser }) => {
  const first = await (await browser.newContext()).newPage();
  // The second agent's live connection is down, so their page is not refreshed by the first
  // agent's changes: exactly the stale form optimistic locking protects against.
  const offline = await browser.newContext();
  await offline.route(/\/socket\.io\//, (route) => route.abort());
  await offline.routeWebSocket(/\/socket\.io\//, (socket) => socket.close());
  const second = await offline.newPage();
  await signIn(first, "tech@comptoir.test");
  await signIn(second, "direction@comptoir.test");

  await first.goto("/support?vue=pending");
  await first.locator("tbody tr").first().getByRole("link").nth(1).click();
  await first.waitForURL(/\/support\/tickets\/\d+$/);
  const number = await ticketNumber(first);
  await second.goto(`/support/tickets/${number}`);
  await expect(second.getByRole("heading", { level: 1 })).toContainText(`#${number}`);

  // The first agent adds an internal note and retags the ticket.
  await first.getByRole("radio", { name: "Note interne" }).check({ force: true });
  await first.getByLabel("Note interne (visible par l'équipe seulement)").fill("Client rappelé, il cherche le numéro de série.");
  await first.getByRole("button", { name: "Ajouter la note" }).click();
  await expect(first.getByRole("status").filter({ hasText: "Note ajoutée." })).toBeVisible();
  const notes = first.locator('article[data-visibility="internal"]');
  await expect(notes.last()).toContainText("Note interne");
  await expect(notes.last()).toHaveClass(/bg-amber-50/);

  // The second agent, still on the old page, puts it on hold.
  await second.getByLabel("Statut", { exact: true }).selectOption("on_hold");
  await second.getByRole("button", { name: "Enregistrer" }).click();
  const conflict = second.getByTestId("ticket-conflict");
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("Ce ticket a changé entre-temps");
  await expect(conflict).toContainText("Julien Moreau");
  await expect(conflict).toContainText("Client rappelé, il cherche le numéro de série.");
  await expect(conflict.locator('tr[data-conflict-field="status"]')).toContainText("En pause");
  await expect(conflict.locator('tr[data-conflict-field="status"]')).toContainText("En attente client");

  await conflict.getByRole("button", { name: "Appliquer quand même mes changements" }).click();
  await expect(conflict).toHaveCount(0);
  await expect(second.locator("header").getByText("En pause")).toBeVisible();
  await expect(second.locator('li[data-history-kind="status"]').first()).toContainText("Nathalie Girard · Statut : En attente client → En pause");
  // Nothing of the first agent's work was lost.
  await expect(second.locator('article[data-visibility="internal"]').last()).toContainText("Client rappelé");
});
