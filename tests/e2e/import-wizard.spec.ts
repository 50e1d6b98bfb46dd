import fs from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import iconv from "iconv-lite";
import { expect as baseExpect, test } from "@playwright/test";
import { signIn } from "./fixtures.ts";

/**
 * Issue 13's import journey in the browser, as the demo's administrator: a French Excel export
 * (Windows-1252, semicolons) of contacts with their company; the file's first rows read with their
 * accents; one column the suggestions do not know (« Poste occupé ») mapped by hand; duplicates
 * within the file and with a demo contact reviewed and merged; the run followed to 100 %; the
 * rejected row downloaded with its reason. The file is unique to this run (a stamp in every name),
 * and the spec reads the demo database only to pick an existing contact to collide with.
 */

const expect = baseExpect.configure({ timeout: 20_000 });
test.setTimeout(120_000);

const port = Number(process.env.E2E_PORT ?? 3199);
const databaseFile = path.resolve(`test-results/e2e-data-${port}/comptoir.db`);
const stamp = Date.now().toString(36);
/** Phone numbers of this run only (another spec's contact may hold a common test number, which would rightly be a duplicate). */
const digits = String(Date.now()).slice(-8);
const mobile = `06.${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}.${digits.slice(6, 8)}`;
const landline = `04 72 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)}`;

type DemoContact = { address: string; firstName: string; lastName: string; companyName: string };

function aDemoContact(): DemoContact {
  const database = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return database
      .prepare(
        `SELECT e.address AS address, c.firstName AS firstName, c.lastName AS lastName, co.name AS companyName
           FROM "Contact" c JOIN "ContactEmail" e ON e.contactId = c.id AND e.isPrimary = 1 JOIN "Company" co ON co.id = c.companyId
          WHERE c.erasedAt IS NULL ORDER BY c.createdAt, c.id LIMIT 1`,
      )
      .get() as DemoContact;
  } finally {
    database.close();
  }
}

