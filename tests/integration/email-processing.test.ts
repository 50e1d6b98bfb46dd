import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { storeInboundEmail } from "~/domain/channels/email/inbound-store.server";
import { pendingInboundEmailIds, processInboundEmail, processPendingInboundEmails } from "~/domain/channels/email/process-inbound.server";
import { findOrCreateContactByEmail } from "~/domain/customers/contacts.server";
import { addAgentMessage, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";
import { fileStorePath, readStoredFile } from "~/lib/files.server";
import { generateMessageId } from "~/lib/mail/message-id.server";
import { decodeProcessingNotes } from "~/lib/mail/processing-note";
import { aUser } from "../support/factories.ts";
import { anEmailTicket, mailFixture, useMailSettings } from "../support/email-factories.ts";

let mailboxId: string;
let uid = 0;

beforeAll(async () => {
  useMailSettings({ MAIL_FROM: "Support <support@example.test>", MAIL_MAX_ATTACHMENT_MB: "15", MAIL_MAX_MESSAGE_MB: "30" });
  const group = await db().group.create({ data: { name: `Boîte support ${Date.now()}` } });
  mailboxId = (
    await db().mailbox.create({
      data: { name: "Support", host: "imap.example.test", port: 993, username: "support@example.test", passwordEncrypted: "", uidValidity: 1n, defaultGroupId: group.id },
    })
  ).id;
});

/** Stores a raw mail as the poller would, then processes it. */
async function receive(raw: Buffer) {
  uid += 1;
  const { inboundEmailId } = await storeInboundEmail({ mailboxId, uidValidity: 1n, uid, raw });
  const outcome = await processInboundEmail(inboundEmailId);
  const inbound = await db().inboundEmail.findUniqueOrThrow({ where: { id: inboundEmailId } });
  const message = inbound.messageId
    ? await db().message.findUniqueOrThrow({ where: { id: inbound.messageId }, include: { attachments: true, ticket: true, authorContact: { include: { emails: true, company: true } } } })
    : null;
  return { outcome, inbound, message, ticket: message?.ticket ?? null };
}

describe("every charset and MIME shape becomes a readable ticket", () => {
  it.each([
    ["iso-8859-1-french.eml", "Accès impossible à l'extranet depuis la mise à jour", "« Accès refusé »", "francois.lefevre@quincaillerie-lefevre.fr", "François"],
    ["windows-1252-french.eml", "Facture 2026-118 : montant erroné (1 250,00 €)", "d’un montant de 1 250,00 € ne correspond pas", "compta@menuiserie-aubert.fr", "Service comptable - Menuiserie"],
    ["utf8-french.eml", "Caisse enregistreuse qui ne démarre plus à 8h – urgent", "L'écran affiche « Erreur E04 »", "helene.rousseau@boulangerie-rousseau.fr", "Hélène"],
  ])("%s", async (fixture, subject, excerpt, address, firstName) => {
    const { outcome, ticket, message } = await receive(mailFixture(fixture));
    expect(outcome).toMatchObject({ status: "processed", createdTicket: true });
    expect(ticket?.subject).toBe(subject);
    expect(ticket?.channel).toBe("email");
    expect(message?.bodyText).toContain(excerpt);
    expect(message?.bodyText).not.toContain("\ufffd");
    expect(message?.authorContact?.emails.map((email) => email.address)).toEqual([address]);
    expect(message?.authorContact?.firstName).toBe(firstName);
    // A company from the sender's domain (not a free-mail provider).
    expect(message?.authorContact?.company?.name).toBeTruthy();
  });

  it("keeps both parts of multipart/alternative, the HTML sanitised", async () => {
    const { message } = await receive(mailFixture("multipart-alternative.eml"));
    expect(message?.bodyText).toContain("trois ponts élévateurs");
    expect(message?.bodyHtml).toContain("<b>devis</b>");
    expect(message?.bodyHtml).not.toMatch(/<html|<body/);
  });

  it("stores inline images of multipart/related as inline attachments the HTML points to, other files as attachments", async () => {
    const { message } = await receive(mailFixture("related-inline-images.eml"));
    const byName = Object.fromEntries(message!.attachments.map((attachment) => [attachment.filename, attachment]));
    expect(Object.keys(byName).sort()).toEqual(["capture.png", "image-2.png", "releve.pdf"]);
    expect(byName["capture.png"]).toMatchObject({ inline: true, contentId: "capture.png@01DB3F44", contentType: "image/png" });
    expect(byName["image-2.png"]).toMatchObject({ inline: true, contentId: "logo-pharmacie@morel" });
    expect(byName["releve.pdf"]).toMatchObject({ inline: false, contentType: "application/pdf" });
    expect(message?.bodyHtml).toContain('data-cid="capture.png@01DB3F44"');
    expect(message?.bodyHtml).toContain('data-cid="logo-pharmacie@morel"');
    expect(message?.bodyHtml).not.toContain("cid:");
    // Content-addressed: the stored bytes are the image.
    const stored = await readStoredFile(byName["capture.png"].sha256);
    expect(stored.subarray(1, 4).toString()).toBe("PNG");
  });

  it("normalises hostile attachment names before storing them", async () => {
    const { message } = await receive(mailFixture("hostile-attachment-names.eml"));
    const names = message!.attachments.map((attachment) => attachment.filename);
    expect(names).toHaveLength(8);
    for (const name of names) {
      expect(name).not.toMatch(/[/\\\u0000-\u001f\u200b-\u200f\u202a-\u202e]/);
      expect(name.startsWith(".")).toBe(false);
      expect(name.length).toBeLessThanOrEqual(150);
    }
    expect(names).toContain("facturefdp.exe");
    expect(names).toContain("rapport.pdf");
    expect(names).toContain("htaccess");
    expect(names).toContain("été.html".normalize("NFC"));
    expect(names.find((name) => name.startsWith("tres-long-nom-"))?.endsWith(".pdf")).toBe(true);
    expect(names).toContain("piece-jointe-8");
  });

  it("never stores script, handlers, javascript: links, CSS expressions or remote loads", async () => {
    const { message } = await receive(mailFixture("hostile-html.eml"));
    const html = message!.bodyHtml!;
    for (const forbidden of [/<script/i, /\son\w+=/i, /javascript:/i, /vbscript:/i, /data:text/i, /expression/i, /url\(/i, /position/i, /<iframe|<object|<embed|<form|<input|<svg|<math|<style|<link|<meta|<base/i, /\sclass=|\sid=/i, /srcset/i, /\ssrc=/i, /background=/i]) {
      expect(html).not.toMatch(forbidden);
    }
    expect(message!.hasRemoteContent).toBe(true);
    expect(html).toContain('data-remote-src="https://tracker.example/open.gif?id=42"');
    expect(html).toContain('href="https://fournisseur-douteux.example/facture?id=42" target="_blank" rel="noopener noreferrer nofollow"');
    expect(html).toContain("Fin du message.");
  });

  it("takes mail without a Message-ID, and reads malformed MIME as well as it can", async () => {
    const plain = await receive(mailFixture("no-message-id.eml"));
    expect(plain.outcome).toMatchObject({ status: "processed", createdTicket: true });
    expect(plain.message?.emailMessageId).toBeNull();

    const broken = await receive(mailFixture("malformed-mime.eml"));
    expect(broken.outcome).toMatchObject({ status: "processed", createdTicket: true });
    expect(broken.ticket?.subject).toBe("Scan du bon de livraison – état");
    expect(broken.message?.bodyText).toContain("Bon de livraison");
    expect(broken.message?.authorContact?.emails[0].address).toBe("scanner@imprimerie-leroy.fr");
    expect(broken.message?.attachments.map((attachment) => attachment.filename)).toEqual(["scan.pdf"]);
  });
});

describe("duplicates", () => {
  it("turns the same mail delivered twice into one ticket, and keeps a different mail reusing a Message-ID", async () => {
    const first = await receive(mailFixture("duplicate-message-id-a.eml"));
    const second = await receive(mailFixture("duplicate-message-id-b.eml"));
    expect(second.outcome).toMatchObject({ status: "ignored", classification: "duplicate", ticketId: first.ticket!.id });
    expect(second.message).toBeNull();

    const reused = await receive(mailFixture("duplicate-message-id-different.eml"));
    expect(reused.outcome).toMatchObject({ status: "processed", createdTicket: true });
    expect(reused.message?.emailMessageId).toBeNull();
    expect(decodeProcessingNotes(reused.message?.processingNote)).toEqual([{ code: "duplicate_message_id", messageId: "<dup-4242@optique-benali.fr>" }]);
    expect(await db().ticket.count({ where: { subject: "Commande de verres en retard" } })).toBe(1);
  });

  it("processes a stored mail once, however often it is asked", async () => {
    uid += 1;
    const raw = Buffer.from(`From: Luc Moreau <luc@moreau-btp.fr>\nSubject: Une seule fois ${Date.now()}\n\nBonjour\n`);
    const { inboundEmailId } = await storeInboundEmail({ mailboxId, uidValidity: 1n, uid, raw });
    const outcomes = await Promise.all([processInboundEmail(inboundEmailId), processInboundEmail(inboundEmailId), processInboundEmail(inboundEmailId)]);
    expect(outcomes.filter((outcome) => outcome.status === "processed")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === "skipped")).toHaveLength(2);
    expect(await db().ticket.count({ where: { subject: { startsWith: "Une seule fois" } } })).toBe(1);
    expect(await processInboundEmail(inboundEmailId)).toEqual({ status: "skipped", reason: "already_processed" });
  });
});

describe("threading: nothing spoofed", () => {
  it("attaches Gmail and Outlook replies to our signed Message-ID, whoever sends them", async () => {
    const agent = await aUser();
    const ticket = await anEmailTicket({ email: "jeanne.martin@gmail.com", subject: "Box internet coupée" });
    await addAgentMessage({ ticketId: ticket.ticketId, agentId: agent.id, visibility: "public", bodyText: "Pouvez-vous redémarrer le routeur ?" });
    const reply = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: ticket.ticketId, kind: "agent_reply" } });
    const values = { OUR_MESSAGE_ID: reply.emailMessageId, CUSTOMER_MESSAGE_ID: ticket.customerMessageId!, TICKET_NUMBER: ticket.number, SUBJECT: "Box internet coupee" };

    const gmail = await receive(mailFixture("gmail-reply.eml", values));
    expect(gmail.outcome).toMatchObject({ status: "processed", classification: "follow_up:signed_message_id", ticketId: ticket.ticketId, createdTicket: false });
    expect(gmail.message?.bodyText).toContain("c'est reparti après le redémarrage");
    const reopened = await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId } });
    expect(reopened.status).toBe("open");

    // Someone else (a colleague the reply was forwarded to) answering from Outlook: the signature is the proof.
    const outlook = await receive(mailFixture("outlook-reply.eml", values));
    expect(outlook.outcome).toMatchObject({ classification: "follow_up:signed_message_id", ticketId: ticket.ticketId });
    expect(outlook.message?.bodyText).toContain("Le problème est revenu ce matin");
    expect(outlook.message?.bodyHtml).toContain("Le problème est revenu ce matin");
    expect(await db().outboundEmail.count({ where: { ticketId: ticket.ticketId, kind: "acknowledgement" } })).toBe(1);
  });

  it("refuses a forged In-Reply-To of our shape, and a [#1234] token from a stranger", async () => {
    const victim = await anEmailTicket({ subject: "Contrat confidentiel" });
    const realId = (await db().outboundEmail.findFirstOrThrow({ where: { ticketId: victim.ticketId } })).emailMessageId;
    const forged = realId.replace(/\.([0-9a-f])/, (_m, digit: string) => `.${digit === "0" ? "1" : "0"}`);
    const values = { OUR_MESSAGE_ID: forged, CUSTOMER_MESSAGE_ID: "<autre@exemple.test>", TICKET_NUMBER: victim.number, SUBJECT: "Contrat confidentiel" };
    const attack = await receive(Buffer.from(mailFixture("gmail-reply.eml", values).toString("latin1").replace(/jeanne\.martin@gmail\.com/g, "pirate@gmail.com").replace(/Jeanne Martin/g, "Pirate").replace("gmail.reply.1@", "forged.1@"), "latin1"));
    expect(attack.outcome).toMatchObject({ status: "processed", createdTicket: true });
    expect(attack.ticket?.id).not.toBe(victim.ticketId);
    expect(decodeProcessingNotes(attack.message?.processingNote)).toEqual([{ code: "thread_refused", ticketNumber: victim.number }]);
    expect(await db().message.count({ where: { ticketId: victim.ticketId } })).toBe(1);
  });

  it("accepts a [#1234] token or a known customer Message-ID from the requester or a colleague of the same company", async () => {
    const ticket = await anEmailTicket({ email: `paul.${Date.now()}@cabinet-dubois.fr`, subject: "Imprimante" });
    const colleague = `claire.${Date.now()}@cabinet-dubois.fr`;
    const raw = (from: string, extra: string) =>
      Buffer.from(`From: ${from}\nTo: support@example.test\nSubject: Re: Imprimante [#${ticket.number}]\nMessage-ID: <${Date.now()}.${Math.random()}@cabinet-dubois.fr>\n${extra}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nToujours en panne.\n`);
    const fromRequester = await receive(raw(ticket.email, ""));
    expect(fromRequester.outcome).toMatchObject({ classification: "follow_up:subject_token", ticketId: ticket.ticketId });
    const fromColleague = await receive(raw(colleague, `In-Reply-To: ${ticket.customerMessageId}\n`));
    expect(fromColleague.outcome).toMatchObject({ classification: "follow_up:known_message_id", ticketId: ticket.ticketId });
  });

  it("opens a new ticket for a reply to a closed ticket, saying so", async () => {
    const agent = await aUser();
    const ticket = await anEmailTicket({ subject: "Ancien problème" });
    const current = await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId } });
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: current.version, actorId: agent.id, changes: { status: "closed" } });
    const raw = Buffer.from(`From: ${ticket.email}\nTo: support@example.test\nSubject: Re: Ancien problème [#${ticket.number}]\nMessage-ID: <closed-${Date.now()}@entreprise.test>\nContent-Type: text/plain; charset=utf-8\n\nÇa recommence.\n`);
    const followUp = await receive(raw);
    expect(followUp.outcome).toMatchObject({ createdTicket: true });
    expect(decodeProcessingNotes(followUp.message?.processingNote)).toEqual([{ code: "closed_ticket_follow_up", ticketNumber: ticket.number }]);
  });
});

