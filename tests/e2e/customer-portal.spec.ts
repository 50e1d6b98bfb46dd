import { expect as baseExpect, test, type Page } from "@playwright/test";
import type { SmtpSink } from "../support/smtp-sink.ts";
import { signIn } from "./fixtures.ts";
import { linkIn, startE2eSmtpSink } from "./mail.ts";

/**
 * The customers' side end to end, in Chromium, against the production build with mail going
 * out through a real SMTP sink: a visitor submits the public form with an attachment; the agent
 * sees the ticket and answers; the customer signs in to the portal with the link they received,
 * reads the answer, replies; the agent solves the ticket; the customer rates it.
 */

// Several servers share this machine's CPU: pages get more time than the default 5 s.
const expect = baseExpect.configure({ timeout: 15_000 });

let sink: SmtpSink;

test.beforeAll(async () => {
  sink = await startE2eSmtpSink();
});

test.afterAll(async () => {
  await sink?.stop();
});

const stamp = Date.now();
const customerEmail = `helene.garnier.${stamp}@boulangerie-garnier.fr`;
const subject = `Le terminal de paiement redémarre en boucle (${stamp})`;

function mailTo(address: string, predicate: (mail: { subject: string; text: string }) => boolean) {
  return sink.waitForMessage((mail) => mail.envelope.to.includes(address) && predicate({ subject: mail.parsed.subject ?? "", text: mail.parsed.text ?? "" }), 30_000);
}

async function openTicketAsAgent(page: Page) {
  await page.goto("/support");
  const row = page.getByRole("link", { name: subject }).first();
  await expect(row).toBeVisible();
  await row.click();
  await expect(page).toHaveURL(/\/support\/tickets\/\d+$/);
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
}

