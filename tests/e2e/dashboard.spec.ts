import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

/**
 * The manager's dashboard in French: changes the period, reads the comparison, opens "SLA
 * dépassés" and gets exactly the tickets the database says missed a target due in the quarter,
 * then exports them as CSV for French Excel. Reads this run's own demo database (read-only), so
 * it depends on no other spec.
 */

const port = Number(process.env.E2E_PORT ?? 3199);
const databaseFile = path.resolve(`test-results/e2e-data-${port}/comptoir.db`);
const ZONE = "Europe/Paris";

/** The instant of local midnight starting a day in Paris (offsets are whole hours there). */
function parisMidnight(year: number, month: number, day: number): Date {
  const guess = Date.UTC(year, month - 1, day);
  for (const offsetHours of [1, 2]) {
    const instant = new Date(guess - offsetHours * 3_600_000);
    const local = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", hourCycle: "h23", day: "2-digit" }).formatToParts(instant);
    if (Number(local.find((part) => part.type === "hour")!.value) === 0 && Number(local.find((part) => part.type === "day")!.value) === day) return instant;
  }
  throw new Error("no midnight");
}

/** This quarter and the previous one, as instants, from today in Paris. */
function quarters(now: Date) {
  const [year, month] = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit" }).format(now).split("-").map(Number);
  const firstMonth = Math.floor((month - 1) / 3) * 3 + 1;
  const start = (y: number, m: number) => (m > 12 ? parisMidnight(y + 1, m - 12, 1) : m < 1 ? parisMidnight(y - 1, m + 12, 1) : parisMidnight(y, m, 1));
  return {
    current: { from: start(year, firstMonth), to: start(year, firstMonth + 3) },
    previous: { from: start(year, firstMonth - 3), to: start(year, firstMonth) },
  };
}

const stored = (date: Date) => date.toISOString().replace("Z", "+00:00");

test("the manager changes the period, reads the comparison, opens the SLA breaches and exports them", async ({ page }) => {
  await signIn(page, "direction@comptoir.test");
  await page.goto("/tableau-de-bord");
  await expect(page.getByRole("heading", { name: "Tableau de bord", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Service client", level: 2 })).toBeVisible();

  // This quarter, compared with the previous one.
  await page.getByRole("link", { name: "Ce trimestre" }).click();
  await expect(page).toHaveURL(/periode=trimestre/);
  await expect(page.getByRole("link", { name: "Ce trimestre" })).toHaveAttribute("aria-current", "true");
  const loadedAt = new Date();
  const range = quarters(loadedAt);
  const database = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const created = (period: { from: Date; to: Date }) =>
      (database.prepare(`SELECT count(*) AS n FROM "Ticket" WHERE "createdAt" >= ? AND "createdAt" < ? AND "mergedIntoId" IS NULL`).get(stored(period.from), stored(period.to)) as { n: number }).n;
    const createdCard = page.locator('[data-figure="service.created"]');
    await expect(createdCard).toHaveAttribute("data-value", String(created(range.current)));
    await expect(createdCard.getByText("Période précédente")).toBeVisible();
    await expect(createdCard.locator("dd").first()).toContainText(String(created(range.previous)));
    await expect(createdCard.getByText("Un an plus tôt")).toBeVisible();

    // "SLA dépassés": the tickets with a first response or resolution due in the quarter and missed.
    const breached = database
      .prepare(
        `SELECT "number" FROM "Ticket" WHERE "mergedIntoId" IS NULL AND (
           ("firstResponseDueAt" >= ? AND "firstResponseDueAt" < ? AND ("firstRespondedAt" > "firstResponseDueAt" OR ("firstRespondedAt" IS NULL AND "firstResponseDueAt" < ?)))
        OR ("resolutionDueAt" >= ? AND "resolutionDueAt" < ? AND ("solvedAt" > "resolutionDueAt" OR ("solvedAt" IS NULL AND "slaPausedSince" IS NULL AND "resolutionDueAt" < ?))))
         ORDER BY "number"`,
      )
      .pluck()
      .all(stored(range.current.from), stored(range.current.to), stored(loadedAt), stored(range.current.from), stored(range.current.to), stored(loadedAt)) as number[];
    expect(breached.length).toBeGreaterThan(0);
    const breachedCard = page.locator('[data-figure="service.sla-breached"]');
    await expect(breachedCard).toHaveAttribute("data-value", String(breached.length));
    await breachedCard.getByRole("link").click();

    await expect(page).toHaveURL(/\/tableau-de-bord\/detail\/service\.sla-breached\?periode=trimestre/);
    await expect(page.getByRole("heading", { name: "SLA dépassés", level: 1 })).toBeVisible();
    const listed: number[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const links = page.getByRole("table").getByRole("link", { name: /^#\d+$/ });
      await expect(links.first()).toBeVisible();
      for (const text of await links.allTextContents()) listed.push(Number(text.slice(1)));
      const next = page.getByRole("link", { name: "Suivant", exact: true });
      if ((await next.count()) === 0) break;
      await next.click();
      await expect(page).toHaveURL(new RegExp(`page=${pageNumber + 1}`));
    }
    expect(listed.sort((left, right) => left - right)).toEqual(breached);

    // The CSV: UTF-8 with a BOM, ";" between fields, French headers with their accents.
    await page.goto("/tableau-de-bord/detail/service.sla-breached?periode=trimestre");
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Exporter en CSV" }).click();
    const download = await downloading;
    const bytes = fs.readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
    expect(header).toBe("Ticket;Sujet;Statut;Groupe;Technicien;Créé le;Réponse attendue le;Répondu le;Résolution attendue le;Résolu le");
    expect(rows.map((row) => Number(/^#(\d+);/.exec(row)?.[1])).sort((left, right) => left - right)).toEqual(breached);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  } finally {
    database.close();
  }
});
