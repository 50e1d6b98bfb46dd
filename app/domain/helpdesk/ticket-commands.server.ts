import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { findOrCreateContactByEmail } from "~/domain/customers/contacts.server";
import { db } from "~/lib/db.server";
import { leftoverPlaceholders } from "./canned-replies";
import {
  addAgentMessageInTransaction,
  createTicketInTransaction,
  updateTicketFieldsInTransaction,
  type AttachmentInput,
  type TicketFieldChanges,
} from "./tickets.server";
import type { TicketChannel, TicketPriority, TicketStatus, TicketType } from "./ticket-vocabulary";
import { assignableAgents } from "./workspace-options.server";
import type { FieldsForm, PhoneTicketForm, ReplyForm } from "./workspace-schemas";

/**
 * What an agent does on the ticket page, on top of the ticket write API (tickets.server.ts):
 * answer or note with a status, save the side panel's fields, take the ticket, open a ticket for
 * a caller. Each runs in one transaction, under the version the agent loaded (optimistic
 * locking: a stale version throws TicketConflictError from tickets.server.ts and writes nothing), and emits its events
 * after commit.
 */

export class UnfilledPlaceholderError extends DomainError {
  constructor(readonly placeholders: string[]) {
    super("helpdesk.composer.unfilledPlaceholders", "body");
    this.name = "UnfilledPlaceholderError";
  }
}

async function refuseMergedTicket(ticketId: string) {
  const ticket = await db().ticket.findUnique({ where: { id: ticketId }, select: { mergedIntoId: true } });
  if (!ticket) throw new DomainError("errors.notFound");
  if (ticket.mergedIntoId) throw new DomainError("helpdesk.merge.readOnly");
}

/**
 * A public reply (submitted as a status) or an internal note (optionally with a status change),
 * on the version the agent loaded. A reply still holding a canned-reply placeholder such as
 * {{client.prenom}} is refused: the customer must never receive it.
 */
export async function replyToTicket(input: { ticketId: string; agentId: string; form: ReplyForm; attachments?: AttachmentInput[] }) {
  const { form } = input;
  const leftovers = leftoverPlaceholders(form.body);
  if (form.visibility === "public" && leftovers.length > 0) throw new UnfilledPlaceholderError(leftovers);
  await refuseMergedTicket(input.ticketId);
  return transactionWithEvents(async (tx, events) => {
    const message = await addAgentMessageInTransaction(tx, {
      ticketId: input.ticketId,
      agentId: input.agentId,
      visibility: form.visibility,
      bodyText: form.body,
      attachments: input.attachments,
      expectedVersion: form.version,
      ...(form.visibility === "public" && form.statusAfter ? { statusAfter: form.statusAfter as TicketStatus } : {}),
    });
    const changes = [...message.changes];
    if (form.visibility === "internal" && form.statusAfter) {
      // The note bumped the version by one: the status change follows it in the same transaction.
      const fields = await updateTicketFieldsInTransaction(tx, {
        ticketId: input.ticketId,
        expectedVersion: form.version + 1,
        actorId: input.agentId,
        changes: { status: form.statusAfter as TicketStatus },
      });
      changes.push(...fields.changes);
    }
    events.record("message.added", { ticketId: input.ticketId, messageId: message.messageId, visibility: form.visibility, actorId: input.agentId });
    if (changes.length > 0) events.record("ticket.updated", { ticketId: input.ticketId, actorId: input.agentId, changes: [...new Set(changes)] });
    return { messageId: message.messageId, changes };
  });
}

/**
 * Changes ticket fields on the version the agent (or an integration) loaded: a merged ticket is
 * read-only, a group must exist, an assignee must be an agent who can be assigned. Returns the
 * names of the fields that changed and the ticket's version after the change.
 */
export async function changeTicketFields(input: { ticketId: string; agentId: string; expectedVersion: number; changes: TicketFieldChanges }) {
  const { changes } = input;
  await refuseMergedTicket(input.ticketId);
  if (changes.groupId && !(await db().group.findUnique({ where: { id: changes.groupId }, select: { id: true } }))) {
    throw new DomainError("validation.choose", "groupId");
  }
  if (changes.assigneeId && !(await assignableAgents()).some((agent) => agent.id === changes.assigneeId)) {
    throw new DomainError("validation.choose", "assigneeId");
  }
  return transactionWithEvents(async (tx, events) => {
    const written = await updateTicketFieldsInTransaction(tx, { ticketId: input.ticketId, expectedVersion: input.expectedVersion, actorId: input.agentId, changes });
    if (written.changes.length > 0) events.record("ticket.updated", { ticketId: input.ticketId, actorId: input.agentId, changes: written.changes });
    return written;
  });
}

/**
 * The fields the agent changed in the side panel (compared with the values they loaded), saved
 * on the version they loaded. Returns the names of the fields that changed (empty: nothing to do).
 */
