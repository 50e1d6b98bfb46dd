import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

/**
 * The dashboard printed for a monthly meeting: the manager opens the printable version of the
 * quarter from the dashboard, gets every section with its figures, charts and their data, no
 * navigation; the page prints to a PDF (kept in test-results for a look).
 */
test("the manager prints the quarter's dashboard", async ({ page }) => {
  await signIn(page, "direction@comptoir.test");
  await page.goto("/tableau-de-bord?periode=trimestre");
  await expect(page.locator('[data-section="sales"]')).toBeVisible();
  await page.getByRole("link", { name: "Version imprimable" }).click();
  await expect(page).toHaveURL(/\/tableau-de-bord\/imprimer\?periode=trimestre/);
  await expect(page.locator("[data-printable-dashboard]")).toBeVisible();
  await expect(page.getByRole("navigation")).toHaveCount(0);
  for (const section of ["sales", "loyalty"]) await expect(page.locator(`[data-section="${section}"]`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ventes" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Fidélisation" })).toBeVisible();
  await expect(page.locator('[data-chart-table="sales.orderIntakeByMonth"]')).toBeVisible();
  await expect(page.locator('[data-figure="loyalty.churnRate"]')).toContainText("Taux de résiliation");
  // The charts are drawn before printing.
  await expect(page.locator('[data-chart="sales.orderIntakeByMonth"] svg').first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Imprimer ou enregistrer en PDF" })).toBeVisible();

  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Imprimer ou enregistrer en PDF" })).toBeHidden();
  const pdf = await page.pdf({ format: "A4", printBackground: true, margin: { top: "12mm", bottom: "12mm", left: "10mm", right: "10mm" } });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  fs.mkdirSync("test-results", { recursive: true });
  fs.writeFileSync(path.join("test-results", "dashboard-print.pdf"), pdf);
});
