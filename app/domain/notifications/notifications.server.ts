import type { DurableConsumer } from "~/domain/event-consumers.server";
import { transactionWithEvents } from "~/domain/event-store.server";
import type { DomainEvents } from "~/domain/events.server";
import { canReadTicket, ticketReaderFor, visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { ownedRecordsWhere } from "~/domain/sales/sales-access";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import type { LiveNotification } from "~/lib/realtime/protocol";
import type { NotificationData, NotificationKind } from "./notification-kinds";

/**
 * Notifications for a person: written from domain events by the durable consumer below (assigned
 * to me, a customer answered on my ticket, my ticket nears or breaches its SLA, an intervention
 * was planned, moved or cancelled for me), read in the bell and on /notifications. A
 * notification is only written for someone who may read the ticket, and lists only show those
 * whose ticket the reader can still see. Each row keeps the event it came from (`sourceEvent`):
 * an event handled twice after a crash writes nothing the second time. Sales activity reminders
 * are written by app/domain/sales/activity-reminders.server.ts and shown while the reader may
 * read the activity under the sales record rule.
 */

const recipientSelect = { id: true, role: true, restrictToGroups: true, active: true } as const;

type TicketForNotice = { id: string; number: number; subject: string; groupId: string | null; assigneeId: string | null };

async function loadTicket(ticketId: string): Promise<TicketForNotice | null> {
  return db().ticket.findUnique({
    where: { id: ticketId },
    select: { id: true, number: true, subject: true, groupId: true, assigneeId: true },
  });
}

/** The user, if active and allowed to read the ticket in its current state. */
async function eligibleRecipient(userId: string, ticket: TicketForNotice) {
  const user = await db().user.findUnique({ where: { id: userId }, select: recipientSelect });
  if (!user?.active) return null;
  return canReadTicket(await ticketReaderFor(user), ticket) ? user : null;
}

async function actorName(actorId: string | null | undefined): Promise<string | null> {
  if (!actorId) return null;
  return (await db().user.findUnique({ where: { id: actorId }, select: { name: true } }))?.name ?? null;
}

// Writers for one person run one at a time, so "already notified?" checks cannot race.
const writeQueues = new Map<string, Promise<unknown>>();
function serially<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = writeQueues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  writeQueues.set(key, tail);
  void tail.then(() => {
    if (writeQueues.get(key) === tail) writeQueues.delete(key);
  });
  return run;
}

/** The event a notification is written for (its stream position), when it comes from the stream. */
type Source = { sourceEvent?: number };

async function write(input: { userId: string; kind: NotificationKind; ticket: TicketForNotice; data: NotificationData } & Source) {
  if (input.sourceEvent !== undefined) {
    const already = await db().notification.findUnique({
      where: { userId_kind_sourceEvent: { userId: input.userId, kind: input.kind, sourceEvent: input.sourceEvent } },
      select: { id: true },
    });
    if (already) return already.id;
  }
  return transactionWithEvents(async (tx, events) => {
    const notification = await tx.notification.create({
      data: {
        userId: input.userId,
        kind: input.kind,
        ticketId: input.ticket.id,
        sourceEvent: input.sourceEvent ?? null,
        data: JSON.stringify({ number: input.ticket.number, subject: input.ticket.subject, ...input.data } satisfies NotificationData),
      },
      select: { id: true },
    });
    events.record("notification.created", { notificationId: notification.id, userId: input.userId });
    return notification.id;
  });
}

/** The ticket was assigned to someone other than the person who did it: tell the new assignee. */
export async function notifyAssignment(input: { ticketId: string; actorId: string | null } & Source): Promise<string | null> {
  const ticket = await loadTicket(input.ticketId);
  if (!ticket?.assigneeId || ticket.assigneeId === input.actorId) return null;
  const recipient = await eligibleRecipient(ticket.assigneeId, ticket);
  if (!recipient) return null;
  return write({ userId: recipient.id, kind: "assigned", ticket, data: { actorName: await actorName(input.actorId) }, sourceEvent: input.sourceEvent });
}

/**
 * A customer wrote on a ticket that has an assignee (not the opening message: that one is the
 * ticket itself). Several messages before the assignee looks become one notification.
 */
