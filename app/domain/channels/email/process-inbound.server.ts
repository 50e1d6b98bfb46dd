import { findOrCreateContactByEmail } from "~/domain/customers/contacts.server";
import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import { addCustomerMessageInTransaction, createTicketInTransaction, type MessageInput } from "~/domain/helpdesk/tickets.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { readStoredFile } from "~/lib/files.server";
import { sanitizeEmailHtml } from "~/lib/html-sanitizer.server";
import { isOurSignedMessageId } from "~/lib/mail/message-id.server";
import { encodeProcessingNotes, type ProcessingNote } from "~/lib/mail/processing-note";
import { selectAttachments, storeAttachments } from "./attachments.server";
import { detectAutomatedMail, OUR_MAIL_HEADER, type AutomatedVerdict } from "./automated-mail";
import { applyCampaignBounce, applyCampaignComplaint, campaignMailFor, recordCampaignReply, unsubscribeTokenInSubject } from "~/domain/marketing/campaigns/campaign-mail-feedback.server";
import { unsubscribeInTransaction } from "~/domain/marketing/campaigns/campaign-engagement.server";
import { detectBounce, type BounceReport } from "./bounce";
import { detectComplaint } from "./complaint";
import { findFollowUpTicket } from "./follow-up.server";
import { headerValue, parseEmail, type ParsedEmail } from "./parse.server";

/**
 * Processing one stored mail, as a chain of small named steps (after Zammad's channel filters):
 *
 *   parse → own loop → duplicate → campaign unsubscribe → bounce → complaint → auto-reply → sender
 *     → follow-up → campaign reply → sanitise → attachments → write
 *
 * Everything that reads is done first; everything that writes happens in ONE transaction that
 * also marks the InboundEmail processed. A crash anywhere leaves either nothing or everything, and
 * the next run starts again from the stored raw mail: no loss, no duplicate. A failure is kept
 * with its error and retried with backoff; one poison mail never holds back the others.
 */

export const MAX_INBOUND_ATTEMPTS = 10;
const RETRY_MINUTES = [1, 5, 15, 60, 180, 720, 1440];
const MAX_TEXT_LENGTH = 200_000;
const MAX_HTML_LENGTH = 1_000_000;
const UNKNOWN_SENDER = "expediteur-inconnu@comptoir.invalid";

export function inboundRetryDelayMs(attempts: number): number {
  return RETRY_MINUTES[Math.min(Math.max(attempts, 1), RETRY_MINUTES.length) - 1] * 60 * 1000;
}

export type InboundOutcome =
  | { status: "skipped"; reason: "missing" | "already_processed" | "in_progress" }
  | { status: "processed" | "ignored"; classification: string | null; ticketId: string | null; messageId: string | null; createdTicket: boolean }
  | { status: "failed"; error: string };

type InboundRow = { id: string; mailboxId: string; rawSha256: string; attempts: number; status: string; defaultGroupId: string | null };

// ───────────────────────────── the steps (named, each testable) ─────────────────────────────

/** Our own outgoing mail coming back in (BCC, a forwarding loop): never processed again. */
export function isOwnMailReturning(parsed: ParsedEmail): boolean {
  return parsed.headers.has(OUR_MAIL_HEADER) || (parsed.messageId !== null && isOurSignedMessageId(parsed.messageId));
}

/** The sender's preferred language when their client says it (Content-Language / Accept-Language). */
export function senderLanguage(parsed: ParsedEmail): "fr" | "en" | undefined {
  const declared = (headerValue(parsed, "content-language") ?? headerValue(parsed, "accept-language") ?? "").toLowerCase();
  if (declared.startsWith("en")) return "en";
  if (declared.startsWith("fr")) return "fr";
  return undefined;
}

type PreparedBody = { message: MessageInput; notes: ProcessingNote[] };

