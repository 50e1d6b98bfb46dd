import type { Prisma } from "~/generated/prisma/client";
import { deliverySelect, deliveryStateOf } from "~/domain/channels/email/delivery-state.server";
import type { DeliveryState } from "~/lib/mail/delivery-state";
import { contactDisplayName } from "~/domain/customers/contacts.server";
import { db } from "~/lib/db.server";
import { slaStatus } from "./sla/sla-status";
import { visibleTicketsWhere, type TicketViewer } from "./ticket-access.server";
import { waitingSince } from "./ticket-queries.server";
import { unresolvedStatuses } from "./ticket-vocabulary";

/**
 * Read models of the ticket page: the ticket, its thread, its history, the requester's card, and
 * "what changed since you loaded it" for the conflict screen. Every lookup goes through the
 * record rule: a ticket the viewer may not see is simply not found.
 */

export type TicketRef = { id: string; number: number; version: number; status: string; mergedIntoId: string | null; requesterId: string };

/** The ticket with this human number, if the viewer may see it. */
export async function findTicketForViewer(viewer: TicketViewer, number: number): Promise<TicketRef | null> {
  if (!Number.isSafeInteger(number) || number <= 0) return null;
  const visible = await visibleTicketsWhere(viewer);
  return db().ticket.findFirst({
    where: { AND: [visible, { number }] },
    select: { id: true, number: true, version: true, status: true, mergedIntoId: true, requesterId: true },
  });
}

/** The ticket with this number or id, if the viewer may see it (the public API names tickets either way). */
export async function findTicketRefForViewer(viewer: TicketViewer, ref: { number: number } | { id: string }): Promise<TicketRef | null> {
  if ("number" in ref) return findTicketForViewer(viewer, ref.number);
  if (!ref.id || ref.id.length > 64) return null;
  const visible = await visibleTicketsWhere(viewer);
  return db().ticket.findFirst({
    where: { AND: [visible, { id: ref.id }] },
    select: { id: true, number: true, version: true, status: true, mergedIntoId: true, requesterId: true },
  });
}

export async function isTicketVisibleTo(viewer: TicketViewer, ticketId: string): Promise<boolean> {
  const visible = await visibleTicketsWhere(viewer);
  return (await db().ticket.count({ where: { AND: [visible, { id: ticketId }] } })) > 0;
}

// ───────────────────────────── history ─────────────────────────────

export type HistoryEntry = {
  id: string;
  kind: string;
  at: Date;
  actorName: string | null;
  /** The event's recorded details (from/to, reason, numbers...), as stored. */
  data: Record<string, unknown>;
  /** Names for ids found in from/to (groups and people), so the page can say who and which group. */
  names: Record<string, string>;
};

function parseData(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const historySelect = { id: true, kind: true, data: true, createdAt: true, actor: { select: { name: true } } } satisfies Prisma.TicketEventSelect;

async function toHistory(events: Array<Prisma.TicketEventGetPayload<{ select: typeof historySelect }>>): Promise<HistoryEntry[]> {
  const parsed = events.map((event) => ({ event, data: parseData(event.data) }));
  const userIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const { event, data } of parsed) {
    const bucket = event.kind === "assignee" ? userIds : event.kind === "group" ? groupIds : null;
    if (!bucket) continue;
    for (const value of [data.from, data.to]) if (typeof value === "string") bucket.add(value);
  }
  const [users, groups] = await Promise.all([
    userIds.size ? db().user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } }) : [],
    groupIds.size ? db().group.findMany({ where: { id: { in: [...groupIds] } }, select: { id: true, name: true } }) : [],
  ]);
  const names = Object.fromEntries([...users, ...groups].map((entry) => [entry.id, entry.name]));
  return parsed.map(({ event, data }) => {
    const own: Record<string, string> = {};
    for (const value of [data.from, data.to]) if (typeof value === "string" && names[value]) own[value] = names[value];
    // A merged customer record is gone: its name was written down when the merge happened.
    if (event.kind === "requester" || event.kind === "company") {
      if (typeof data.from === "string" && typeof data.fromName === "string") own[data.from] = data.fromName;
      if (typeof data.to === "string" && typeof data.toName === "string") own[data.to] = data.toName;
    }
    return { id: event.id, kind: event.kind, at: event.createdAt, actorName: event.actor?.name ?? null, data, names: own };
  });
}