export async function saveTicketFields(input: { ticketId: string; agentId: string; form: FieldsForm }) {
  const { form } = input;
  const changes: TicketFieldChanges = {};
  if (form.status !== form.loaded_status) changes.status = form.status;
  if (form.priority !== form.loaded_priority) changes.priority = form.priority as TicketPriority;
  if (form.type !== form.loaded_type) changes.type = form.type as TicketType;
  if (form.groupId !== form.loaded_groupId) changes.groupId = form.groupId || null;
  if (form.assigneeId !== form.loaded_assigneeId) changes.assigneeId = form.assigneeId || null;
  if (form.tags.join(",") !== form.loaded_tags.join(",")) changes.tags = form.tags;
  if (Object.keys(changes).length === 0) return { changes: [] as string[] };
  const result = await changeTicketFields({ ticketId: input.ticketId, agentId: input.agentId, expectedVersion: form.version, changes });
  return { changes: result.changes };
}

/** "Prendre": the agent assigns the ticket to themselves (a new ticket opens). */
export async function takeTicket(input: { ticketId: string; agentId: string; version: number }) {
  await refuseMergedTicket(input.ticketId);
  const result = await transactionWithEvents(async (tx, events) => {
    const written = await updateTicketFieldsInTransaction(tx, { ticketId: input.ticketId, expectedVersion: input.version, actorId: input.agentId, changes: { assigneeId: input.agentId } });
    if (written.changes.length > 0) events.record("ticket.updated", { ticketId: input.ticketId, actorId: input.agentId, changes: written.changes });
    return written;
  });
  return result;
}

/** Who a ticket opened by an agent (or an integration acting as one) is for: a known contact, or an address. */
export type RequesterChoice = { contactId: string } | { email: string; name?: string; phone?: string; companyName?: string };

export type TicketOpening = {
  agentId: string;
  channel: TicketChannel;
  requester: RequesterChoice;
  subject: string;
  /** The customer's request as the agent noted it: the first message. */
  body: string;
  type: TicketType;
  priority: TicketPriority;
  groupId: string | null;
  assigneeId: string | null;
  tags?: string[];
};

/**
 * A ticket an agent opens for a customer (a call, or an integration acting as its token's user):
 * for a known contact, or for an address (found, else created with their company from the
 * address's domain, as for an incoming mail). The request is the first message, the customer's;
 * the history names the agent. Group and assignee are checked like the side panel's.
 */
export async function openTicketForCustomer(input: TicketOpening) {
  if (input.groupId && !(await db().group.findUnique({ where: { id: input.groupId }, select: { id: true } }))) {
    throw new DomainError("validation.choose", "groupId");
  }
  if (input.assigneeId && input.assigneeId !== input.agentId && !(await assignableAgents()).some((agent) => agent.id === input.assigneeId)) {
    throw new DomainError("validation.choose", "assigneeId");
  }
  return transactionWithEvents(async (tx, events) => {
    let requesterId: string;
    let contactCreated = false;
    if ("contactId" in input.requester) {
      const contact = await tx.contact.findUnique({ where: { id: input.requester.contactId }, select: { id: true } });
      if (!contact) throw new DomainError("helpdesk.phone.contactGone", "requesterId");
      requesterId = contact.id;
    } else {
      const contact = await findOrCreateContactByEmail(tx, {
        email: input.requester.email,
        name: input.requester.name,
        phone: input.requester.phone,
        companyName: input.requester.companyName || undefined,
      });
      requesterId = contact.contactId;
      contactCreated = contact.created;
    }
    const ticket = await createTicketInTransaction(tx, {
      requesterId,
      subject: input.subject,
      channel: input.channel,
      type: input.type,
      priority: input.priority,
      groupId: input.groupId,
      assigneeId: input.assigneeId,
      openedBy: { userId: input.agentId },
      firstMessage: { bodyText: input.body },
    });
    let version = 1;
    if (input.tags && input.tags.length > 0) {
      const tagged = await updateTicketFieldsInTransaction(tx, { ticketId: ticket.ticketId, expectedVersion: 1, actorId: input.agentId, changes: { tags: input.tags } });
      version = tagged.version;
    }
    if (contactCreated) events.record("contact.saved", { contactId: requesterId, actorId: input.agentId, created: true });
    events.record("ticket.created", { ticketId: ticket.ticketId, actorId: input.agentId });
    events.record("message.added", { ticketId: ticket.ticketId, messageId: ticket.messageId, visibility: "public", actorId: input.agentId });
    return { ...ticket, requesterId, contactCreated, version };
  });
}

/**
 * A ticket taken on the phone: for a known contact, or for a caller typed in (found by address,
 * else created with their company from the address's domain). The call summary is the first
 * message, the customer's request; the history names the agent.
 */
export async function createPhoneTicket(input: { agentId: string; form: PhoneTicketForm }) {
  const { form } = input;
  return openTicketForCustomer({
    agentId: input.agentId,
    channel: "phone",
    requester: form.requesterId ? { contactId: form.requesterId } : { email: form.email, name: form.name, phone: form.phone, companyName: form.companyName },
    subject: form.subject,
    body: form.body,
    type: form.type,
    priority: form.priority,
    groupId: form.groupId || null,
    assigneeId: form.assignToMe ? input.agentId : null,
  });
}
