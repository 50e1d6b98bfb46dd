import path from "node:path";
import Database from "better-sqlite3";
import { expect as baseExpect, test } from "@playwright/test";
import type { SmtpSink } from "../support/smtp-sink.ts";
import { signIn } from "./fixtures.ts";
import { startE2eSmtpSink } from "./mail.ts";

/**
 * A campaign end to end, in French, as the demo workspace's marketer: write it on a segment with
 * a merge field, preview it at desktop and mobile widths, test-send it, look at the exclusions,
 * send it to ~50 demo contacts through the SMTP sink and watch the progress bar reach 100 % live.
 *
 * The segment row (and the consent of 50 demo addresses) is written into this run's demo database
 * here: the segment builder is another page's job.
 */

const expect = baseExpect.configure({ timeout: 20_000 });
test.setTimeout(180_000);

const port = Number(process.env.E2E_PORT ?? 3199);
const databaseFile = path.resolve(`test-results/e2e-data-${port}/comptoir.db`);
const stamp = Date.now();
const segmentName = `Clients B2B e2e ${stamp}`;
const campaignName = `Rentrée des contrats ${stamp}`;
let sink: SmtpSink;
let audience: string[] = [];

test.beforeAll(async () => {
  sink = await startE2eSmtpSink();
  const database = new Database(databaseFile);
  try {
    database.pragma("busy_timeout = 5000");
    const addresses = database
      .prepare(`SELECT e.address AS address, e.contactId AS contactId FROM ContactEmail e JOIN Contact c ON c.id = e.contactId WHERE e.isPrimary = 1 AND c.language = 'fr' ORDER BY e.address LIMIT 50`)
      .all() as Array<{ address: string; contactId: string }>;
    const now = new Date().toISOString().replace("Z", "+00:00");
    const upsert = database.prepare(
      `INSERT INTO MarketingConsent (address, contactId, state, source, basis, changedAt) VALUES (?, ?, 'b2b_interest', 'manual', 'test e2e', ?)
       ON CONFLICT(address) DO UPDATE SET state = 'b2b_interest'`,
    );
    for (const row of addresses) upsert.run(row.address, row.contactId, now);
    // The segment is every primary address in B2B interest: these 50 and those the demo seeds so.
    audience = (
      database
        .prepare(`SELECT e.address AS address FROM ContactEmail e JOIN MarketingConsent m ON m.address = e.address WHERE e.isPrimary = 1 AND m.state = 'b2b_interest'`)
        .all() as Array<{ address: string }>
    ).map((row) => row.address);
    database
      .prepare(`INSERT INTO Segment (id, name, description, definition, version, createdAt, updatedAt) VALUES (?, ?, '', ?, 1, ?, ?)`)
      .run(`e2e${stamp}`, segmentName, JSON.stringify({ match: "all", groups: [{ match: "all", conditions: [{ kind: "marketing.consentState", params: { states: ["b2b_interest"] } }] }] }), now, now);
  } finally {
    database.close();
  }
});

test.afterAll(async () => {
  await sink?.stop();
});

