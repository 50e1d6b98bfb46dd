import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addAgentMessage, addCustomerMessage, createTicket, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import { hashSessionToken, revokeSessions } from "~/domain/identity/sessions.server";
import { updateUser } from "~/domain/identity/users.server";
import { sessionCookie } from "~/lib/cookies.server";
import { db } from "~/lib/db.server";
import { TYPING_TTL_MS } from "~/lib/realtime/protocol";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import {
  aContact,
  disconnection,
  helloFrom,
  joinTicket,
  nextEvent,
  openSocket,
  recorder,
  sessionCookieFor,
  settle,
  type StaffSocket,
} from "../support/realtime-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

let app: TestApp;
let fieldGroup: { id: string; name: string };
let officeGroup: { id: string; name: string };
let admin: Awaited<ReturnType<typeof aUser>>;
let julien: Awaited<ReturnType<typeof aUser>>;
let sophie: Awaited<ReturnType<typeof aUser>>;
let lucas: Awaited<ReturnType<typeof aUser>>;
const openSockets: StaffSocket[] = [];

async function socketFor(userId: string) {
  const { cookie } = await sessionCookieFor(userId);
  const socket = await openSocket(app.url, { cookie });
  openSockets.push(socket);
  return socket;
}

async function ticketIn(groupId: string | null, subject = "Imprimante bloquée") {
  const contact = await aContact();
  const created = await createTicket({
    requesterId: contact.id,
    subject,
    channel: "email",
    groupId,
    openedBy: { contactId: contact.id },
    firstMessage: { bodyText: "Bonjour, l'imprimante du 2e étage affiche E-301." },
  });
  return { ...created, contactId: contact.id };
}

async function versionOf(ticketId: string) {
  return (await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { version: true } })).version;
}

beforeAll(async () => {
  fieldGroup = await aGroup("Terrain");
  officeGroup = await aGroup("Bureautique");
  admin = await aUser({ role: "admin", name: "Claire Martin" });
  julien = await aUser({ role: "technician", name: "Julien Moreau" });
  // Sophie sees only the field group's tickets (and those assigned to her).
  sophie = await aUser({ role: "technician", name: "Sophie Lefèvre", groupIds: [fieldGroup.id], restrictToGroups: true });
  lucas = await aUser({ role: "technician", name: "Lucas Petit", groupIds: [officeGroup.id], restrictToGroups: true });
  app = await startTestApp();
});

afterEach(() => {
  for (const socket of openSockets.splice(0)) socket.close();
});

afterAll(async () => {
  await app?.close();
});

