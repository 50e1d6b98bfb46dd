import { ticketVisibleTo } from "~/domain/helpdesk/live-snapshots.server";
import { markTicketNotificationsRead } from "~/domain/notifications/notifications.server";
import { TYPING_TTL_MS, type PresenceViewer } from "~/lib/realtime/protocol";
import { rooms } from "./rooms.ts";
import type { RealtimeServer, RealtimeSocket } from "./types.ts";

/**
 * Who has a ticket open and who is typing a reply. A socket joins a ticket's room only when
 * it asks (with an acknowledgement) and the server finds the ticket readable by its user.
 * Presence is computed from the room itself, so it stays right when sockets drop.
 */

const ticketIdPattern = /^[a-z0-9_-]{1,64}$/i;

export async function presenceOf(io: RealtimeServer, ticketId: string): Promise<PresenceViewer[]> {
  const sockets = await io.in(rooms.ticket(ticketId)).fetchSockets();
  const now = Date.now();
  const viewers = new Map<string, PresenceViewer>();
  for (const socket of sockets) {
    const typing = (socket.data.viewing[ticketId] ?? 0) > now;
    const existing = viewers.get(socket.data.user.id);
    if (existing) existing.typing ||= typing;
    else viewers.set(socket.data.user.id, { userId: socket.data.user.id, name: socket.data.user.name, typing });
  }
  return [...viewers.values()].sort((a, b) => a.name.localeCompare(b.name, "fr"));
}

export async function broadcastPresence(io: RealtimeServer, ticketId: string): Promise<void> {
  io.to(rooms.ticket(ticketId)).emit("ticket:presence", { ticketId, viewers: await presenceOf(io, ticketId) });
}

export function handlePresence(io: RealtimeServer, socket: RealtimeSocket): void {
  const typingTimers = new Map<string, NodeJS.Timeout>();

  function clearTyping(ticketId: string) {
    clearTimeout(typingTimers.get(ticketId));
    typingTimers.delete(ticketId);
  }

  socket.on("ticket:join", async (ticketId, ack) => {
    const answer = typeof ack === "function" ? ack : () => undefined;
    try {
      if (typeof ticketId !== "string" || !ticketIdPattern.test(ticketId) || !(await ticketVisibleTo(socket.data.user, ticketId))) {
        answer({ ok: false, error: "not_found" });
        return;
      }
      if (!socket.connected) return;
      await socket.join(rooms.ticket(ticketId));
      socket.data.viewing[ticketId] ??= 0;
      const viewers = await presenceOf(io, ticketId);
      answer({ ok: true, viewers });
      socket.to(rooms.ticket(ticketId)).emit("ticket:presence", { ticketId, viewers });
      // Opening the ticket reads what the bell said about it.
      await markTicketNotificationsRead(socket.data.user.id, ticketId);
    } catch (error) {
      console.error("[realtime] ticket:join failed", error);
      answer({ ok: false, error: "not_found" });
    }
  });

  socket.on("ticket:leave", (ticketId) => {
    if (typeof ticketId !== "string" || !(ticketId in socket.data.viewing)) return;
    clearTyping(ticketId);
    delete socket.data.viewing[ticketId];
    void socket.leave(rooms.ticket(ticketId));
    void broadcastPresence(io, ticketId).catch((error) => console.error("[realtime] presence failed", error));
  });

  socket.on("ticket:typing", (event) => {
    const ticketId = event?.ticketId;
    if (typeof ticketId !== "string" || !(ticketId in socket.data.viewing) || !socket.rooms.has(rooms.ticket(ticketId))) return;
    const wasTyping = socket.data.viewing[ticketId] > Date.now();
    clearTyping(ticketId);
    if (event.typing === true) {
      socket.data.viewing[ticketId] = Date.now() + TYPING_TTL_MS;
      typingTimers.set(
        ticketId,
        setTimeout(() => {
          typingTimers.delete(ticketId);
          if (!(ticketId in socket.data.viewing)) return;
          socket.data.viewing[ticketId] = 0;
          void broadcastPresence(io, ticketId).catch((error) => console.error("[realtime] presence failed", error));
        }, TYPING_TTL_MS),
      );
      if (wasTyping) return;
    } else {
      socket.data.viewing[ticketId] = 0;
      if (!wasTyping) return;
    }
    void broadcastPresence(io, ticketId).catch((error) => console.error("[realtime] presence failed", error));
  });

  socket.on("disconnect", () => {
    for (const timer of typingTimers.values()) clearTimeout(timer);
    typingTimers.clear();
    for (const ticketId of Object.keys(socket.data.viewing)) {
      void broadcastPresence(io, ticketId).catch((error) => console.error("[realtime] presence failed", error));
    }
  });
}
