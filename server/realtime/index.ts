import type http from "node:http";
import { Server } from "socket.io";
import { onDomainEvent } from "~/domain/events.server";
import { findActiveSession, type SessionUser } from "~/domain/identity/sessions.server";
import { sessionCookie } from "~/lib/cookies.server";
import { env } from "~/lib/env.server";

export type SocketData = { user: SessionUser; sessionId: string };
export type Realtime = { io: Server; close(): Promise<void> };

export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
};

/**
 * Socket.IO on the app's http server. A socket must present the same session cookie as the
 * pages; a revoked session's sockets are disconnected at once.
 */
export function attachRealtime(httpServer: http.Server): Realtime {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(httpServer, {
    path: "/socket.io",
    serveClient: false,
    cors: { origin: false },
  });

  io.use(async (socket, next) => {
    try {
      const token = await sessionCookie().parse(socket.request.headers.cookie ?? null);
      const session = typeof token === "string" ? await findActiveSession(token, env().SESSION_DAYS) : null;
      if (!session) return next(new Error("unauthorized"));
      socket.data = { user: session.user, sessionId: session.id };
      next();
    } catch (error) {
      next(error instanceof Error ? error : new Error("unauthorized"));
    }
  });

  io.on("connection", (socket) => {
    void socket.join([rooms.user(socket.data.user.id), rooms.session(socket.data.sessionId)]);
  });

  const unsubscribe = onDomainEvent("session.revoked", ({ sessionIds }) => {
    for (const sessionId of sessionIds) io.in(rooms.session(sessionId)).disconnectSockets(true);
  });

  return {
    io,
    async close() {
      unsubscribe();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
