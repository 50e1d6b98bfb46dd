import { randomToken, signToken, verifyToken } from "~/lib/signed-tokens.server";

/**
 * The public form's token, embedded in the page (never in a cookie, so that the form works in
 * an iframe on a customer's site where third-party cookies are blocked). It proves the visitor
 * loaded our form, dates the moment it was shown (minimum fill time: people take seconds, bots
 * milliseconds), expires, and identifies one submission so a double click or a replay never
 * creates a second ticket. See docs/decisions/006-public-form-and-portal.md.
 */

const PURPOSE = "web-form";
/** A form left open longer than this must be sent again (its values are kept). */
export const FORM_TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;

type FormTokenPayload = { t: number; n: string };

export function issueFormToken(now = Date.now()): string {
  return signToken(PURPOSE, { t: now, n: randomToken(12) } satisfies FormTokenPayload);
}

export type FormTokenCheck =
  | { ok: true; nonce: string; issuedAt: number }
  | { ok: false; reason: "invalid" | "too_fast" | "expired" };

export function checkFormToken(token: unknown, options: { minFillMs: number; now?: number }): FormTokenCheck {
  const now = options.now ?? Date.now();
  const payload = verifyToken<FormTokenPayload>(PURPOSE, token);
  if (!payload || typeof payload.t !== "number" || typeof payload.n !== "string" || payload.n.length < 8) return { ok: false, reason: "invalid" };
  const age = now - payload.t;
  // A token from the future was not minted by this clock: treat it as forged.
  if (age < -60_000) return { ok: false, reason: "invalid" };
  if (age > FORM_TOKEN_MAX_AGE_MS) return { ok: false, reason: "expired" };
  if (age < options.minFillMs) return { ok: false, reason: "too_fast" };
  return { ok: true, nonce: payload.n, issuedAt: payload.t };
}

/**
 * Submissions already accepted, by token nonce: a replayed or double-clicked form gets the
 * ticket of the first one. In process memory like the rate limiters (the clustered mode moves
 * both to Redis); entries live as long as a token can.
 */
type Submission = { ticketNumber: Promise<number>; expiresAt: number };
const submissionsKey = Symbol.for("comptoir.webFormSubmissions");
type GlobalWithSubmissions = typeof globalThis & { [submissionsKey]?: Map<string, Submission> };

function submissions(): Map<string, Submission> {
  const store = globalThis as GlobalWithSubmissions;
  store[submissionsKey] ??= new Map();
  return store[submissionsKey];
}

/**
 * Runs `create` once per token nonce. A second submission of the same token (double click,
 * replay) waits for the first and returns its ticket number with `duplicate: true`. If the
 * first fails, the nonce is released so the person can send again.
 */
export async function oncePerToken(nonce: string, issuedAt: number, create: () => Promise<number>): Promise<{ ticketNumber: number; duplicate: boolean }> {
  const store = submissions();
  const now = Date.now();
  if (store.size > 10_000) for (const [key, entry] of store) if (entry.expiresAt <= now) store.delete(key);
  const existing = store.get(nonce);
  if (existing && existing.expiresAt > now) return { ticketNumber: await existing.ticketNumber, duplicate: true };
  const ticketNumber = create();
  store.set(nonce, { ticketNumber, expiresAt: issuedAt + FORM_TOKEN_MAX_AGE_MS + 60_000 });
  try {
    return { ticketNumber: await ticketNumber, duplicate: false };
  } catch (error) {
    store.delete(nonce);
    throw error;
  }
}