/** Sanitise the HTML, choose and store attachments, cap the sizes: everything before the transaction. */
export async function prepareBody(parsed: ParsedEmail): Promise<PreparedBody> {
  const notes: ProcessingNote[] = [];
  for (const warning of parsed.warnings) notes.push({ code: "parse_warning", detail: warning.slice(0, 300) });
  const sanitized = parsed.html ? sanitizeEmailHtml(parsed.html) : null;
  const { maxAttachmentBytes, maxMessageAttachmentBytes } = env().mail;
  const { kept, dropped } = selectAttachments(parsed.attachments, sanitized?.embeddedImages ?? [], sanitized?.referencedContentIds ?? [], {
    maxAttachmentBytes,
    maxMessageAttachmentBytes,
  });
  if (dropped.length > 0) {
    notes.push({
      code: "attachments_dropped",
      files: dropped.map((file) => ({ name: file.filename, size: file.size, reason: file.reason })),
      maxAttachmentBytes,
      maxMessageBytes: maxMessageAttachmentBytes,
    });
  }
  const attachments = await storeAttachments(kept);
  let bodyText = parsed.text.trim();
  let bodyHtml = sanitized?.html ? sanitized.html : null;
  if (bodyText.length > MAX_TEXT_LENGTH || (bodyHtml && bodyHtml.length > MAX_HTML_LENGTH)) {
    notes.push({ code: "body_truncated", originalLength: Math.max(bodyText.length, bodyHtml?.length ?? 0) });
    bodyText = bodyText.slice(0, MAX_TEXT_LENGTH);
    if (bodyHtml && bodyHtml.length > MAX_HTML_LENGTH) bodyHtml = null;
  }
  return {
    notes,
    message: {
      bodyText,
      bodyHtml,
      emailMessageId: parsed.messageId,
      inReplyTo: parsed.inReplyTo[0] ?? null,
      references: parsed.references.length > 0 ? parsed.references.join(" ").slice(0, 8000) : null,
      hasRemoteContent: sanitized?.hasRemoteContent ?? false,
      attachments,
    },
  };
}

type Duplicate = { kind: "same_mail"; ticketId: string | null } | { kind: "reused_message_id" } | null;

/** The same mail seen before (another mailbox, a re-delivery, a new UIDVALIDITY), or a sender reusing a Message-ID. */
export async function findDuplicate(tx: TransactionClient, inbound: InboundRow, parsed: ParsedEmail, bodyText: string): Promise<Duplicate> {
  const sameBytes = await tx.inboundEmail.findFirst({
    where: { rawSha256: inbound.rawSha256, status: "processed", id: { not: inbound.id } },
    select: { ticketId: true },
  });
  if (sameBytes) return { kind: "same_mail", ticketId: sameBytes.ticketId };
  if (!parsed.messageId) return null;
  const earlier = await tx.message.findUnique({
    where: { emailMessageId: parsed.messageId },
    select: { ticketId: true, bodyText: true, authorContact: { select: { emails: { select: { address: true } } } } },
  });
  if (!earlier) return null;
  const sameSender = earlier.authorContact?.emails.some((email) => email.address === parsed.from?.address) ?? false;
  const normalise = (text: string) => text.replace(/\s+/g, " ").trim();
  if (sameSender && normalise(earlier.bodyText) === normalise(bodyText)) return { kind: "same_mail", ticketId: earlier.ticketId };
  return { kind: "reused_message_id" };
}

/**
 * A bounce of one of OUR mails (its Message-ID must carry our signature): the outbox row turns
 * failed with the server's words and, when permanent, the address is marked bounced. A report
 * we cannot tie to our own mail changes nothing (anyone can forge a bounce).
 */