describe("automated mail: recorded, never answered", () => {
  it("adds an out-of-office reply to its ticket without reopening it or restarting the wait", async () => {
    const agent = await aUser();
    const ticket = await anEmailTicket({ email: "p.dubois@cabinet-dubois.fr", subject: "Sauvegarde" });
    await addAgentMessage({ ticketId: ticket.ticketId, agentId: agent.id, visibility: "public", bodyText: "Sauvegarde relancée." });
    const before = await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId } });
    const reply = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: ticket.ticketId, kind: "agent_reply" } });
    const ooo = await receive(mailFixture("out-of-office.eml", { OUR_MESSAGE_ID: reply.emailMessageId, SUBJECT: "Sauvegarde" }));
    expect(ooo.outcome).toMatchObject({ status: "processed", classification: "auto_reply", ticketId: ticket.ticketId });
    const after = await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId } });
    expect(after.status).toBe("pending_customer");
    expect(after.lastCustomerMessageAt).toEqual(before.lastCustomerMessageAt);
    expect(decodeProcessingNotes(ooo.message?.processingNote)).toEqual([{ code: "automated", kind: "auto_reply", reason: "Auto-Submitted: auto-replied" }]);
  });

  it("opens a ticket for a newsletter but sends no acknowledgement", async () => {
    const bulk = await receive(mailFixture("bulk-newsletter.eml"));
    expect(bulk.outcome).toMatchObject({ status: "processed", classification: "bulk", createdTicket: true });
    expect(await db().outboundEmail.count({ where: { ticketId: bulk.ticket!.id } })).toBe(0);
  });

  it("links a bounce to the mail that bounced, marks the address, and creates no ticket", async () => {
    const agent = await aUser();
    const ticket = await anEmailTicket({ email: `parti.${Date.now()}@ancienne-societe.test`, subject: "Imprimante en panne" });
    await addAgentMessage({ ticketId: ticket.ticketId, agentId: agent.id, visibility: "public", bodyText: "Réponse" });
    const reply = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: ticket.ticketId, kind: "agent_reply" } });
    const ticketsBefore = await db().ticket.count();
    const bounce = await receive(mailFixture("dsn-bounce.eml", { OUR_MESSAGE_ID: reply.emailMessageId, RECIPIENT: ticket.email, TICKET_NUMBER: ticket.number }));
    expect(bounce.outcome).toMatchObject({ status: "processed", classification: "bounce", ticketId: ticket.ticketId, messageId: null });
    expect(await db().ticket.count()).toBe(ticketsBefore);
    const failed = await db().outboundEmail.findUniqueOrThrow({ where: { id: reply.id } });
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toContain("5.1.1");
    expect(failed.lastError).toContain("User unknown");
    expect((await db().contactEmail.findUniqueOrThrow({ where: { address: ticket.email } })).bouncedAt).not.toBeNull();

    // A bounce naming a mail that is not ours (or a forged one) changes nothing.
    const stranger = await receive(mailFixture("dsn-bounce.eml", { OUR_MESSAGE_ID: generateMessageId("ailleurs.test").replace(/\.[0-9a-f]/, ".0"), RECIPIENT: "quelquun@exemple.test", TICKET_NUMBER: 1 }));
    expect(stranger.outcome).toMatchObject({ status: "ignored", classification: "bounce" });
  });

  it("ignores our own mail coming back in", async () => {
    const raw = Buffer.from(`From: Support <support@example.test>\nTo: support@example.test\nSubject: Demande reçue\nMessage-ID: ${generateMessageId()}\nX-Comptoir-Mail: acknowledgement\nContent-Type: text/plain\n\nx\n`);
    expect((await receive(raw)).outcome).toMatchObject({ status: "ignored", classification: "loop" });
  });
});

