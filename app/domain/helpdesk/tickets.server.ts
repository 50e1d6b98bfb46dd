import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { queueAcknowledgementInTransaction, queueAgentReplyInTransaction, queueTicketSolvedInTransaction } from "~/domain/channels/email/outbox.server";
import { initialSlaFields, syncSlaInTransaction } from "./sla/sla.server";
import { recordTicketEvent } from "./ticket-events.server";
import { nextTicketNumber } from "./ticket-numbers.server";
import type { TicketChannel, TicketPriority, TicketStatus, TicketType } from "./ticket-vocabulary";

/**
 * The ticket lifecycle: creation, messages (customer messages, agent replies, internal notes) and
 * field changes with optimistic locking. Every write goes through here, records its history,
 * and emits domain events after commit.
 */

export type Author = { userId: string } | { contactId: string };

export type AttachmentInput = { sha256: string; filename: string; contentType: string; size: number; contentId?: string | null; inline?: boolean };

export type MessageInput = {
  bodyText: string;
  /** Already sanitised HTML (see app/lib/html-sanitizer.server.ts), or null for plain text. */
  bodyHtml?: string | null;
  emailMessageId?: string | null;
  inReplyTo?: string | null;
  references?: string | null;
  hasRemoteContent?: boolean;
  processingNote?: string | null;
  attachments?: AttachmentInput[];
  createdAt?: Date;
};

export type CreateTicketInput = {
  requesterId: string;
  subject: string;
  channel: TicketChannel;
  type?: TicketType;
  priority?: TicketPriority;
  groupId?: string | null;
  assigneeId?: string | null;
  /** Who opened it: the customer (email, web, portal) or an agent (phone). */
  openedBy: Author;
  /** The customer's words; for a phone ticket, the agent's summary of the call. */
  firstMessage: MessageInput;
  /** Written by a machine (auto-reply, mailing list, bounce): recorded, never acknowledged. */
  automatedMail?: boolean;
};

/** Creates a ticket and its first message inside the caller's transaction; returns what to emit. */
export async function createTicketInTransaction(tx: TransactionClient, input: CreateTicketInput) {
  const subject = input.subject.trim() || "(sans objet)";
  const requester = await tx.contact.findUnique({ where: { id: input.requesterId }, select: { id: true, companyId: true } });
  if (!requester) throw new DomainError("errors.notFound", "requesterId");
  const now = input.firstMessage.createdAt ?? new Date();
  const fromCustomer = "contactId" in input.openedBy;
  const number = await nextTicketNumber(tx);
  // SLA: the policy and due dates follow from the priority and the requester's company (sla/sla.server.ts).
  const sla = await initialSlaFields(tx, { priority: input.priority ?? "normal", companyId: requester.companyId, createdAt: now });
  const ticket = await tx.ticket.create({
    data: {
      number,
      subject: subject.slice(0, 250),
      channel: input.channel,
      type: input.type ?? "information",
      priority: input.priority ?? "normal",
      status: input.assigneeId ? "open" : "new",
      requesterId: requester.id,
      companyId: requester.companyId,
      groupId: input.groupId ?? null,
      assigneeId: input.assigneeId ?? null,
      lastCustomerMessageAt: now,
      createdAt: now,
      ...sla,
    },
    select: { id: true, number: true },
  });
  // A phone ticket is the customer's request noted by an agent: the message is the customer's
  // (who still waits for the answer); the "created" history entry names the agent.
  const message = await writeMessage(tx, {
    ticketId: ticket.id,
    direction: "in",
    visibility: "public",
    author: fromCustomer ? input.openedBy : { contactId: requester.id },
    ...input.firstMessage,
    createdAt: now,
  });
  const actorId = "userId" in input.openedBy ? input.openedBy.userId : null;
  await recordTicketEvent(tx, { ticketId: ticket.id, actorId, kind: "created", data: { channel: input.channel }, at: now });
  // Outbox: the customer's acknowledgement, in this transaction (throttled; channels/email/outbox.server.ts).
  if (fromCustomer) await queueAcknowledgementInTransaction(tx, { ticketId: ticket.id, automatedMail: input.automatedMail });
  return { ticketId: ticket.id, number: ticket.number, messageId: message.id, actorId };
}

export async function createTicket(input: CreateTicketInput) {
  const created = await transactionWithEvents(async (tx, events) => {
    const written = await createTicketInTransaction(tx, input);
    events.record("ticket.created", { ticketId: written.ticketId, actorId: written.actorId });
    events.record("message.added", { ticketId: written.ticketId, messageId: written.messageId, visibility: "public", actorId: written.actorId });
    return written;
  });
  return created;
}

type WriteMessageInput = MessageInput & {
  ticketId: string;
  direction: "in" | "out";
  visibility: "public" | "internal";
  /** Null for a message Comptoir wrote itself (an automation rule's reply). */
  author: Author | null;
};