describe("who may connect", () => {
  it("refuses a socket without a staff session, as a customer's browser has", async () => {
    await expect(openSocket(app.url)).rejects.toThrow("unauthorized");
    await expect(openSocket(app.url, { cookie: "comptoir_portal=abc; comptoir_session=forged" })).rejects.toThrow("unauthorized");
  });

  it("refuses a customer portal session token even when presented as a staff cookie", async () => {
    const contact = await aContact();
    const token = crypto.randomBytes(32).toString("base64url");
    await db().portalSession.create({
      data: { tokenHash: hashSessionToken(token), contactId: contact.id, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const cookie = (await sessionCookie().serialize(token)).split(";")[0];
    await expect(openSocket(app.url, { cookie })).rejects.toThrow("unauthorized");
  });

  it("refuses expired and revoked sessions", async () => {
    const expired = await sessionCookieFor(julien.id);
    await db().session.update({ where: { id: expired.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(openSocket(app.url, { cookie: expired.cookie })).rejects.toThrow("unauthorized");

    const revoked = await sessionCookieFor(julien.id);
    await revokeSessions({ actorId: admin.id, userId: julien.id, sessionId: revoked.sessionId });
    await expect(openSocket(app.url, { cookie: revoked.cookie })).rejects.toThrow("unauthorized");
  });

  it("accepts the cookie the real sign-in form sets", async () => {
    const browser = new HttpSession(app.url);
    expect((await browser.signIn(julien.email, TEST_PASSWORD)).status).toBe(302);
    const socket = await openSocket(app.url, { cookie: browser.cookieHeader() });
    openSockets.push(socket);
    expect(socket.connected).toBe(true);
  });

  it("refuses a handshake from another site's page (cross-site WebSocket hijacking)", async () => {
    const { cookie } = await sessionCookieFor(julien.id);
    await expect(openSocket(app.url, { cookie, origin: "https://attaquant.example" })).rejects.toThrow();
    const sameSite = await openSocket(app.url, { cookie, origin: app.url });
    openSockets.push(sameSite);
    expect(sameSite.connected).toBe(true);
  });

  it("disconnects live sockets when their session is revoked, or expires", async () => {
    const revokedSession = await sessionCookieFor(julien.id);
    const revokedSocket = await openSocket(app.url, { cookie: revokedSession.cookie });
    openSockets.push(revokedSocket);
    const gone = disconnection(revokedSocket);
    await revokeSessions({ actorId: admin.id, userId: julien.id, sessionId: revokedSession.sessionId });
    expect(await gone).toBe("io server disconnect");

    const expiringSession = await sessionCookieFor(julien.id);
    const expiringSocket = await openSocket(app.url, { cookie: expiringSession.cookie });
    const bystander = await socketFor(julien.id);
    openSockets.push(expiringSocket);
    await db().session.update({ where: { id: expiringSession.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = disconnection(expiringSocket);
    expect(await app.server.realtime.checkSessions()).toBe(1);
    expect(await expired).toBe("io server disconnect");
    expect(bystander.connected).toBe(true);
  });

  it("receives nothing about tickets after the session is revoked", async () => {
    const { cookie, sessionId } = await sessionCookieFor(julien.id);
    const socket = await openSocket(app.url, { cookie });
    openSockets.push(socket);
    const log = recorder(socket);
    const gone = disconnection(socket);
    await revokeSessions({ actorId: admin.id, userId: julien.id, sessionId });
    await gone;
    await ticketIn(null);
    await settle();
    expect(log.of("ticket:changed")).toEqual([]);
  });
});

describe("ticket events reach only those who may read the ticket", () => {
  it("sends a new ticket to agents who see every ticket and to the group's agents, not to agents of another group", async () => {
    const [julienSocket, sophieSocket, lucasSocket] = await Promise.all([socketFor(julien.id), socketFor(sophie.id), socketFor(lucas.id)]);
    const lucasLog = recorder(lucasSocket);
    const toJulien = nextEvent(julienSocket, "ticket:changed", (event) => event.reason === "created");
    const toSophie = nextEvent(sophieSocket, "ticket:changed", (event) => event.reason === "created");

    const created = await ticketIn(fieldGroup.id, "Borne Wi-Fi HS au dépôt");

    const [forJulien, forSophie] = await Promise.all([toJulien, toSophie]);
    for (const event of [forJulien, forSophie]) {
      expect(event.ticket).toMatchObject({ id: created.ticketId, number: created.number, subject: "Borne Wi-Fi HS au dépôt", groupName: "Terrain", status: "new" });
      expect(event.actor).toBeNull();
      expect(event.seq).toBeGreaterThan(0);
    }
    await settle();
    expect(lucasLog.received.filter((entry) => entry.name.startsWith("ticket:"))).toEqual([]);
  });

  it("refuses to let an agent outside the ticket's group join its room, and sends them none of its messages", async () => {
    const ticket = await ticketIn(fieldGroup.id);
    const [sophieSocket, lucasSocket] = await Promise.all([socketFor(sophie.id), socketFor(lucas.id)]);
    const lucasLog = recorder(lucasSocket);

    expect(await joinTicket(lucasSocket, ticket.ticketId)).toEqual({ ok: false, error: "not_found" });
    expect(await joinTicket(lucasSocket, "ticket-qui-n-existe-pas")).toEqual({ ok: false, error: "not_found" });
    expect(await joinTicket(sophieSocket, ticket.ticketId)).toMatchObject({ ok: true });

    const toSophie = nextEvent(sophieSocket, "ticket:message");
    await addAgentMessage({ ticketId: ticket.ticketId, agentId: julien.id, visibility: "internal", bodyText: "Note interne : le client a déjà changé le toner." });
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "Toujours bloquée ce matin." });
    expect((await toSophie).preview).toContain("le client a déjà changé le toner");
    await settle();
    expect(lucasLog.received.filter((entry) => entry.name.startsWith("ticket:"))).toEqual([]);
  });

  it("keeps note text out of list updates and gives it only to the ticket's viewers", async () => {
    const ticket = await ticketIn(null);
    const [viewer, listReader] = await Promise.all([socketFor(julien.id), socketFor(admin.id)]);
    expect(await joinTicket(viewer, ticket.ticketId)).toMatchObject({ ok: true });
    const listLog = recorder(listReader);
    const viewerMessage = nextEvent(viewer, "ticket:message");
    const listUpdate = nextEvent(listReader, "ticket:changed", (event) => event.reason === "message");

    await addAgentMessage({ ticketId: ticket.ticketId, agentId: sophie.id, visibility: "internal", bodyText: "Mot de passe du routeur : hunter2" });

    expect(await viewerMessage).toMatchObject({ visibility: "internal", author: { kind: "agent", name: "Sophie Lefèvre" } });
    const update = await listUpdate;
    expect(update.message).toMatchObject({ visibility: "internal", direction: "out" });
    expect(update.actor).toEqual({ id: sophie.id, name: "Sophie Lefèvre" });
    await settle();
    expect(JSON.stringify(listLog.received)).not.toContain("hunter2");
    expect(listLog.of("ticket:message")).toEqual([]);
  });

  it("stops sending a ticket moved to another group to agents restricted to the old one, and tells them it is gone", async () => {
    const ticket = await ticketIn(fieldGroup.id);
    const [sophieSocket, julienSocket] = await Promise.all([socketFor(sophie.id), socketFor(julien.id)]);
    expect(await joinTicket(sophieSocket, ticket.ticketId)).toMatchObject({ ok: true });
    expect(await joinTicket(julienSocket, ticket.ticketId)).toMatchObject({ ok: true });
    const sophieLog = recorder(sophieSocket);
    const gone = nextEvent(sophieSocket, "ticket:gone");
    const julienPresence = nextEvent(julienSocket, "ticket:presence", (event) => event.viewers.every((viewer) => viewer.userId !== sophie.id));

    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await versionOf(ticket.ticketId), actorId: admin.id, changes: { groupId: officeGroup.id } });

    expect(await gone).toMatchObject({ ticketId: ticket.ticketId });
    expect((await julienPresence).viewers.map((viewer) => viewer.name)).toEqual(["Julien Moreau"]);
    expect(sophieLog.of("ticket:changed")).toEqual([]);

    sophieLog.clear();
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await versionOf(ticket.ticketId), actorId: admin.id, changes: { priority: "urgent" } });
    await addCustomerMessage({ ticketId: ticket.ticketId, contactId: ticket.contactId, bodyText: "Des nouvelles ?" });
    await settle();
    expect(sophieLog.received.filter((entry) => entry.name.startsWith("ticket:"))).toEqual([]);
  });

  it("sends a ticket assigned to a restricted agent outside its group to that agent", async () => {
    const ticket = await ticketIn(officeGroup.id);
    const sophieSocket = await socketFor(sophie.id);
    const assigned = nextEvent(sophieSocket, "ticket:changed", (event) => event.ticket.id === ticket.ticketId);
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await versionOf(ticket.ticketId), actorId: julien.id, changes: { assigneeId: sophie.id } });
    const event = await assigned;
    expect(event.changes).toEqual(expect.arrayContaining(["assigneeId", "status"]));
    expect(event.ticket).toMatchObject({ assigneeId: sophie.id, assigneeName: "Sophie Lefèvre", status: "open" });
    expect(event.actor?.name).toBe("Julien Moreau");
  });

  it("follows an admin's change to an agent's groups at once", async () => {
    const agent = await aUser({ role: "technician", name: "Inès Roux", groupIds: [officeGroup.id], restrictToGroups: true });
    const socket = await socketFor(agent.id);
    const log = recorder(socket);
    await ticketIn(fieldGroup.id);
    await settle();
    expect(log.of("ticket:changed")).toEqual([]);

    await updateUser(agent.id, { ...agent, active: true, groupIds: [fieldGroup.id], actorId: admin.id });
    await settle();
    const arrived = nextEvent(socket, "ticket:changed", (event) => event.reason === "created");
    const created = await ticketIn(fieldGroup.id);
    expect((await arrived).ticket.id).toBe(created.ticketId);
  });
});

describe("presence and typing", () => {
  it("shows who has the ticket open and who is typing, and forgets them when they leave", async () => {
    const ticket = await ticketIn(null);
    const [a, b] = await Promise.all([socketFor(julien.id), socketFor(admin.id)]);
    expect(await joinTicket(b, ticket.ticketId)).toEqual({ ok: true, viewers: [{ userId: admin.id, name: "Claire Martin", typing: false }] });

    const seesJulien = nextEvent(b, "ticket:presence", (event) => event.viewers.some((viewer) => viewer.userId === julien.id));
    const ack = await joinTicket(a, ticket.ticketId);
    expect(ack.ok && ack.viewers.map((viewer) => viewer.name)).toEqual(["Claire Martin", "Julien Moreau"]);
    expect((await seesJulien).viewers).toContainEqual({ userId: julien.id, name: "Julien Moreau", typing: false });

    const typing = nextEvent(b, "ticket:presence", (event) => event.viewers.some((viewer) => viewer.userId === julien.id && viewer.typing));
    a.emit("ticket:typing", { ticketId: ticket.ticketId, typing: true });
    await typing;
    const stopped = nextEvent(b, "ticket:presence", (event) => event.viewers.some((viewer) => viewer.userId === julien.id && !viewer.typing));
    a.emit("ticket:typing", { ticketId: ticket.ticketId, typing: false });
    await stopped;

    const left = nextEvent(b, "ticket:presence", (event) => event.viewers.every((viewer) => viewer.userId !== julien.id));
    a.close();
    expect((await left).viewers.map((viewer) => viewer.name)).toEqual(["Claire Martin"]);
  });

  it("lets a typing indicator expire when the typist goes quiet", async () => {
    const ticket = await ticketIn(null);
    const [a, b] = await Promise.all([socketFor(julien.id), socketFor(admin.id)]);
    await joinTicket(a, ticket.ticketId);
    await joinTicket(b, ticket.ticketId);
    const typing = nextEvent(b, "ticket:presence", (event) => event.viewers.some((viewer) => viewer.typing));
    a.emit("ticket:typing", { ticketId: ticket.ticketId, typing: true });
    await typing;
    const started = Date.now();
    await nextEvent(b, "ticket:presence", (event) => event.viewers.every((viewer) => !viewer.typing), TYPING_TTL_MS + 2_000);
    expect(Date.now() - started).toBeGreaterThan(TYPING_TTL_MS - 1_000);
  }, 15_000);

  it("ignores typing signals for tickets the socket has not joined", async () => {
    const ticket = await ticketIn(fieldGroup.id);
    const [sophieSocket, lucasSocket] = await Promise.all([socketFor(sophie.id), socketFor(lucas.id)]);
    await joinTicket(sophieSocket, ticket.ticketId);
    const log = recorder(sophieSocket);
    lucasSocket.emit("ticket:typing", { ticketId: ticket.ticketId, typing: true });
    await settle();
    expect(log.of("ticket:presence")).toEqual([]);
  });
});

describe("notifications", () => {
  it("pushes a new notification with the unread count to its person only, and opening the ticket reads it", async () => {
    const ticket = await ticketIn(null);
    const [julienSocket, adminSocket] = await Promise.all([socketFor(julien.id), socketFor(admin.id)]);
    const adminLog = recorder(adminSocket);
    const arrived = nextEvent(julienSocket, "notification:new");
    await updateTicketFields({ ticketId: ticket.ticketId, expectedVersion: await versionOf(ticket.ticketId), actorId: admin.id, changes: { assigneeId: julien.id } });
    const { notification, unread } = await arrived;
    expect(notification).toMatchObject({ kind: "assigned", ticketId: ticket.ticketId, ticketNumber: ticket.number, actorName: "Claire Martin", readAt: null });
    expect(unread).toBeGreaterThanOrEqual(1);

    const counted = nextEvent(julienSocket, "notification:count");
    expect(await joinTicket(julienSocket, ticket.ticketId)).toMatchObject({ ok: true });
    expect((await counted).unread).toBe(unread - 1);
    await settle();
    expect(adminLog.of("notification:new")).toEqual([]);
  });
});

describe("reconnection", () => {
  it("greets every connection with the boot id and the last sequence number, for catching up", async () => {
    const first = await socketFor(julien.id);
    const before = await helloFrom(first);
    expect(before.bootId).toBe(app.server.realtime.sequence.bootId);
    await ticketIn(null);
    await nextEvent(first, "ticket:changed", (event) => event.reason === "message");
    const second = await socketFor(julien.id);
    const after = await helloFrom(second);
    expect(after.bootId).toBe(before.bootId);
    expect(after.seq).toBeGreaterThan(before.seq);
  });
});