describe("size limits and failures", () => {
  it("keeps a 20 MB mail, drops the attachment over the limit with a visible note, and stores the raw mail whole", async () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 7);
    const raw = Buffer.from(
      [
        "From: Atelier Girard <atelier@girard-mecanique.fr>",
        "To: support@example.test",
        "Subject: Plans de la machine (gros fichier)",
        "Message-ID: <big-20mb@girard-mecanique.fr>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="big"',
        "",
        "--big",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Voici les plans et une photo.",
        "--big",
        'Content-Type: application/octet-stream; name="plans.dwg"',
        'Content-Disposition: attachment; filename="plans.dwg"',
        "Content-Transfer-Encoding: base64",
        "",
        big.toString("base64").replace(/.{76}/g, "$&\n"),
        "--big",
        'Content-Type: image/png; name="photo.png"',
        'Content-Disposition: attachment; filename="photo.png"',
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from("\x89PNG petite photo").toString("base64"),
        "--big--",
        "",
      ].join("\n"),
    );
    const { outcome, message, inbound } = await receive(raw);
    expect(outcome).toMatchObject({ status: "processed", createdTicket: true });
    expect(message?.bodyText).toContain("Voici les plans");
    expect(message?.attachments.map((attachment) => attachment.filename)).toEqual(["photo.png"]);
    expect(decodeProcessingNotes(message?.processingNote)).toEqual([
      { code: "attachments_dropped", files: [{ name: "plans.dwg", size: big.length, reason: "too_large" }], maxAttachmentBytes: 15 * 1024 * 1024, maxMessageBytes: 30 * 1024 * 1024 },
    ]);
    expect(inbound.size).toBe(raw.length);
    expect(fs.statSync(fileStorePath(inbound.rawSha256)).size).toBe(raw.length);
  }, 60_000);

  it("keeps a failing mail with its error, retries it later, and never blocks the others", async () => {
    uid += 1;
    const poison = await storeInboundEmail({ mailboxId, uidValidity: 1n, uid, raw: Buffer.from(`From: a@poison.test\nSubject: poison ${Date.now()}\n\nx\n`) });
    const row = await db().inboundEmail.findUniqueOrThrow({ where: { id: poison.inboundEmailId } });
    const path = fileStorePath(row.rawSha256);
    fs.renameSync(path, `${path}.hidden`);
    uid += 1;
    const healthy = await storeInboundEmail({ mailboxId, uidValidity: 1n, uid, raw: Buffer.from(`From: b@sain.test\nSubject: sain ${Date.now()}\nMessage-ID: <sain-${Date.now()}@sain.test>\n\nBonjour\n`) });

    const counts = await processPendingInboundEmails();
    expect(counts.failed).toBe(1);
    expect(counts.processed).toBeGreaterThanOrEqual(1);
    const failed = await db().inboundEmail.findUniqueOrThrow({ where: { id: poison.inboundEmailId } });
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.error).toContain("ENOENT");
    expect(failed.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect((await db().inboundEmail.findUniqueOrThrow({ where: { id: healthy.inboundEmailId } })).status).toBe("processed");
    expect(await pendingInboundEmailIds()).not.toContain(poison.inboundEmailId);
    expect(await pendingInboundEmailIds({ now: new Date(Date.now() + 2 * 60_000) })).toContain(poison.inboundEmailId);

    fs.renameSync(`${path}.hidden`, path);
    expect(await processInboundEmail(poison.inboundEmailId)).toMatchObject({ status: "processed", createdTicket: true });
    expect(await db().inboundEmail.findUniqueOrThrow({ where: { id: poison.inboundEmailId } })).toMatchObject({ status: "processed", error: null, attempts: 2 });
  });

  it("makes an ignored mail a ticket when an admin asks", async () => {
    const contact = await db().$transaction((tx) => findOrCreateContactByEmail(tx, { email: `x.${Date.now()}@exemple.test` }));
    expect(contact.created).toBe(true);
    const bounce = await receive(mailFixture("dsn-bounce.eml", { OUR_MESSAGE_ID: "<inconnu@ailleurs.test>", RECIPIENT: "y@exemple.test", TICKET_NUMBER: 1 }));
    expect(bounce.outcome).toMatchObject({ status: "ignored", classification: "bounce" });
    const forced = await processInboundEmail(bounce.inbound.id, { asNewTicket: true });
    expect(forced).toMatchObject({ status: "processed", createdTicket: true });
    expect(await db().outboundEmail.count({ where: { ticketId: (forced as { ticketId: string }).ticketId } })).toBe(0);
  });
});
