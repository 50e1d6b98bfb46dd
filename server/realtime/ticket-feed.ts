import { onDomainEvent } from "~/domain/events.server";
import { canReadTicket } from "~/domain/helpdesk/ticket-access.server";
import { liveActor, liveMessageSnapshot, liveTicketSnapshot, previousTicketOwners } from "~/domain/helpdesk/live-snapshots.server";
import type { LiveActor, LiveTicket, LiveTicketReason, TicketChangedEvent } from "~/lib/realtime/protocol";
import { broadcastPresence } from "./presence.ts";
import { rooms, ticketAudienceRooms } from "./rooms.ts";
import type { AnySocket, RealtimeServer, Sequence } from "./types.ts";

/**
 * The listener layer: domain events about tickets become socket events. The domain and the
 * routes never call Socket.IO; they emit, this listens (Chatwoot's listener pattern).
 *
 * Each event reads the ticket as it is now, picks candidate sockets through rooms, then checks
 * every candidate against the record rule before sending: a ticket moved to another group stops
 * reaching agents restricted to the old one at once, and they are told it is gone.
 */

/** The domain's change names, normalised to the ticket's field names. */
const changeNames: Record<string, string> = { assignee: "assigneeId", group: "groupId" };
export function normaliseChanges(changes: string[]): string[] {
  return [...new Set(changes.map((change) => changeNames[change] ?? change))];
}

/** The candidates in `candidateRooms` that may read the ticket now, and those that may not. */
async function sortCandidates(io: RealtimeServer, candidateRooms: string[], ticket: LiveTicket) {
  const sockets = await io.in(candidateRooms).fetchSockets();
  const allowed: AnySocket[] = [];
  const refused: AnySocket[] = [];
  for (const socket of sockets) (canReadTicket(socket.data.reader, ticket) ? allowed : refused).push(socket);
  return { allowed, refused };
}

function ids(sockets: AnySocket[]): string[] {
  return sockets.map((socket) => socket.id);
}

export type TicketFeed = {
  publishTicketChange(input: {
    ticketId: string;
    reason: LiveTicketReason;
    changes: string[];
    actorId: string | null;
    message?: TicketChangedEvent["message"];
    sla?: TicketChangedEvent["sla"];
    intervention?: TicketChangedEvent["intervention"];
  }): Promise<void>;
  publishMessage(input: { ticketId: string; messageId: string; actorId: string | null }): Promise<void>;
  /** Removes sockets that may no longer read the ticket from its room and tells them. */
  dropLostReaders(ticketId: string, extraRooms?: string[]): Promise<void>;
  stop(): void;
};

