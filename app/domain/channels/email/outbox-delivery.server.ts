import { transactionWithEvents } from "~/domain/event-store.server";
import { wakeOutboxSender } from "./outbox-wake.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { fileStorePath } from "~/lib/files.server";
import { describeSmtpError, type MailTransport } from "~/lib/mail/transport.server";

/**
 * Sending the outbox: rows are claimed one by one (queued → sending, with a lease so a crash
 * mid-send hands the row back), sent over SMTP, then marked sent, or retried with backoff, or
 * failed with the server's words. A 5xx answer fails at once; anything else is retried up to
 * MAX_SEND_ATTEMPTS times over about a day. Delivery is at least once: after a crash between
 * the server's "250 OK" and our write, the mail goes again with the same Message-ID, which mail
 * clients treat as the same message.
 */

export const MAX_SEND_ATTEMPTS = 8;
const RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 180, 360, 720];
/** A claimed row whose sender died is handed back after this long. */
const SENDING_LEASE_MS = 10 * 60 * 1000;

/** Delay before the next try after `failedAttempts` failures (1 → 1 min, 2 → 5 min, ... 12 h). */
export function retryDelayMs(failedAttempts: number): number {
  const index = Math.min(Math.max(failedAttempts, 1), RETRY_DELAYS_MINUTES.length) - 1;
  return RETRY_DELAYS_MINUTES[index] * 60 * 1000;
}

export type DeliveryOutcome = "sent" | "retrying" | "failed" | "skipped";

/** Rows left "sending" by a process that died are queued again once their lease is over. */
export async function releaseStaleSendingEmails(now = new Date()): Promise<number> {
  const { count } = await db().outboundEmail.updateMany({ where: { status: "sending", nextAttemptAt: { lte: now } }, data: { status: "queued" } });
  return count;
}

function parseHeaders(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object") return {};
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

/** The stored files listed on a row (quote PDFs...); anything malformed is left out rather than failing the send. */
function parseAttachments(json: string): Array<{ sha256: string; filename: string; contentType: string }> {
  try {
    const value = JSON.parse(json) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter(
      (entry): entry is { sha256: string; filename: string; contentType: string } =>
        typeof entry === "object" && entry !== null && typeof entry.sha256 === "string" && /^[0-9a-f]{64}$/.test(entry.sha256) && typeof entry.filename === "string" && typeof entry.contentType === "string",
    );
  } catch {
    return [];
  }
}

/** Sends one outbox row if it is due and nobody else holds it. */
export async function deliverOutboundEmail(id: string, transport: MailTransport, now = new Date()): Promise<DeliveryOutcome> {
  const claimed = await db().outboundEmail.updateMany({
    where: { id, status: "queued", nextAttemptAt: { lte: now } },
    data: { status: "sending", nextAttemptAt: new Date(now.getTime() + SENDING_LEASE_MS) },
  });
  if (claimed.count === 0) return "skipped";
  const row = await db().outboundEmail.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      kind: true,
      ticketId: true,
      messageId: true,
      toAddress: true,
      subject: true,
      html: true,
      text: true,
      emailMessageId: true,
      inReplyTo: true,
      references: true,
      headers: true,
      attachments: true,
      attempts: true,
      message: {
        select: {
          authorUser: { select: { name: true } },
          attachments: { where: { inline: false }, select: { sha256: true, filename: true, contentType: true } },
        },
      },
    },
  });
  const { from } = env().mail;
  const agentName = row.kind === "agent_reply" ? row.message?.authorUser?.name : null;
  const attempts = row.attempts + 1;
  try {
    await transport.sendMail({
      from: { name: agentName ? `${agentName} · ${from.name}` : from.name, address: from.address },
      replyTo: from.address,
      to: row.toAddress,
      subject: row.subject,
      text: row.text,
      html: row.html,
      messageId: row.emailMessageId,
      inReplyTo: row.inReplyTo ?? undefined,
      references: row.references ?? undefined,
      headers: parseHeaders(row.headers),
      envelope: { from: from.address, to: [row.toAddress] },
      attachments: [...(row.message?.attachments ?? []), ...parseAttachments(row.attachments)].map((attachment) => ({
        filename: attachment.filename,
        contentType: attachment.contentType,
        path: fileStorePath(attachment.sha256),
      })),
    });
    await transactionWithEvents(async (tx, events) => {
      await tx.outboundEmail.update({ where: { id }, data: { status: "sent", sentAt: new Date(), attempts, lastError: null } });
      events.record("email.delivery", { outboundEmailId: id, ticketId: row.ticketId, messageId: row.messageId, status: "sent" });
    });
    return "sent";
  } catch (error) {
    const failure = describeSmtpError(error);
    const giveUp = failure.permanent || attempts >= MAX_SEND_ATTEMPTS;
    await transactionWithEvents(async (tx, events) => {
      await tx.outboundEmail.update({
        where: { id },
        data: giveUp
          ? { status: "failed", attempts, lastError: failure.message }
          : { status: "queued", attempts, lastError: failure.message, nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)) },
      });
      events.record("email.delivery", { outboundEmailId: id, ticketId: row.ticketId, messageId: row.messageId, status: giveUp ? "failed" : "queued" });
    });
    return giveUp ? "failed" : "retrying";
  }
}

/** Sends what is due, oldest first; one failing mail never holds back the others. */
export async function deliverDueEmails(transport: MailTransport, options: { limit?: number; now?: Date } = {}) {
  const now = options.now ?? new Date();
  await releaseStaleSendingEmails(now);
  const due = await db().outboundEmail.findMany({
    where: { status: "queued", nextAttemptAt: { lte: now } },
    orderBy: [{ nextAttemptAt: "asc" }, { createdAt: "asc" }],
    take: options.limit ?? 25,
    select: { id: true },
  });
  const outcomes: Record<DeliveryOutcome, number> = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  for (const { id } of due) outcomes[await deliverOutboundEmail(id, transport, now)] += 1;
  return { ...outcomes, due: due.length };
}

/** Administration: try a failed (or waiting) mail again now. */
export async function retryOutboundEmail(id: string): Promise<boolean> {
  const retried = await transactionWithEvents(async (tx, events) => {
    const { count } = await tx.outboundEmail.updateMany({
      where: { id, status: { in: ["failed", "queued"] } },
      data: { status: "queued", nextAttemptAt: new Date() },
    });
    if (count === 0) return false;
    const row = await tx.outboundEmail.findUnique({ where: { id }, select: { ticketId: true, messageId: true } });
    events.record("email.delivery", { outboundEmailId: id, ticketId: row?.ticketId ?? null, messageId: row?.messageId ?? null, status: "queued" });
    return true;
  });
  if (retried) wakeOutboxSender();
  return retried;
}
