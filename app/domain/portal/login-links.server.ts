import { wakeOutboxSender } from "~/domain/channels/email/outbox-wake.server";
import { normaliseEmail } from "~/domain/identity/authentication.server";
import { db } from "~/lib/db.server";
import type { Locale } from "~/lib/i18n/locales";
import { rateLimiter } from "~/lib/rate-limit.server";
import { randomToken, sha256Hex } from "~/lib/signed-tokens.server";
import { queuePortalLinkEmail } from "./portal-mail.server";
import { openPortalSession } from "./portal-sessions.server";

/**
 * Passwordless sign-in: the customer types their address and receives a link. The link is
 * single-use, expires after LINK_LIFETIME_MS and only works for the address it was sent to;
 * only its hash is stored.
 *
 * Asking for a link never reveals whether the address is known: the answer and its timing are
 * the same either way, because the lookup and the mail happen after the answer (in `done`).
 */

export const LINK_LIFETIME_MS = 30 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
export const LINK_REQUESTS_PER_ADDRESS_PER_HOUR = 5;
export const LINK_REQUESTS_PER_IP_PER_HOUR = 30;

export type LinkRequestResult =
  | { limited: false; /** The lookup and mail, finished after the answer; tests await it. */ done: Promise<void> }
  | { limited: true; retryAfterSeconds: number };

export function requestPortalLink(input: {
  email: string;
  clientAddress: string;
  locale: Locale;
  /** Portal page to open after signing in (the page that asked for sign-in). */
  returnTo?: string;
  now?: Date;
}): LinkRequestResult {
  const email = normaliseEmail(input.email);
  const byAddress = rateLimiter("portal-link:email", LINK_REQUESTS_PER_ADDRESS_PER_HOUR, HOUR_MS).hit(email);
  const byIp = rateLimiter("portal-link:ip", LINK_REQUESTS_PER_IP_PER_HOUR, HOUR_MS).hit(input.clientAddress || "unknown");
  const limited = [byAddress, byIp].filter((decision) => decision.limited);
  if (limited.length > 0) return { limited: true, retryAfterSeconds: Math.max(...limited.map((decision) => decision.retryAfterSeconds)) };
  const done = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => issueLink(email, input.now ?? new Date(), input.returnTo))
    .catch((error: unknown) => console.error("[portal] could not send a sign-in link", error));
  return { limited: false, done };
}

async function issueLink(email: string, now: Date, returnTo: string | undefined): Promise<void> {
  const known = await db().contactEmail.findUnique({
    where: { address: email },
    select: { contact: { select: { id: true, portalAccess: true, language: true, firstName: true } } },
  });
  if (!known || !known.contact.portalAccess) return;
  const token = randomToken();
  await db().$transaction(async (tx) => {
    await tx.portalLoginLink.create({
      data: { tokenHash: sha256Hex(token), contactId: known.contact.id, email, expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS), createdAt: now },
    });
    await queuePortalLinkEmail(tx, {
      toAddress: email,
      token,
      returnTo,
      firstName: known.contact.firstName,
      language: known.contact.language === "en" ? "en" : "fr",
      expiresInMinutes: LINK_LIFETIME_MS / 60_000,
    });
  });
  // Wakes the outbox sender: the customer is waiting for this one.
  wakeOutboxSender();
}

export type LinkState = { state: "valid"; email: string } | { state: "used" | "expired" | "invalid" };

/** What a link is worth, without using it (the page that asks the customer to confirm). */
export async function inspectPortalLink(token: string, now = new Date()): Promise<LinkState> {
  const link = await findLink(token);
  if (!link) return { state: "invalid" };
  if (link.usedAt) return { state: "used" };
  if (link.expiresAt <= now) return { state: "expired" };
  if (!link.stillBound) return { state: "invalid" };
  return { state: "valid", email: link.email };
}

/**
 * Uses a link: refused when unknown, used, expired, or when the address no longer belongs to
 * the contact (it was removed or moved to someone else) or the contact lost portal access.
 * Marking it used is atomic, so two clicks racing give one session.
 */
export async function consumePortalLink(
  token: string,
  now = new Date(),
): Promise<{ ok: true; sessionToken: string; contactId: string } | { ok: false; reason: "used" | "expired" | "invalid" }> {
  const link = await findLink(token);
  if (!link) return { ok: false, reason: "invalid" };
  if (link.usedAt) return { ok: false, reason: "used" };
  if (link.expiresAt <= now) return { ok: false, reason: "expired" };
  if (!link.stillBound) return { ok: false, reason: "invalid" };
  const { count } = await db().portalLoginLink.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: now } });
  if (count === 0) return { ok: false, reason: "used" };
  const session = await openPortalSession(link.contactId, now);
  return { ok: true, sessionToken: session.token, contactId: link.contactId };
}

async function findLink(token: string) {
  if (typeof token !== "string" || token.length < 20 || token.length > 200) return null;
  const link = await db().portalLoginLink.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: {
      id: true,
      email: true,
      contactId: true,
      expiresAt: true,
      usedAt: true,
      contact: { select: { portalAccess: true, emails: { select: { address: true } } } },
    },
  });
  if (!link) return null;
  const stillBound = link.contact.portalAccess && link.contact.emails.some((address) => address.address === link.email);
  return { ...link, stillBound };
}