export function startTicketFeed(io: RealtimeServer, sequence: Sequence): TicketFeed {
  // Events about one ticket are delivered in the order the domain emitted them.
  const queues = new Map<string, Promise<void>>();
  function inOrder(ticketId: string, task: () => Promise<void>): Promise<void> {
    const previous = queues.get(ticketId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    queues.set(ticketId, tail);
    void tail.then(() => {
      if (queues.get(ticketId) === tail) queues.delete(ticketId);
    });
    return run;
  }

  async function dropLostReaders(ticketId: string, extraRooms: string[] = []) {
    const ticket = await liveTicketSnapshot(ticketId);
    const candidates = [rooms.ticket(ticketId), ...extraRooms];
    const sockets = await io.in(candidates).fetchSockets();
    const lost = ticket ? sockets.filter((socket) => !canReadTicket(socket.data.reader, ticket)) : sockets;
    if (lost.length === 0) return;
    const seq = sequence.next();
    io.to(ids(lost)).emit("ticket:gone", { seq, ticketId });
    let viewersLeft = false;
    for (const socket of lost) {
      if (socket.rooms.has(rooms.ticket(ticketId))) {
        viewersLeft = true;
        socket.leave(rooms.ticket(ticketId));
      }
      delete socket.data.viewing[ticketId];
    }
    if (viewersLeft) await broadcastPresence(io, ticketId);
  }

  async function publishTicketChange(input: Parameters<TicketFeed["publishTicketChange"]>[0]) {
    const [ticket, actor] = await Promise.all([liveTicketSnapshot(input.ticketId), liveActor(input.actorId)]);
    if (!ticket) return;
    const { allowed } = await sortCandidates(io, ticketAudienceRooms(ticket), ticket);
    const event: TicketChangedEvent = {
      seq: sequence.next(),
      reason: input.reason,
      ticket,
      changes: input.changes,
      actor: actor satisfies LiveActor | null,
      ...(input.message ? { message: input.message } : {}),
      ...(input.sla ? { sla: input.sla } : {}),
      ...(input.intervention ? { intervention: input.intervention } : {}),
      at: new Date().toISOString(),
    };
    if (allowed.length > 0) io.to(ids(allowed)).emit("ticket:changed", event);
    if (input.changes.includes("groupId") || input.changes.includes("assigneeId")) {
      const previous = await previousTicketOwners(ticket.id);
      await dropLostReaders(ticket.id, [
        ...(previous.groupId ? [rooms.group(previous.groupId)] : []),
        ...(previous.assigneeId ? [rooms.assignee(previous.assigneeId)] : []),
      ]);
    }
  }

  async function publishMessage(input: { ticketId: string; messageId: string; actorId: string | null }) {
    const [message, ticket] = await Promise.all([liveMessageSnapshot(input.messageId), liveTicketSnapshot(input.ticketId)]);
    if (!message || !ticket) return;
    // Those who have the ticket open get the message itself (who wrote it, how it starts)...
    const { allowed: viewers } = await sortCandidates(io, [rooms.ticket(ticket.id)], ticket);
    if (viewers.length > 0) {
      io.to(ids(viewers)).emit("ticket:message", {
        seq: sequence.next(),
        ticketId: ticket.id,
        messageId: message.id,
        visibility: message.visibility,
        direction: message.direction,
        author: message.author,
        preview: message.preview,
        createdAt: message.createdAt,
        version: ticket.version,
      });
    }
    // ...every reader of the ticket gets the row update, without the text.
    await publishTicketChange({
      ticketId: ticket.id,
      reason: "message",
      changes: ["message"],
      actorId: input.actorId,
      message: { id: message.id, visibility: message.visibility, direction: message.direction },
    });
  }

  const subscriptions = [
    onDomainEvent("ticket.created", ({ ticketId, actorId }) =>
      inOrder(ticketId, () => publishTicketChange({ ticketId, reason: "created", changes: ["created"], actorId })),
    ),
    onDomainEvent("ticket.updated", ({ ticketId, actorId, changes }) =>
      inOrder(ticketId, () => publishTicketChange({ ticketId, reason: "updated", changes: normaliseChanges(changes), actorId })),
    ),
    onDomainEvent("message.added", ({ ticketId, messageId, actorId }) =>
      inOrder(ticketId, () => publishMessage({ ticketId, messageId, actorId })),
    ),
    onDomainEvent("sla.warning", ({ ticketId, target }) =>
      inOrder(ticketId, () => publishTicketChange({ ticketId, reason: "sla", changes: ["sla"], actorId: null, sla: { state: "warning", target } })),
    ),
    onDomainEvent("sla.breached", ({ ticketId, target }) =>
      inOrder(ticketId, () => publishTicketChange({ ticketId, reason: "sla", changes: ["sla"], actorId: null, sla: { state: "breached", target } })),
    ),
    onDomainEvent("intervention.changed", ({ ticketId, actorId, change, technicianId }) =>
      inOrder(ticketId, () =>
        publishTicketChange({ ticketId, reason: "intervention", changes: ["interventions"], actorId, intervention: { change, technicianId } }),
      ),
    ),
  ];

  return {
    publishTicketChange: (input) => inOrder(input.ticketId, () => publishTicketChange(input)),
    publishMessage: (input) => inOrder(input.ticketId, () => publishMessage(input)),
    dropLostReaders: (ticketId, extraRooms) => inOrder(ticketId, () => dropLostReaders(ticketId, extraRooms)),
    stop: () => subscriptions.forEach((unsubscribe) => unsubscribe()),
  };
}
