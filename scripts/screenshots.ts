/**
 * Takes the screenshots of docs/screenshots/ that show the demo workspace, 1360×820, in French:
 * ticket.png, agenda.png, search.png, mailboxes.png, contact-form.png, and the sales screens
 * sales-pipeline.png, sales-deal.png, sales-agenda.png, sales-forecast.png, sales-quote.png,
 * the dashboard's dashboard.png, dashboard-full.png and dashboard-drill-down.png, and
 * the marketing screens segment-builder.png, marketing-campaign-editor.png,
 * marketing-campaign-exclusions.png, marketing-campaign-page.png and campaign-results.png, and
 * sales-quote-pdf.png (the quote's PDF, first page, rendered by pdftoppm from Debian's
 * poppler-utils: `apt-get install poppler-utils`).
 *
 *   npx remix vite:build && node --import tsx scripts/screenshots.ts [port]
 *
 * Starts the production server on its own port with a fresh demo database (like the browser
 * tests), signs in, opens each page and saves it. The ticket is an open one whose thread has a
 * reply and an internal note (so the picture shows a customer message, a reply and a note).
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { startSmtpSink } from "../tests/support/smtp-sink.ts";

const port = Number(process.argv[2] ?? process.env.SCREENSHOT_PORT ?? 3201);
const baseUrl = `http://127.0.0.1:${port}`;
const root = path.resolve(import.meta.dirname, "..");
const shot = (name: string) => path.join(root, "docs/screenshots", name);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-screenshot-"));

async function waitForServer(timeoutMs = 120_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if ((await fetch(`${baseUrl}/connexion`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The server did not answer on ${baseUrl} within ${timeoutMs / 1000} s`);
}

// Campaign mail goes to a local sink, so the campaign page shows a finished send.
const sink = await startSmtpSink({ parse: false });
const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  cwd: root,
  stdio: ["ignore", "ignore", "inherit"],
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    PUBLIC_URL: baseUrl,
    BCRYPT_COST: "4",
    COMPTOIR_DEMO: "true",
    SLOW_QUERY_MS: "0",
    SMTP_URL: sink.url,
  },
});

try {
  await waitForServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
  });
  const signedIn = async (email: string) => {
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 820 }, locale: "fr-FR", timezoneId: "Europe/Paris" })).newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${baseUrl}/connexion`);
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill("comptoir");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/connexion"));
    return page;
  };
  /** Fonts loaded and the page hydrated (the live connection keeps a request open: no "network idle"). */
  const save = async (page: Page, name: string) => {
    await page.waitForLoadState("load");
    await page.evaluate(async () => {
      await document.fonts.ready;
    });
    await page.screenshot({ path: shot(name) });
    console.log(`Saved docs/screenshots/${name}`);
  };
  const page = await signedIn("tech@comptoir.test");

  await page.goto(`${baseUrl}/support`);
  const numbers = await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-ticket-number")));
  // Best: the note comes right after the customer's first message, so both fit on screen.
  let chosen: string | null = null;
  let fallback: string | null = null;
  for (const number of numbers) {
    await page.goto(`${baseUrl}/support/tickets/${number}`);
    const kinds = await page.locator("article[data-visibility]").evaluateAll((articles) => articles.map((article) => `${article.getAttribute("data-author")}:${article.getAttribute("data-visibility")}`));
    if (!kinds.includes("agent:internal") || !kinds.includes("agent:public")) continue;
    fallback ??= number;
    if (kinds[1] === "agent:internal") {
      chosen = number;
      break;
    }
  }
  chosen ??= fallback;
  if (chosen) await page.goto(`${baseUrl}/support/tickets/${chosen}`);
  if (!chosen) throw new Error("No waiting ticket with a reply and an internal note in the demo workspace");
  await page.evaluate(() => window.scrollTo(0, 0));
  await save(page, "ticket.png");

  // The technician's week, with the demo's interventions.
  await page.goto(`${baseUrl}/support/agenda`);
  await save(page, "agenda.png");

  // Search results grouped by kind, the words found highlighted.
  await page.goto(`${baseUrl}/recherche?q=imprimante`);
  await save(page, "search.png");

  // A new contact: the company picker offering matches as the name is typed.
  const sales = await signedIn("ventes@comptoir.test");
  await sales.goto(`${baseUrl}/clients/contacts/nouveau`);
  await sales.getByLabel("Prénom").fill("Camille");
  await sales.getByLabel("Nom", { exact: true }).fill("Roux");
  await sales.getByLabel("Adresse e-mail 1").fill("camille.roux@exemple.fr");
  const picker = sales.getByRole("combobox", { name: "Société" });
  await picker.pressSequentially("men");
  await sales.getByRole("option").first().waitFor();
  await picker.press("ArrowDown");
  await save(sales, "contact-form.png");

  // Sales: the manager's pipeline, a deal with its service panel, the rep's week, the forecast, a quote and its PDF.
  const manager = await signedIn("direction@comptoir.test");
  await manager.goto(`${baseUrl}/ventes`);
  await save(manager, "sales-pipeline.png");
  await manager.goto(`${baseUrl}/ventes/previsions?periode=annee`);
  await save(manager, "sales-forecast.png");
  await sales.goto(`${baseUrl}/ventes/affaires/demo_deal_1`);
  await save(sales, "sales-deal.png");
  await sales.goto(`${baseUrl}/ventes/agenda?vue=semaine`);
  await save(sales, "sales-agenda.png");
  await sales.goto(`${baseUrl}/ventes/devis`);
  await sales.getByRole("link", { name: /^DEV-/ }).first().click();
  await sales.waitForURL(/\/ventes\/devis\/[a-z0-9_]+$/);
  await save(sales, "sales-quote.png");
  const pdf = await sales.request.get(`${sales.url()}/pdf`);
  const pdfFile = path.join(dataDir, "quote.pdf");
  fs.writeFileSync(pdfFile, await pdf.body());
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdfFile, shot("sales-quote-pdf").replace(/\.png$/, "")]);
  console.log("Saved docs/screenshots/sales-quote-pdf.png");

  // The dashboard: the manager's quarter (service, sales, loyalty sections), full page, and the list behind "SLA dépassés".
  await manager.setViewportSize({ width: 1360, height: 820 });
  await manager.goto(`${baseUrl}/tableau-de-bord?periode=trimestre`);
  await manager.locator("[data-chart] svg").first().waitFor();
  await save(manager, "dashboard.png");
  await manager.screenshot({ path: shot("dashboard-full.png"), fullPage: true });
  console.log("Saved docs/screenshots/dashboard-full.png");
  await manager.goto(`${baseUrl}/tableau-de-bord/detail/service.sla-breached?periode=trimestre`);
  await save(manager, "dashboard-drill-down.png");

  // Marketing: the demo's segment in the builder, its count and sample, and "why" for one of its contacts (whole page).
  const marketer = await signedIn("marketing@comptoir.test");
  await marketer.goto(`${baseUrl}/marketing/segments/demo_segment_1`);
  const sampleEmail = (await marketer.getByRole("table", { name: "Exemples de contacts" }).locator("tbody tr").first().locator("td").nth(2).textContent())?.trim() ?? "";
  await marketer.getByLabel("Nom ou e-mail du contact").fill(sampleEmail);
  await marketer.getByRole("button", { name: "Expliquer" }).click();
  await marketer.getByTestId("segment-why").waitFor();
  await marketer.screenshot({ path: shot("segment-builder.png"), fullPage: true });
  console.log("Saved docs/screenshots/segment-builder.png");

  // Marketing campaigns: the editor with its live preview, the exclusions before sending, the
  // campaign page once sent (a segment and 40 consents written into this run's demo database).
  {
    const database = new Database(path.join(dataDir, "comptoir.db"));
    const now = new Date().toISOString().replace("Z", "+00:00");
    const rows = database
      .prepare(`SELECT e.address AS address, e.contactId AS contactId FROM ContactEmail e JOIN Contact c ON c.id = e.contactId WHERE e.isPrimary = 1 ORDER BY e.address LIMIT 48`)
      .all() as Array<{ address: string; contactId: string }>;
    rows.forEach((row, index) => {
      const state = index < 40 ? "b2b_interest" : index < 44 ? "unsubscribed" : "bounced";
      database.prepare(`INSERT INTO MarketingConsent (address, contactId, state, source, basis, changedAt) VALUES (?, ?, ?, 'manual', 'salon Batimat 2026', ?) ON CONFLICT(address) DO UPDATE SET state = excluded.state`).run(row.address, row.contactId, state, now);
    });
    database
      .prepare(`INSERT INTO Segment (id, name, description, definition, version, createdAt, updatedAt) VALUES ('screenshotsegment', 'Clients professionnels', '', ?, 1, ?, ?)`)
      .run(JSON.stringify({ match: "all", groups: [{ match: "all", conditions: [{ kind: "marketing.consentState", params: { states: ["b2b_interest", "unsubscribed", "bounced"] } }] }] }), now, now);
    database.close();
  }
  await marketer.goto(`${baseUrl}/marketing/campagnes/nouvelle`);
  // Hydrated once the code editor has replaced the textarea.
  await marketer.locator(".cm-content").waitFor();
  await marketer.getByLabel("Nom de la campagne").fill("Contrats de maintenance : offre d'hiver");
  await marketer.getByRole("checkbox", { name: "Clients professionnels" }).check();
  await marketer.getByLabel("Objet", { exact: true }).fill("{{contact.firstName|Bonjour}}, votre maintenance d'hiver");
  await marketer.getByLabel("Nom de l'expéditeur").fill("Atelier Martin");
  await marketer.getByLabel("Adresse d'expédition").fill("marketing@atelier-martin.fr");
  await marketer.getByLabel("Cadence d'envoi (messages par minute)").fill("6000");
  await marketer.getByRole("button", { name: "Créer la campagne" }).click();
  await marketer.waitForURL(/\/modifier$/);
  await marketer.frameLocator('iframe[title^="Aperçu du message"]').getByText("Nos nouveautés de saison").waitFor();
  await marketer.getByRole("heading", { name: "Aperçu" }).scrollIntoViewIfNeeded();
  await save(marketer, "marketing-campaign-editor.png");
  const campaignPage = marketer.url().replace(/\/modifier$/, "");
  await marketer.goto(campaignPage);
  await marketer.getByRole("heading", { name: "Aperçu des exclusions avant envoi" }).scrollIntoViewIfNeeded();
  await save(marketer, "marketing-campaign-exclusions.png");
  await marketer.getByRole("button", { name: "Envoyer maintenant" }).click();
  await marketer.getByRole("progressbar").waitFor();
  await marketer.getByText("Envoyée", { exact: true }).first().waitFor({ timeout: 60_000 });
  await save(marketer, "marketing-campaign-page.png");

  // A campaign's results, as marketing sees them (the chart over time and the funnel drawn).
  process.env.DATA_DIR = dataDir;
  const { campaignWithResults } = await import("./screenshot-campaign-results.ts");
  const campaignId = await campaignWithResults();
  await marketer.goto(`${baseUrl}/marketing/campagnes/${campaignId}/resultats`);
  await marketer.locator("[data-chart] svg").first().waitFor();
  await marketer.screenshot({ path: shot("campaign-results.png"), fullPage: true });
  console.log("Saved docs/screenshots/campaign-results.png");

  // The mailboxes an administrator connects, with their state.
  const admin = await signedIn("admin@comptoir.test");
  await admin.goto(`${baseUrl}/admin/boites-mail`);
  await save(admin, "mailboxes.png");
  await browser.close();
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
  await sink.stop();
}
