import path from "node:path";
import Database from "better-sqlite3";
import { expect as baseExpect, test } from "@playwright/test";
import { compileSegment } from "../../app/domain/marketing/segments/segment-compiler.ts";
import { conditionKind } from "../../app/domain/marketing/segments/segment-conditions.server.ts";
import type { SegmentDefinition } from "../../app/domain/marketing/segments/segment-definition.ts";
import { sqliteDateTime } from "../../app/lib/sqlite.server.ts";
import { signIn } from "./fixtures.ts";

/**
 * The marketer of the demo builds « industrie ET (aucun ticket depuis 90 jours OU dernière
 * évaluation bonne) » in French: the live count equals what the domain's compiled SQL counts on
 * this run's own demo database (read-only), "why" explains one contact condition by condition,
 * and the segment is saved.
 */

test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 15_000 });
const port = Number(process.env.E2E_PORT ?? 3199);
const databaseFile = path.resolve(`test-results/e2e-data-${port}/comptoir.db`);

const definition: SegmentDefinition = {
  match: "all",
  groups: [
    { match: "all", conditions: [{ kind: "company.sector", params: { sectors: ["industry"] } }] },
    {
      match: "any",
      conditions: [
        { kind: "service.tickets", params: { comparison: "none", days: 90 } },
        { kind: "service.lastRating", params: { rating: "good" } },
      ],
    },
  ],
};

function domainCount(): number {
  const predicate = compileSegment(definition, conditionKind, { now: new Date(), dateTime: sqliteDateTime });
  const database = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return Number((database.prepare(`SELECT count(*) AS n FROM "Contact" c WHERE ${predicate.sql}`).get(...predicate.values) as { n: number }).n);
  } finally {
    database.close();
  }
}

test("the marketer builds a segment from service data, checks its live count and a 'why', and saves it", async ({ page }) => {
  const name = `Industrie calme ou satisfaite ${Date.now().toString(36)}`;
  await signIn(page, "marketing@comptoir.test");
  await page.goto("/marketing");
  await page.getByRole("navigation", { name: "Sections du marketing" }).getByRole("link", { name: "Segments" }).click();
  await page.getByRole("link", { name: "Nouveau segment" }).click();
  await expect(page.getByRole("heading", { name: "Nouveau segment", level: 1 })).toBeVisible();
  await page.getByLabel("Nom du segment").fill(name);

  // Group 1: the company's sector.
  const first = page.locator('fieldset[data-group="0"]');
  await first.getByLabel("Nouvelle condition").selectOption({ label: "Secteur" });
  await first.getByRole("button", { name: "Ajouter la condition" }).click();
  await expect(first.locator("[data-condition]")).toHaveCount(1);
  await first.getByLabel("Industrie").check();

  // Group 2: no ticket in 90 days OR last rating good.
  await page.getByRole("button", { name: "Ajouter un groupe" }).click();
  const second = page.locator('fieldset[data-group="1"]');
  await expect(second).toBeVisible();
  await second.getByLabel("Nouvelle condition").selectOption({ label: "Tickets sur une période" });
  await second.getByRole("button", { name: "Ajouter la condition" }).click();
  await expect(second.locator("[data-condition]")).toHaveCount(1);
  await expect(second.getByLabel("Condition", { exact: true })).toHaveValue("none");
  await expect(second.getByLabel("Nombre de jours")).toHaveValue("90");
  await second.getByLabel("Nouvelle condition").selectOption({ label: "Dernière évaluation" });
  await second.getByRole("button", { name: "Ajouter la condition" }).click();
  await expect(second.locator("[data-condition]")).toHaveCount(2);
  // The sector box ticked before the round trips is still ticked (the form keeps what was typed).
  await expect(first.getByLabel("Industrie")).toBeChecked();

  // Switching the group to OR updates the count live (no submit).
  const livePreview = page.waitForResponse((response) => response.url().includes("/marketing/segments/apercu") && response.status() === 200);
  await second.getByLabel("Dans ce groupe").selectOption({ label: "au moins une condition (OU)" });
  await livePreview;
  const expected = domainCount();
  expect(expected).toBeGreaterThan(0);
  const count = page.getByTestId("segment-count");
  await expect(count).toHaveAttribute("data-count", String(expected));
  await expect(count).toContainText(`${expected} contact(s) dans le segment`);

  // Why: the first contact of the sample, condition by condition.
  const sampleEmail = (await page.getByRole("table", { name: "Exemples de contacts" }).locator("tbody tr").first().locator("td").nth(2).textContent())!.trim();
  await page.getByLabel("Nom ou e-mail du contact").fill(sampleEmail);
  await page.getByRole("button", { name: "Expliquer" }).click();
  const why = page.getByTestId("segment-why");
  await expect(why.getByRole("status")).toContainText("est dans le segment.");
  const lines = why.getByTestId("why-condition");
  await expect(lines).toHaveCount(3);
  await expect(lines.nth(0)).toContainText("Secteur de la société : Industrie");
  await expect(lines.nth(0)).toContainText("✓ oui");
  await expect(lines.nth(1)).toContainText("Le contact n'a écrit aucun ticket depuis 90 jours");
  await expect(lines.nth(2)).toContainText("Dernière évaluation du contact : bonne");
  await expect(why).toContainText("Groupe 2 : ✓ oui");

  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Segment créé." })).toBeVisible();
  await expect(page.getByTestId("segment-count")).toHaveAttribute("data-count", String(expected));
  await page.getByRole("navigation", { name: "Sections du marketing" }).getByRole("link", { name: "Segments" }).click();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
});
