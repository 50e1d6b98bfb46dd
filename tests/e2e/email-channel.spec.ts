import { expect as baseExpect, test, type Page } from "@playwright/test";
import { startDovecot, type DovecotServer } from "../support/dovecot.ts";
import type { ReceivedMail, SmtpSink } from "../support/smtp-sink.ts";
import { signIn } from "./fixtures.ts";
import { startE2eSmtpSink } from "./mail.ts";

/**
 * The email channel end to end, with nothing simulated: an administrator connects a real Dovecot
 * mailbox in Administration; a customer's mail delivered to it becomes a ticket the agent sees,
 * its HTML defused; the agent's answer leaves through a real SMTP server with the headers a mail
 * client threads by; the customer's "Re:" lands in the same ticket, not in a new one.
 */

// The poller relieves the mailbox every 10 s and the machine may be busy: generous waits.
const expect = baseExpect.configure({ timeout: 20_000 });
test.setTimeout(300_000);

const mailboxUser = { user: "support@comptoir-e2e.test", password: "imap-secret-2026" };
const stamp = Date.now();
const customer = { name: "Agnès Roussel", address: `agnes.roussel.${stamp}@cabinet-roussel.fr` };
const subject = `Scanner du cabinet hors service (${stamp})`;
const originalMessageId = `<scanner-${stamp}@cabinet-roussel.fr>`;

let dovecot: DovecotServer;
let sink: SmtpSink;

test.beforeAll(async () => {
  [dovecot, sink] = await Promise.all([startDovecot({ users: [mailboxUser] }), startE2eSmtpSink()]);
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), sink?.stop()]);
});

function deliver(raw: string) {
  return dovecot.appendMessage(mailboxUser.user, mailboxUser.password, raw.replace(/\r?\n/g, "\r\n"));
}

function mailTo(address: string, predicate: (mail: ReceivedMail) => boolean): Promise<ReceivedMail> {
  return sink.waitForMessage((mail) => mail.envelope.to.includes(address) && predicate(mail), 60_000);
}

/** `References` as a list, whatever mailparser made of the header. */
function references(mail: ReceivedMail): string[] {
  const value = mail.parsed.references;
  return Array.isArray(value) ? value : value ? value.split(/\s+/) : [];
}

/** Reloads until `check` passes: the poller works on its own clock, not the page's. */
async function untilPolled(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 90_000, intervals: [2_000, 3_000, 5_000] });
}