export async function applyBounce(tx: TransactionClient, report: BounceReport, now: Date): Promise<{ outboundEmailId: string; ticketId: string | null; messageId: string | null } | null> {
  for (const candidate of report.originalMessageIds) {
    if (!isOurSignedMessageId(candidate)) continue;
    const outbound = await tx.outboundEmail.findUnique({ where: { emailMessageId: candidate }, select: { id: true, ticketId: true, messageId: true, toAddress: true, status: true } });
    if (!outbound) continue;
    const recipient = report.recipients.find((entry) => entry.address === outbound.toAddress) ?? report.recipients[0];
    const permanent = recipient?.permanent ?? report.permanent;
    await tx.outboundEmail.update({
      where: { id: outbound.id },
      data: permanent ? { status: "failed", lastError: `bounce: ${report.summary}` } : { lastError: `delayed: ${report.summary}` },
    });
    if (permanent) await tx.contactEmail.updateMany({ where: { address: outbound.toAddress, bouncedAt: null }, data: { bouncedAt: now } });
    return { outboundEmailId: outbound.id, ticketId: outbound.ticketId, messageId: outbound.messageId };
  }
  return null;
}

// ───────────────────────────── the chain ─────────────────────────────

type Written = {
  outcome: Extract<InboundOutcome, { status: "processed" | "ignored" }>;
};

