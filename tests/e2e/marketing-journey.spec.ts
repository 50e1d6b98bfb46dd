import path from "node:path";
import Database from "better-sqlite3";
import { expect as baseExpect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { starterCampaignMjml } from "../../app/domain/marketing/campaigns/campaign-template.ts";
import { compileSegment } from "../../app/domain/marketing/segments/segment-compiler.ts";
import { conditionKind } from "../../app/domain/marketing/segments/segment-conditions.server.ts";
import type { SegmentDefinition } from "../../app/domain/marketing/segments/segment-definition.ts";
import { sqliteDateTime } from "../../app/lib/sqlite.server.ts";
import { startDovecot, type DovecotServer } from "../support/dovecot.ts";
import type { ReceivedMail, SmtpSink } from "../support/smtp-sink.ts";
import { signIn } from "./fixtures.ts";
import { startE2eSmtpSink } from "./mail.ts";

/**
 * The marketing journey of issue 11, in French, as the demo's marketer, with nothing simulated:
 * support raises an urgent incident for one customer; the marketer builds « Industrie, services ou
 * commerce ET (aucun ticket depuis 90 jours OU dernière évaluation bonne) » (live count checked
 * against the domain's compiled SQL on this run's database, "why" for one contact), writes the
 * campaign with a merge field and a link to the public request form, previews it at both widths,
 * test-sends it, sees the incident's colleague excluded for that reason, sends it through the SMTP
 * sink and watches it reach 100 %. Then, from the mails in the sink: the open pixel, a click that
 * lands on /demande, a one-click unsubscribe (RFC 8058) and a DSN bounce fed to the email channel
 * through a real Dovecot mailbox. The results page and the contacts' consent show each of them.
 *
 * The spec reads this run's demo database (read-only) to pick its contacts and to justify the
 * count; it writes nothing there: every change goes through the app.
 */

const expect = baseExpect.configure({ timeout: 20_000 });
test.setTimeout(180_000);

const port = Number(process.env.E2E_PORT ?? 3199);
const publicUrl = `http://127.0.0.1:${port}`;
const databaseFile = path.resolve(`test-results/e2e-data-${port}/comptoir.db`);
const stamp = Date.now().toString(36);
const segmentName = `Clients calmes ou satisfaits ${stamp}`;
const campaignName = `Portes ouvertes ${stamp}`;
const subjectLine = `nos portes ouvertes ${stamp}`;
const mailboxName = `Retours campagnes ${stamp}`;
const mailboxUser = { user: `retours-${stamp}@comptoir-e2e.test`, password: "imap-secret-2026" };

const definition: SegmentDefinition = {
  match: "all",
  groups: [
    { match: "all", conditions: [{ kind: "company.sector", params: { sectors: ["industry", "services", "commerce"] } }] },
    {
      match: "any",
      conditions: [
        { kind: "service.tickets", params: { comparison: "none", days: 90 } },
        { kind: "service.lastRating", params: { rating: "good" } },
      ],
    },
  ],
};

type SegmentContact = { id: string; firstName: string; lastName: string; companyId: string; companyName: string; address: string };

/** Reads this run's demo database (read-only): the segment's contacts through the domain's own compiled SQL. */
function readDatabase<T>(read: (database: Database.Database, predicate: { sql: string; values: unknown[] }) => T): T {
  const predicate = compileSegment(definition, conditionKind, { now: new Date(), dateTime: sqliteDateTime });
  const database = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return read(database, predicate);
  } finally {
    database.close();
  }
}

function segmentCount(): number {
  return readDatabase((database, predicate) => Number((database.prepare(`SELECT count(*) AS n FROM "Contact" c WHERE ${predicate.sql}`).get(...predicate.values) as { n: number }).n));
}

/**
 * Two mailable contacts of the segment in the same company that has no urgent incident open yet:
 * support will raise one for the first, so the second must be excluded for it.
 */
