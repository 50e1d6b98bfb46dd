import type { Namespace } from "socket.io";
import { onDomainEvent } from "~/domain/events.server";
import { previousTicketOwners } from "~/domain/helpdesk/live-snapshots.server";
import { loadWallBoard } from "~/domain/reporting/wall-board-data.server";
import { openWallBoard, stillActiveWallBoardIds, type WallBoardAccess } from "~/domain/reporting/wall-boards.server";
import { db } from "~/lib/db.server";
import { wallBoardNamespace, type WallBoardClientEvents, type WallBoardServerEvents } from "~/lib/realtime/wall-board-protocol";
import type { RealtimeServer } from "./types.ts";

/**
 * Wall screens (docs/reporting.md, "Écran mural"): a namespace of their own, apart from the
 * staff sockets. A screen authenticates with its board token (no session, no cookie), joins its
 * board's room and the room of its scope (every ticket, or one group), and receives the whole
 * board, read again from the database, after every change to a ticket of that scope. It can
 * send nothing. A revoked board's sockets are disconnected at once; every minute the server
 * also re-checks the connected boards.
 */

type WallSocketData = { board: WallBoardAccess };
type WallNamespace = Namespace<WallBoardClientEvents, WallBoardServerEvents, Record<string, never>, WallSocketData>;

/** The shortest time between two readings of one scope's board while changes keep coming. */
export const MIN_REFRESH_MS = 250;

export const wallRooms = {
  board: (boardId: string) => `wall:board:${boardId}`,
  all: "wall:all",
  group: (groupId: string) => `wall:group:${groupId}`,
  scopeOf: (board: { groupId: string | null }) => (board.groupId ? `wall:group:${board.groupId}` : "wall:all"),
};

export type WallBoardFeed = {
  /** Disconnects screens whose board was revoked (also runs on the session-check timer). */
  checkBoards(): Promise<number>;
  /** Resolves once every board refresh started so far has been sent (tests). */
  idle(): Promise<void>;
  stop(): void;
};

export function startWallBoardFeed(io: RealtimeServer): WallBoardFeed {
  const namespace = io.of(wallBoardNamespace) as unknown as WallNamespace;

  namespace.use(async (socket, next) => {
    try {
      const auth: unknown = socket.handshake.auth;
      const token = auth && typeof auth === "object" && "token" in auth ? auth.token : null;
      const board = typeof token === "string" ? await openWallBoard(token, socket.handshake.address) : null;
      // Unknown, revoked, or too many unknown links from this address: the same answer.
      if (!board || board === "limited") return next(new Error("not_found"));
      socket.data = { board };
      next();
    } catch (error) {
      console.error("[realtime] wall board handshake failed", error);
      next(new Error("not_found"));
    }
  });

  namespace.on("connection", (socket) => {
    const { board } = socket.data;
    void socket.join([wallRooms.board(board.id), wallRooms.scopeOf(board)]);
    // The board as it is now: a screen that reconnects after a cut is up to date at once.
    loadWallBoard(board)
      .then((data) => socket.emit("wall:board", data))
      .catch((error) => console.error("[realtime] wall board load failed", error));
  });

  // One refresh per scope room at a time; changes arriving meanwhile are folded into one more.
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  async function sendScope(room: string) {
    const sockets = await namespace.in(room).fetchSockets();
    const boards = new Map<string, WallBoardAccess>();
    for (const socket of sockets) boards.set(socket.data.board.id, socket.data.board);
    const now = new Date();
    for (const board of boards.values()) namespace.to(wallRooms.board(board.id)).emit("wall:board", await loadWallBoard(board, now));
  }

  function refresh(room: string): Promise<void> {
    const current = running.get(room);
    if (current) {
      again.add(room);
      return current;
    }
    const run = (async () => {
      for (;;) {
        again.delete(room);
        const started = Date.now();
        try {
          await sendScope(room);
        } catch (error) {
          console.error("[realtime] wall board refresh failed", error);
        }
        if (!again.has(room)) break;
        // Under a stream of changes a board is read at most every MIN_REFRESH_MS (a reading of
        // 14,500 waiting customers among 1,000,000 tickets takes about 50 ms): the first change
        // shows at once, the following ones fold into the next reading.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, MIN_REFRESH_MS - (Date.now() - started))));
      }
    })();
    running.set(room, run);
    void run.finally(() => running.delete(room));
    return run;
  }

  /** Rooms with at least one screen connected (nothing to read for an empty room). */
  function occupied(candidates: string[]): string[] {
    const roomsNow = namespace.adapter.rooms;
    return candidates.filter((room) => (roomsNow.get(room)?.size ?? 0) > 0);
  }

  async function ticketChanged(ticketId: string, groupMayHaveChanged: boolean) {
    const candidates = [wallRooms.all];
    if (occupied(candidates).length === 0 && namespace.adapter.rooms.size === 0) return;
    const ticket = await db().ticket.findUnique({ where: { id: ticketId }, select: { groupId: true } });
    if (ticket?.groupId) candidates.push(wallRooms.group(ticket.groupId));
    if (groupMayHaveChanged) {
      const previous = await previousTicketOwners(ticketId);
      if (previous.groupId) candidates.push(wallRooms.group(previous.groupId));
    }
    await Promise.all(occupied(candidates).map(refresh));
  }

  /** A customer's name or company changed, or records were merged: every board may show it. */
  async function everyBoard() {
    const scopeRooms = [...namespace.adapter.rooms.keys()].filter((room) => room === wallRooms.all || room.startsWith("wall:group:"));
    await Promise.all(scopeRooms.map(refresh));
  }

  const subscriptions = [
    onDomainEvent("ticket.created", ({ ticketId }) => ticketChanged(ticketId, false)),
    onDomainEvent("ticket.updated", ({ ticketId, changes }) => ticketChanged(ticketId, changes.includes("groupId") || changes.includes("group"))),
    onDomainEvent("message.added", ({ ticketId }) => ticketChanged(ticketId, false)),
    onDomainEvent("ticket.merged", async ({ sourceId, targetId }) => {
      await Promise.all([ticketChanged(sourceId, false), ticketChanged(targetId, false)]);
    }),
    onDomainEvent("sla.breached", ({ ticketId }) => ticketChanged(ticketId, false)),
    onDomainEvent("contact.saved", () => everyBoard()),
    onDomainEvent("company.saved", () => everyBoard()),
    onDomainEvent("customers.merged", () => everyBoard()),
    onDomainEvent("wall_board.revoked", ({ wallBoardId }) => {
      namespace.in(wallRooms.board(wallBoardId)).disconnectSockets(true);
    }),
  ];

  async function checkBoards(): Promise<number> {
    const sockets = await namespace.fetchSockets();
    const ids = [...new Set(sockets.map((socket) => socket.data.board.id))];
    const alive = await stillActiveWallBoardIds(ids);
    const ended = ids.filter((id) => !alive.has(id));
    for (const id of ended) namespace.in(wallRooms.board(id)).disconnectSockets(true);
    return ended.length;
  }

  return {
    checkBoards,
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
    stop() {
      subscriptions.forEach((unsubscribe) => unsubscribe());
    },
  };
}