// ───────────────────────────── the ticket page ─────────────────────────────

const messageSelect = {
  id: true,
  direction: true,
  visibility: true,
  bodyText: true,
  bodyHtml: true,
  hasRemoteContent: true,
  processingNote: true,
  createdAt: true,
  authorUser: { select: { id: true, name: true } },
  authorContact: { select: { id: true, firstName: true, lastName: true, emails: { where: { isPrimary: true }, select: { address: true }, take: 1 } } },
  attachments: { orderBy: { createdAt: "asc" }, select: { id: true, filename: true, size: true, contentType: true, inline: true, contentId: true } },
  // Email channel: whether the mail carrying an agent's reply left (queued, sent, failed).
  outboundEmails: deliverySelect,
} satisfies Prisma.MessageSelect;

export type ThreadMessage = {
  id: string;
  direction: string;
  visibility: string;
  /** "customer" for the requester's messages, "agent" for ours (replies and notes). */
  authorKind: "customer" | "agent" | "system";
  authorName: string;
  createdAt: Date;
  bodyText: string;
  bodyHtml: string | null;
  hasRemoteContent: boolean;
  processingNote: string | null;
  attachments: Array<{ id: string; filename: string; size: number; contentType: string; inline: boolean; contentId: string | null }>;
  delivery: DeliveryState | null;
};

function toThreadMessage(message: Prisma.MessageGetPayload<{ select: typeof messageSelect }>): ThreadMessage {
  const contactName = message.authorContact ? contactDisplayName(message.authorContact, message.authorContact.emails[0]?.address ?? "") : "";
  return {
    id: message.id,
    direction: message.direction,
    visibility: message.visibility,
    authorKind: message.authorUser ? "agent" : message.authorContact ? "customer" : "system",
    authorName: message.authorUser?.name ?? contactName,
    createdAt: message.createdAt,
    bodyText: message.bodyText,
    bodyHtml: message.bodyHtml,
    hasRemoteContent: message.hasRemoteContent,
    processingNote: message.processingNote,
    attachments: message.attachments,
    delivery: deliveryStateOf(message.outboundEmails),
  };
}

/**
 * Everything the ticket page shows, for a viewer allowed to see the ticket (else null): the
 * ticket with its SLA state, the thread in order, the history, and the requester's card (their
 * other open tickets and last exchanges, among those the viewer may see).
 */
