import { acknowledgementEmail } from "~/emails/acknowledgement.mjml";
import { agentReplyEmail } from "~/emails/agent-reply.mjml";
import { ticketSolvedEmail } from "~/emails/ticket-solved.mjml";
import type { TransactionClient } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { generateMessageId, normaliseMessageId } from "~/lib/mail/message-id.server";
import { renderEmail, type EmailTemplate, type RenderedEmail } from "~/lib/mail/render.server";
import { satisfactionLinks } from "~/domain/portal/satisfaction.server";
import { isUnanswerableAddress, OUR_MAIL_HEADER } from "./automated-mail";

/**
 * The outbox. Every mail we send is a row written in the same transaction as its cause (the
 * agent's reply, the new ticket, the status change), so a mail is never sent for something that
 * rolled back and never lost for something that committed. server/workers/outbox-sender.ts sends
 * the rows over SMTP with retries; without SMTP they stay queued, readable in Administration.
 *
 * Public API (documented in docs/email.md):
 * - queueEmailInTransaction: any mail (the portal's sign-in links use it directly);
 * - queueAgentReplyInTransaction, queueAcknowledgementInTransaction, queueTicketSolvedInTransaction:
 *   the helpdesk's own mails, called from app/domain/helpdesk/tickets.server.ts.
 */

/** agent_reply | acknowledgement | ticket_solved, and whatever other areas add (portal_link, ...). */
export type OutboundKind = "agent_reply" | "acknowledgement" | "ticket_solved" | (string & {});

export type QueueEmailInput = {
  kind: OutboundKind;
  to: string;
  email: RenderedEmail;
  ticketId?: string | null;
  /** The thread message this mail carries (agent replies): its delivery state shows next to it. */
  messageId?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  /**
   * Mail no human wrote: "auto-replied" (answers a customer's mail, e.g. the acknowledgement) or
   * "auto-generated" (notifications). Marked with Auto-Submitted (RFC 3834) and
   * X-Auto-Response-Suppress, so well-behaved autoresponders never answer it.
   */
  automatic?: "auto-replied" | "auto-generated" | null;
  /** Our Message-ID for it; generated (HMAC-signed) when not given. */
  emailMessageId?: string;
  /** Extra headers (e.g. List-Unsubscribe). */
  headers?: Record<string, string>;
  /** Not before this moment (default: now). */
  sendAfter?: Date;
  /** Files already in the content-addressed store (app/lib/files.server.ts), attached when the mail is sent. */
  attachments?: OutboundAttachment[];
};

/** A stored file attached to an outbox mail (e.g. a quote's PDF). */
export type OutboundAttachment = { sha256: string; filename: string; contentType: string };

export type QueuedEmail = { outboundEmailId: string; emailMessageId: string };

/** Writes one mail to the outbox inside the caller's transaction. */
export async function queueEmailInTransaction(tx: TransactionClient, input: QueueEmailInput): Promise<QueuedEmail> {
  const emailMessageId = input.emailMessageId ?? generateMessageId();
  const headers: Record<string, string> = { [headerName(OUR_MAIL_HEADER)]: input.kind, ...input.headers };
  if (input.automatic) {
    headers["Auto-Submitted"] = input.automatic;
    headers["X-Auto-Response-Suppress"] = "All";
  }
  const references = [...new Set((input.references ?? []).map((id) => normaliseMessageId(id)).filter((id): id is string => id !== null))];
  const row = await tx.outboundEmail.create({
    data: {
      kind: input.kind,
      ticketId: input.ticketId ?? null,
      messageId: input.messageId ?? null,
      toAddress: input.to.trim().toLowerCase(),
      subject: input.email.subject.slice(0, 500),
      html: input.email.html,
      text: input.email.text,
      emailMessageId,
      inReplyTo: normaliseMessageId(input.inReplyTo),
      references: references.length > 0 ? references.join(" ") : null,
      headers: JSON.stringify(headers),
      attachments: JSON.stringify((input.attachments ?? []).map(({ sha256, filename, contentType }) => ({ sha256, filename, contentType }))),
      status: "queued",
      nextAttemptAt: input.sendAfter ?? new Date(),
    },
    select: { id: true },
  });
  return { outboundEmailId: row.id, emailMessageId };
}

