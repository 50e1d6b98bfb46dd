import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueEmails, MAX_SEND_ATTEMPTS, releaseStaleSendingEmails, retryOutboundEmail } from "~/domain/channels/email/outbox-delivery.server";
import { queueAcknowledgementInTransaction } from "~/domain/channels/email/outbox.server";
import { findOrCreateContactByEmail } from "~/domain/customers/contacts.server";
import { addAgentMessage, addAgentMessageInTransaction, createTicket, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { storeFile } from "~/lib/files.server";
import { isOurSignedMessageId } from "~/lib/mail/message-id.server";
import { createSmtpTransport, type MailTransport } from "~/lib/mail/transport.server";
import { startOutboxSender } from "../../server/workers/outbox-sender.ts";
import { aUser } from "../support/factories.ts";
import { anEmailTicket, useMailSettings } from "../support/email-factories.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { startTestDispatcher } from "../support/events.ts";

let sink: SmtpSink;
let transport: MailTransport;
let restore: () => void;

beforeAll(async () => {
  sink = await startSmtpSink();
  transport = createSmtpTransport(sink.url);
  restore = useMailSettings({ MAIL_FROM: "Support Exemple <support@exemple-support.test>", MAIL_ACK_PER_HOUR: "3" });
});

afterAll(async () => {
  transport.close();
  await sink.stop();
  restore();
});

const outbox = (where: Prisma.OutboundEmailWhereInput) => db().outboundEmail.findMany({ where, orderBy: { createdAt: "asc" } });

describe("outbox: written with its cause", () => {
  it("acknowledges a new customer ticket once, in the contact's language, threaded to their mail", async () => {
    const french = await anEmailTicket({ subject: "Imprimante en panne" });
    const [ack] = await outbox({ ticketId: french.ticketId });
    expect(ack).toMatchObject({ kind: "acknowledgement", toAddress: french.email, status: "queued", inReplyTo: french.customerMessageId, references: french.customerMessageId });
    expect(ack.subject).toBe(`Demande reçue : Imprimante en panne [#${french.number}]`);
    expect(ack.html).toContain(`#${french.number}`);
    expect(ack.html).toContain("/portail");
    expect(ack.html).toMatch(/<html[\s\S]*@media/); // MJML's responsive output
    expect(ack.text).toContain(`#${french.number}`);
    expect(ack.text).toContain("/portail");
    expect(isOurSignedMessageId(ack.emailMessageId)).toBe(true);
    expect(JSON.parse(ack.headers)).toMatchObject({ "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All", "X-Comptoir-Mail": "acknowledgement" });

    const english = await anEmailTicket({ subject: "Printer down", language: "en" });
    const [englishAck] = await outbox({ ticketId: english.ticketId });
    expect(englishAck.subject).toBe(`Request received: Printer down [#${english.number}]`);
    expect(englishAck.text).toContain("Track your requests");

    // Calling it again (e.g. a channel that also asks for it) never sends a second one.
    const again = await db().$transaction((tx) => queueAcknowledgementInTransaction(tx, { ticketId: french.ticketId }));
    expect(again).toEqual({ skipped: "already_sent" });
  });

  it("throttles acknowledgements per address and never answers machines or bounced addresses", async () => {
    const email = `rafale.${Date.now()}@entreprise-rafale.test`;
    for (let i = 0; i < 5; i++) await anEmailTicket({ email, subject: `Demande ${i}` });
    expect(await db().outboundEmail.count({ where: { toAddress: email, kind: "acknowledgement" } })).toBe(3);

    await anEmailTicket({ email: `no-reply.${Date.now()}@plateforme.test` });
    await anEmailTicket({ email: `mailer-daemon@relais-${Date.now()}.test` });
    const bounced = `ancien.${Date.now()}@entreprise.test`;
    const contact = await db().$transaction((tx) => findOrCreateContactByEmail(tx, { email: bounced }));
    await db().contactEmail.update({ where: { address: bounced }, data: { bouncedAt: new Date() } });
    await createTicket({ requesterId: contact.contactId, subject: "x", channel: "email", openedBy: { contactId: contact.contactId }, firstMessage: { bodyText: "x" } });
    const automated = await db().$transaction((tx) => findOrCreateContactByEmail(tx, { email: `absent.${Date.now()}@entreprise.test` }));
    await createTicket({
      requesterId: automated.contactId,
      subject: "Absent du bureau",
      channel: "email",
      automatedMail: true,
      openedBy: { contactId: automated.contactId },
      firstMessage: { bodyText: "Je suis absent." },
    });
    const ownAddress = await db().$transaction((tx) => findOrCreateContactByEmail(tx, { email: "support@exemple-support.test" }));
    await createTicket({ requesterId: ownAddress.contactId, subject: "boucle", channel: "email", openedBy: { contactId: ownAddress.contactId }, firstMessage: { bodyText: "x" } });
    expect(await db().outboundEmail.count({ where: { kind: "acknowledgement", toAddress: { in: [bounced, "support@exemple-support.test"] } } })).toBe(0);
    expect(await db().outboundEmail.count({ where: { kind: "acknowledgement", toAddress: { startsWith: "no-reply." } } })).toBe(0);
    expect(await db().outboundEmail.count({ where: { kind: "acknowledgement", toAddress: { startsWith: "mailer-daemon@" } } })).toBe(0);
    expect(await db().outboundEmail.count({ where: { kind: "acknowledgement", toAddress: { startsWith: "absent." } } })).toBe(0);
  });

  it("sends no acknowledgement for a ticket an agent opened (phone)", async () => {
    const agent = await aUser();
    const contact = await db().$transaction((tx) => findOrCreateContactByEmail(tx, { email: `appel.${Date.now()}@entreprise.test` }));
    const ticket = await createTicket({ requesterId: contact.contactId, subject: "Appel", channel: "phone", openedBy: { userId: agent.id }, firstMessage: { bodyText: "Résumé de l'appel" } });
    expect(await outbox({ ticketId: ticket.ticketId })).toEqual([]);
  });

  it("queues an agent's public reply with our signed Message-ID and the thread's headers; never an internal note", async () => {
    const agent = await aUser({ name: "Julien Moreau" });
    const ticket = await anEmailTicket({ subject: "Re: TR: Imprimante en panne" });
    const [ack] = await outbox({ ticketId: ticket.ticketId });
    await addAgentMessage({ ticketId: ticket.ticketId, agentId: agent.id, visibility: "internal", bodyText: "Note interne : client VIP" });
    expect(await outbox({ ticketId: ticket.ticketId, kind: "agent_reply" })).toEqual([]);

    const reply = await addAgentMessage({ ticketId: ticket.ticketId, agentId: agent.id, visibility: "public", bodyText: "Bonjour Marie,\n\nPouvez-vous redémarrer l'imprimante ?" });
    const [mail] = await outbox({ ticketId: ticket.ticketId, kind: "agent_reply" });
    const message = await db().message.findUniqueOrThrow({ where: { id: reply.messageId } });
    expect(mail.messageId).toBe(reply.messageId);
    expect(message.emailMessageId).toBe(mail.emailMessageId);
    expect(isOurSignedMessageId(mail.emailMessageId)).toBe(true);
    expect(mail.subject).toBe(`Re: Imprimante en panne [#${ticket.number}]`);
    expect(mail.inReplyTo).toBe(ticket.customerMessageId);
    expect(mail.references).toBe(`${ticket.customerMessageId} ${ack.emailMessageId}`);
    expect(message.inReplyTo).toBe(ticket.customerMessageId);
    expect(mail.text).toContain("Pouvez-vous redémarrer l'imprimante ?");
    expect(mail.text).toContain("Julien Moreau");
    expect(mail.html).toContain("Pouvez-vous redémarrer l&#39;imprimante ?");
    expect(JSON.parse(mail.headers)["Auto-Submitted"]).toBeUndefined();
  });

  it("writes nothing when the reply's transaction rolls back", async () => {
    const agent = await aUser();
    const ticket = await anEmailTicket();
    const before = await db().outboundEmail.count();
    await expect(
      db().$transaction(async (tx) => {
        await addAgentMessageInTransaction(tx, { ticketId: ticket.ticketId, agentId: agent.id, visibility: "public", bodyText: "Réponse" });
        throw new Error("boom after the outbox write");
      }),
    ).rejects.toThrow("boom");
    expect(await db().outboundEmail.count()).toBe(before);
  });

  it("tells the requester when the ticket is solved, and says so inside a reply that solves it", async () => {
    const agent = await aUser();
    const ticket = await anEmailTicket({ subject: "Accès extranet" });
    const current = await db().ticket.findUniqueOrThrow({ where: { id: ticket.ticketId }, select: { version: true } });
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: current.version, actorId: agent.id, changes: { status: "solved" } });
    const [solved] = await outbox({ ticketId: ticket.ticketId, kind: "ticket_solved" });
    expect(solved.subject).toBe(`Demande résolue : Accès extranet [#${ticket.number}]`);
    expect(solved.inReplyTo).toBe(ticket.customerMessageId);
    expect(JSON.parse(solved.headers)["Auto-Submitted"]).toBe("auto-generated");

    const other = await anEmailTicket({ subject: "Autre" });
    await addAgentMessage({ ticketId: other.ticketId, agentId: agent.id, visibility: "public", bodyText: "C'est réglé.", statusAfter: "solved" });
    expect(await outbox({ ticketId: other.ticketId, kind: "ticket_solved" })).toEqual([]);
    const [reply] = await outbox({ ticketId: other.ticketId, kind: "agent_reply" });
    expect(reply.text).toContain("Nous considérons votre demande comme résolue");
  });
});