async function writeInbound(
  tx: TransactionClient,
  events: EventRecorder,
  inbound: InboundRow,
  parsed: ParsedEmail,
  prepared: PreparedBody,
  options: { asNewTicket: boolean },
): Promise<Written | null> {
  const now = new Date();
  // Claim: nobody processed it while we were reading (another worker, the reprocess button).
  const claimable = options.asNewTicket ? ["received", "failed", "ignored"] : ["received", "failed"];
  const claim = await tx.inboundEmail.updateMany({ where: { id: inbound.id, status: { in: claimable } }, data: { processedAt: now } });
  if (claim.count === 0) return null;
  const finish = async (status: "processed" | "ignored", classification: string | null, ticketId: string | null, messageId: string | null, createdTicket = false): Promise<Written> => {
    await tx.inboundEmail.update({
      where: { id: inbound.id },
      data: { status, classification, ticketId, messageId, processedAt: now, error: null, nextAttemptAt: null },
    });
    events.record("email.inbound", { inboundEmailId: inbound.id, mailboxId: inbound.mailboxId, status, ticketId });
    return { outcome: { status, classification, ticketId, messageId, createdTicket } };
  };

  // Step: loop. Our own mail coming back is recorded and goes no further.
  if (!options.asNewTicket && isOwnMailReturning(parsed)) return finish("ignored", "loop", null, null);

  // Step: duplicate. The same mail twice becomes one ticket.
  const notes = [...prepared.notes];
  const message: MessageInput = { ...prepared.message };
  const duplicate = await findDuplicate(tx, inbound, parsed, message.bodyText);
  if (duplicate?.kind === "same_mail" && !options.asNewTicket) return finish("ignored", "duplicate", duplicate.ticketId, null);
  if (duplicate) {
    // Two different mails under one Message-ID: keep both, the second without the id.
    if (duplicate.kind === "reused_message_id") notes.push({ code: "duplicate_message_id", messageId: parsed.messageId ?? "" });
    message.emailMessageId = null;
  }

  // Step: campaign unsubscribe. The List-Unsubscribe mailto of a campaign mail ("unsubscribe
  // <token>"): the token's recipient is unsubscribed; never a ticket.
  const unsubscribeToken = options.asNewTicket ? null : unsubscribeTokenInSubject(parsed.subject);
  if (unsubscribeToken) {
    const unsubscribed = await unsubscribeInTransaction(tx, events, unsubscribeToken, { channel: "mail", now });
    return finish(unsubscribed ? "processed" : "ignored", "campaign_unsubscribe", null, null);
  }

  // Step: bounce. A delivery report about our mail updates the campaign recipient or the outbox, creates no ticket.
  if (!options.asNewTicket) {
    const report = detectBounce(parsed);
    if (report) {
      if (await applyCampaignBounce(tx, events, report, now)) return finish("processed", "campaign_bounce", null, null);
      const linked = await applyBounce(tx, report, now);
      if (linked) {
        events.record("email.delivery", { outboundEmailId: linked.outboundEmailId, ticketId: linked.ticketId, messageId: linked.messageId, status: report.permanent ? "failed" : "sent" });
        return finish("processed", "bounce", linked.ticketId, null);
      }
      return finish("ignored", "bounce", null, null);
    }
  }

  // Step: complaint. An abuse report (ARF) about a campaign mail suppresses the address; any other goes on as before.
  if (!options.asNewTicket) {
    const complaint = detectComplaint(parsed);
    if (complaint && (await applyCampaignComplaint(tx, events, complaint, now))) return finish("processed", "campaign_complaint", null, null);
  }

  // Step: auto-reply / loop detection. Recorded like any mail, never answered automatically.
  const automated: AutomatedVerdict = detectAutomatedMail(parsed);
  if (automated?.kind === "loop" && !options.asNewTicket) return finish("ignored", "loop", null, null);
  if (automated) notes.push({ code: "automated", kind: automated.kind, reason: automated.reason });

  // Step: sender identification (contact by any of its addresses, else created with its company).
  const sender = await findOrCreateContactByEmail(tx, {
    email: parsed.from?.address ?? UNKNOWN_SENDER,
    name: parsed.from?.name || undefined,
    language: senderLanguage(parsed),
  });
  if (sender.created) events.record("contact.saved", { contactId: sender.contactId, actorId: null, created: true });

  // Step: follow-up detection (signed Message-ID, else a known id or a [#1234] token from a participant).
  const decision = options.asNewTicket ? { match: null, refused: [] } : await findFollowUpTicket(tx, parsed, sender.contactId);
  const refusedToken = decision.refused.find((entry) => entry.ticketNumber !== undefined && entry.reason !== "no such ticket");
  const match = decision.match;

  if (match && match.status !== "closed") {
    const added = await addCustomerMessageInTransaction(tx, {
      ...message,
      processingNote: encodeProcessingNotes(notes),
      ticketId: match.ticketId,
      contactId: sender.contactId,
      automated: automated !== null,
    });
    events.record("message.added", { ticketId: added.ticketId, messageId: added.messageId, visibility: "public", actorId: null });
    if (added.reopened) events.record("ticket.updated", { ticketId: added.ticketId, actorId: null, changes: ["status"] });
    return finish("processed", automated ? automated.kind : `follow_up:${match.via}`, added.ticketId, added.messageId);
  }
  if (match) notes.push({ code: "closed_ticket_follow_up", ticketNumber: match.number });
  else if (refusedToken?.ticketNumber) notes.push({ code: "thread_refused", ticketNumber: refusedToken.ticketNumber });

  // Step: campaign reply. A reply naming a campaign mail's signed Message-ID (and no ticket of
  // ours) opens a new ticket on the sender, tied to the campaign. An automatic answer to a
  // mailing (out of office...) is recorded and goes no further: a 2,000-recipient campaign must
  // not open a hundred out-of-office tickets.
  const campaignMail = match || options.asNewTicket ? null : await campaignMailFor(tx, [...parsed.inReplyTo, ...parsed.references]);
  if (campaignMail && automated) return finish("ignored", "campaign_auto_reply", null, null);

  const created = await createTicketInTransaction(tx, {
    requesterId: sender.contactId,
    subject: parsed.subject,
    channel: "email",
    groupId: inbound.defaultGroupId,
    openedBy: { contactId: sender.contactId },
    firstMessage: { ...message, processingNote: encodeProcessingNotes(notes) },
    automatedMail: automated !== null,
  });
  events.record("ticket.created", { ticketId: created.ticketId, actorId: null });
  events.record("message.added", { ticketId: created.ticketId, messageId: created.messageId, visibility: "public", actorId: null });
  if (campaignMail) {
    await recordCampaignReply(tx, events, campaignMail, created.ticketId, now);
    return finish("processed", "campaign_reply", created.ticketId, created.messageId, true);
  }
  return finish("processed", automated ? automated.kind : null, created.ticketId, created.messageId, true);
}