async function writeMessage(tx: TransactionClient, input: WriteMessageInput) {
  return tx.message.create({
    data: {
      ticketId: input.ticketId,
      direction: input.direction,
      visibility: input.visibility,
      authorUserId: input.author && "userId" in input.author ? input.author.userId : null,
      authorContactId: input.author && "contactId" in input.author ? input.author.contactId : null,
      bodyText: input.bodyText,
      bodyHtml: input.bodyHtml ?? null,
      emailMessageId: input.emailMessageId ?? null,
      inReplyTo: input.inReplyTo ?? null,
      references: input.references ?? null,
      hasRemoteContent: input.hasRemoteContent ?? false,
      processingNote: input.processingNote ?? null,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
      attachments: input.attachments?.length
        ? {
            create: input.attachments.map((attachment) => ({
              sha256: attachment.sha256,
              filename: attachment.filename,
              contentType: attachment.contentType,
              size: attachment.size,
              contentId: attachment.contentId ?? null,
              inline: attachment.inline ?? false,
            })),
          }
        : undefined,
    },
    select: { id: true, createdAt: true },
  });
}

/**
 * A customer wrote (email follow-up, portal reply): the ticket is waiting on us again. A solved
 * ticket reopens; a closed one stays closed (the caller opens a follow-up ticket instead).
 */
export async function addCustomerMessageInTransaction(tx: TransactionClient, input: MessageInput & { ticketId: string; contactId: string; automated?: boolean }) {
  const ticket = await tx.ticket.findUnique({ where: { id: input.ticketId }, select: { id: true, status: true } });
  if (!ticket) throw new DomainError("errors.notFound");
  if (ticket.status === "closed") throw new DomainError("helpdesk.ticketClosed");
  const message = await writeMessage(tx, {
    ...input,
    direction: "in",
    visibility: "public",
    author: { contactId: input.contactId },
  });
  // An auto-reply (out of office) is recorded without reopening the ticket or restarting the customer's wait.
  const reopened = !input.automated && (ticket.status === "solved" || ticket.status === "pending_customer");
  await tx.ticket.update({
    where: { id: ticket.id },
    data: {
      ...(input.automated ? {} : { lastCustomerMessageAt: message.createdAt }),
      version: { increment: 1 },
      ...(reopened ? { status: "open", solvedAt: null } : {}),
    },
  });
  if (reopened) await recordTicketEvent(tx, { ticketId: ticket.id, actorId: null, kind: "status", data: { from: ticket.status, to: "open", reason: "customer_reply" } });
  // SLA: leaving "pending customer" resumes the resolution clock (sla/sla.server.ts).
  if (reopened) await syncSlaInTransaction(tx, { ticketId: ticket.id, actorId: null, now: message.createdAt });
  return { messageId: message.id, ticketId: ticket.id, reopened };
}

export async function addCustomerMessage(input: MessageInput & { ticketId: string; contactId: string }) {
  const result = await transactionWithEvents(async (tx, events) => {
    const written = await addCustomerMessageInTransaction(tx, input);
    events.record("message.added", { ticketId: written.ticketId, messageId: written.messageId, visibility: "public", actorId: null });
    if (written.reopened) events.record("ticket.updated", { ticketId: written.ticketId, actorId: null, changes: ["status"] });
    return written;
  });
  return result;
}

export type AgentMessageInput = MessageInput & {
  ticketId: string;
  agentId: string;
  visibility: "public" | "internal";
  /** Status to set with a public reply (Zendesk's "submit as"); default: pending customer. */
  statusAfter?: TicketStatus;
  expectedVersion?: number;
};

/**
 * An agent's public reply or internal note. A public reply is the first response if none came
 * yet, stops the customer's wait, and sets the status the agent chose.
 */
