import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { addAgentMessage, createTicket, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import { mergeTickets } from "~/domain/helpdesk/ticket-merge.server";
import { transactionWithEvents } from "~/domain/event-store.server";
import { loadWallBoard } from "~/domain/reporting/wall-board-data.server";
import {
  authenticateWallBoard,
  createWallBoard,
  hashWallBoardToken,
  listWallBoards,
  revokeWallBoard,
  WALL_BOARD_FAILED_LOOKUPS_PER_15_MIN,
} from "~/domain/reporting/wall-boards.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { realtimePath } from "~/lib/realtime/protocol";
import { wallBoardNamespace, type WallBoardData, type WallBoardServerEvents } from "~/lib/realtime/wall-board-protocol";
import { aGroup, aUser, TEST_PASSWORD } from "../support/factories.ts";
import { aContact, settle } from "../support/realtime-factories.ts";
import { HttpSession, startTestApp, type TestApp } from "../support/test-app.ts";

type BoardSocket = Socket<WallBoardServerEvents>;

let app: TestApp;
let admin: Awaited<ReturnType<typeof aUser>>;
let fieldGroup: { id: string; name: string };
let officeGroup: { id: string; name: string };
const sockets: BoardSocket[] = [];

function openBoardSocket(token: unknown): Promise<{ socket: BoardSocket; boards: WallBoardData[]; first: Promise<WallBoardData> }> {
  const socket: BoardSocket = connect(`${app.url}${wallBoardNamespace}`, {
    path: realtimePath,
    transports: ["websocket"],
    auth: { token },
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
  });
  sockets.push(socket);
  const boards: WallBoardData[] = [];
  const first = new Promise<WallBoardData>((resolve) => socket.once("wall:board", resolve));
  socket.on("wall:board", (data) => boards.push(data));
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve({ socket, boards, first }));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The next board sent to the socket that satisfies `where`. */
function nextBoard(socket: BoardSocket, where: (data: WallBoardData) => boolean, timeoutMs = 3_000): Promise<WallBoardData> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off("wall:board", listener);
      reject(new Error(`no matching board within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (data: WallBoardData) => {
      if (!where(data)) return;
      clearTimeout(timer);
      socket.off("wall:board", listener);
      resolve(data);
    };
    socket.on("wall:board", listener);
  });
}

async function customerWrites(groupId: string | null, subject: string) {
  const contact = await aContact({ firstName: "Élodie", lastName: `Marchand ${subject.length}` });
  return createTicket({
    requesterId: contact.id,
    subject,
    channel: "web",
    groupId,
    openedBy: { contactId: contact.id },
    firstMessage: { bodyText: "Texte du message, qui ne doit jamais apparaître sur un écran mural." },
  });
}

const subjects = (data: WallBoardData) => data.rows.map((row) => row.subject);

beforeAll(async () => {
  admin = await aUser({ role: "admin", name: "Claire Martin" });
  fieldGroup = await aGroup("Terrain");
  officeGroup = await aGroup("Bureautique");
  app = await startTestApp();
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

afterAll(async () => {
  await app?.close();
});

describe("board tokens", () => {
  it("stores only the token's hash, shown once, and finds the board by the token", async () => {
    const { id, token } = await createWallBoard({ name: "Écran plateau", groupId: fieldGroup.id, actorId: admin.id });
    expect(token).toMatch(/^ecr_[A-Za-z0-9_-]{43}$/);
    const row = await db().wallBoard.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashWallBoardToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect(await authenticateWallBoard(token)).toEqual({ id, name: "Écran plateau", groupId: fieldGroup.id, groupName: "Terrain" });
    // A near miss, a malformed token, an API token's shape: nothing.
    expect(await authenticateWallBoard(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await authenticateWallBoard("ecr_court")).toBeNull();
    expect(await authenticateWallBoard(`cpt_${token.slice(4)}`)).toBeNull();
    const audit = await db().auditLog.findMany({ where: { entityId: id }, select: { action: true, details: true } });
    expect(audit.map((entry) => entry.action)).toEqual(["wall_board.created"]);
    expect(audit[0].details).not.toContain(token);
  });

  it("records when the screen was last seen, at most once a minute", async () => {
    const { id, token } = await createWallBoard({ name: "Accueil", groupId: null, actorId: admin.id });
    const t0 = new Date("2026-12-07T09:00:00Z");
    await authenticateWallBoard(token, t0);
    await authenticateWallBoard(token, new Date(t0.getTime() + 30_000));
    expect((await db().wallBoard.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    await authenticateWallBoard(token, later);
    expect((await db().wallBoard.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(later);
  });

  it("a revoked board is not found; revoking twice changes nothing; an unknown board cannot be revoked", async () => {
    const { id, token } = await createWallBoard({ name: "Ancien écran", groupId: null, actorId: admin.id });
    await revokeWallBoard({ wallBoardId: id, actorId: admin.id });
    const revokedAt = (await db().wallBoard.findUniqueOrThrow({ where: { id } })).revokedAt;
    expect(revokedAt).not.toBeNull();
    expect(await authenticateWallBoard(token)).toBeNull();
    await revokeWallBoard({ wallBoardId: id, actorId: admin.id });
    expect((await db().wallBoard.findUniqueOrThrow({ where: { id } })).revokedAt).toEqual(revokedAt);
    await expect(revokeWallBoard({ wallBoardId: "nope", actorId: admin.id })).rejects.toThrow();
    expect((await listWallBoards()).find((board) => board.id === id)?.revokedAt).toEqual(revokedAt);
  });

  it("refuses an empty name and a group that does not exist", async () => {
    await expect(createWallBoard({ name: "  ", groupId: null, actorId: admin.id })).rejects.toMatchObject({ code: "validation.required" });
    await expect(createWallBoard({ name: "Écran", groupId: "missing", actorId: admin.id })).rejects.toMatchObject({ code: "wallBoard.validation.unknownGroup" });
  });
});

describe("what a board shows", () => {
  it("exactly the customers waiting in its scope: the queue's definition, no address, no message", async () => {
    const waitingField = await customerWrites(fieldGroup.id, "Scope: terrain en attente");
    const answeredField = await customerWrites(fieldGroup.id, "Scope: terrain répondu");
    await addAgentMessage({ ticketId: answeredField.ticketId, agentId: admin.id, visibility: "public", bodyText: "Bonjour, c'est réglé." });
    const notedField = await customerWrites(fieldGroup.id, "Scope: terrain avec note");
    await addAgentMessage({ ticketId: notedField.ticketId, agentId: admin.id, visibility: "internal", bodyText: "Une note ne met pas fin à l'attente." });
    const solvedField = await customerWrites(fieldGroup.id, "Scope: terrain résolu");
    await updateTicketFields({ ticketId: solvedField.ticketId, expectedVersion: (await db().ticket.findUniqueOrThrow({ where: { id: solvedField.ticketId } })).version, actorId: admin.id, changes: { status: "solved" } });
    await customerWrites(officeGroup.id, "Scope: bureautique en attente");

    const fieldBoard = await loadWallBoard({ id: "b1", name: "Terrain", groupId: fieldGroup.id, groupName: fieldGroup.name });
    expect(subjects(fieldBoard).filter((subject) => subject.startsWith("Scope:")).sort()).toEqual(["Scope: terrain avec note", "Scope: terrain en attente"]);
    expect(fieldBoard.total).toBe(fieldBoard.rows.length);
    // Brute force: every unresolved ticket of the group whose last customer message no public answer followed.
    const all = await db().ticket.findMany({ where: { groupId: fieldGroup.id }, select: { subject: true, status: true, lastCustomerMessageAt: true, lastAgentReplyAt: true } });
    const expected = all.filter(
      (ticket) =>
        ["new", "open", "pending_customer", "on_hold"].includes(ticket.status) &&
        ticket.lastCustomerMessageAt !== null &&
        (ticket.lastAgentReplyAt === null || ticket.lastAgentReplyAt < ticket.lastCustomerMessageAt),
    );
    expect(subjects(fieldBoard).sort()).toEqual(expected.map((ticket) => ticket.subject).sort());

    const allBoard = await loadWallBoard({ id: "b2", name: "Tous", groupId: null, groupName: null });
    expect(subjects(allBoard)).toEqual(expect.arrayContaining(["Scope: terrain en attente", "Scope: bureautique en attente"]));
    const row = fieldBoard.rows.find((candidate) => candidate.ticketId === waitingField.ticketId)!;
    expect(row).toMatchObject({ customerName: expect.stringContaining("Élodie"), groupName: "Terrain", number: waitingField.number });
    const text = JSON.stringify(allBoard);
    expect(text).not.toContain("@");
    expect(text).not.toContain("Texte du message");
    expect(text).not.toContain("note ne met pas fin");
  });
});

describe("the board's socket", () => {
  it("refuses a missing, forged or revoked token", async () => {
    await expect(openBoardSocket(undefined)).rejects.toThrow("not_found");
    await expect(openBoardSocket("ecr_" + "A".repeat(43))).rejects.toThrow("not_found");
    const { id, token } = await createWallBoard({ name: "Révoqué", groupId: null, actorId: admin.id });
    await revokeWallBoard({ wallBoardId: id, actorId: admin.id });
    await expect(openBoardSocket(token)).rejects.toThrow("not_found");
  });

  it("a staff session cookie does not open a board, and a board token does not open the staff sockets", async () => {
    const { token } = await createWallBoard({ name: "Écran", groupId: null, actorId: admin.id });
    const staff = connect(app.url, { path: realtimePath, transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true });
    await expect(
      new Promise((resolve, reject) => {
        staff.once("connect", () => resolve(null));
        staff.once("connect_error", reject);
      }),
    ).rejects.toThrow("unauthorized");
    staff.close();
  });

  it("sends the board on connection, then a new waiting customer of its scope at once; never another group's", async () => {
    const field = await createWallBoard({ name: "Terrain", groupId: fieldGroup.id, actorId: admin.id });
    const office = await createWallBoard({ name: "Bureautique", groupId: officeGroup.id, actorId: admin.id });
    const fieldScreen = await openBoardSocket(field.token);
    const officeScreen = await openBoardSocket(office.token);
    const first = await fieldScreen.first;
    expect(first.board).toEqual({ name: "Terrain", groupName: "Terrain" });
    await officeScreen.first;

    const arrived = nextBoard(fieldScreen.socket, (data) => subjects(data).includes("Live: nouvelle demande terrain"));
    const created = await customerWrites(fieldGroup.id, "Live: nouvelle demande terrain");
    const board = await arrived;
    expect(board.total).toBe(first.total + 1);
    expect(board.rows.find((row) => row.ticketId === created.ticketId)?.sla).not.toBeUndefined();

    // The office screen never receives the field group's tickets.
    await customerWrites(fieldGroup.id, "Live: deuxième demande terrain");
    await nextBoard(fieldScreen.socket, (data) => subjects(data).includes("Live: deuxième demande terrain"));
    await app.server.realtime.wallBoards.idle();
    await settle(100);
    for (const data of officeScreen.boards) expect(data.rows.every((row) => row.groupName === "Bureautique")).toBe(true);
    expect(officeScreen.boards.flatMap(subjects).some((subject) => subject.includes("terrain"))).toBe(false);
  });

  it("a ticket moved to another group leaves the old group's board and enters the new one's", async () => {
    const field = await openBoardSocket((await createWallBoard({ name: "T", groupId: fieldGroup.id, actorId: admin.id })).token);
    const office = await openBoardSocket((await createWallBoard({ name: "B", groupId: officeGroup.id, actorId: admin.id })).token);
    await Promise.all([field.first, office.first]);
    const created = await customerWrites(fieldGroup.id, "Move: imprimante du standard");
    await nextBoard(field.socket, (data) => subjects(data).includes("Move: imprimante du standard"));

    const left = nextBoard(field.socket, (data) => !subjects(data).includes("Move: imprimante du standard"));
    const entered = nextBoard(office.socket, (data) => subjects(data).includes("Move: imprimante du standard"));
    const version = (await db().ticket.findUniqueOrThrow({ where: { id: created.ticketId } })).version;
    await updateTicketFields({ ticketId: created.ticketId, expectedVersion: version, actorId: admin.id, changes: { groupId: officeGroup.id } });
    await Promise.all([left, entered]);

    // An answer ends the wait: the row leaves the board.
    const answered = nextBoard(office.socket, (data) => !subjects(data).includes("Move: imprimante du standard"));
    await addAgentMessage({ ticketId: created.ticketId, agentId: admin.id, visibility: "public", bodyText: "Nous passons demain." });
    await answered;
  });

  it("a ticket merged into another of the same customer leaves the board; a renamed customer shows renamed", async () => {
    const screen = await openBoardSocket((await createWallBoard({ name: "Fusion", groupId: fieldGroup.id, actorId: admin.id })).token);
    await screen.first;
    const contact = await aContact({ firstName: "Bastien", lastName: "Morel" });
    const write = (subject: string) =>
      createTicket({ requesterId: contact.id, subject, channel: "email", groupId: fieldGroup.id, openedBy: { contactId: contact.id }, firstMessage: { bodyText: "Bonjour" } });
    const target = await write("Merge: imprimante (1er message)");
    const source = await write("Merge: imprimante (relance)");
    await nextBoard(screen.socket, (data) => subjects(data).includes("Merge: imprimante (relance)"));

    const merged = nextBoard(screen.socket, (data) => !subjects(data).includes("Merge: imprimante (relance)"));
    const version = (await db().ticket.findUniqueOrThrow({ where: { id: source.ticketId } })).version;
    await mergeTickets({ viewer: admin, sourceId: source.ticketId, targetNumber: target.number, expectedVersion: version });
    expect(subjects(await merged)).toContain("Merge: imprimante (1er message)");

    const renamed = nextBoard(screen.socket, (data) => data.rows.some((row) => row.ticketId === target.ticketId && row.customerName === "Bastien Morel-Petit"));
    // As the contact form saves it: the change and its event in one transaction.
    await transactionWithEvents(async (tx, events) => {
      await tx.contact.update({ where: { id: contact.id }, data: { lastName: "Morel-Petit" } });
      events.record("contact.saved", { contactId: contact.id, actorId: admin.id, created: false });
    });
    await renamed;
  });

  it("revoking the board disconnects its screens at once, and only them", async () => {
    const revoked = await createWallBoard({ name: "À révoquer", groupId: null, actorId: admin.id });
    const kept = await createWallBoard({ name: "Gardé", groupId: null, actorId: admin.id });
    const revokedScreen = await openBoardSocket(revoked.token);
    const keptScreen = await openBoardSocket(kept.token);
    const reason = new Promise<string>((resolve) => revokedScreen.socket.once("disconnect", resolve));
    await revokeWallBoard({ wallBoardId: revoked.id, actorId: admin.id });
    expect(await reason).toBe("io server disconnect");
    await settle(100);
    expect(keptScreen.socket.connected).toBe(true);
    await expect(openBoardSocket(revoked.token)).rejects.toThrow("not_found");
  });

  it("the periodic check disconnects a board revoked behind the events' back", async () => {
    const { id, token } = await createWallBoard({ name: "Vérifié", groupId: null, actorId: admin.id });
    const screen = await openBoardSocket(token);
    await db().wallBoard.update({ where: { id }, data: { revokedAt: new Date() } });
    const reason = new Promise<string>((resolve) => screen.socket.once("disconnect", resolve));
    expect(await app.server.realtime.wallBoards.checkBoards()).toBe(1);
    expect(await reason).toBe("io server disconnect");
  });
});

describe("the board page and its administration", () => {
  it("opens without a session, with no referrer and no indexing; 404 once revoked or unknown", async () => {
    const { id, token } = await createWallBoard({ name: "Écran accueil", groupId: null, actorId: admin.id });
    const screen = new HttpSession(app.url);
    const page = await screen.get(`/ecran/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    const html = await page.text();
    expect(html).toContain("Clients en attente");
    expect(html).toContain('name="robots" content="noindex, nofollow"');
    expect(html).not.toContain("@exemple.test");
    expect((await screen.get(`/ecran/ecr_${"x".repeat(43)}`)).status).toBe(404);
    await revokeWallBoard({ wallBoardId: id, actorId: admin.id });
    expect((await screen.get(`/ecran/${token}`)).status).toBe(404);
  });

  it("an admin creates a board (link shown once as a full address) and revokes it; others may not", async () => {
    const session = new HttpSession(app.url);
    await session.signIn(admin.email, TEST_PASSWORD);
    await session.get("/admin/ecrans");
    const created = await session.postForm("/admin/ecrans", { intent: "create", name: "Écran atelier", groupId: fieldGroup.id });
    expect(created.status).toBe(200);
    const html = await created.text();
    const url = /data-testid="new-wall-board-url"[^>]*>([^<]+)</.exec(html)?.[1];
    // A full address on the workspace's public URL, ready to open on the screen.
    expect(url?.startsWith(`${env().PUBLIC_URL.replace(/\/$/, "")}/ecran/`)).toBe(true);
    expect(url).toMatch(/\/ecran\/ecr_[A-Za-z0-9_-]{43}$/);
    const token = url!.split("/ecran/")[1];
    const board = await db().wallBoard.findUniqueOrThrow({ where: { tokenHash: hashWallBoardToken(token) } });
    expect(board).toMatchObject({ name: "Écran atelier", groupId: fieldGroup.id, createdById: admin.id });
    const list = await (await session.get("/admin/ecrans")).text();
    expect(list).toContain("Écran atelier");
    expect(list).not.toContain(token);

    const technician = await aUser({ role: "technician" });
    const other = new HttpSession(app.url);
    await other.signIn(technician.email, TEST_PASSWORD);
    expect((await other.get("/admin/ecrans")).status).toBe(403);
    await other.get("/");
    expect((await other.postForm("/admin/ecrans", { intent: "revoke", wallBoardId: board.id })).status).toBe(403);
    expect((await db().wallBoard.findUniqueOrThrow({ where: { id: board.id } })).revokedAt).toBeNull();

    const revoked = await session.postForm("/admin/ecrans", { intent: "revoke", wallBoardId: board.id });
    expect(revoked.status).toBe(302);
    expect((await db().wallBoard.findUniqueOrThrow({ where: { id: board.id } })).revokedAt).not.toBeNull();
    expect((await session.postForm("/admin/ecrans", { intent: "revoke", wallBoardId: "missing" })).status).toBe(404);
  });
});

describe("guessing links", () => {
  // Last in the file: it leaves this address refused for the rest of the window.
  it("an address that tried too many unknown links is refused for a while, even with a good one, page and socket alike", async () => {
    const { token } = await createWallBoard({ name: "Bon lien", groupId: null, actorId: admin.id });
    const screen = new HttpSession(app.url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < WALL_BOARD_FAILED_LOOKUPS_PER_15_MIN + 1; attempt += 1) {
      statuses.push((await screen.get(`/ecran/ecr_${String(attempt).padStart(43, "x")}`)).status);
    }
    // Earlier tests of this file already missed a few times from this address.
    expect(statuses.filter((status) => status === 404).length).toBeLessThanOrEqual(WALL_BOARD_FAILED_LOOKUPS_PER_15_MIN);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(statuses.indexOf(429)).every((status) => status === 429)).toBe(true);
    expect((await screen.get(`/ecran/${token}`)).status).toBe(429);
    await expect(openBoardSocket(token)).rejects.toThrow("not_found");
  });
});

