import type http from "node:http";
import { ticketReaderFor } from "~/domain/helpdesk/ticket-access.server";
import { findActiveSession } from "~/domain/identity/sessions.server";
import { sessionCookie } from "~/lib/cookies.server";
import { env } from "~/lib/env.server";
import type { SocketData } from "./types.ts";

/**
 * The staff session behind a socket's handshake, from the same signed cookie as the pages.
 * Customers (portal sessions), unknown, expired or revoked sessions and deactivated users get
 * null: the connection is refused.
 */
export async function authenticateHandshake(request: http.IncomingMessage): Promise<SocketData | null> {
  const token = await sessionCookie().parse(request.headers.cookie ?? null);
  if (typeof token !== "string" || token.length < 20) return null;
  const session = await findActiveSession(token, env().SESSION_DAYS);
  if (!session) return null;
  return { user: session.user, sessionId: session.id, reader: await ticketReaderFor(session.user), viewing: {} };
}

/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin on a WebSocket or
 * polling request; it must be this site (the Host it reached, or the public URL). Clients that
 * send no Origin (not browsers) still need the session cookie.
 */
export function sameSiteOrigin(request: http.IncomingMessage, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (origin === publicOrigin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