test("the marketer writes, previews, tests and sends a campaign, and sees it reach 100 %", async ({ page }) => {
  expect(audience.length).toBeGreaterThanOrEqual(50);
  await signIn(page, "marketing@comptoir.test");

  await page.goto("/marketing/campagnes/nouvelle");
  // The page is hydrated once the code editor has replaced the textarea.
  const editor = page.locator(".cm-content");
  await expect(editor).toBeVisible();
  await page.getByLabel("Nom de la campagne").fill(campaignName);
  await page.getByRole("checkbox", { name: segmentName }).check();
  await page.getByLabel("Objet", { exact: true }).fill("{{contact.firstName|Bonjour}}, nos contrats de maintenance");
  // The editor (CodeMirror) takes a merge field from the picker at its cursor.
  // The cursor at the end of a line of text inside the body's <mj-text>.
  await editor.locator(".cm-line", { hasText: "et un interlocuteur dédié." }).click();
  await page.keyboard.press("End");
  await page.getByLabel("Champ de fusion").selectOption("company.name");
  await page.getByRole("button", { name: "Insérer" }).click();
  await expect(editor).toContainText("{{company.name|valeur par défaut}}");
  await page.getByLabel("Cadence d'envoi (messages par minute)").fill("6000");
  await page.getByRole("button", { name: "Créer la campagne" }).click();
  await expect(page).toHaveURL(/\/marketing\/campagnes\/[^/]+\/modifier$/);
  // The created campaign's edit page (its toast can be lost when a live reload races the
  // redirect's own data request: the page, not the toast, is what says the campaign exists).
  await expect(page.getByRole("heading", { name: "Modifier la campagne" })).toBeVisible();
  await expect(page.getByLabel("Nom de la campagne")).toHaveValue(campaignName);

  // The live preview: a sandboxed frame, with a real recipient's first name.
  const frame = page.locator('iframe[title^="Aperçu du message"]');
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(frame).toHaveAttribute("data-width", "desktop");
  await expect(page.frameLocator('iframe[title^="Aperçu du message"]').getByText("Nos nouveautés de saison")).toBeVisible();
  await expect(page.frameLocator('iframe[title^="Aperçu du message"]').getByText(/^Bonjour (?!Madame)/)).toBeVisible();
  await page.getByRole("button", { name: "Mobile" }).click();
  await expect(frame).toHaveAttribute("data-width", "mobile");
  expect((await frame.boundingBox())?.width).toBeCloseTo(375, 0);

  // A test send, at once, subject prefixed « [TEST] ».
  await page.getByLabel("Adresses de test").fill("camille.dubois@exemple.test");
  await page.getByRole("button", { name: "Envoyer un test" }).click();
  await expect(page.getByText("Message de test envoyé à 1 adresse(s).")).toBeVisible();
  const test = await sink.waitForMessage((mail) => mail.envelope.to.includes("camille.dubois@exemple.test"), 30_000);
  expect(test.parsed.subject).toMatch(/^\[TEST\] /);

  // The campaign page: the exclusions before sending, then send now.
  await page.getByRole("link", { name: campaignName }).click();
  await expect(page.getByRole("heading", { name: "Aperçu des exclusions avant envoi" })).toBeVisible();
  await expect(page.getByText("Destinataires à ce jour")).toBeVisible();
  const recipients = Number((await page.locator("p", { hasText: "Destinataires à ce jour" }).locator("xpath=following-sibling::p").innerText()).replace(/\s/g, ""));
  expect(recipients).toBeGreaterThan(0);
  expect(recipients).toBeLessThanOrEqual(audience.length);
  await page.getByRole("button", { name: "Envoyer maintenant" }).click();
  await expect(page.getByText("Campagne lancée : l'envoi commence.")).toBeVisible();

  // The bar moves without reloading the page, up to 100 %.
  const bar = page.getByRole("progressbar", { name: "Progression de l'envoi" });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuemax", String(recipients));
  await expect(bar).toHaveAttribute("aria-valuenow", String(recipients), { timeout: 60_000 });
  await expect(page.getByText(new RegExp(`100 % : ${recipients} envoyés, 0 en échec sur ${recipients}`)).first()).toBeVisible();
  await expect(page.getByText("Envoyée", { exact: true }).first()).toBeVisible();

  const campaignMails = sink.messages.filter((mail) => mail.parsed.headers.get("x-comptoir-campaign"));
  expect(campaignMails).toHaveLength(recipients);
  expect(new Set(campaignMails.map((mail) => mail.envelope.to[0])).size).toBe(recipients);
  for (const mail of campaignMails) {
    expect(audience).toContain(mail.envelope.to[0]);
    expect(mail.parsed.subject).toMatch(/, nos contrats de maintenance$/);
    expect(String(mail.parsed.html)).toContain("/suivi/ouverture/");
    expect(String(mail.parsed.html)).not.toContain("{{");
  }
});
