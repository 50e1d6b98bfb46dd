import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { syncSlaInTransaction } from "./sla/sla.server";
import { visibleTicketsWhere, type TicketViewer } from "./ticket-access.server";
import { recordTicketEvent } from "./ticket-events.server";
import { TicketConflictError } from "./tickets.server";
import { unresolvedStatuses } from "./ticket-vocabulary";

/**
 * Merging two tickets of the same customer (the same request sent twice, a follow-up opened as a
 * new ticket): the source's whole thread (messages with their attachments and mail records,
 * interventions, tags) moves to the target; the source is closed and points to the target
 * (mergedIntoId). Both histories say who did it, and the audit log keeps the operation.
 * Tickets of different requesters are never merged: a customer must not see another's thread.
 */

export type MergeTarget = { id: string; number: number; subject: string; status: string; requesterName: string; messageCount: number };

type MergeSource = { id: string; number: number; status: string; version: number; requesterId: string; mergedIntoId: string | null };

async function checkMerge(viewer: TicketViewer, source: MergeSource, targetNumber: number) {
  if (source.mergedIntoId) throw new DomainError("helpdesk.merge.alreadyMerged", "targetNumber");
  if (targetNumber === source.number) throw new DomainError("helpdesk.merge.sameTicket", "targetNumber");
  const visible = await visibleTicketsWhere(viewer);
  const target = await db().ticket.findFirst({
    where: { AND: [visible, { number: targetNumber }] },
    select: {
      id: true,
      number: true,
      subject: true,
      status: true,
      requesterId: true,
      mergedIntoId: true,
      requester: { select: { firstName: true, lastName: true } },
      _count: { select: { messages: true } },
    },
  });
  if (!target) throw new DomainError("helpdesk.merge.targetNotFound", "targetNumber");
  if (target.mergedIntoId) throw new DomainError("helpdesk.merge.targetMerged", "targetNumber");
  if (target.status === "closed") throw new DomainError("helpdesk.merge.targetClosed", "targetNumber");
  if (target.requesterId !== source.requesterId) throw new DomainError("helpdesk.merge.differentRequester", "targetNumber");
  return target;
}

async function loadSource(sourceId: string): Promise<MergeSource> {
  const source = await db().ticket.findUnique({
    where: { id: sourceId },
    select: { id: true, number: true, status: true, version: true, requesterId: true, mergedIntoId: true },
  });
  if (!source) throw new DomainError("errors.notFound");
  return source;
}

/** What the agent is about to merge into, for the confirmation step; refuses what merge would refuse. */
export async function previewMerge(input: { viewer: TicketViewer; sourceId: string; targetNumber: number }): Promise<MergeTarget> {
  const source = await loadSource(input.sourceId);
  const target = await checkMerge(input.viewer, source, input.targetNumber);
  return {
    id: target.id,
    number: target.number,
    subject: target.subject,
    status: target.status,
    requesterName: `${target.requester.firstName} ${target.requester.lastName}`.trim(),
    messageCount: target._count.messages,
  };
}

/**
 * Merges the source ticket (at the version the agent loaded) into the ticket numbered
 * `targetNumber`, in one transaction. An unresolved source merged into a solved target reopens it.
 */
