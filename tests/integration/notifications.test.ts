import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onDomainEvent } from "~/domain/events.server";
import { addAgentMessage, addCustomerMessage, createTicket, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import {
  listNotifications,
  liveNotification,
  markAllNotificationsRead,
  markNotificationsRead,
  markTicketNotificationsRead,
  notificationConsumer,
  unreadNotificationCount,
} from "~/domain/notifications/notifications.server";
import { db } from "~/lib/db.server";
import { aGroup, aUser } from "../support/factories.ts";
import { aContact } from "../support/realtime-factories.ts";
import { recordTestEvent, startTestDispatcher } from "../support/events.ts";
import type { EventDispatcher } from "../../server/workers/event-dispatcher.ts";

let dispatcher: EventDispatcher;
let fieldGroup: { id: string };
let officeGroup: { id: string };
let julien: Awaited<ReturnType<typeof aUser>>;
let sophie: Awaited<ReturnType<typeof aUser>>;
let claire: Awaited<ReturnType<typeof aUser>>;

/** The notifications consumer runs after the domain call committed: wait until it handled everything. */
async function listenersDone() {
  await dispatcher.drain();
}

async function newTicket(options: { groupId?: string | null; assigneeId?: string | null; openedByAgent?: string } = {}) {
  const contact = await aContact({ firstName: "Marie", lastName: "Dupont" });
  const created = await createTicket({
    requesterId: contact.id,
    subject: "Photocopieur en panne",
    channel: options.openedByAgent ? "phone" : "email",
    groupId: options.groupId ?? null,
    assigneeId: options.assigneeId ?? null,
    openedBy: options.openedByAgent ? { userId: options.openedByAgent } : { contactId: contact.id },
    firstMessage: { bodyText: "Le photocopieur affiche une erreur." },
  });
  await listenersDone();
  return { ...created, contactId: contact.id };
}

async function version(ticketId: string) {
  return (await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { version: true } })).version;
}

async function notificationsOf(userId: string) {
  return db().notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { kind: true, ticketId: true, data: true, readAt: true } });
}

beforeAll(async () => {
  dispatcher = await startTestDispatcher([notificationConsumer]);
  fieldGroup = await aGroup();
  officeGroup = await aGroup();
  julien = await aUser({ name: "Julien Moreau" });
  sophie = await aUser({ name: "Sophie Lefèvre", groupIds: [fieldGroup.id], restrictToGroups: true });
  claire = await aUser({ name: "Claire Martin", role: "admin" });
});

afterAll(() => dispatcher.stop());

