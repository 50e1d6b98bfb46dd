import { expect as baseExpect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

/**
 * The pipeline in Chromium, as the demo's sales rep: a card moved by keyboard only (handle, Space,
 * →, Space), then a deal lost through its card's menu and the loss dialog. The lead's full sales
 * journey lives in its own spec.
 */
const expect = baseExpect.configure({ timeout: 15_000 });

test("moves deals on the kanban by keyboard and through the card menu", async ({ page }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));

  await signIn(page, "ventes@comptoir.test");
  await page.goto("/ventes");
  const column = (name: string) => page.locator(`section[data-stage-name="${name}"]`);
  const card = (title: string) => page.locator(`article[data-deal-title="${title}"]`);
  const title = "Formation de l'équipe d'accueil";
  await expect(column("Qualification").locator(card(title))).toBeVisible();
  // Counts are read, not assumed: other specs share the demo workspace.
  const countIn = async (name: string) => Number(/\d+/.exec((await column(name).getByTestId("total-count").textContent()) ?? "")?.[0]);
  const proposals = await countIn("Proposition");

  // Keyboard only: focus the handle, pick up, one column to the right, drop.
  const handle = card(title).getByRole("button", { name: `Déplacer l'affaire « ${title} »` });
  // The sensors listen once the page is hydrated (late on a busy machine): press until it picks up.
  await expect(async () => {
    await handle.focus();
    await page.keyboard.press("Space");
    await expect(handle).toHaveAttribute("aria-pressed", "true", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText(`Affaire « ${title} » au-dessus de la colonne « Qualification ».`)).toBeAttached();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByText(`Affaire « ${title} » au-dessus de la colonne « Proposition ».`)).toBeAttached();
  await page.keyboard.press("Space");
  await expect(page.getByRole("status").getByText("Affaire déplacée.")).toBeVisible();
  await expect(column("Proposition").locator(card(title))).toBeVisible();
  await expect(column("Qualification").locator(card(title))).toHaveCount(0);
  await expect(column("Proposition").getByTestId("total-count")).toHaveText(`${proposals + 1} affaire(s)`);

  // The menu alternative, to a lost stage: the dialog asks why.
  const lost = "Réseau Wi-Fi des salles de consultation";
  await card(lost).getByText("Déplacer vers…").click();
  await card(lost).getByRole("button", { name: "Perdue" }).click();
  const dialog = page.getByRole("dialog", { name: `Affaire perdue : « ${lost} »` });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Raison de la perte").selectOption({ label: "Pas de budget" });
  await dialog.getByLabel("Précisions (facultatif)").fill("Budget reporté à l'an prochain");
  await dialog.getByRole("button", { name: "Marquer comme perdue" }).click();
  await expect(column("Perdue").locator(card(lost))).toBeVisible();

  await card(lost).getByRole("link", { name: lost }).click();
  await expect(page.getByTestId("loss-reason")).toHaveText("Pas de budget");
  await expect(page.getByTestId("stage-history")).toContainText("« Qualification » → « Perdue »");
  expect(problems).toEqual([]);
});
