/**
 * Takes the screenshots of docs/screenshots/ that show the demo workspace, 1360×820, in French:
 * ticket.png, agenda.png, search.png, knowledge-ticket.png (the knowledge base in a ticket), mailboxes.png, contact-form.png,
 * the knowledge base's knowledge-list.png, knowledge-editor.png, knowledge-statistics.png and the public
 * help centre's help-centre-home.png, help-centre-article-phone.png, help-centre-deflection.png, and the sales screens
 * sales-pipeline.png, sales-deal.png, sales-agenda.png, sales-forecast.png, sales-quote.png,
 * the dashboard's dashboard.png, dashboard-full.png and dashboard-drill-down.png, and
 * the marketing screens segment-builder.png, marketing-campaign-editor.png,
 * marketing-campaign-exclusions.png, marketing-campaign-page.png, campaign-results.png,
 * marketing-calendar.png, marketing-overview.png and contact-consent.png (the demo's campaigns), and
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

// Mail goes to a local sink: the server has a working SMTP setup, like a real workspace.
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

  // The knowledge base in a printer ticket: the suggested articles beside it, an article found
  // from the reply box and its link inserted into the reply (docs/knowledge-base.md).
  await page.locator('a[href^="/support/tickets/"]').first().click();
  await page.waitForURL(/\/support\/tickets\/\d+$/);
  await page.getByLabel("Chercher un article à insérer").fill("terminal paiement");
  await page.getByTestId("composer-search-results").getByRole("button", { name: "Insérer le lien" }).first().click();
  await page.getByText("est inséré dans la réponse.").first().waitFor();
  await page.waitForLoadState("load");
  await page.screenshot({ path: shot("knowledge-ticket.png"), fullPage: true });
  console.log("Saved docs/screenshots/knowledge-ticket.png");

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

  // Marketing campaigns, all from the demo workspace (prisma/seed/campaigns-demo.ts): the draft
  // in the editor with its live preview, its exclusions before sending, the sent campaign's page
  // and results, the calendar, the overview, and a contact who unsubscribed through the campaign.
  const demo = new Database(path.join(dataDir, "comptoir.db"), { readonly: true });
  const campaignOf = (status: string) => demo.prepare(`SELECT id, launchedAt, scheduledAt FROM Campaign WHERE status = ? LIMIT 1`).get(status) as { id: string; launchedAt: string | null; scheduledAt: string | null };
  const [draft, sent, scheduled] = [campaignOf("draft"), campaignOf("sent"), campaignOf("scheduled")];
  // A contact whose consent history shows the campaign (an unsubscribe or the bounce), its name as typed by a person.
  const unsubscribed = demo
    .prepare(`SELECT r.contactId AS contactId FROM CampaignRecipient r JOIN Contact c ON c.id = r.contactId WHERE r.campaignId = ? AND (r.unsubscribedAt IS NOT NULL OR r.bouncedAt IS NOT NULL) ORDER BY c.lastName = upper(c.lastName), r.unsubscribedAt IS NULL LIMIT 1`)
    .get(sent.id) as { contactId: string };
  demo.close();

  await marketer.goto(`${baseUrl}/marketing/campagnes/${draft.id}/modifier`);
  // Hydrated once the code editor has replaced the textarea.
  await marketer.locator(".cm-content").waitFor();
  await marketer.frameLocator('iframe[title^="Aperçu du message"]').getByText("Nos nouveautés du printemps").first().waitFor();
  await marketer.getByRole("heading", { name: "Aperçu" }).scrollIntoViewIfNeeded();
  await save(marketer, "marketing-campaign-editor.png");
  await marketer.goto(`${baseUrl}/marketing/campagnes/${draft.id}`);
  await marketer.getByRole("heading", { name: "Aperçu des exclusions avant envoi" }).scrollIntoViewIfNeeded();
  await save(marketer, "marketing-campaign-exclusions.png");
  await marketer.goto(`${baseUrl}/marketing/campagnes/${sent.id}`);
  await save(marketer, "marketing-campaign-page.png");

  // The sent campaign's results, as marketing sees them (the chart over time and the funnel drawn).
  await marketer.goto(`${baseUrl}/marketing/campagnes/${sent.id}/resultats`);
  await marketer.locator("[data-chart] svg").first().waitFor();
  await marketer.screenshot({ path: shot("campaign-results.png"), fullPage: true });
  console.log("Saved docs/screenshots/campaign-results.png");

  // The calendar on the month of the next scheduled campaign; the overview; a contact's consent.
  const month = new Intl.DateTimeFormat("fr-CA", { year: "numeric", month: "2-digit", timeZone: "Europe/Paris" }).format(new Date(scheduled.scheduledAt!)).slice(0, 7);
  await marketer.goto(`${baseUrl}/marketing/calendrier?mois=${month}`);
  await save(marketer, "marketing-calendar.png");
  await marketer.goto(`${baseUrl}/marketing`);
  await save(marketer, "marketing-overview.png");
  await marketer.goto(`${baseUrl}/clients/contacts/${unsubscribed.contactId}`);
  await marketer.getByRole("heading", { name: "Consentement marketing" }).waitFor();
  await marketer.screenshot({ path: shot("contact-consent.png"), fullPage: true });
  console.log("Saved docs/screenshots/contact-consent.png");

  // The mailboxes an administrator connects, with their state.
  const admin = await signedIn("admin@comptoir.test");
  await admin.goto(`${baseUrl}/admin/boites-mail`);
  await save(admin, "mailboxes.png");

  // An import of a French Excel file: read, mapped, previewed with its duplicates, run.
  const known = new Database(path.join(dataDir, "comptoir.db"), { readonly: true })
    .prepare(`SELECT c.id AS id, e.address AS address, c.firstName AS firstName, c.lastName AS lastName, co.name AS company FROM "Contact" c JOIN "ContactEmail" e ON e.contactId = c.id AND e.isPrimary = 1 JOIN "Company" co ON co.id = c.companyId ORDER BY c.createdAt, c.id LIMIT 1`)
    .get() as { id: string; address: string; firstName: string; lastName: string; company: string };
  const importRows = [
    ["Raison sociale", "Nom", "Prénom", "E-mail", "Tél.", "CP", "Ville", "Poste occupé"],
    ["Boulangerie Lévêque", "Lévêque", "Hélène", "helene@boulangerie-leveque.fr", "04 74 22 10 30", "01000", "Bourg-en-Bresse", "Gérante"],
    ["Boulangerie Lévêque", "Œuvray", "François", "francois@boulangerie-leveque.fr", "06.12.34.56.78", "01000", "Bourg-en-Bresse", "Pâtissier"],
    ["Boulangerie Lévêque", "Lévêque", "Hélène", "HELENE@BOULANGERIE-LEVEQUE.FR", "", "01000", "Bourg-en-Bresse", "Gérante"],
    [known.company, known.lastName, known.firstName, known.address, "", "", "", "Responsable achats"],
    ["Garage Dupont", "Dupont", "Jean", "jean.dupont@", "", "69003", "Lyon", "Gérant"],
    ["Imprimerie du Rhône", "Faure", "Camille", "c.faure@imprimerie-rhone.fr", "+33 4 78 00 11 22", "69007", "Lyon", "Comptable"],
  ];
  const iconv = (await import("iconv-lite")).default;
  await admin.goto(`${baseUrl}/clients/imports`);
  await admin.getByLabel("Que contient le fichier ?").selectOption("contacts");
  await admin.getByLabel("Fichier", { exact: true }).setInputFiles({
    name: "clients-boulangeries.csv",
    mimeType: "text/csv",
    buffer: iconv.encode(importRows.map((row) => row.join(";")).join("\r\n") + "\r\n", "windows-1252"),
  });
  await admin.getByRole("button", { name: "Lire le fichier" }).click();
  await admin.getByTestId("file-sample").waitFor();
  await save(admin, "import-file.png");
  await admin.getByRole("link", { name: "Les colonnes s'affichent bien : continuer" }).click();
  await admin.getByLabel("Champ pour la colonne « Poste occupé »").selectOption("jobTitle");
  await admin.screenshot({ path: shot("import-columns.png"), fullPage: true });
  console.log("Saved docs/screenshots/import-columns.png");
  await admin.getByRole("button", { name: "Voir l'aperçu" }).click();
  await admin.getByTestId("duplicate-groups").waitFor();
  await admin.screenshot({ path: shot("import-preview.png"), fullPage: true });
  console.log("Saved docs/screenshots/import-preview.png");
  await admin.getByRole("button", { name: /Lancer l'import/ }).click();
  await admin.getByText("Terminé", { exact: true }).waitFor();
  await admin.screenshot({ path: shot("import-report.png"), fullPage: true });
  console.log("Saved docs/screenshots/import-report.png");

  // GDPR: the contact page's cards (access archive, erasure), the erasure's confirmation for a demo
  // contact (nothing erased), the retention page.
  await admin.goto(`${baseUrl}/clients/contacts/${known.id}`);
  await admin.screenshot({ path: shot("gdpr-contact.png"), fullPage: true });
  console.log("Saved docs/screenshots/gdpr-contact.png");
  await admin.goto(`${baseUrl}/clients/contacts/${known.id}/effacer`);
  await admin.screenshot({ path: shot("gdpr-erasure.png"), fullPage: true });
  console.log("Saved docs/screenshots/gdpr-erasure.png");
  await admin.goto(`${baseUrl}/admin/rgpd`);
  await save(admin, "gdpr-retention.png");

  // The knowledge base, staff side: the list, an article in the editor (both languages), the figures.
  await page.goto(`${baseUrl}/connaissances`);
  await save(page, "knowledge-list.png");
  await page.locator('a[href^="/connaissances/articles/"]:not([href$="/nouveau"])').first().click();
  await page.waitForURL(/\/connaissances\/articles\/[^/]+$/);
  await page.waitForLoadState("load");
  await page.screenshot({ path: shot("knowledge-editor.png"), fullPage: true });
  console.log("Saved docs/screenshots/knowledge-editor.png");
  await page.goto(`${baseUrl}/connaissances/statistiques`);
  await page.screenshot({ path: shot("knowledge-statistics.png"), fullPage: true });
  console.log("Saved docs/screenshots/knowledge-statistics.png");

  // The public help centre, signed out: searching as you type, an article on a phone, and the
  // articles suggested under the request form's subject.
  const visitorContext = await browser.newContext({ viewport: { width: 1360, height: 820 }, locale: "fr-FR", timezoneId: "Europe/Paris" });
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${baseUrl}/aide/fr`);
  await visitor.getByRole("combobox", { name: "Rechercher dans le centre d'aide" }).pressSequentially("imprim", { delay: 60 });
  await visitor.getByRole("listbox").getByRole("option").first().waitFor();
  await save(visitor, "help-centre-home.png");
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, locale: "fr-FR" })).newPage();
  await phone.goto(`${baseUrl}/aide/fr/articles/se-connecter-a-l-espace-client`);
  await save(phone, "help-centre-article-phone.png");
  await visitor.goto(`${baseUrl}/demande`);
  await visitor.getByLabel("Objet").pressSequentially("Imprimante qui affiche un code erreur", { delay: 30 });
  await visitor.getByRole("region", { name: "Ces articles répondent peut-être à votre question" }).getByRole("link").first().waitFor();
  await save(visitor, "help-centre-deflection.png");
  await browser.close();
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
  await sink.stop();
}
