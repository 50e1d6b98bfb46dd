import type { LiveActor, LiveTicket } from "~/lib/realtime/protocol";
import { db } from "~/lib/db.server";
import { visibleTicketsWhere, type TicketViewer } from "./ticket-access.server";

/**
 * Read models for live updates: the few fields a recipient needs about a ticket, a message or
 * an actor, read once per event right after the domain committed it.
 */

/** True when the viewer may open this ticket (the record rule, checked in the database). */
export async function ticketVisibleTo(viewer: TicketViewer, ticketId: string): Promise<boolean> {
  const count = await db().ticket.count({ where: { AND: [{ id: ticketId }, await visibleTicketsWhere(viewer)] } });
  return count > 0;
}

export async function liveTicketSnapshot(ticketId: string): Promise<LiveTicket | null> {
  const ticket = await db().ticket.findUnique({
    where: { id: ticketId },
    select: {
      id: true,
      number: true,
      subject: true,
      status: true,
      priority: true,
      type: true,
      channel: true,
      companyId: true,
      groupId: true,
      assigneeId: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      lastCustomerMessageAt: true,
      lastAgentReplyAt: true,
      group: { select: { name: true } },
      assignee: { select: { name: true } },
      mergedInto: { select: { number: true } },
    },
  });
  if (!ticket) return null;
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    channel: ticket.channel,
    companyId: ticket.companyId,
    groupId: ticket.groupId,
    groupName: ticket.group?.name ?? null,
    assigneeId: ticket.assigneeId,
    assigneeName: ticket.assignee?.name ?? null,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    lastCustomerMessageAt: ticket.lastCustomerMessageAt?.toISOString() ?? null,
    lastAgentReplyAt: ticket.lastAgentReplyAt?.toISOString() ?? null,
    mergedIntoNumber: ticket.mergedInto?.number ?? null,
  };
}

export async function liveActor(userId: string | null): Promise<LiveActor | null> {
  if (!userId) return null;
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, name: true } });
  return user;
}

const PREVIEW_LENGTH = 280;

/** A message as the ticket's viewers see it arrive: who wrote it and the start of its text. */
export async function liveMessageSnapshot(messageId: string) {
  const message = await db().message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      ticketId: true,
      visibility: true,
      direction: true,
      bodyText: true,
      createdAt: true,
      authorUser: { select: { id: true, name: true } },
      authorContact: { select: { firstName: true, lastName: true, emails: { where: { isPrimary: true }, select: { address: true }, take: 1 } } },
    },
  });
  if (!message) return null;
  const contactName = message.authorContact
    ? `${message.authorContact.firstName} ${message.authorContact.lastName}`.trim() || message.authorContact.emails[0]?.address || ""
    : "";
  const text = message.bodyText.replace(/\s+/g, " ").trim();
  return {
    id: message.id,
    ticketId: message.ticketId,
    visibility: message.visibility === "internal" ? ("internal" as const) : ("public" as const),
    direction: message.direction === "in" ? ("in" as const) : ("out" as const),
    author: message.authorUser
      ? { kind: "agent" as const, id: message.authorUser.id, name: message.authorUser.name }
      : { kind: "customer" as const, id: null, name: contactName },
    preview: text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text,
    createdAt: message.createdAt.toISOString(),
  };
}

/**
 * Who could see the ticket just before its latest group or assignee change: the `from` side
 * of the most recent history entries. Used to tell those who lost access that it is gone.
 */
export async function previousTicketOwners(ticketId: string): Promise<{ groupId: string | null; assigneeId: string | null }> {
  const [group, assignee] = await Promise.all(
    (["group", "assignee"] as const).map((kind) =>
      db().ticketEvent.findFirst({ where: { ticketId, kind }, orderBy: { createdAt: "desc" }, select: { data: true } }),
    ),
  );
  return { groupId: fromValue(group?.data), assigneeId: fromValue(assignee?.data) };
}

function fromValue(data: string | undefined): string | null {
  if (!data) return null;
  try {
    const parsed = JSON.parse(data) as { from?: unknown };
    return typeof parsed.from === "string" ? parsed.from : null;
  } catch {
    return null;
  }
}
