import type { Prisma } from "~/generated/prisma/client";
import { DomainError } from "~/domain/errors";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import type { InboundFilter, OutboundFilter } from "./email-admin-vocabulary";
import { retryOutboundEmail } from "./outbox-delivery.server";
import { processInboundEmail, type InboundOutcome } from "./process-inbound.server";

/**
 * What Administration shows of the email channel: the sending settings, incoming mail (the
 * failures first, with their error and a "reprocess" button) and the outbox (every mail with
 * its state and a preview of its HTML).
 */

export { inboundFilters, outboundFilters, type InboundFilter, type OutboundFilter } from "./email-admin-vocabulary";

const PAGE = 100;

export function sendingSettings() {
  const { mail } = env();
  return { smtpConfigured: mail.smtpUrl !== null, smtpHost: mail.smtpUrl ? new URL(mail.smtpUrl).host : null, from: mail.from, acknowledgementsPerHour: mail.acknowledgementsPerHour, maxAttachmentBytes: mail.maxAttachmentBytes, maxMessageAttachmentBytes: mail.maxMessageAttachmentBytes };
}

function inboundWhere(filter: InboundFilter): Prisma.InboundEmailWhereInput {
  switch (filter) {
    case "pending":
      return { status: "received" };
    case "all":
      return {};
    default:
      return { status: filter };
  }
}

export async function inboundCounts(): Promise<Record<string, number>> {
  const counts = await db().inboundEmail.groupBy({ by: ["status"], _count: true });
  return Object.fromEntries(counts.map((entry) => [entry.status, entry._count]));
}

export async function listInboundEmails(filter: InboundFilter) {
  const where = inboundWhere(filter);
  const [rows, total] = await Promise.all([
    db().inboundEmail.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { uid: "desc" }],
      take: PAGE,
      select: {
        id: true,
        receivedAt: true,
        processedAt: true,
        fromAddress: true,
        subject: true,
        size: true,
        status: true,
        classification: true,
        error: true,
        attempts: true,
        nextAttemptAt: true,
        ticketId: true,
        mailbox: { select: { name: true } },
      },
    }),
    db().inboundEmail.count({ where }),
  ]);
  const ticketNumbers = await ticketNumbersOf(rows.map((row) => row.ticketId));
  return { rows: rows.map((row) => ({ ...row, ticketNumber: row.ticketId ? (ticketNumbers.get(row.ticketId) ?? null) : null })), total };
}

async function ticketNumbersOf(ids: Array<string | null>): Promise<Map<string, number>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  const tickets = await db().ticket.findMany({ where: { id: { in: wanted } }, select: { id: true, number: true } });
  return new Map(tickets.map((ticket) => [ticket.id, ticket.number]));
}

/** The raw .eml of an incoming mail (for the administrator's download); none once its sender was erased (GDPR). */
export async function inboundRaw(id: string) {
  return db().inboundEmail.findUnique({ where: { id, rawSha256: { not: "" } }, select: { rawSha256: true, size: true, receivedAt: true, uid: true } });
}

/**
 * "Reprocess" (a failed mail) or "create a ticket anyway" (a mail the chain ignored: an
 * unlinked bounce, a loop, a duplicate). Recorded in the audit log.
 */
export async function reprocessInboundEmail(id: string, input: { actorId: string; asNewTicket: boolean }): Promise<{ outcome: InboundOutcome; ticketNumber: number | null }> {
  const row = await db().inboundEmail.findUnique({ where: { id }, select: { id: true, status: true } });
  if (!row) throw new DomainError("errors.notFound");
  if (row.status === "processed") throw new DomainError("email.inbound.alreadyProcessed");
  if (row.status === "failed") await db().inboundEmail.update({ where: { id }, data: { nextAttemptAt: new Date() } });
  const outcome = await processInboundEmail(id, { asNewTicket: input.asNewTicket });
  await db().$transaction((tx) =>
    recordAudit(tx, { actorId: input.actorId, action: input.asNewTicket ? "inbound_email.forced" : "inbound_email.reprocessed", entityType: "inbound_email", entityId: id, details: { outcome: outcome.status } }),
  );
  const ticketId = "ticketId" in outcome ? outcome.ticketId : null;
  return { outcome, ticketNumber: ticketId ? ((await ticketNumbersOf([ticketId])).get(ticketId) ?? null) : null };
}

export async function listOutboundEmails(filter: OutboundFilter) {
  const where: Prisma.OutboundEmailWhereInput = filter === "all" ? {} : filter === "queued" ? { status: { in: ["queued", "sending"] } } : { status: filter };
  const [rows, total, counts] = await Promise.all([
    db().outboundEmail.findMany({
      where,
      orderBy: { createdAt: "desc" },
      take: PAGE,
      select: {
        id: true,
        kind: true,
        toAddress: true,
        subject: true,
        status: true,
        attempts: true,
        lastError: true,
        sentAt: true,
        nextAttemptAt: true,
        createdAt: true,
        ticket: { select: { number: true } },
      },
    }),
    db().outboundEmail.count({ where }),
    db().outboundEmail.groupBy({ by: ["status"], _count: true }),
  ]);
  return { rows, total, counts: Object.fromEntries(counts.map((entry) => [entry.status, entry._count])) as Record<string, number> };
}

export async function getOutboundEmail(id: string) {
  return db().outboundEmail.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      toAddress: true,
      subject: true,
      html: true,
      text: true,
      emailMessageId: true,
      inReplyTo: true,
      references: true,
      headers: true,
      status: true,
      attempts: true,
      lastError: true,
      sentAt: true,
      nextAttemptAt: true,
      createdAt: true,
      ticket: { select: { number: true, subject: true } },
    },
  });
}

/** "Send again": a failed mail goes back to the queue, now. */
export async function retryOutbound(id: string, actorId: string): Promise<void> {
  const retried = await retryOutboundEmail(id);
  if (!retried) throw new DomainError("email.outbox.notRetryable");
  await db().$transaction((tx) => recordAudit(tx, { actorId, action: "outbound_email.retried", entityType: "outbound_email", entityId: id }));
}