export async function notifyCustomerReply(input: { ticketId: string; messageId: string } & Source): Promise<string | null> {
  const message = await db().message.findUnique({
    where: { id: input.messageId },
    select: { direction: true, visibility: true, authorContactId: true, ticketId: true, createdAt: true },
  });
  if (!message || message.direction !== "in" || message.visibility !== "public" || message.ticketId !== input.ticketId) return null;
  const earlier = await db().message.count({
    where: { ticketId: input.ticketId, id: { not: input.messageId }, createdAt: { lte: message.createdAt } },
  });
  if (earlier === 0) return null;
  const ticket = await loadTicket(input.ticketId);
  if (!ticket?.assigneeId) return null;
  const recipient = await eligibleRecipient(ticket.assigneeId, ticket);
  if (!recipient) return null;
  const contact = message.authorContactId
    ? await db().contact.findUnique({ where: { id: message.authorContactId }, select: { firstName: true, lastName: true } })
    : null;
  const customerName = contact ? `${contact.firstName} ${contact.lastName}`.trim() || null : null;

  return serially(`${recipient.id}:${ticket.id}`, async () => {
    const unread = await db().notification.findFirst({
      where: { userId: recipient.id, kind: "customer_replied", ticketId: ticket.id, readAt: null },
      select: { id: true, data: true, sourceEvent: true },
    });
    if (unread) {
      // The same event handled again (after a crash) was already counted.
      if (input.sourceEvent !== undefined && unread.sourceEvent === input.sourceEvent) return unread.id;
      const previous = parseData(unread.data);
      await transactionWithEvents(async (tx, events) => {
        await tx.notification.update({
          where: { id: unread.id },
          data: {
            createdAt: new Date(),
            sourceEvent: input.sourceEvent ?? unread.sourceEvent,
            data: JSON.stringify({
              ...previous,
              number: ticket.number,
              subject: ticket.subject,
              actorName: customerName,
              count: (previous.count ?? 1) + 1,
            }),
          },
        });
        events.record("notification.created", { notificationId: unread.id, userId: recipient.id });
      });
      return unread.id;
    }
    return write({ userId: recipient.id, kind: "customer_replied", ticket, data: { actorName: customerName, count: 1 }, sourceEvent: input.sourceEvent });
  });
}

/**
 * The ticket is about to breach (warning) or has breached one of its SLA targets: tell its
 * assignee, once per target and state while the previous one is unread.
 */
export async function notifySlaState(input: { ticketId: string; state: "warning" | "breached"; target: string } & Source): Promise<string | null> {
  const ticket = await loadTicket(input.ticketId);
  if (!ticket?.assigneeId) return null;
  const recipient = await eligibleRecipient(ticket.assigneeId, ticket);
  if (!recipient) return null;
  const kind: NotificationKind = input.state === "warning" ? "sla_warning" : "sla_breached";
  return serially(`${recipient.id}:${ticket.id}`, async () => {
    const existing = await db().notification.findMany({
      where: { userId: recipient.id, kind, ticketId: ticket.id, readAt: null },
      select: { data: true },
    });
    if (existing.some((row) => parseData(row.data).target === input.target)) return null;
    return write({ userId: recipient.id, kind, ticket, data: { target: input.target }, sourceEvent: input.sourceEvent });
  });
}

/**
 * Someone planned, moved or cancelled an intervention for a technician: tell the technician
 * (not when they did it themselves; reports are written by the technician).
 */
export async function notifyIntervention(input: {
  interventionId: string;
  ticketId: string;
  technicianId: string;
  change: string;
  actorId: string | null;
} & Source): Promise<string | null> {
  if (input.change === "reported" || input.technicianId === input.actorId) return null;
  const ticket = await loadTicket(input.ticketId);
  if (!ticket) return null;
  const recipient = await eligibleRecipient(input.technicianId, ticket);
  if (!recipient) return null;
  const intervention = await db().intervention.findUnique({ where: { id: input.interventionId }, select: { startsAt: true } });
  return write({
    userId: recipient.id,
    kind: "intervention",
    ticket,
    data: { actorName: await actorName(input.actorId), change: input.change, startsAt: intervention?.startsAt.toISOString() },
    sourceEvent: input.sourceEvent,
  });
}

function parseData(raw: string): NotificationData {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === "object" ? (value as NotificationData) : {};
  } catch {
    return {};
  }
}

/**
 * The durable consumer that turns the stream's events into notifications (one process handles
 * them, in order: server/workers/event-dispatcher.ts).
 */
export const notificationConsumer: DurableConsumer = {
  name: "notifications",
  events: ["ticket.created", "ticket.updated", "message.added", "sla.warning", "sla.breached", "intervention.changed"],
  async handle(event) {
    const sourceEvent = event.position;
    switch (event.name) {
      case "ticket.created": {
        const { ticketId, actorId } = event.payload as DomainEvents["ticket.created"];
        await notifyAssignment({ ticketId, actorId, sourceEvent });
        return;
      }
      case "ticket.updated": {
        const { ticketId, actorId, changes } = event.payload as DomainEvents["ticket.updated"];
        if (changes.includes("assignee") || changes.includes("assigneeId")) await notifyAssignment({ ticketId, actorId, sourceEvent });
        return;
      }
      case "message.added": {
        const { ticketId, messageId, visibility, actorId } = event.payload as DomainEvents["message.added"];
        if (visibility === "public" && actorId === null) await notifyCustomerReply({ ticketId, messageId, sourceEvent });
        return;
      }
      case "sla.warning":
      case "sla.breached": {
        const { ticketId, target } = event.payload as DomainEvents["sla.warning"];
        await notifySlaState({ ticketId, state: event.name === "sla.warning" ? "warning" : "breached", target, sourceEvent });
        return;
      }
      case "intervention.changed":
        await notifyIntervention({ ...(event.payload as DomainEvents["intervention.changed"]), sourceEvent });
        return;
    }
  },
};