/**
 * Processes one stored mail. Idempotent: a processed mail is skipped; `asNewTicket` (the
 * Administration's "create a ticket anyway" for an ignored mail) skips the loop, duplicate,
 * bounce and follow-up steps.
 */
export async function processInboundEmail(inboundEmailId: string, options: { asNewTicket?: boolean; now?: Date } = {}): Promise<InboundOutcome> {
  const now = options.now ?? new Date();
  const row = await db().inboundEmail.findUnique({
    where: { id: inboundEmailId },
    select: { id: true, mailboxId: true, rawSha256: true, attempts: true, status: true, mailbox: { select: { defaultGroupId: true } } },
  });
  if (!row) return { status: "skipped", reason: "missing" };
  if (row.status === "processed" || (row.status === "ignored" && !options.asNewTicket)) return { status: "skipped", reason: "already_processed" };
  const inbound: InboundRow = { ...row, defaultGroupId: row.mailbox.defaultGroupId };

  // Count the attempt before trying (committed): a mail that kills the process every time it is
  // read ends up "failed" instead of taking the worker down forever.
  const attempts = row.attempts + 1;
  if (row.status === "received" && row.attempts >= MAX_INBOUND_ATTEMPTS) {
    await db().inboundEmail.update({ where: { id: row.id }, data: { status: "failed", error: `Processing was interrupted ${row.attempts} times.`, nextAttemptAt: null } });
    return { status: "failed", error: "interrupted" };
  }
  await db().inboundEmail.update({
    where: { id: row.id },
    data: { attempts, nextAttemptAt: attempts >= MAX_INBOUND_ATTEMPTS ? null : new Date(now.getTime() + inboundRetryDelayMs(attempts)) },
  });

  try {
    const raw = await readStoredFile(row.rawSha256);
    const parsed = await parseEmail(raw);
    const prepared = await prepareBody(parsed);
    const written = await transactionWithEvents((tx, events) => writeInbound(tx, events, inbound, parsed, prepared, { asNewTicket: options.asNewTicket ?? false }), {
      timeout: 60_000,
    });
    if (!written) return { status: "skipped", reason: "already_processed" };
    return written.outcome;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await transactionWithEvents(async (tx, events) => {
      await tx.inboundEmail.update({ where: { id: row.id }, data: { status: "failed", error: message.slice(0, 2000) } });
      events.record("email.inbound", { inboundEmailId: row.id, mailboxId: row.mailboxId, status: "failed", ticketId: null });
    });
    return { status: "failed", error: message };
  }
}

/** Mail waiting for processing: new ones, and failed ones whose retry time has come. */
export async function pendingInboundEmailIds(options: { limit?: number; now?: Date; mailboxId?: string } = {}): Promise<string[]> {
  const now = options.now ?? new Date();
  const rows = await db().inboundEmail.findMany({
    where: {
      ...(options.mailboxId ? { mailboxId: options.mailboxId } : {}),
      OR: [{ status: "received" }, { status: "failed", nextAttemptAt: { lte: now } }],
    },
    orderBy: [{ receivedAt: "asc" }, { uid: "asc" }],
    take: options.limit ?? 100,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Processes what is pending, oldest first, each on its own; returns how each ended. */
export async function processPendingInboundEmails(options: { limit?: number; now?: Date; mailboxId?: string; shouldStop?: () => boolean } = {}) {
  const counts = { processed: 0, ignored: 0, failed: 0, skipped: 0 };
  for (const id of await pendingInboundEmailIds(options)) {
    if (options.shouldStop?.()) break;
    const outcome = await processInboundEmail(id, { now: options.now });
    counts[outcome.status] += 1;
  }
  return counts;
}