function headerName(lowerCase: string): string {
  return lowerCase.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** Renders a template in the contact's language and queues it (a convenience over the two steps). */
export async function queueTemplateEmailInTransaction<Props>(
  tx: TransactionClient,
  input: Omit<QueueEmailInput, "email"> & { template: EmailTemplate<Props>; props: Props; locale: string },
): Promise<QueuedEmail> {
  const { template, props, locale, ...rest } = input;
  return queueEmailInTransaction(tx, { ...rest, email: renderEmail(template, props, locale) });
}

// ───────────────────────────── recipients and threading ─────────────────────────────

/** Our own addresses: mail to them would loop back into the inbox. */
async function ownAddresses(tx: TransactionClient): Promise<Set<string>> {
  const mailboxes = await tx.mailbox.findMany({ select: { username: true } });
  return new Set([env().mail.from.address, ...mailboxes.map((mailbox) => mailbox.username.toLowerCase())].filter((address) => address.includes("@")));
}

type Requester = { id: string; firstName: string; lastName: string; language: string };

/**
 * Where to write to the requester: the address they last wrote to us from (one of theirs), else
 * their primary address, else any of their addresses; null when they have none.
 */
export async function requesterAddress(tx: TransactionClient, ticketId: string, requesterId: string): Promise<{ address: string; bouncedAt: Date | null } | null> {
  const emails = await tx.contactEmail.findMany({
    where: { contactId: requesterId },
    select: { address: true, isPrimary: true, bouncedAt: true },
    orderBy: [{ isPrimary: "desc" }, { address: "asc" }],
  });
  if (emails.length === 0) return null;
  const lastInbound = await tx.inboundEmail.findFirst({
    where: { ticketId, message: { authorContactId: requesterId } },
    orderBy: { receivedAt: "desc" },
    select: { fromAddress: true },
  });
  const preferred = lastInbound ? emails.find((email) => email.address === lastInbound.fromAddress.toLowerCase()) : undefined;
  const chosen = preferred ?? emails[0];
  return { address: chosen.address, bouncedAt: chosen.bouncedAt };
}

/**
 * In-Reply-To and References for a new mail in a ticket's thread: every Message-ID of the public
 * conversation (customer mails, our replies, acknowledgements) in order, answering the latest
 * customer mail. Capped like mail clients do (the first id and the most recent ones).
 */
export async function threadHeadersForTicket(tx: TransactionClient, ticketId: string, excludeMessageId?: string): Promise<{ inReplyTo: string | null; references: string[] }> {
  const [messages, systemMails] = await Promise.all([
    tx.message.findMany({
      where: { ticketId, visibility: "public", emailMessageId: { not: null }, ...(excludeMessageId ? { id: { not: excludeMessageId } } : {}) },
      orderBy: { createdAt: "asc" },
      select: { emailMessageId: true, direction: true, createdAt: true },
    }),
    tx.outboundEmail.findMany({ where: { ticketId, messageId: null }, orderBy: { createdAt: "asc" }, select: { emailMessageId: true, createdAt: true } }),
  ]);
  const timeline = [
    ...messages.map((message) => ({ id: message.emailMessageId!, at: message.createdAt, inbound: message.direction === "in" })),
    ...systemMails.map((mail) => ({ id: mail.emailMessageId, at: mail.createdAt, inbound: false })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const ids = [...new Set(timeline.map((entry) => entry.id))];
  const references = ids.length > 20 ? [ids[0], ...ids.slice(-19)] : ids;
  const lastInbound = [...timeline].reverse().find((entry) => entry.inbound);
  return { inReplyTo: lastInbound?.id ?? ids[ids.length - 1] ?? null, references };
}

function displayName(contact: Pick<Requester, "firstName" | "lastName">): string {
  return `${contact.firstName} ${contact.lastName}`.trim();
}

// ───────────────────────────── the helpdesk's mails ─────────────────────────────

/**
 * An agent's public reply, mailed to the requester. Gives the thread message our signed
 * Message-ID (so the customer's answer comes back to this ticket) and its threading headers.
 * Returns null (nothing queued) for internal notes or a requester without an address.
 */
export async function queueAgentReplyInTransaction(
  tx: TransactionClient,
  /** automatic: an automation rule's reply ("automation_reply", marked Auto-Submitted: auto-generated). */
  input: { messageId: string; solved?: boolean; automatic?: boolean },
): Promise<QueuedEmail | null> {
  const message = await tx.message.findUnique({
    where: { id: input.messageId },
    select: {
      id: true,
      visibility: true,
      direction: true,
      bodyText: true,
      bodyHtml: true,
      emailMessageId: true,
      authorUser: { select: { name: true } },
      ticket: { select: { id: true, number: true, subject: true, requester: { select: { id: true, firstName: true, lastName: true, language: true } } } },
    },
  });
  if (!message || message.visibility !== "public" || message.direction !== "out") return null;
  const { ticket } = message;
  const recipient = await requesterAddress(tx, ticket.id, ticket.requester.id);
  if (!recipient) return null;
  const thread = await threadHeadersForTicket(tx, ticket.id, message.id);
  const emailMessageId = message.emailMessageId ?? generateMessageId();
  await tx.message.update({
    where: { id: message.id },
    data: { emailMessageId, inReplyTo: thread.inReplyTo, references: thread.references.join(" ") || null },
  });
  return queueTemplateEmailInTransaction(tx, {
    kind: input.automatic ? "automation_reply" : "agent_reply",
    automatic: input.automatic ? "auto-generated" : null,
    to: recipient.address,
    ticketId: ticket.id,
    messageId: message.id,
    inReplyTo: thread.inReplyTo,
    references: thread.references,
    emailMessageId,
    template: agentReplyEmail,
    props: {
      ticketNumber: ticket.number,
      subject: ticket.subject,
      agentName: message.authorUser?.name ?? env().mail.from.name,
      bodyText: message.bodyText,
      bodyHtml: message.bodyHtml,
      solved: input.solved ?? false,
      rating: input.solved ? satisfactionLinks({ ticketId: ticket.id, contactId: ticket.requester.id }) : null,
    },
    locale: ticket.requester.language,
  });
}

export type AcknowledgementSkip = "already_sent" | "no_address" | "unanswerable_address" | "own_address" | "bounced_address" | "throttled" | "automated_mail";

/**
 * The acknowledgement of a new ticket opened by a customer. Never sent twice for one ticket,
 * never to a machine (no-reply, mailer-daemon, an address that bounced, one of ours) nor in
 * answer to automated mail, and at most MAIL_ACK_PER_HOUR per address per hour: two
 * autoresponders can never keep each other busy through us.
 */
export async function queueAcknowledgementInTransaction(
  tx: TransactionClient,
  input: { ticketId: string; automatedMail?: boolean; now?: Date },
): Promise<{ queued: QueuedEmail } | { skipped: AcknowledgementSkip }> {
  if (input.automatedMail) return { skipped: "automated_mail" };
  const now = input.now ?? new Date();
  const ticket = await tx.ticket.findUnique({
    where: { id: input.ticketId },
    select: {
      id: true,
      number: true,
      subject: true,
      requester: { select: { id: true, firstName: true, lastName: true, language: true } },
      messages: { where: { direction: "in" }, orderBy: { createdAt: "asc" }, take: 1, select: { emailMessageId: true } },
    },
  });
  if (!ticket) return { skipped: "no_address" };
  const already = await tx.outboundEmail.findFirst({ where: { ticketId: ticket.id, kind: "acknowledgement" }, select: { id: true } });
  if (already) return { skipped: "already_sent" };
  const recipient = await requesterAddress(tx, ticket.id, ticket.requester.id);
  if (!recipient) return { skipped: "no_address" };
  if (isUnanswerableAddress(recipient.address)) return { skipped: "unanswerable_address" };
  if ((await ownAddresses(tx)).has(recipient.address)) return { skipped: "own_address" };
  if (recipient.bouncedAt) return { skipped: "bounced_address" };
  const limit = env().mail.acknowledgementsPerHour;
  const recent = await tx.outboundEmail.count({
    where: { toAddress: recipient.address, kind: "acknowledgement", createdAt: { gte: new Date(now.getTime() - 60 * 60 * 1000) } },
  });
  if (recent >= limit) return { skipped: "throttled" };
  const customerMessageId = ticket.messages[0]?.emailMessageId ?? null;
  const queued = await queueTemplateEmailInTransaction(tx, {
    kind: "acknowledgement",
    to: recipient.address,
    ticketId: ticket.id,
    inReplyTo: customerMessageId,
    references: customerMessageId ? [customerMessageId] : [],
    automatic: "auto-replied",
    template: acknowledgementEmail,
    props: { ticketNumber: ticket.number, subject: ticket.subject, requesterName: displayName(ticket.requester) },
    locale: ticket.requester.language,
  });
  return { queued };
}

/** "Your request is solved": sent when an agent marks the ticket solved without a reply saying so. */
export async function queueTicketSolvedInTransaction(tx: TransactionClient, input: { ticketId: string }): Promise<QueuedEmail | null> {
  const ticket = await tx.ticket.findUnique({
    where: { id: input.ticketId },
    select: { id: true, number: true, subject: true, requester: { select: { id: true, firstName: true, lastName: true, language: true } } },
  });
  if (!ticket) return null;
  const recipient = await requesterAddress(tx, ticket.id, ticket.requester.id);
  if (!recipient || recipient.bouncedAt || isUnanswerableAddress(recipient.address)) return null;
  const thread = await threadHeadersForTicket(tx, ticket.id);
  return queueTemplateEmailInTransaction(tx, {
    kind: "ticket_solved",
    to: recipient.address,
    ticketId: ticket.id,
    inReplyTo: thread.inReplyTo,
    references: thread.references,
    automatic: "auto-generated",
    template: ticketSolvedEmail,
    props: {
      ticketNumber: ticket.number,
      subject: ticket.subject,
      requesterName: displayName(ticket.requester),
      rating: satisfactionLinks({ ticketId: ticket.id, contactId: ticket.requester.id }),
    },
    locale: ticket.requester.language,
  });
}
