import { io as connect, type Socket } from "socket.io-client";
import { openSession } from "~/domain/identity/sessions.server";
import { sessionCookie } from "~/lib/cookies.server";
import { db } from "~/lib/db.server";
import { realtimePath, type ClientToServerEvents, type HelloEvent, type JoinTicketAck, type ServerToClientEvents } from "~/lib/realtime/protocol";

export type StaffSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A signed session cookie header for a user, as the sign-in form would set it. */
export async function sessionCookieFor(userId: string, lifetimeDays = 30): Promise<{ cookie: string; sessionId: string }> {
  const { token, sessionId } = await openSession({ userId, userAgent: "vitest", ipAddress: "127.0.0.1", lifetimeDays });
  const header = await sessionCookie().serialize(token);
  return { cookie: header.split(";")[0], sessionId };
}

const greetings = new WeakMap<StaffSocket, Promise<HelloEvent>>();

/** The "hello" the server sent when this socket connected. */
export function helloFrom(socket: StaffSocket): Promise<HelloEvent> {
  const hello = greetings.get(socket);
  if (!hello) throw new Error("not a socket from openSocket()");
  return hello;
}

/** Opens a real socket.io-client connection; resolves once connected, rejects with the server's refusal. */
export function openSocket(url: string, options: { cookie?: string; origin?: string } = {}): Promise<StaffSocket> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  const socket: StaffSocket = connect(url, {
    path: realtimePath,
    transports: ["websocket"],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
  });
  greetings.set(socket, new Promise((resolve) => socket.once("hello", resolve)));
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

type EventName = keyof ServerToClientEvents;
type Payload<Name extends EventName> = Parameters<ServerToClientEvents[Name]>[0];

/** Records every event of the given names a socket receives. */
export function recorder(socket: StaffSocket) {
  const received: Array<{ name: EventName; payload: unknown }> = [];
  socket.onAny((name: EventName, payload: unknown) => received.push({ name, payload }));
  return {
    received,
    of<Name extends EventName>(name: Name): Array<Payload<Name>> {
      return received.filter((entry) => entry.name === name).map((entry) => entry.payload as Payload<Name>);
    },
    clear() {
      received.length = 0;
    },
  };
}

/** Waits for the next event of that name matching `where`. */
export function nextEvent<Name extends EventName>(
  socket: StaffSocket,
  name: Name,
  where: (payload: Payload<Name>) => boolean = () => true,
  timeoutMs = 3_000,
): Promise<Payload<Name>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(name, listener as never);
      reject(new Error(`No "${name}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Payload<Name>) => {
      if (!where(payload)) return;
      clearTimeout(timer);
      socket.off(name, listener as never);
      resolve(payload);
    };
    socket.on(name, listener as never);
  });
}

/** Resolves when the socket is disconnected by the server, with the reason. */
export function disconnection(socket: StaffSocket, timeoutMs = 3_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!socket.connected) return resolve("already disconnected");
    const timer = setTimeout(() => reject(new Error("still connected")), timeoutMs);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Lets in-flight server work (listeners, broadcasts) finish before asserting that nothing came. */
export function settle(ms = 250): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let contactSequence = 0;

/** A customer contact with a primary address, written directly. */
export async function aContact(name = { firstName: "Marie", lastName: "Dupont" }) {
  contactSequence += 1;
  return db().contact.create({
    data: { ...name, emails: { create: { address: `client-rt${contactSequence}-${Date.now()}@exemple.test`, isPrimary: true } } },
    select: { id: true, firstName: true, lastName: true },
  });
}

export function joinTicket(socket: StaffSocket, ticketId: string): Promise<JoinTicketAck> {
  return socket.timeout(3_000).emitWithAck("ticket:join", ticketId) as Promise<JoinTicketAck>;
}