export async function loadTicketWorkspace(viewer: TicketViewer, number: number, now = new Date()) {
  const ref = await findTicketForViewer(viewer, number);
  if (!ref) return null;
  const visible = await visibleTicketsWhere(viewer);
  const ticket = await db().ticket.findUniqueOrThrow({
    where: { id: ref.id },
    select: {
      id: true,
      number: true,
      subject: true,
      status: true,
      priority: true,
      type: true,
      channel: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      groupId: true,
      assigneeId: true,
      companyId: true,
      firstResponseDueAt: true,
      firstRespondedAt: true,
      resolutionDueAt: true,
      solvedAt: true,
      closedAt: true,
      slaPausedSince: true,
      lastCustomerMessageAt: true,
      lastAgentReplyAt: true,
      group: { select: { name: true } },
      assignee: { select: { name: true } },
      tags: { select: { tag: { select: { name: true } } } },
      mergedInto: { select: { number: true, subject: true } },
      mergedTickets: { orderBy: { number: "asc" }, select: { number: true } },
      requester: {
        select: {
          id: true,
          firstName: true,
          lastName: true,
          jobTitle: true,
          phone: true,
          language: true,
          emails: { orderBy: [{ isPrimary: "desc" }, { address: "asc" }], select: { address: true, isPrimary: true, bouncedAt: true } },
          company: { select: { id: true, name: true, phone: true, city: true } },
        },
      },
      messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: messageSelect },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: historySelect },
    },
  });

  const requesterTickets: Prisma.TicketWhereInput = { AND: [visible, { requesterId: ticket.requester.id }, { id: { not: ticket.id } }] };
  const [otherOpenTickets, recentTickets, history] = await Promise.all([
    db().ticket.findMany({
      where: { AND: [requesterTickets, { status: { in: [...unresolvedStatuses] } }] },
      orderBy: { updatedAt: "desc" },
      take: 10,
      select: { number: true, subject: true, status: true, updatedAt: true },
    }),
    // Their latest tickets first (index requesterId, createdAt), then those tickets' last messages:
    // never a scan of every message.
    db().ticket.findMany({ where: requesterTickets, orderBy: { createdAt: "desc" }, take: 20, select: { id: true } }),
    toHistory(ticket.events),
  ]);
  const recentMessages = recentTickets.length
    ? await db().message.findMany({
        where: { visibility: "public", ticketId: { in: recentTickets.map((entry) => entry.id) } },
        orderBy: { createdAt: "desc" },
        take: 5,
        select: { createdAt: true, direction: true, bodyText: true, authorUser: { select: { name: true } }, ticket: { select: { number: true, subject: true } } },
      })
    : [];

  const { requester } = ticket;
  const primaryEmail = requester.emails.find((email) => email.isPrimary)?.address ?? requester.emails[0]?.address ?? "";
  return {
    ticket: {
      id: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      type: ticket.type,
      channel: ticket.channel,
      version: ticket.version,
      /** The instant this version was saved: the conflict screen lists what happened after it. */
      loadedAt: ticket.updatedAt.toISOString(),
      createdAt: ticket.createdAt,
      solvedAt: ticket.solvedAt,
      closedAt: ticket.closedAt,
      groupId: ticket.groupId,
      groupName: ticket.group?.name ?? null,
      assigneeId: ticket.assigneeId,
      assigneeName: ticket.assignee?.name ?? null,
      tags: ticket.tags.map((entry) => entry.tag.name).sort(),
      sla: slaStatus(ticket, now),
      firstResponseDueAt: ticket.firstResponseDueAt,
      resolutionDueAt: ticket.resolutionDueAt,
      waitingSince: waitingSince(ticket),
      mergedInto: ticket.mergedInto,
      mergedFrom: ticket.mergedTickets.map((merged) => merged.number),
    },
    messages: ticket.messages.map(toThreadMessage),
    history,
    requester: {
      id: requester.id,
      name: contactDisplayName(requester, primaryEmail),
      firstName: requester.firstName,
      lastName: requester.lastName,
      jobTitle: requester.jobTitle,
      phone: requester.phone,
      language: requester.language,
      primaryEmail,
      emails: requester.emails.map((email) => ({ address: email.address, isPrimary: email.isPrimary, bounced: email.bouncedAt !== null })),
      company: requester.company,
      otherOpenTickets,
      recentInteractions: recentMessages.map((message) => ({
        at: message.createdAt,
        direction: message.direction,
        agentName: message.authorUser?.name ?? null,
        ticketNumber: message.ticket.number,
        ticketSubject: message.ticket.subject,
        excerpt: excerpt(message.bodyText),
      })),
    },
  };
}

export type TicketWorkspace = NonNullable<Awaited<ReturnType<typeof loadTicketWorkspace>>>;

