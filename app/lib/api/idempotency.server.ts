import crypto from "node:crypto";
import { db } from "~/lib/db.server";

/**
 * Idempotency-Key on the public API's POSTs: the first request with a key (per token) reserves
 * it by inserting a row under a unique (tokenId, key) index, runs, and stores its answer; a retry
 * of the same request gets that answer back and creates nothing. Two requests at once: the
 * database lets one insert win; the other waits for the winner's answer and returns it. Another
 * request under a used key is refused. Keys live 24 hours.
 */

export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a duplicate waits for the first request's answer before giving up (409). */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;
/** A reservation older than this without an answer belongs to a request that died mid-way. */
const ABANDONED_AFTER_MS = 60_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Printable ASCII, 1 to 255 characters (a UUID is the usual choice). */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[\x21-\x7e]{1,255}$/.test(key);
}

/** What identifies "the same request": method, path (with its query) and the exact body bytes. */
export function requestFingerprint(method: string, path: string, body: Buffer | null): string {
  const hash = crypto.createHash("sha256");
  hash.update(`${method.toUpperCase()} ${path}\n`);
  if (body) hash.update(body);
  return hash.digest("hex");
}

export type StoredAnswer = { status: number; headers: Record<string, string>; body: string | null };

export type Reservation =
  /** The key is ours: run the request, then `complete` (or `release` after a failure). */
  | { kind: "reserved"; id: string }
  /** The same request already ran: its answer. */
  | { kind: "replay"; answer: StoredAnswer }
  /** The key was used for another request. */
  | { kind: "mismatch" }
  /** The first request is still running (or died without answering). */
  | { kind: "in-progress"; abandoned: boolean };

let lastPrune = 0;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export async function reserveIdempotencyKey(input: { tokenId: string; key: string; fingerprint: string; now?: () => number }): Promise<Reservation> {
  const now = input.now ?? Date.now;
  await pruneNow(now());
  const waitUntil = now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    try {
      const row = await db().apiIdempotencyKey.create({
        data: { tokenId: input.tokenId, key: input.key, fingerprint: input.fingerprint, createdAt: new Date(now()) },
        select: { id: true },
      });
      return { kind: "reserved", id: row.id };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await db().apiIdempotencyKey.findUnique({
      where: { tokenId_key: { tokenId: input.tokenId, key: input.key } },
      select: { id: true, fingerprint: true, state: true, status: true, headers: true, body: true, createdAt: true },
    });
    // Released by a failed first request, or expired: try to take it again.
    if (!existing) continue;
    if (now() - existing.createdAt.getTime() >= IDEMPOTENCY_KEY_TTL_MS) {
      await db().apiIdempotencyKey.deleteMany({ where: { id: existing.id } });
      continue;
    }
    if (existing.fingerprint !== input.fingerprint) return { kind: "mismatch" };
    if (existing.state === "done" && existing.status !== null) {
      return { kind: "replay", answer: { status: existing.status, headers: JSON.parse(existing.headers) as Record<string, string>, body: existing.body } };
    }
    const abandoned = now() - existing.createdAt.getTime() > ABANDONED_AFTER_MS;
    if (abandoned || now() >= waitUntil) return { kind: "in-progress", abandoned };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Stores the answer of a reserved request, for its retries. */
export async function completeIdempotencyKey(id: string, answer: StoredAnswer): Promise<void> {
  await db().apiIdempotencyKey.update({
    where: { id },
    data: { state: "done", status: answer.status, headers: JSON.stringify(answer.headers), body: answer.body, completedAt: new Date() },
  });
}

/** Frees a reserved key whose request failed on our side: the client may retry with it. */
export async function releaseIdempotencyKey(id: string): Promise<void> {
  await db().apiIdempotencyKey.deleteMany({ where: { id } });
}

/** Deletes keys older than 24 hours; returns how many. */
export async function pruneIdempotencyKeys(now = new Date()): Promise<number> {
  const { count } = await db().apiIdempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS) } } });
  return count;
}

async function pruneNow(now: number) {
  if (now - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now;
  await pruneIdempotencyKeys(new Date(now));
}