describe("outbox sender: SMTP with retries", () => {
  it("delivers with the threading headers and the reply's attachments", async () => {
    await db().outboundEmail.updateMany({ where: { status: "queued" }, data: { status: "failed", lastError: "not part of this test" } });
    const agent = await aUser({ name: "Sophie Lefèvre" });
    const ticket = await anEmailTicket({ subject: "Devis" });
    const file = await storeFile(Buffer.from("%PDF-1.4 devis"));
    const reply = await addAgentMessage({
      ticketId: ticket.ticketId,
      agentId: agent.id,
      visibility: "public",
      bodyText: "Voici le devis.",
      attachments: [{ ...file, filename: "devis.pdf", contentType: "application/pdf" }],
    });
    sink.clear();
    const result = await deliverDueEmails(transport);
    expect(result).toMatchObject({ sent: 2, failed: 0, retrying: 0 });

    const mail = await db().outboundEmail.findFirstOrThrow({ where: { messageId: reply.messageId } });
    expect(mail.status).toBe("sent");
    expect(mail.sentAt).not.toBeNull();
    const received = await sink.waitForMessage((candidate) => candidate.parsed.messageId === mail.emailMessageId);
    expect(received.envelope).toEqual({ from: "support@exemple-support.test", to: [ticket.email] });
    expect(received.parsed.from?.value[0]).toEqual({ address: "support@exemple-support.test", name: "Sophie Lefèvre · Support Exemple" });
    expect(received.parsed.subject).toBe(`Re: Devis [#${ticket.number}]`);
    expect(received.parsed.inReplyTo).toBe(ticket.customerMessageId);
    expect([received.parsed.references].flat()).toContain(ticket.customerMessageId);
    expect(received.parsed.attachments.map((attachment) => attachment.filename)).toEqual(["devis.pdf"]);
    expect(received.parsed.text).toContain("Voici le devis.");
    expect(received.parsed.headers.get("x-comptoir-mail")).toBe("agent_reply");
    const ack = await sink.waitForMessage((candidate) => candidate.parsed.subject?.startsWith("Demande reçue") === true);
    expect(ack.parsed.headers.get("auto-submitted")).toBe("auto-replied");
  });

  it("retries a temporary refusal with backoff, and records a permanent one with the server's reply", async () => {
    const ticket = await anEmailTicket({ subject: "Temporaire" });
    const [ack] = await outbox({ ticketId: ticket.ticketId });
    sink.failNext(1, 451, "4.7.1 Greylisted, try again later");
    expect(await deliverDueEmails(transport)).toMatchObject({ retrying: 1 });
    const waiting = await db().outboundEmail.findUniqueOrThrow({ where: { id: ack.id } });
    expect(waiting).toMatchObject({ status: "queued", attempts: 1 });
    expect(waiting.lastError).toContain("451");
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await deliverDueEmails(transport)).toMatchObject({ due: 0 });
    await retryOutboundEmail(ack.id);
    expect(await deliverDueEmails(transport)).toMatchObject({ sent: 1 });
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: ack.id } })).toMatchObject({ status: "sent", attempts: 2, lastError: null });

    const refused = await anEmailTicket({ subject: "Permanent" });
    sink.failNext(1, 550, "5.1.1 <inconnu@entreprise.test>: Recipient address rejected");
    expect(await deliverDueEmails(transport)).toMatchObject({ failed: 1 });
    const [failed] = await outbox({ ticketId: refused.ticketId });
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toContain("550 5.1.1");
  });

  it("gives up after the last attempt, and hands back a mail whose sender died mid-send", async () => {
    const ticket = await anEmailTicket({ subject: "Dernier essai" });
    const [ack] = await outbox({ ticketId: ticket.ticketId });
    await db().outboundEmail.update({ where: { id: ack.id }, data: { attempts: MAX_SEND_ATTEMPTS - 1 } });
    sink.failNext(1, 421, "4.3.2 Service shutting down");
    await deliverDueEmails(transport);
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: ack.id } })).toMatchObject({ status: "failed", attempts: MAX_SEND_ATTEMPTS });

    const crashed = await anEmailTicket({ subject: "Crash" });
    const [stuck] = await outbox({ ticketId: crashed.ticketId });
    await db().outboundEmail.update({ where: { id: stuck.id }, data: { status: "sending", nextAttemptAt: new Date(Date.now() - 1000) } });
    expect(await releaseStaleSendingEmails()).toBeGreaterThanOrEqual(1);
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({ status: "queued" });
  });

  it("keeps mail queued when no SMTP server is configured, and the worker sends at once when woken", async () => {
    const idle = startOutboxSender({ transport: null, log: { warn: () => {}, error: () => {} } });
    const ticket = await anEmailTicket({ subject: "Sans SMTP" });
    await idle.runOnce();
    await idle.stop();
    expect((await outbox({ ticketId: ticket.ticketId }))[0].status).toBe("queued");

    // The ticket's events reach the sender through this process's dispatcher, as in the server.
    sink.clear();
    const dispatcher = await startTestDispatcher();
    const sender = startOutboxSender({ transport, intervalMs: 60_000 });
    const woken = await anEmailTicket({ subject: "Réveil" });
    await sink.waitForMessage((mail) => mail.parsed.subject?.includes(`[#${woken.number}]`) === true, 5_000);
    await sender.stop();
    await dispatcher.stop();
  });
});
