import type { RemoteSocket, Server, Socket } from "socket.io";
import type { TicketReader } from "~/domain/helpdesk/ticket-access.server";
import type { SessionUser } from "~/domain/identity/sessions.server";
import type { ClientToServerEvents, ServerToClientEvents } from "~/lib/realtime/protocol";

export type SocketData = {
  user: SessionUser;
  sessionId: string;
  /** The user's ticket access (role scope and groups), refreshed when an admin changes them. */
  reader: TicketReader;
  /** Tickets this socket has open, with the time its typing indicator expires (0: not typing). */
  viewing: Record<string, number>;
};

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AnySocket = RealtimeSocket | RemoteSocket<ServerToClientEvents, SocketData>;

/** A process-wide, increasing number on every event sent, with the id of this boot. */
export type Sequence = { bootId: string; current(): number; next(): number };