export async function mergeTickets(input: { viewer: TicketViewer; sourceId: string; targetNumber: number; expectedVersion: number; now?: Date }) {
  const now = input.now ?? new Date();
  const actorId = input.viewer.id;
  const source = await loadSource(input.sourceId);
  if (source.version !== input.expectedVersion) throw new TicketConflictError(source.version);
  const target = await checkMerge(input.viewer, source, input.targetNumber);

  const result = await transactionWithEvents(async (tx, events) => {
    // The version guard closes the race with a concurrent save of the source.
    const closed = await tx.ticket.updateMany({
      where: { id: source.id, version: input.expectedVersion, mergedIntoId: null },
      data: { status: "closed", closedAt: now, mergedIntoId: target.id, version: { increment: 1 } },
    });
    if (closed.count === 0) throw new TicketConflictError(source.version + 1);

    const messages = await tx.message.findMany({ where: { ticketId: source.id }, select: { id: true } });
    const messageIds = messages.map((message) => message.id);
    await tx.message.updateMany({ where: { ticketId: source.id }, data: { ticketId: target.id } });
    await tx.intervention.updateMany({ where: { ticketId: source.id }, data: { ticketId: target.id } });
    await tx.outboundEmail.updateMany({ where: { ticketId: source.id }, data: { ticketId: target.id } });
    await tx.inboundEmail.updateMany({ where: { ticketId: source.id }, data: { ticketId: target.id } });
    await mergeTags(tx, source.id, target.id);
    const targetChanges = await absorbTimestamps(tx, { sourceId: source.id, targetId: target.id, actorId, now, sourceUnresolved: isUnresolved(source.status) });

    await recordTicketEvent(tx, {
      ticketId: source.id,
      actorId,
      kind: "merged_into",
      at: now,
      data: { targetId: target.id, targetNumber: target.number, messages: messageIds.length, from: source.status },
    });
    await recordTicketEvent(tx, {
      ticketId: target.id,
      actorId,
      kind: "merged_from",
      at: now,
      data: { sourceId: source.id, sourceNumber: source.number, messages: messageIds.length },
    });
    await recordAudit(tx, {
      actorId,
      action: "ticket.merged",
      entityType: "ticket",
      entityId: source.id,
      details: { sourceNumber: source.number, targetId: target.id, targetNumber: target.number, messages: messageIds.length },
    });
    events.record("ticket.merged", { sourceId: source.id, targetId: target.id, actorId, messageIds });
    events.record("ticket.updated", { ticketId: source.id, actorId, changes: ["status", "merged"] });
    events.record("ticket.updated", { ticketId: target.id, actorId, changes: ["merged", ...targetChanges] });
    return { messageIds, targetChanges };
  });

  return { sourceNumber: source.number, targetNumber: target.number, movedMessages: result.messageIds.length };
}

function isUnresolved(status: string) {
  return (unresolvedStatuses as readonly string[]).includes(status);
}

async function mergeTags(tx: TransactionClient, sourceId: string, targetId: string) {
  const tags = await tx.ticketTag.findMany({ where: { ticketId: sourceId }, select: { tagId: true } });
  for (const { tagId } of tags) {
    await tx.ticketTag.upsert({ where: { ticketId_tagId: { ticketId: targetId, tagId } }, create: { ticketId: targetId, tagId }, update: {} });
  }
}

const latest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);
const earliest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a < b ? a : b);

/**
 * The target now holds both threads: its "customer wrote / we answered" timestamps are the
 * latest of both (so "waiting since" stays right), its first response the earliest. A solved
 * target receiving an unresolved request reopens.
 */
async function absorbTimestamps(
  tx: TransactionClient,
  input: { sourceId: string; targetId: string; actorId: string; now: Date; sourceUnresolved: boolean },
): Promise<string[]> {
  const fields = { status: true, lastCustomerMessageAt: true, lastAgentReplyAt: true, firstRespondedAt: true } as const;
  const [source, target] = await Promise.all([
    tx.ticket.findUniqueOrThrow({ where: { id: input.sourceId }, select: fields }),
    tx.ticket.findUniqueOrThrow({ where: { id: input.targetId }, select: fields }),
  ]);
  const reopen = input.sourceUnresolved && target.status === "solved";
  await tx.ticket.update({
    where: { id: input.targetId },
    data: {
      lastCustomerMessageAt: latest(source.lastCustomerMessageAt, target.lastCustomerMessageAt),
      lastAgentReplyAt: latest(source.lastAgentReplyAt, target.lastAgentReplyAt),
      firstRespondedAt: earliest(source.firstRespondedAt, target.firstRespondedAt),
      version: { increment: 1 },
      ...(reopen ? { status: "open", solvedAt: null } : {}),
    },
  });
  if (!reopen) return [];
  await recordTicketEvent(tx, { ticketId: input.targetId, actorId: input.actorId, kind: "status", at: input.now, data: { from: "solved", to: "open", reason: "merge" } });
  const slaMoved = await syncSlaInTransaction(tx, { ticketId: input.targetId, actorId: input.actorId, now: input.now });
  return slaMoved ? ["status", "sla"] : ["status"];
}