describe("notifications written from domain events", () => {
  it("tells the new assignee when someone else assigns them a ticket, not when they take it themselves", async () => {
    const ticket = await newTicket();
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await version(ticket.ticketId), actorId: claire.id, changes: { assigneeId: julien.id } });
    await listenersDone();
    const [assigned] = await notificationsOf(julien.id);
    expect(assigned).toMatchObject({ kind: "assigned", ticketId: ticket.ticketId, readAt: null });
    expect(JSON.parse(assigned.data)).toMatchObject({ number: ticket.number, subject: "Photocopieur en panne", actorName: "Claire Martin" });

    const own = await newTicket();
    await updateTicketFields({ ticketId: own.ticketId, expectedVersion: await version(own.ticketId), actorId: julien.id, changes: { assigneeId: julien.id } });
    // Answering an unassigned ticket takes it: no notification to oneself either.
    const answered = await newTicket();
    await addAgentMessage({ ticketId: answered.ticketId, agentId: julien.id, visibility: "public", bodyText: "Nous regardons." });
    await listenersDone();
    expect((await notificationsOf(julien.id)).map((row) => row.ticketId)).toEqual([ticket.ticketId]);
  });

  it("tells the assignee of a phone ticket created for them by a colleague", async () => {
    const ticket = await newTicket({ assigneeId: julien.id, openedByAgent: claire.id });
    expect((await notificationsOf(julien.id)).filter((row) => row.ticketId === ticket.ticketId).map((row) => row.kind)).toEqual(["assigned"]);
  });

  it("tells the assignee when the customer answers, folding several answers into one unread notification", async () => {
    const ticket = await newTicket();
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await version(ticket.ticketId), actorId: sophie.id, changes: { assigneeId: claire.id } });
    await addAgentMessage({ ticketId: ticket.ticketId, agentId: claire.id, visibility: "public", bodyText: "Pouvez-vous redémarrer ?" });
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "C'est fait, toujours en panne." });
    await listenersDone();
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "Et maintenant il fume !" });
    await listenersDone();

    const replies = (await notificationsOf(claire.id)).filter((row) => row.kind === "customer_replied");
    expect(replies).toHaveLength(1);
    expect(JSON.parse(replies[0].data)).toMatchObject({ actorName: "Marie Dupont", count: 2 });

    await markTicketNotificationsRead(claire.id, ticket.ticketId);
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "Merci de rappeler." });
    await listenersDone();
    expect((await notificationsOf(claire.id)).filter((row) => row.kind === "customer_replied")).toHaveLength(2);
  });

  it("writes nothing for a customer's first message (the ticket itself) nor for unassigned tickets", async () => {
    const before = await db().notification.count();
    const ticket = await newTicket();
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "Une précision." });
    await listenersDone();
    expect(await db().notification.count()).toBe(before);
  });

  it("tells the assignee once when their ticket nears or breaches its SLA", async () => {
    const ticket = await newTicket({ assigneeId: julien.id, openedByAgent: julien.id });
    await recordTestEvent("sla.warning", { ticketId: ticket.ticketId, target: "first_response", dueAt: new Date().toISOString() });
    await recordTestEvent("sla.warning", { ticketId: ticket.ticketId, target: "first_response", dueAt: new Date().toISOString() });
    await listenersDone();
    await recordTestEvent("sla.breached", { ticketId: ticket.ticketId, target: "first_response", dueAt: new Date().toISOString() });
    await listenersDone();
    const rows = (await notificationsOf(julien.id)).filter((row) => row.ticketId === ticket.ticketId);
    expect(rows.map((row) => [row.kind, JSON.parse(row.data).target])).toEqual([
      ["sla_warning", "first_response"],
      ["sla_breached", "first_response"],
    ]);
  });

  it("never notifies someone who may not read the ticket", async () => {
    const ticket = await newTicket({ groupId: officeGroup.id });
    // Sophie is restricted to the field group; assigned, she may read it: notified.
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await version(ticket.ticketId), actorId: claire.id, changes: { assigneeId: sophie.id } });
    await listenersDone();
    expect((await notificationsOf(sophie.id)).map((row) => row.kind)).toEqual(["assigned"]);

    // A deactivated assignee gets nothing.
    const gone = await aUser({ name: "Ancien Agent" });
    await db().user.update({ where: { id: gone.id }, data: { active: false } });
    const other = await newTicket();
    await updateTicketFields({ ticketId: other.ticketId, expectedVersion: await version(other.ticketId), actorId: claire.id, changes: { assigneeId: gone.id } });
    await listenersDone();
    expect(await notificationsOf(gone.id)).toEqual([]);
  });

  it("tells a technician when a colleague plans, moves or cancels an intervention for them, not when they do it", async () => {
    const ticket = await newTicket();
    const startsAt = new Date("2026-12-01T08:30:00Z");
    const intervention = await db().intervention.create({
      data: { ticketId: ticket.ticketId, technicianId: julien.id, plannedById: claire.id, kind: "onsite", startsAt, endsAt: new Date(startsAt.getTime() + 7_200_000) },
      select: { id: true },
    });
    const event = { interventionId: intervention.id, ticketId: ticket.ticketId, technicianId: julien.id };
    await recordTestEvent("intervention.changed", { ...event, change: "planned", actorId: claire.id });
    await recordTestEvent("intervention.changed", { ...event, change: "reported", actorId: claire.id });
    await recordTestEvent("intervention.changed", { ...event, change: "rescheduled", actorId: julien.id });
    // Sophie only sees her group's tickets: an intervention on this one tells her nothing about it.
    await recordTestEvent("intervention.changed", { ...event, technicianId: sophie.id, change: "planned", actorId: claire.id });
    await listenersDone();
    expect((await notificationsOf(sophie.id)).filter((row) => row.ticketId === ticket.ticketId)).toEqual([]);
    const rows = (await notificationsOf(julien.id)).filter((row) => row.ticketId === ticket.ticketId);
    expect(rows.map((row) => row.kind)).toEqual(["intervention"]);
    expect(JSON.parse(rows[0].data)).toMatchObject({ change: "planned", actorName: "Claire Martin", startsAt: startsAt.toISOString() });
  });

  it("writes nothing for an assignee whose role cannot read tickets", async () => {
    const marketing = await aUser({ name: "Camille Dubois", role: "marketing" });
    const ticket = await newTicket();
    await db().ticket.update({ where: { id: ticket.ticketId }, data: { assigneeId: marketing.id } });
    await recordTestEvent("sla.breached", { ticketId: ticket.ticketId, target: "resolution", dueAt: new Date().toISOString() });
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "Alors ?" });
    await listenersDone();
    expect(await notificationsOf(marketing.id)).toEqual([]);
  });

  it("writes one notification for an event handled twice (a crash between the write and the cursor's move)", async () => {
    const ticket = await newTicket();
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await version(ticket.ticketId), actorId: claire.id, changes: { assigneeId: julien.id } });
    await listenersDone();
    const event = await db().domainEvent.findFirstOrThrow({ where: { name: "ticket.updated" }, orderBy: { position: "desc" } });
    expect(JSON.parse(event.payload)).toMatchObject({ ticketId: ticket.ticketId, changes: expect.arrayContaining(["assigneeId"]) });
    const before = (await notificationsOf(julien.id)).filter((row) => row.ticketId === ticket.ticketId);
    expect(before).toHaveLength(1);
    await notificationConsumer.handle({ position: event.position, id: event.id, name: "ticket.updated", payload: JSON.parse(event.payload), actor: { kind: "user", id: claire.id }, occurredAt: event.occurredAt });
    expect((await notificationsOf(julien.id)).filter((row) => row.ticketId === ticket.ticketId)).toHaveLength(1);
  });

  it("announces each written notification for the live bell", async () => {
    const seen: Array<{ notificationId: string; userId: string }> = [];
    const stop = onDomainEvent("notification.created", (event) => {
      seen.push(event);
    });
    const ticket = await newTicket();
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await version(ticket.ticketId), actorId: claire.id, changes: { assigneeId: julien.id } });
    await listenersDone();
    stop();
    expect(seen).toHaveLength(1);
    const live = await liveNotification(seen[0].notificationId);
    expect(live?.notification).toMatchObject({ kind: "assigned", ticketNumber: ticket.number, actorName: "Claire Martin", subject: "Photocopieur en panne" });
    expect(live?.unread).toBe(await unreadNotificationCount(julien));
  });
});