/** The file as French Excel saves « CSV (séparateur : point-virgule) »: Windows-1252, CRLF. */
function frenchExcelFile(demo: DemoContact): Buffer {
  const rows = [
    ["Raison sociale", "Nom", "Prénom", "E-mail", "Tél.", "CP", "Ville", "Poste occupé"],
    [`Boulangerie Lévêque ${stamp}`, "Lévêque", "Hélène", `helene.leveque.${stamp}@boulangerie-leveque.test`, landline, "01000", "Bourg-en-Bresse", "Gérante"],
    [`Boulangerie Lévêque ${stamp}`, "Œuvray", "François", `francois.oeuvray.${stamp}@boulangerie-leveque.test`, mobile, "01000", "Bourg-en-Bresse", "Pâtissier"],
    // The same person again, the address typed in capitals: a duplicate within the file.
    [`Boulangerie Lévêque ${stamp}`, "Lévêque", "Hélène", `HELENE.LEVEQUE.${stamp}@BOULANGERIE-LEVEQUE.TEST`, "", "01000", "Bourg-en-Bresse", "Gérante et fondatrice"],
    // A demo customer already in Comptoir: a duplicate against the base, merged into its record.
    [demo.companyName, demo.lastName, demo.firstName, demo.address, "", "", "", `Acheteur ${stamp}`],
    // A broken row: the address stops at the @.
    [`Garage Dupont ${stamp}`, "Dupont", "Jean", "jean.dupont@", "", "69003", "Lyon", "Gérant"],
  ];
  const text = rows.map((row) => row.map((cell) => (/[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(";")).join("\r\n") + "\r\n";
  return iconv.encode(text, "windows-1252");
}

test("an administrator imports a French Excel file of contacts, maps a column, merges the duplicates and downloads the rejected row", async ({ page }) => {
  const demo = aDemoContact();
  await signIn(page, "admin@comptoir.test");
  await page.goto("/clients");
  await page.getByRole("link", { name: "Imports" }).click();
  await expect(page.getByRole("heading", { name: "Nouvel import" })).toBeVisible();

  await page.getByLabel("Que contient le fichier ?").selectOption("contacts");
  await page.getByLabel("Fichier", { exact: true }).setInputFiles({ name: `clients-${stamp}.csv`, mimeType: "text/csv", buffer: frenchExcelFile(demo) });
  await page.getByRole("button", { name: "Lire le fichier" }).click();

  // Read as Windows-1252 with semicolons: the accents and the columns are right.
  await expect(page.getByRole("heading", { name: `Lecture de « clients-${stamp}.csv »` })).toBeVisible();
  await expect(page.getByLabel("Encodage")).toHaveValue("windows-1252");
  await expect(page.getByLabel("Séparateur")).toHaveValue(";");
  const sample = page.getByTestId("file-sample");
  await expect(sample.getByRole("columnheader", { name: "Prénom" })).toBeVisible();
  await expect(sample.getByRole("cell", { name: "Œuvray" })).toBeVisible();
  await page.getByRole("link", { name: "Les colonnes s'affichent bien : continuer" }).click();

  // The suggestions cover the usual French headers; « Poste occupé » is mapped by hand.
  await expect(page.getByRole("heading", { name: "Associer les colonnes" })).toBeVisible();
  await expect(page.getByLabel("Champ pour la colonne « E-mail »")).toHaveValue("email");
  await expect(page.getByLabel("Champ pour la colonne « Raison sociale »")).toHaveValue("company.name");
  await expect(page.getByLabel("Champ pour la colonne « Poste occupé »")).toHaveValue("");
  await page.getByLabel("Champ pour la colonne « Poste occupé »").selectOption("jobTitle");
  await page.getByRole("button", { name: "Voir l'aperçu" }).click();

  // The preview: one rejected row with its reason in plain French, two duplicate groups.
  await expect(page.getByRole("heading", { name: "Aperçu avant import" })).toBeVisible();
  await expect(page.getByTestId("preview-count-rejected")).toHaveText("1");
  await expect(page.getByTestId("preview-row-5")).toContainText("jean.dupont@");
  const groups = page.getByTestId("duplicate-groups");
  await expect(groups.getByRole("listitem")).toHaveCount(2);
  await expect(groups).toContainText(demo.address);
  await page.getByLabel("Pour tous les groupes").selectOption("merge");
  await page.getByRole("radio", { name: "Enregistrer un consentement pour les adresses importées" }).check();
  await page.getByLabel("Base légale").selectOption("b2b_interest");
  await page.getByLabel("Origine des adresses").fill(`Fichier clients boulangeries ${stamp}`);
  await page.getByRole("button", { name: "Enregistrer mes choix" }).click();
  await expect(page.getByText("Choix enregistrés : l'aperçu en tient compte.")).toBeVisible();
  await expect(page.getByTestId("preview-count-created")).toHaveText("2");
  await expect(page.getByTestId("preview-count-rejected")).toHaveText("1");

  await page.getByRole("button", { name: /Lancer l'import/ }).click();

  // The run, followed live to the end.
  await expect(page.getByRole("heading", { name: `Import de « clients-${stamp}.csv »` })).toBeVisible();
  const progress = page.getByRole("progressbar", { name: "Progression de l'import" });
  await expect(progress).toHaveAttribute("aria-valuenow", "5");
  await expect(progress).toHaveAttribute("aria-valuemax", "5");
  await expect(page.getByText("Terminé", { exact: true })).toBeVisible();
  await expect(page.getByTestId("import-count-created")).toHaveText("2");
  await expect(page.getByTestId("import-count-rejected")).toHaveText("1");

  // The rejected row, as CSV to fix and import again: the file's columns and the reason.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Lignes rejetées \(1\) en CSV/ }).click();
  const download = await downloading;
  const rejected = await fs.readFile(await download.path());
  const text = rejected.toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).trim().split(/\r\n/);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain("Poste occupé");
  expect(lines[1]).toContain(`Garage Dupont ${stamp}`);
  expect(lines[1]).toMatch(/adresse e-mail invalide/i);

  // The demo contact was merged into, not duplicated: its record carries the new job title.
  await expect(page.getByTestId("report-row-3")).toContainText("fusionnée avec la ligne 1");
  await page.getByTestId("report-row-4").getByRole("link", { name: "Ouvrir la fiche" }).click();
  await expect(page.getByText(`Acheteur ${stamp}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: `${demo.firstName} ${demo.lastName}` })).toBeVisible();
});