export async function addAgentMessageInTransaction(tx: TransactionClient, input: AgentMessageInput) {
  const ticket = await tx.ticket.findUnique({
    where: { id: input.ticketId },
    select: { id: true, status: true, version: true, firstRespondedAt: true, assigneeId: true },
  });
  if (!ticket) throw new DomainError("errors.notFound");
  if (input.expectedVersion !== undefined && input.expectedVersion !== ticket.version) throw new TicketConflictError(ticket.version);
  const message = await writeMessage(tx, { ...input, direction: "out", author: { userId: input.agentId } });
  const changes: string[] = [];
  if (input.visibility === "public") {
    const status = input.statusAfter ?? "pending_customer";
    await tx.ticket.update({
      where: { id: ticket.id },
      data: {
        lastAgentReplyAt: message.createdAt,
        firstRespondedAt: ticket.firstRespondedAt ?? message.createdAt,
        status,
        ...(status === "solved" ? { solvedAt: message.createdAt } : {}),
        // Answering an unassigned ticket takes it.
        ...(ticket.assigneeId ? {} : { assigneeId: input.agentId }),
        version: { increment: 1 },
      },
    });
    if (status !== ticket.status) {
      changes.push("status");
      await recordTicketEvent(tx, { ticketId: ticket.id, actorId: input.agentId, kind: "status", data: { from: ticket.status, to: status } });
    }
    // SLA: "pending customer" pauses the resolution clock, leaving it resumes it (sla/sla.server.ts).
    if (status !== ticket.status && (await syncSlaInTransaction(tx, { ticketId: ticket.id, actorId: input.agentId, now: message.createdAt }))) changes.push("sla");
    if (!ticket.assigneeId) {
      changes.push("assignee");
      await recordTicketEvent(tx, { ticketId: ticket.id, actorId: input.agentId, kind: "assignee", data: { from: null, to: input.agentId } });
    }
    // Outbox: the reply is mailed to the requester, queued in this transaction (channels/email/outbox.server.ts).
    await queueAgentReplyInTransaction(tx, { messageId: message.id, solved: status === "solved" });
  } else {
    await tx.ticket.update({ where: { id: ticket.id }, data: { version: { increment: 1 } } });
  }
  return { messageId: message.id, ticketId: ticket.id, changes };
}

export async function addAgentMessage(input: AgentMessageInput) {
  const result = await transactionWithEvents(async (tx, events) => {
    const written = await addAgentMessageInTransaction(tx, input);
    events.record("message.added", { ticketId: written.ticketId, messageId: written.messageId, visibility: input.visibility, actorId: input.agentId });
    if (written.changes.length > 0) events.record("ticket.updated", { ticketId: written.ticketId, actorId: input.agentId, changes: written.changes });
    return written;
  });
  return result;
}

/**
 * A reply an automation rule sends (a canned reply, its placeholders filled): public, from us,
 * signed by nobody, with a note for agents naming the rule. It is not an agent's answer: it does
 * not count as the first response, nor change the status or the assignee (a rule that wants
 * those says so with its own actions). The mail is queued in the same transaction.
 */
export async function addAutomaticReplyInTransaction(tx: TransactionClient, input: { ticketId: string; bodyText: string; note: string; at?: Date }) {
  const ticket = await tx.ticket.findUnique({ where: { id: input.ticketId }, select: { id: true } });
  if (!ticket) throw new DomainError("errors.notFound");
  const message = await writeMessage(tx, {
    ticketId: ticket.id,
    direction: "out",
    visibility: "public",
    author: null,
    bodyText: input.bodyText,
    processingNote: input.note,
    ...(input.at ? { createdAt: input.at } : {}),
  });
  await tx.ticket.update({ where: { id: ticket.id }, data: { version: { increment: 1 } } });
  const mail = await queueAgentReplyInTransaction(tx, { messageId: message.id, automatic: true });
  return { messageId: message.id, ticketId: ticket.id, queued: mail !== null };
}

/** Someone saved the ticket since this agent loaded it: nothing was written; show them what changed. */
export class TicketConflictError extends DomainError {
  constructor(readonly currentVersion: number) {
    super("helpdesk.conflict");
    this.name = "TicketConflictError";
  }
}

export type TicketFieldChanges = Partial<{
  status: TicketStatus;
  priority: TicketPriority;
  type: TicketType;
  groupId: string | null;
  assigneeId: string | null;
  subject: string;
  tags: string[];
}>;

/**
 * Changes ticket fields if nobody saved it since `expectedVersion`; otherwise throws
 * TicketConflictError and writes nothing. Each change is recorded in the history.
 */
