import crypto from "node:crypto";
import type http from "node:http";
import { Server } from "socket.io";
import { onDomainEvent } from "~/domain/events.server";
import { canReadTicket, ticketReaderFor } from "~/domain/helpdesk/ticket-access.server";
import { liveTicketSnapshot } from "~/domain/helpdesk/live-snapshots.server";
import { activeSessionUser, stillActiveSessionIds } from "~/domain/identity/sessions.server";
import { realtimePath, type ClientToServerEvents, type ServerToClientEvents } from "~/lib/realtime/protocol";
import { authenticateHandshake, sameSiteOrigin } from "./authenticate.ts";
import { startNotificationFeed } from "./notification-feed.ts";
import { handleCampaignJoin, startCampaignFeed } from "./campaign-feed.ts";
import { handleImportJoin, startImportFeed } from "./import-feed.ts";
import { broadcastPresence, handlePresence } from "./presence.ts";
import { isTicketListRoom, readerRooms, rooms } from "./rooms.ts";
import { startTicketFeed, type TicketFeed } from "./ticket-feed.ts";
import { startWallBoardFeed, type WallBoardFeed } from "./wall-board-feed.ts";
import type { RealtimeServer, Sequence, SocketData } from "./types.ts";

export { rooms } from "./rooms.ts";
export type { SocketData } from "./types.ts";

export type Realtime = {
  io: RealtimeServer;
  sequence: Sequence;
  feed: TicketFeed;
  /** Wall screens (namespace /ecran, authenticated by their board token). */
  wallBoards: WallBoardFeed;
  /** Disconnects sockets whose session was revoked or expired, or whose user was deactivated (also runs on a timer). */
  checkSessions(): Promise<number>;
  close(): Promise<void>;
};

export type RealtimeOptions = {
  /** The address users reach (PUBLIC_URL): its origin is accepted for WebSocket handshakes. */
  publicUrl: string;
  /** How often live sessions are re-checked against the database (expiry, revocation missed by events). */
  sessionCheckMs?: number;
};

/** Changes to a user that alter what their sockets may receive. */
const accessChanges = ["role", "restrictToGroups", "groups", "name"];

/**
 * Socket.IO on the app's http server: staff sockets authenticate with the page session cookie,
 * join the rooms their user may see, and receive domain events through the listener layer
 * (ticket-feed, notification-feed, presence). Revoked or expired sessions are disconnected.
 */
export function attachRealtime(httpServer: http.Server, options: RealtimeOptions): Realtime {
  const publicOrigin = new URL(options.publicUrl).origin;
  const io: RealtimeServer = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    path: realtimePath,
    serveClient: false,
    cors: { origin: false },
    allowRequest: (request, callback) => {
      const allowed = sameSiteOrigin(request, publicOrigin);
      callback(allowed ? null : "foreign origin", allowed);
    },
  });

  let seq = 0;
  const sequence: Sequence = { bootId: crypto.randomUUID(), current: () => seq, next: () => ++seq };

  io.use(async (socket, next) => {
    try {
      const data = await authenticateHandshake(socket.request);
      if (!data) return next(new Error("unauthorized"));
      socket.data = data;
      next();
    } catch (error) {
      console.error("[realtime] handshake failed", error);
      next(new Error("unauthorized"));
    }
  });

  io.on("connection", (socket) => {
    void socket.join([rooms.user(socket.data.user.id), rooms.session(socket.data.sessionId), ...readerRooms(socket.data.reader)]);
    handlePresence(io, socket);
    handleCampaignJoin(socket);
    handleImportJoin(socket);
    socket.emit("hello", { bootId: sequence.bootId, seq: sequence.current(), groupIds: [...socket.data.reader.groupIds] });
  });

  const feed = startTicketFeed(io, sequence);
  const stopNotificationFeed = startNotificationFeed(io);
  const stopCampaignFeed = startCampaignFeed(io);
  const stopImportFeed = startImportFeed(io);
  const wallBoards = startWallBoardFeed(io);

  /** A user's role or groups changed: move their sockets to the right rooms, drop tickets they lost. */
  async function refreshUser(userId: string) {
    const sockets = await io.in(rooms.user(userId)).fetchSockets();
    if (sockets.length === 0) return;
    const user = await activeSessionUser(userId);
    if (!user) {
      io.in(rooms.user(userId)).disconnectSockets(true);
      return;
    }
    const reader = await ticketReaderFor(user);
    const wanted = new Set(readerRooms(reader));
    const openTickets = new Set<string>();
    for (const socket of sockets) {
      socket.data.user = user;
      socket.data.reader = reader;
      for (const room of socket.rooms) if (isTicketListRoom(room) && !wanted.has(room)) socket.leave(room);
      socket.join([...wanted]);
      for (const ticketId of Object.keys(socket.data.viewing)) openTickets.add(ticketId);
    }
    io.to(rooms.user(userId)).emit("hello", { bootId: sequence.bootId, seq: sequence.current(), groupIds: [...reader.groupIds] });
    for (const ticketId of openTickets) {
      const ticket = await liveTicketSnapshot(ticketId);
      if (!ticket || !canReadTicket(reader, ticket)) await feed.dropLostReaders(ticketId, [rooms.user(userId)]);
      else await broadcastPresence(io, ticketId);
    }
  }

  async function checkSessions(): Promise<number> {
    const sockets = await io.fetchSockets();
    const alive = await stillActiveSessionIds([...new Set(sockets.map((socket) => socket.data.sessionId))]);
    const ended = [...new Set(sockets.map((socket) => socket.data.sessionId).filter((id) => !alive.has(id)))];
    for (const sessionId of ended) io.in(rooms.session(sessionId)).disconnectSockets(true);
    return ended.length;
  }

  const subscriptions = [
    onDomainEvent("session.revoked", ({ sessionIds }) => {
      for (const sessionId of sessionIds) io.in(rooms.session(sessionId)).disconnectSockets(true);
    }),
    onDomainEvent("user.updated", async ({ userId, changes }) => {
      if (changes.some((change) => accessChanges.includes(change))) await refreshUser(userId);
    }),
  ];

  const sessionTimer = setInterval(() => {
    checkSessions().catch((error) => console.error("[realtime] session check failed", error));
    wallBoards.checkBoards().catch((error) => console.error("[realtime] wall board check failed", error));
  }, options.sessionCheckMs ?? 60_000);
  sessionTimer.unref();

  return {
    io,
    sequence,
    feed,
    wallBoards,
    checkSessions,
    async close() {
      clearInterval(sessionTimer);
      subscriptions.forEach((unsubscribe) => unsubscribe());
      feed.stop();
      wallBoards.stop();
      stopNotificationFeed();
      stopCampaignFeed();
      stopImportFeed();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