test("a mail in the support mailbox becomes a ticket; the agent's answer is threaded; the customer's reply joins the same ticket", async ({ browser }) => {
  // ── The administrator connects the mailbox, checks the connection, saves it.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@comptoir.test");
  await admin.goto("/admin/boites-mail/nouvelle");
  await admin.getByLabel("Nom", { exact: true }).fill("Support e2e");
  await admin.getByLabel("Serveur IMAP").fill(dovecot.host);
  await admin.getByLabel("Port").fill(String(dovecot.port));
  await admin.getByLabel("Connexion chiffrée (TLS)").uncheck();
  await admin.getByLabel("Identifiant").fill(mailboxUser.user);
  await admin.getByLabel("Mot de passe").fill(mailboxUser.password);
  await admin.getByLabel("Relever toutes les (secondes)").fill("10");
  await admin.getByRole("button", { name: "Tester la connexion" }).click();
  await expect(admin.getByText("Connexion réussie : dossier « INBOX », 0 message(s).")).toBeVisible();
  await admin.getByLabel("Mot de passe").fill(mailboxUser.password);
  await admin.getByRole("button", { name: "Enregistrer la boîte" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Boîte « Support e2e » ajoutée" })).toBeVisible();

  // ── A customer writes. Their HTML carries a script, an event handler and a tracking pixel.
  await deliver(`From: ${customer.name} <${customer.address}>
To: Support <${mailboxUser.user}>
Subject: ${subject}
Message-ID: ${originalMessageId}
Date: ${new Date().toUTCString()}
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour, le scanner affiche « Erreur 0x7E » depuis ce matin.
--b1
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 8bit

<p>Bonjour, le scanner affiche <b>« Erreur 0x7E »</b> depuis ce matin.</p>
<script>window.__mailScriptRan = true</script>
<img src="x" onerror="window.__mailHandlerRan = true">
<img src="https://tracker.example/pixel.gif?u=${stamp}" alt="">
<a href="javascript:window.__mailLinkRan = true">Voir le journal</a>
--b1--
`);

  // ── The agent finds it in the queue and opens it.
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "tech@comptoir.test");
  await page.goto("/support?vue=all_open");
  await untilPolled(page, () => expect(page.getByRole("link", { name: subject })).toBeVisible({ timeout: 2_000 }));
  await page.getByRole("link", { name: subject }).first().click();
  await expect(page).toHaveURL(/\/support\/tickets\/\d+$/);
  const number = /\/support\/tickets\/(\d+)$/.exec(page.url())![1];
  await expect(page.getByRole("heading", { level: 1 })).toContainText(subject);

  const thread = page.getByRole("list", { name: "Conversation" });
  const request = thread.locator("article").first();
  await expect(request.getByTestId("message-html")).toContainText("« Erreur 0x7E »");
  await expect(request.getByTestId("message-html").locator("b")).toHaveText("« Erreur 0x7E »");
  // Defused: nothing of the mail ran, its link goes nowhere, the pixel waits for the agent's click.
  expect(await page.evaluate(() => Object.keys(window).filter((key) => key.startsWith("__mail")))).toEqual([]);
  await expect(request.getByRole("link", { name: "Voir le journal" })).toHaveCount(0);
  await expect(request.getByRole("note")).toContainText("Images distantes bloquées");
  await expect(request.locator('img[src^="https://tracker.example"]')).toHaveCount(0);
  // The requester is the sender, a new contact.
  await expect(page.getByRole("link", { name: customer.name })).toHaveAttribute("href", /^\/clients\/contacts\//);

  // The customer was told, in their thread, that the request is registered.
  const acknowledgement = await mailTo(customer.address, (mail) => (mail.parsed.subject ?? "").includes(`[#${number}]`));
  expect(acknowledgement.parsed.inReplyTo).toBe(originalMessageId);

  // ── The agent answers; the mail leaves through SMTP, threaded under the customer's.
  const answer = "Bonjour Madame Roussel,\n\nPouvez-vous éteindre le scanner trente secondes puis le rallumer ?\n\nJulien";
  await page.getByLabel("Votre réponse au client").fill(answer);
  await page.getByRole("button", { name: "Envoyer", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Réponse envoyée." })).toBeVisible();
  const reply = await mailTo(customer.address, (mail) => (mail.parsed.text ?? "").includes("éteindre le scanner trente secondes"));
  expect(reply.parsed.subject).toContain(`[#${number}]`);
  expect(reply.parsed.subject).toContain(subject);
  expect(reply.parsed.inReplyTo).toBe(originalMessageId);
  expect(references(reply)).toContain(originalMessageId);
  expect(reply.parsed.messageId).toMatch(/^<.+@.+>$/);
  expect(reply.parsed.html).toContain("éteindre le scanner trente secondes");
  // The agent sees that it left.
  await untilPolled(page, () => expect(thread.locator("article").last()).toContainText(`E-mail envoyé à ${customer.address}`, { timeout: 2_000 }));

  // ── The customer answers from their mail client: same ticket, back to the agent.
  await deliver(`From: ${customer.name} <${customer.address}>
To: Support <${mailboxUser.user}>
Subject: RE: ${reply.parsed.subject}
Message-ID: <scanner-reply-${stamp}@cabinet-roussel.fr>
In-Reply-To: ${reply.parsed.messageId}
References: ${originalMessageId} ${reply.parsed.messageId}
Date: ${new Date().toUTCString()}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

C'est reparti après le redémarrage, merci beaucoup !

> Pouvez-vous éteindre le scanner trente secondes puis le rallumer ?
`);
  await untilPolled(page, () => expect(thread.locator("article").last()).toContainText("C'est reparti après le redémarrage", { timeout: 2_000 }));
  await expect(thread.locator("article").last()).toHaveAttribute("data-visibility", "public");
  await expect(page.locator("header").getByText("Ouvert", { exact: true })).toBeVisible();

  // One ticket for the whole conversation.
  await page.goto(`/recherche?q=${encodeURIComponent(`Scanner du cabinet ${stamp}`)}`);
  await expect(page.getByRole("region", { name: /Tickets/ }).getByRole("link", { name: new RegExp(`^#\\d+ `) })).toHaveCount(1);

  // Administration counts both mails; the administrator then stops polling this mailbox (its
  // server goes away with the test).
  await admin.goto("/admin/boites-mail");
  const row = admin.locator("tr", { has: admin.getByRole("link", { name: "Support e2e" }) });
  await expect(row.locator("td").last()).toHaveText("2");
  await expect(row).not.toContainText("Dernière erreur");
  await row.getByRole("link", { name: "Support e2e" }).click();
  await admin.getByLabel("Relever cette boîte").uncheck();
  await admin.getByRole("button", { name: "Enregistrer la boîte" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Boîte « Support e2e » enregistrée." })).toBeVisible();
  await expect(admin.locator("tr", { has: admin.getByRole("link", { name: "Support e2e" }) })).toContainText("Désactivée");
});