describe("reading notifications", () => {
  it("lists newest first, counts unread, and marks one or all as read for their owner only", async () => {
    const agent = await aUser({ name: "Inès Roux" });
    const tickets = [await newTicket(), await newTicket(), await newTicket()];
    for (const ticket of tickets) {
      await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await version(ticket.ticketId), actorId: claire.id, changes: { assigneeId: agent.id } });
      await listenersDone();
    }
    const list = await listNotifications(agent);
    expect(list.notifications.map((item) => item.ticketNumber)).toEqual(tickets.map((ticket) => ticket.number).reverse());
    expect(list.unread).toBe(3);

    const reads: string[] = [];
    const stop = onDomainEvent("notifications.read", ({ userId }) => {
      reads.push(userId);
    });
    // Someone else's id is ignored.
    expect(await markNotificationsRead(julien.id, [list.notifications[0].id])).toBe(0);
    expect(await markNotificationsRead(agent.id, [list.notifications[0].id])).toBe(1);
    expect(await unreadNotificationCount(agent)).toBe(2);
    expect((await listNotifications(agent, { unreadOnly: true })).notifications).toHaveLength(2);
    expect(await markAllNotificationsRead(agent.id)).toBe(2);
    expect(await unreadNotificationCount(agent)).toBe(0);
    await listenersDone();
    stop();
    expect(reads).toEqual([agent.id, agent.id]);
  });

  it("hides notifications about tickets the reader can no longer see", async () => {
    const agent = await aUser({ name: "Hugo Blanc", groupIds: [fieldGroup.id], restrictToGroups: true });
    const ticket = await newTicket({ groupId: fieldGroup.id });
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await version(ticket.ticketId), actorId: claire.id, changes: { assigneeId: agent.id } });
    await listenersDone();
    expect(await unreadNotificationCount(agent)).toBe(1);
    await updateTicketFields({
      ticketId: ticket.ticketId,
      expectedVersion: await version(ticket.ticketId),
      actorId: claire.id,
      changes: { assigneeId: julien.id, groupId: officeGroup.id },
    });
    await listenersDone();
    expect(await unreadNotificationCount(agent)).toBe(0);
    expect((await listNotifications(agent)).notifications).toEqual([]);
  });
});