function pickIncidentCompany(): { requester: SegmentContact; colleague: SegmentContact } {
  return readDatabase((database, predicate) => {
    const rows = database
      .prepare(
        `SELECT c.id, c.firstName, c.lastName, c.companyId, co.name AS companyName, e.address
           FROM "Contact" c JOIN "Company" co ON co.id = c.companyId
           JOIN "ContactEmail" e ON e.contactId = c.id AND e.isPrimary = 1
           JOIN "MarketingConsent" mc ON mc.address = e.address AND mc.state IN ('opt_in', 'b2b_interest')
          WHERE ${predicate.sql}
            AND NOT EXISTS (SELECT 1 FROM "Ticket" t WHERE t.companyId = c.companyId AND t.type IN ('incident', 'complaint')
                              AND t.priority IN ('urgent', 'high') AND t.status NOT IN ('solved', 'closed'))
          ORDER BY co.name, c.lastName, c.id`,
      )
      .all(...predicate.values) as SegmentContact[];
    const byCompany = new Map<string, SegmentContact[]>();
    for (const row of rows) byCompany.set(row.companyId, [...(byCompany.get(row.companyId) ?? []), row]);
    const pair = [...byCompany.values()].find((contacts) => contacts.length >= 2);
    if (!pair) throw new Error("The demo has no company with two mailable contacts in the segment");
    return { requester: pair[0], colleague: pair[1] };
  });
}

function contactIdOf(address: string): string {
  const database = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return (database.prepare(`SELECT contactId FROM "ContactEmail" WHERE address = ?`).get(address) as { contactId: string }).contactId;
  } finally {
    database.close();
  }
}

/** A figure of the results page: the value under its label, in its section. */
function figure(section: Locator, label: string): Locator {
  return section.locator(`p:text-is("${label}") + p`);
}

/** A header as written on the wire, unfolded (mailparser turns the List-* headers into objects). */
function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.toString("utf8").split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return head.split(/\r?\n/).find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim();
}

let dovecot: DovecotServer;
let sink: SmtpSink;

test.beforeAll(async () => {
  [dovecot, sink] = await Promise.all([startDovecot({ users: [mailboxUser] }), startE2eSmtpSink()]);
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), sink?.stop()]);
});

/** The administrator connects a Dovecot mailbox to the email channel (bounces come back there). */
async function connectBounceMailbox(browser: Browser): Promise<Page> {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@comptoir.test");
  await admin.goto("/admin/boites-mail/nouvelle");
  await admin.getByLabel("Nom", { exact: true }).fill(mailboxName);
  await admin.getByLabel("Serveur IMAP").fill(dovecot.host);
  await admin.getByLabel("Port").fill(String(dovecot.port));
  await admin.getByLabel("Connexion chiffrée (TLS)").uncheck();
  await admin.getByLabel("Identifiant").fill(mailboxUser.user);
  await admin.getByLabel("Mot de passe").fill(mailboxUser.password);
  await admin.getByLabel("Relever toutes les (secondes)").fill("10");
  await admin.getByRole("button", { name: "Enregistrer la boîte" }).click();
  await expect(admin.getByRole("status").filter({ hasText: `Boîte « ${mailboxName} » ajoutée` })).toBeVisible();
  return admin;
}

/** Support takes a call: an urgent incident for `requester`, through the phone ticket form. */
async function supportRaisesAnUrgentIncident(browser: Browser, requester: SegmentContact) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "tech@comptoir.test");
  await page.goto(`/support/tickets/nouveau?q=${encodeURIComponent(requester.address)}`);
  const name = `${requester.firstName} ${requester.lastName}`;
  await page.getByRole("link", { name: `Choisir ${name}` }).click();
  // The request's fields are on the page before and after the choice: wait for the chosen contact.
  await expect(page).toHaveURL(/[?&]contact=/);
  await expect(page.getByTestId("selected-contact")).toContainText(requester.address);
  await page.getByLabel("Objet").fill(`Ligne de production à l'arrêt ${stamp}`);
  await page.getByLabel("Résumé de l'appel").fill("Plus rien ne démarre depuis la mise à jour de ce matin.");
  await page.getByLabel("Type").selectOption("incident");
  await page.getByLabel("Priorité").selectOption("urgent");
  await page.getByRole("button", { name: "Créer le ticket" }).click();
  await expect(page).toHaveURL(/\/support\/tickets\/\d+$/);
  await page.context().close();
}