test("a visitor's request goes through the form, the agent, the portal and the rating", async ({ browser }) => {
  // One long journey through two sessions; generous for a loaded machine (about 30 s when idle).
  test.setTimeout(300_000);
  const customer = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  const agent = await (await browser.newContext({ locale: "fr-FR" })).newPage();

  // 1. The public form, with an attachment.
  await customer.goto("/demande");
  await expect(customer.getByRole("heading", { name: "Contactez notre support" })).toBeVisible();
  await customer.getByLabel("Nom et prénom").fill("Hélène Garnier");
  await customer.getByLabel("Adresse e-mail").fill(customerEmail);
  await customer.getByLabel("Téléphone").fill("05 56 12 34 56");
  await customer.getByLabel("Société").fill("Boulangerie Garnier");
  await customer.getByText("Incident technique").click();
  await customer.getByLabel("Objet").fill(subject);
  await customer.getByLabel("Description").fill("Depuis ce matin, le terminal redémarre dès qu'on insère une carte.\nCode affiché : E-31.");
  await customer.getByLabel("Pièces jointes").setInputFiles({ name: "journal-terminal.txt", mimeType: "text/plain", buffer: Buffer.from("12:01 E-31 reboot\n12:02 E-31 reboot\n") });
  await expect(customer.getByText("journal-terminal.txt")).toBeVisible();
  // A person takes more than the minimum fill time (3 s) to write a request.
  await customer.waitForTimeout(3_200);
  await customer.getByRole("button", { name: "Envoyer ma demande" }).click();

  const receipt = customer.getByTestId("request-receipt");
  await expect(receipt).toBeVisible();
  const heading = await receipt.getByRole("heading").textContent();
  const ticketNumber = Number(/numéro (\d+)/.exec(heading ?? "")?.[1]);
  expect(ticketNumber).toBeGreaterThan(0);
  await expect(receipt).toContainText(customerEmail);

  const acknowledgement = await mailTo(customerEmail, (mail) => mail.subject.includes(`[#${ticketNumber}]`));
  expect(acknowledgement.parsed.text).toContain(String(ticketNumber));

  // 2. The agent sees the ticket, its attachment, and answers.
  await signIn(agent, "tech@comptoir.test");
  await openTicketAsAgent(agent);
  await expect(agent.getByText("journal-terminal.txt")).toBeVisible();
  await expect(agent.getByText("Code affiché : E-31.")).toBeVisible();
  await agent.getByLabel("Votre réponse au client").fill("Bonjour Madame Garnier,\nPouvez-vous débrancher le terminal 30 secondes puis le rebrancher ?");
  await agent.getByRole("button", { name: "Envoyer", exact: true }).click();
  await expect(agent.getByText("Réponse envoyée.")).toBeVisible();

  // 3. The customer asks for a sign-in link and follows it from the mail.
  await customer.goto("/portail");
  await expect(customer).toHaveURL(/\/portail\/connexion/);
  await customer.getByRole("textbox", { name: "Adresse e-mail" }).fill(customerEmail);
  await customer.getByRole("button", { name: "Recevoir le lien" }).click();
  await expect(customer.getByTestId("link-sent")).toBeVisible();
  const linkMail = await mailTo(customerEmail, (mail) => mail.subject === "Votre lien de connexion à l'espace client");
  const link = linkIn(linkMail.parsed.text, "/portail/lien/");
  await customer.goto(link);
  await customer.getByRole("button", { name: "Me connecter" }).click();
  await expect(customer.getByRole("heading", { name: "Bonjour Hélène" })).toBeVisible();

  // 4. The agent's answer is in the portal; the customer replies.
  await customer.getByRole("link", { name: subject }).click();
  await expect(customer.getByText("Pouvez-vous débrancher le terminal 30 secondes puis le rebrancher ?")).toBeVisible();
  await expect(customer.getByText("Julien Moreau · Support")).toBeVisible();
  await customer.getByLabel("Votre message").fill("C'est fait, mais il redémarre toujours. Voici une photo de l'écran.");
  await customer.getByLabel("Pièces jointes").setInputFiles({ name: "ecran.png", mimeType: "image/png", buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]) });
  await customer.getByRole("button", { name: "Envoyer", exact: true }).click();
  await expect(customer.getByText("Message envoyé : le support en est informé.")).toBeVisible();
  await expect(customer.getByText("C'est fait, mais il redémarre toujours.")).toBeVisible();

  // 5. The agent sees the portal reply in the same thread, and solves the ticket.
  await openTicketAsAgent(agent);
  await expect(agent.getByText("C'est fait, mais il redémarre toujours.")).toBeVisible();
  await expect(agent.getByText("ecran.png")).toBeVisible();
  await agent.getByLabel("Votre réponse au client").fill("Nous avons réinitialisé votre terminal à distance : il fonctionne de nouveau.");
  await agent.getByLabel("Envoyer en tant que").selectOption("solved");
  await agent.getByRole("button", { name: "Envoyer", exact: true }).click();
  await expect(agent.getByText("Réponse envoyée.")).toBeVisible();

  // The reply that solves carries the satisfaction links.
  const solvedMail = await mailTo(customerEmail, (mail) => mail.subject.includes(`[#${ticketNumber}]`) && mail.text.includes("/satisfaction/"));
  expect(solvedMail.parsed.text).toMatch(/\/satisfaction\/\S+\?note=good/);

  // 6. The customer rates the solved request from the portal.
  await customer.reload();
  await expect(customer.getByText("Nous avons réinitialisé votre terminal à distance")).toBeVisible();
  await customer.getByText("Oui, satisfait").click();
  await customer.getByLabel("Commentaire").fill("Réactifs et efficaces, merci !");
  await customer.getByRole("button", { name: "Envoyer mon avis" }).click();
  await expect(customer.getByTestId("my-rating")).toContainText("Satisfait");

  // 7. The rating shows on the agent's ticket page (solved: no longer in the open queue).
  await agent.goto(`/support/tickets/${ticketNumber}`);
  await expect(agent.getByTestId("ticket-rating")).toContainText("Satisfait");
  await expect(agent.getByTestId("ticket-rating")).toContainText("Réactifs et efficaces, merci !");
});