function excerpt(text: string, length = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

// ───────────────────────────── the ticket as a record ─────────────────────────────

/**
 * The ticket as an integration reads it (public API): its fields and version, who asked, its
 * company, group, assignee and tags, its SLA state, and its thread in order with the attachments'
 * details. Internal notes only with `internalNotes` (people who work tickets). Null when the
 * viewer may not see it.
 */
export async function loadTicketRecord(viewer: TicketViewer, ticketId: string, options: { internalNotes: boolean; now?: Date }) {
  const visible = await visibleTicketsWhere(viewer);
  const ticket = await db().ticket.findFirst({
    where: { AND: [visible, { id: ticketId }] },
    select: {
      id: true,
      number: true,
      subject: true,
      status: true,
      priority: true,
      type: true,
      channel: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      solvedAt: true,
      closedAt: true,
      firstResponseDueAt: true,
      firstRespondedAt: true,
      resolutionDueAt: true,
      slaPausedSince: true,
      lastCustomerMessageAt: true,
      lastAgentReplyAt: true,
      mergedInto: { select: { number: true } },
      requester: { select: { id: true, firstName: true, lastName: true, emails: { where: { isPrimary: true }, select: { address: true }, take: 1 } } },
      company: { select: { id: true, name: true } },
      group: { select: { id: true, name: true } },
      assignee: { select: { id: true, name: true } },
      tags: { select: { tag: { select: { name: true } } } },
      messages: {
        where: options.internalNotes ? {} : { visibility: "public" },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: messageSelect,
      },
    },
  });
  if (!ticket) return null;
  const email = ticket.requester.emails[0]?.address ?? "";
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    channel: ticket.channel,
    version: ticket.version,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    solvedAt: ticket.solvedAt,
    closedAt: ticket.closedAt,
    waitingSince: waitingSince(ticket),
    sla: slaStatus(ticket, options.now ?? new Date()),
    mergedIntoNumber: ticket.mergedInto?.number ?? null,
    requester: { id: ticket.requester.id, name: contactDisplayName(ticket.requester, email), email },
    company: ticket.company,
    group: ticket.group,
    assignee: ticket.assignee,
    tags: ticket.tags.map((entry) => entry.tag.name).sort(),
    messages: ticket.messages.map(toThreadMessage),
  };
}

export type TicketRecord = NonNullable<Awaited<ReturnType<typeof loadTicketRecord>>>;

// ───────────────────────────── conflicts ─────────────────────────────

/**
 * What happened to a ticket after `since` (the moment the agent's version was saved), and its
 * values now: the conflict screen shows both so the agent can re-apply or discard their change.
 */
export async function ticketChangesSince(ticketId: string, since: Date) {
  const [ticket, events, messages] = await Promise.all([
    db().ticket.findUniqueOrThrow({
      where: { id: ticketId },
      select: {
        version: true,
        updatedAt: true,
        status: true,
        priority: true,
        type: true,
        subject: true,
        groupId: true,
        assigneeId: true,
        group: { select: { name: true } },
        assignee: { select: { name: true } },
        tags: { select: { tag: { select: { name: true } } } },
      },
    }),
    db().ticketEvent.findMany({ where: { ticketId, createdAt: { gt: since } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: historySelect }),
    db().message.findMany({ where: { ticketId, createdAt: { gt: since } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: messageSelect }),
  ]);
  return {
    current: {
      version: ticket.version,
      loadedAt: ticket.updatedAt.toISOString(),
      status: ticket.status,
      priority: ticket.priority,
      type: ticket.type,
      subject: ticket.subject,
      groupId: ticket.groupId,
      groupName: ticket.group?.name ?? null,
      assigneeId: ticket.assigneeId,
      assigneeName: ticket.assignee?.name ?? null,
      tags: ticket.tags.map((entry) => entry.tag.name).sort(),
    },
    history: await toHistory(events),
    messages: messages.map((message) => {
      const thread = toThreadMessage(message);
      return { id: thread.id, visibility: thread.visibility, authorKind: thread.authorKind, authorName: thread.authorName, createdAt: thread.createdAt, excerpt: excerpt(thread.bodyText, 280) };
    }),
  };
}

export type TicketChanges = Awaited<ReturnType<typeof ticketChangesSince>>;