// ───────────────────────────── reading ─────────────────────────────

type NotificationReader = TicketViewer;

async function readableWhere(viewer: NotificationReader): Promise<Prisma.NotificationWhereInput> {
  const visible = await visibleTicketsWhere(viewer);
  const sales = ownedRecordsWhere(viewer, "read");
  const conditions: Prisma.NotificationWhereInput[] = [];
  if (Object.keys(visible).length > 0) conditions.push({ OR: [{ ticketId: null }, { ticket: { is: visible } }] });
  if (sales === null) conditions.push({ activityId: null });
  else if (sales.ownerId) conditions.push({ OR: [{ activityId: null }, { activity: { is: { ownerId: sales.ownerId } } }] });
  if (conditions.length === 0) return { userId: viewer.id };
  return { userId: viewer.id, ...(conditions.length === 1 ? conditions[0] : { AND: conditions }) };
}

const notificationSelect = {
  id: true,
  kind: true,
  ticketId: true,
  activityId: true,
  data: true,
  createdAt: true,
  readAt: true,
  ticket: { select: { number: true, subject: true } },
  activity: { select: { subject: true, kind: true } },
} as const;

type NotificationRow = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

function toLive(row: NotificationRow): LiveNotification {
  const data = parseData(row.data);
  return {
    id: row.id,
    kind: row.kind,
    ticketId: row.ticketId,
    ticketNumber: row.ticket?.number ?? data.number ?? null,
    subject: row.ticket?.subject ?? row.activity?.subject ?? data.subject ?? "",
    actorName: data.actorName ?? null,
    target: data.target ?? null,
    count: data.count ?? 1,
    change: data.change ?? null,
    startsAt: data.startsAt ?? null,
    activityId: row.activityId,
    activityKind: row.activity?.kind ?? data.activityKind ?? null,
    allDay: data.allDay ?? false,
    dealId: data.dealId ?? null,
    webhookEndpointId: data.webhookEndpointId ?? null,
    knowledgeArticleId: data.knowledgeArticleId ?? null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

export const NOTIFICATIONS_PAGE_SIZE = 25;

/** One page of the reader's notifications, newest first. */
export async function listNotifications(viewer: NotificationReader, options: { page?: number; unreadOnly?: boolean; take?: number } = {}) {
  const take = options.take ?? NOTIFICATIONS_PAGE_SIZE;
  const page = Math.max(1, options.page ?? 1);
  const where: Prisma.NotificationWhereInput = { AND: [await readableWhere(viewer), options.unreadOnly ? { readAt: null } : {}] };
  const [rows, total, unread] = await Promise.all([
    db().notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * take,
      take,
      select: notificationSelect,
    }),
    db().notification.count({ where }),
    unreadNotificationCount(viewer),
  ]);
  return { notifications: rows.map(toLive), total, unread, page, pageCount: Math.max(1, Math.ceil(total / take)) };
}

export async function unreadNotificationCount(viewer: NotificationReader): Promise<number> {
  return db().notification.count({ where: { AND: [await readableWhere(viewer), { readAt: null }] } });
}

/** The unread count of a user given by id (for pushing the bell's counter). */
export async function unreadNotificationCountOf(userId: string): Promise<number | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, role: true, restrictToGroups: true } });
  return user ? unreadNotificationCount(user) : null;
}

/** One notification as the bell shows it arriving, or null if its reader may no longer see it. */
export async function liveNotification(notificationId: string): Promise<{ notification: LiveNotification; unread: number } | null> {
  const row = await db().notification.findUnique({
    where: { id: notificationId },
    select: { ...notificationSelect, user: { select: { id: true, role: true, restrictToGroups: true } } },
  });
  if (!row) return null;
  const readable = await db().notification.count({ where: { AND: [{ id: row.id }, await readableWhere(row.user)] } });
  if (readable === 0) return null;
  return { notification: toLive(row), unread: await unreadNotificationCount(row.user) };
}

/** Marks the given notifications of this user as read (others' ids are ignored); returns how many changed. */
export async function markNotificationsRead(userId: string, notificationIds: string[]): Promise<number> {
  if (notificationIds.length === 0) return 0;
  return markRead(userId, { id: { in: notificationIds } });
}

export async function markAllNotificationsRead(userId: string): Promise<number> {
  return markRead(userId, {});
}

/** Opening a sales activity reads its reminders. */
export async function markActivityNotificationsRead(userId: string, activityId: string): Promise<number> {
  return markRead(userId, { activityId });
}

/** Opening a ticket reads the notifications about it. */
export async function markTicketNotificationsRead(userId: string, ticketId: string): Promise<number> {
  return markRead(userId, { ticketId });
}

/** Other tabs and devices of the user update their counter from "notifications.read". */
function markRead(userId: string, where: Prisma.NotificationWhereInput): Promise<number> {
  return transactionWithEvents(async (tx, events) => {
    const { count } = await tx.notification.updateMany({ where: { ...where, userId, readAt: null }, data: { readAt: new Date() } });
    if (count > 0) events.record("notifications.read", { userId });
    return count;
  });
}
