import { normaliseEmail } from "~/domain/identity/authentication.server";
import { burnPasswordCheck, hashPassword, verifyPassword } from "~/domain/identity/passwords.server";
import { db } from "~/lib/db.server";
import { rateLimiter } from "~/lib/rate-limit.server";
import { closeOtherPortalSessions, openPortalSession } from "./portal-sessions.server";

/**
 * The optional portal password, for customers who prefer it to an emailed link. Same rules
 * as staff sign-in: bcrypt, a decoy check for unknown addresses (same timing), one generic
 * error, failures counted per IP and per address.
 */

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;
export const PORTAL_PASSWORD_ATTEMPTS_PER_15_MIN = 10;

export type PortalPasswordSignIn =
  | { ok: true; sessionToken: string; contactId: string }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export async function signInWithPortalPassword(input: { email: string; password: string; clientAddress: string }): Promise<PortalPasswordSignIn> {
  const email = normaliseEmail(input.email);
  const byIp = rateLimiter("portal-login:ip", PORTAL_PASSWORD_ATTEMPTS_PER_15_MIN, FIFTEEN_MINUTES_MS);
  const byEmail = rateLimiter("portal-login:email", PORTAL_PASSWORD_ATTEMPTS_PER_15_MIN, FIFTEEN_MINUTES_MS);
  const ipKey = input.clientAddress || "unknown";
  const blocked = [byIp.check(ipKey), byEmail.check(email)].filter((decision) => decision.limited);
  if (blocked.length > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(...blocked.map((d) => d.retryAfterSeconds)) };

  const known = await db().contactEmail.findUnique({
    where: { address: email },
    select: { contact: { select: { id: true, portalAccess: true, portalPasswordHash: true } } },
  });
  const hash = known?.contact.portalAccess ? known.contact.portalPasswordHash : null;
  const matches = hash ? await verifyPassword(input.password, hash) : await burnPasswordCheck(input.password);
  if (!known || !hash || !matches) {
    byIp.hit(ipKey);
    byEmail.hit(email);
    return { ok: false, reason: "invalid_credentials" };
  }
  byEmail.reset(email);
  const session = await openPortalSession(known.contact.id);
  return { ok: true, sessionToken: session.token, contactId: known.contact.id };
}

/** Sets or changes the password; the customer's other sessions end (a stolen one stops working). */
export async function setPortalPassword(input: { contactId: string; password: string; currentSessionId: string }): Promise<void> {
  await db().contact.update({ where: { id: input.contactId }, data: { portalPasswordHash: await hashPassword(input.password) } });
  await closeOtherPortalSessions(input.contactId, input.currentSessionId);
}

/** Back to emailed links only. */
export async function removePortalPassword(input: { contactId: string; currentSessionId: string }): Promise<void> {
  await db().contact.update({ where: { id: input.contactId }, data: { portalPasswordHash: null } });
  await closeOtherPortalSessions(input.contactId, input.currentSessionId);
}