function dsnFor(mail: ReceivedMail): string {
  const recipient = mail.envelope.to[0];
  return `Return-Path: <>
Date: ${new Date().toUTCString()}
From: MAILER-DAEMON@mx.exemple.test (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: ${mailboxUser.user}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-${stamp}"
Message-Id: <dsn-${stamp}@mx.exemple.test>

--dsn-${stamp}
Content-Description: Notification
Content-Type: text/plain; charset=utf-8

Your message could not be delivered to <${recipient}>: 550 5.1.1 User unknown.

--dsn-${stamp}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.exemple.test

Final-Recipient: rfc822; ${recipient}
Original-Recipient: rfc822;${recipient}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected: User unknown

--dsn-${stamp}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: ${mail.parsed.from?.text ?? "Support <support@comptoir.test>"}
To: ${recipient}
Subject: ${mail.parsed.subject}
Message-ID: ${mail.parsed.messageId}

--dsn-${stamp}--
`.replace(/\r?\n/g, "\r\n");
}

test("the marketer targets on service data, excludes an open incident, sends through the sink, and sees opens, clicks, an unsubscribe and a bounce", async ({ browser, page, request }) => {
  const admin = await connectBounceMailbox(browser);
  const { requester, colleague } = pickIncidentCompany();
  await supportRaisesAnUrgentIncident(browser, requester);

  // ── The segment: sectors AND (no ticket for 90 days OR last rating good), the count live.
  await signIn(page, "marketing@comptoir.test");
  await page.goto("/marketing/segments/nouveau");
  await expect(page.getByRole("heading", { name: "Nouveau segment", level: 1 })).toBeVisible();
  await page.getByLabel("Nom du segment").fill(segmentName);
  const first = page.locator('fieldset[data-group="0"]');
  await first.getByLabel("Nouvelle condition").selectOption({ label: "Secteur" });
  await first.getByRole("button", { name: "Ajouter la condition" }).click();
  await expect(first.locator("[data-condition]")).toHaveCount(1);
  for (const sector of ["Industrie", "Services", "Commerce"]) await first.getByLabel(sector, { exact: true }).check();
  await page.getByRole("button", { name: "Ajouter un groupe" }).click();
  const second = page.locator('fieldset[data-group="1"]');
  await second.getByLabel("Nouvelle condition").selectOption({ label: "Tickets sur une période" });
  await second.getByRole("button", { name: "Ajouter la condition" }).click();
  await expect(second.locator("[data-condition]")).toHaveCount(1);
  await expect(second.getByLabel("Condition", { exact: true })).toHaveValue("none");
  await expect(second.getByLabel("Nombre de jours")).toHaveValue("90");
  await second.getByLabel("Nouvelle condition").selectOption({ label: "Dernière évaluation" });
  await second.getByRole("button", { name: "Ajouter la condition" }).click();
  await expect(second.locator("[data-condition]")).toHaveCount(2);
  for (const sector of ["Industrie", "Services", "Commerce"]) await expect(first.getByLabel(sector, { exact: true })).toBeChecked();
  const livePreview = page.waitForResponse((response) => response.url().includes("/marketing/segments/apercu") && response.status() === 200);
  await second.getByLabel("Dans ce groupe").selectOption({ label: "au moins une condition (OU)" });
  await livePreview;
  const expected = segmentCount();
  expect(expected).toBeGreaterThan(20);
  const count = page.getByTestId("segment-count");
  await expect(count).toHaveAttribute("data-count", String(expected));
  await expect(count).toContainText(`${expected} contact(s) dans le segment`);

  // Why is the incident's colleague in it? Each condition line, ✓ / ✗.
  await page.getByLabel("Nom ou e-mail du contact").fill(colleague.address);
  await page.getByRole("button", { name: "Expliquer" }).click();
  const why = page.getByTestId("segment-why");
  await expect(why.getByRole("status")).toContainText("est dans le segment.");
  const lines = why.getByTestId("why-condition");
  await expect(lines).toHaveCount(3);
  await expect(lines.nth(0)).toContainText("Secteur de la société");
  await expect(lines.nth(0)).toContainText("✓ oui");
  await expect(lines.nth(1)).toContainText("Le contact n'a écrit aucun ticket depuis 90 jours");
  await expect(lines.nth(2)).toContainText("Dernière évaluation du contact : bonne");
  await expect(why).toContainText("Groupe 2 : ✓ oui");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByRole("heading", { name: segmentName, level: 1 })).toBeVisible();
  await expect(page.getByTestId("segment-count")).toHaveAttribute("data-count", String(expected));

  // ── The campaign: first name with its fallback, a link to the public request form.
  await page.goto("/marketing/campagnes/nouvelle");
  const editor = page.locator(".cm-content");
  await expect(editor).toBeVisible();
  await page.getByLabel("Nom de la campagne").fill(campaignName);
  await page.getByRole("checkbox", { name: segmentName }).check();
  await page.getByLabel("Objet", { exact: true }).fill(`{{contact.firstName|Bonjour}}, ${subjectLine}`);
  // The starter template, its button now pointing at the public request form (typed over the whole body).
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(starterCampaignMjml.replace("https://www.exemple.fr/offres", `${publicUrl}/demande`).replace("Découvrir les offres", "Nous écrire"));
  await expect(editor).toContainText(`${publicUrl}/demande`);
  await expect(editor).not.toContainText("exemple.fr/offres");
  await page.getByLabel("Cadence d'envoi (messages par minute)").fill("6000");
  await page.getByRole("button", { name: "Créer la campagne" }).click();
  await expect(page).toHaveURL(/\/marketing\/campagnes\/[^/]+\/modifier$/);
  // The created campaign's edit page (its toast can be lost when a live reload races the
  // redirect's own data request: the page, not the toast, is what says the campaign exists).
  await expect(page.getByRole("heading", { name: "Modifier la campagne" })).toBeVisible();
  await expect(page.getByLabel("Nom de la campagne")).toHaveValue(campaignName);

  const frameLocator = page.frameLocator('iframe[title^="Aperçu du message"]');
  const frame = page.locator('iframe[title^="Aperçu du message"]');
  await expect(frame).toHaveAttribute("data-width", "desktop");
  await expect(frameLocator.getByText("Nous écrire")).toBeVisible();
  await expect(frameLocator.getByText(/^Bonjour (?!Madame)\S+,$/)).toBeVisible();
  await page.getByRole("button", { name: "Mobile" }).click();
  await expect(frame).toHaveAttribute("data-width", "mobile");
  expect((await frame.boundingBox())?.width).toBeCloseTo(375, 0);

  const testAddress = `essai.${stamp}@exemple.test`;
  await page.getByLabel("Adresses de test").fill(testAddress);
  await page.getByRole("button", { name: "Envoyer un test" }).click();
  await expect(page.getByText("Message de test envoyé à 1 adresse(s).")).toBeVisible();
  const testMail = await sink.waitForMessage((mail) => mail.envelope.to.includes(testAddress), 30_000);
  expect(testMail.parsed.subject).toMatch(new RegExp(`^\\[TEST\\] .+, ${subjectLine}$`));

  // ── The exclusions before sending: the colleague of the incident, with that reason.
  await page.getByRole("link", { name: campaignName }).click();
  await expect(page).toHaveURL(/\/marketing\/campagnes\/[^/]+$/);
  const campaignUrl = page.url();
  await expect(page.getByRole("heading", { name: "Aperçu des exclusions avant envoi" })).toBeVisible();
  const reasons = page.getByRole("table", { name: "Exclusions par motif" });
  const incidentReason = "Incident ou réclamation urgent ou prioritaire en cours";
  const incidentCount = Number((await reasons.locator("tr", { hasText: incidentReason }).locator("td").last().innerText()).replace(/\s/g, ""));
  expect(incidentCount).toBeGreaterThanOrEqual(1);
  const excluded = page.getByRole("table", { name: "Contacts exclus" });
  const colleagueRow = excluded.locator("tr", { hasText: colleague.address });
  await expect(async () => {
    if ((await colleagueRow.count()) === 0) {
      await page.getByRole("link", { name: "Page suivante" }).click();
      await expect(colleagueRow).toHaveCount(1, { timeout: 2_000 });
    }
  }).toPass({ timeout: 30_000 });
  await expect(colleagueRow).toContainText(incidentReason);
  await expect(colleagueRow).toContainText(colleague.companyName);
  await page.goto(campaignUrl);

  const recipients = Number((await page.locator("p", { hasText: "Destinataires à ce jour" }).locator("xpath=following-sibling::p").innerText()).replace(/\s/g, ""));
  expect(recipients).toBeGreaterThanOrEqual(10);

  // ── Send now; the bar reaches 100 % live.
  await page.getByRole("button", { name: "Envoyer maintenant" }).click();
  // The toast stays although the page revalidates as soon as the (fast) send changes the status.
  await expect(page.getByRole("status").filter({ hasText: "Campagne lancée : l'envoi commence." })).toBeVisible();
  const bar = page.getByRole("progressbar", { name: "Progression de l'envoi" });
  await expect(bar).toHaveAttribute("aria-valuemax", String(recipients));
  await expect(bar).toHaveAttribute("aria-valuenow", String(recipients), { timeout: 60_000 });
  await expect(page.getByText(new RegExp(`100 % : ${recipients} envoyés, 0 en échec sur ${recipients}`)).first()).toBeVisible();
  await expect(page.getByText("Envoyée", { exact: true }).first()).toBeVisible();

  const campaignMails = sink.messages.filter((mail) => mail.parsed.headers.get("x-comptoir-campaign") && (mail.parsed.subject ?? "").endsWith(subjectLine));
  expect(campaignMails).toHaveLength(recipients);
  expect(campaignMails.map((mail) => mail.envelope.to[0])).not.toContain(colleague.address);
  const [opener, unsubscriber, bounced] = [...campaignMails].sort((a, b) => a.envelope.to[0].localeCompare(b.envelope.to[0]));

  // ── The results page, open before the reactions arrive.
  await page.getByRole("link", { name: "Voir les résultats" }).click();
  await expect(page).toHaveURL(/\/resultats$/);
  const results = page.getByTestId("campaign-results");
  const delivery = results.getByRole("region", { name: "Envoi" });
  const engagement = results.getByRole("region", { name: "Réactions" });
  await expect(figure(delivery, "Destinataires")).toHaveText(String(recipients));
  await expect(figure(delivery, "Envoyés")).toHaveText(String(recipients));

  // The open pixel, from the HTML part.
  const html = String(opener.parsed.html);
  const pixel = html.match(/https?:\/\/[^"'\s<>]+\/suivi\/ouverture\/[^"'\s<>]+/)?.[0];
  expect(pixel).toBeDefined();
  const pixelResponse = await request.get(pixel!);
  expect(pixelResponse.status()).toBe(200);
  expect(pixelResponse.headers()["content-type"]).toBe("image/gif");

  // The tracked link lands on the public request form.
  const tracked = [...new Set(html.match(/https?:\/\/[^"'\s<>]+\/suivi\/lien\/[^"'\s<>]+/g) ?? [])];
  expect(tracked).toHaveLength(1);
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(tracked[0].replace(/&amp;/g, "&"));
  await expect(visitor).toHaveURL(`${publicUrl}/demande`);
  await expect(visitor.getByRole("heading", { level: 1 })).toBeVisible();
  await visitor.context().close();

  // One-click unsubscribe (RFC 8058): a bare POST to the List-Unsubscribe https address, no cookie.
  expect(rawHeader(unsubscriber, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  const listUnsubscribe = rawHeader(unsubscriber, "List-Unsubscribe") ?? "";
  const unsubscribeUrl = listUnsubscribe.match(/<(https?:[^>]+)>/)?.[1];
  expect(unsubscribeUrl).toContain("/desinscription/");
  expect(listUnsubscribe).toMatch(/<mailto:[^>]+>/);
  const oneClick = await request.post(unsubscribeUrl!, { form: { "List-Unsubscribe": "One-Click" }, maxRedirects: 0 });
  expect(oneClick.status()).toBe(200);

  // A DSN for the third recipient, delivered to the mailbox the email channel polls.
  await dovecot.appendMessage(mailboxUser.user, mailboxUser.password, dsnFor(bounced));

  // ── Each reaction on the results page (live, or at the latest after a reload).
  const link = results.getByRole("table", { name: "Clics par lien" }).locator("tr", { hasText: `${publicUrl}/demande` });
  await expect(async () => {
    await page.reload();
    await expect(figure(engagement, "Désinscriptions")).toHaveText("1", { timeout: 1_000 });
    await expect(figure(delivery, "Rebonds définitifs")).toHaveText("1", { timeout: 1_000 });
  }).toPass({ timeout: 90_000, intervals: [1_000, 2_000, 3_000] });
  await expect(figure(engagement, "Ouvertures uniques")).toHaveText(/^[1-9]\d* /);
  await expect(figure(engagement, "Clics uniques")).toHaveText(/^1 /);
  await expect(link.locator("td").nth(1)).toHaveText("1");
  await expect(link.locator("td").nth(2)).toHaveText("1");
  await expect(figure(delivery, "Envoyés")).toHaveText(String(recipients));
  await expect(figure(delivery, "Délivrés")).toHaveText(String(recipients - 1));

  // ── The contacts' consent: unsubscribed by the campaign's link, the bounced address suppressed.
  await page.goto(`/clients/contacts/${contactIdOf(unsubscriber.envelope.to[0])}`);
  const unsubscribedAddress = page.locator(`section[data-consent-address="${unsubscriber.envelope.to[0]}"]`);
  const unsubscribeLine = unsubscribedAddress.getByTestId("consent-history-line").first();
  await expect(unsubscribeLine).toContainText("Désinscrit");
  await expect(unsubscribeLine).toContainText("Lien de désinscription");
  await expect(unsubscribeLine.getByRole("link", { name: campaignName })).toBeVisible();

  await page.goto(`/clients/contacts/${contactIdOf(bounced.envelope.to[0])}`);
  const bouncedAddress = page.locator(`section[data-consent-address="${bounced.envelope.to[0]}"]`);
  await expect(bouncedAddress).toContainText("Adresse en échec");
  const bounceLine = bouncedAddress.getByTestId("consent-history-line").first();
  await expect(bounceLine).toContainText("Adresse en échec");
  await expect(bounceLine).toContainText("Retour en échec");
  await expect(bounceLine.getByRole("link", { name: campaignName })).toBeVisible();

  // The mailbox goes away with the test: stop polling it.
  await admin.goto("/admin/boites-mail");
  await admin.getByRole("link", { name: mailboxName }).click();
  await admin.getByLabel("Relever cette boîte").uncheck();
  await admin.getByRole("button", { name: "Enregistrer la boîte" }).click();
  await expect(admin.getByRole("status").filter({ hasText: `Boîte « ${mailboxName} » enregistrée.` })).toBeVisible();
});