export async function updateTicketFieldsInTransaction(
  tx: TransactionClient,
  /** actorId: the agent, or null when Comptoir acts (an automation rule, named by runAsActor). */
  input: { ticketId: string; expectedVersion: number; actorId: string | null; changes: TicketFieldChanges; now?: Date },
) {
  const now = input.now ?? new Date();
  const before = await tx.ticket.findUnique({
    where: { id: input.ticketId },
    select: {
      id: true,
      version: true,
      status: true,
      priority: true,
      type: true,
      groupId: true,
      assigneeId: true,
      subject: true,
      solvedAt: true,
      tags: { select: { tag: { select: { name: true } } } },
    },
  });
  if (!before) throw new DomainError("errors.notFound");
  if (before.version !== input.expectedVersion) throw new TicketConflictError(before.version);

  const changed: string[] = [];
  const data: Record<string, unknown> = {};
  for (const field of ["status", "priority", "type", "groupId", "assigneeId", "subject"] as const) {
    const next = input.changes[field];
    if (next === undefined || next === before[field]) continue;
    data[field] = next;
    changed.push(field);
    await recordTicketEvent(tx, {
      ticketId: before.id,
      actorId: input.actorId,
      kind: field === "groupId" ? "group" : field === "assigneeId" ? "assignee" : field,
      data: { from: before[field], to: next },
      at: now,
    });
  }
  if (data.status === "solved") data.solvedAt = now;
  if (data.status === "closed") data.closedAt = now;
  if (data.status && data.status !== "solved" && data.status !== "closed" && before.solvedAt) data.solvedAt = null;
  // Assigning a new ticket opens it.
  if (data.assigneeId && before.status === "new" && !data.status) {
    data.status = "open";
    changed.push("status");
    await recordTicketEvent(tx, { ticketId: before.id, actorId: input.actorId, kind: "status", data: { from: "new", to: "open" }, at: now });
  }

  if (input.changes.tags) {
    const wanted = [...new Set(input.changes.tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort();
    const current = before.tags.map((entry) => entry.tag.name).sort();
    if (wanted.join(",") !== current.join(",")) {
      await tx.ticketTag.deleteMany({ where: { ticketId: before.id } });
      for (const name of wanted) {
        const tag = await tx.tag.upsert({ where: { name }, create: { name }, update: {}, select: { id: true } });
        await tx.ticketTag.create({ data: { ticketId: before.id, tagId: tag.id } });
      }
      changed.push("tags");
      await recordTicketEvent(tx, { ticketId: before.id, actorId: input.actorId, kind: "tags", data: { from: current, to: wanted }, at: now });
    }
  }

  if (changed.length === 0) return { ticketId: before.id, changes: [] as string[], version: before.version };
  // The version guard in the WHERE clause closes the race between our read and this write.
  const { count } = await tx.ticket.updateMany({
    where: { id: before.id, version: input.expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw new TicketConflictError(before.version + 1);
  // SLA: a status or priority change pauses, resumes or recomputes the targets (sla/sla.server.ts).
  if ((changed.includes("status") || changed.includes("priority")) && (await syncSlaInTransaction(tx, { ticketId: before.id, actorId: input.actorId, now }))) changed.push("sla");
  // Outbox: the requester is told their ticket is solved (channels/email/outbox.server.ts).
  if (data.status === "solved") await queueTicketSolvedInTransaction(tx, { ticketId: before.id });
  return { ticketId: before.id, changes: changed, version: before.version + 1 };
}

export async function updateTicketFields(input: { ticketId: string; expectedVersion: number; actorId: string; changes: TicketFieldChanges }) {
  const result = await transactionWithEvents(async (tx, events) => {
    const written = await updateTicketFieldsInTransaction(tx, input);
    if (written.changes.length > 0) events.record("ticket.updated", { ticketId: written.ticketId, actorId: input.actorId, changes: written.changes });
    return written;
  });
  return result;
}

/**
 * The customer closes a solved ticket or reopens a solved/closed one from the portal (the
 * portal checks who may, and the reopening delay). Recorded with no staff actor and the reason.
 */
export async function setStatusByCustomerInTransaction(
  tx: TransactionClient,
  input: { ticketId: string; contactId: string; to: "closed" | "open"; now?: Date },
) {
  const now = input.now ?? new Date();
  const ticket = await tx.ticket.findUnique({ where: { id: input.ticketId }, select: { id: true, status: true, version: true } });
  if (!ticket) throw new DomainError("errors.notFound");
  const allowedFrom: readonly string[] = input.to === "closed" ? ["solved"] : ["solved", "closed"];
  if (!allowedFrom.includes(ticket.status)) throw new DomainError("portal.ticket.cannotChangeStatus");
  const { count } = await tx.ticket.updateMany({
    where: { id: ticket.id, version: ticket.version },
    data:
      input.to === "closed"
        ? { status: "closed", closedAt: now, version: { increment: 1 } }
        : { status: "open", solvedAt: null, closedAt: null, version: { increment: 1 } },
  });
  if (count === 0) throw new TicketConflictError(ticket.version + 1);
  await recordTicketEvent(tx, {
    ticketId: ticket.id,
    actorId: null,
    kind: "status",
    data: { from: ticket.status, to: input.to, reason: input.to === "closed" ? "customer_closed" : "customer_reopened", contactId: input.contactId },
    at: now,
  });
  return { ticketId: ticket.id, from: ticket.status, to: input.to };
}

export async function setStatusByCustomer(input: { ticketId: string; contactId: string; to: "closed" | "open"; now?: Date }) {
  const result = await transactionWithEvents(async (tx, events) => {
    const written = await setStatusByCustomerInTransaction(tx, input);
    events.record("ticket.updated", { ticketId: written.ticketId, actorId: null, changes: ["status"] });
    return written;
  });
  return result;
}
