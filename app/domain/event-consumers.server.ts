import { db } from "~/lib/db.server";
import { latestEventPosition } from "./event-store.server";
import type { DomainEventName, StoredEvent } from "./events.server";

/**
 * Durable consumers of the event stream: each has a cursor (the last position it handled) and a
 * lease, so exactly one process handles its events, in order, and a restart or a crash resumes
 * where it stopped. Handlers are at-least-once (a crash between the effect and the cursor's move
 * replays one event): each makes its effect idempotent by keying it on the event (a notification
 * row carries `sourceEvent`, a webhook delivery the event id).
 */
export type DurableConsumer = {
  name: string;
  /** The event names it handles; the cursor skips the others. */
  events: readonly DomainEventName[];
  handle(event: StoredEvent): Promise<void>;
};

/** How long a lease lasts without renewal: another process takes over after it. */
export const CONSUMER_LEASE_MS = 30_000;

/**
 * Takes (or renews) the consumer's lease for `owner`. A new consumer starts at the end of the
 * stream: it handles what happens from now on, not the past. Returns the cursor, or null when
 * another process holds the lease.
 */
export async function claimConsumer(name: string, owner: string, now: Date = new Date()): Promise<{ position: number; failures: number } | null> {
  const existing = await db().eventConsumer.findUnique({ where: { name }, select: { name: true } });
  if (!existing) {
    const position = await latestEventPosition();
    await db().eventConsumer.upsert({ where: { name }, create: { name, position }, update: {} });
  }
  const leaseUntil = new Date(now.getTime() + CONSUMER_LEASE_MS);
  const claimed = await db().eventConsumer.updateMany({
    where: { name, OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil },
  });
  if (claimed.count === 0) return null;
  return db().eventConsumer.findUniqueOrThrow({ where: { name }, select: { position: true, failures: true } });
}

/** Moves the cursor past `position`, if `owner` still holds the lease (false: it was taken over, stop). */
export async function advanceConsumer(name: string, owner: string, position: number): Promise<boolean> {
  const moved = await db().eventConsumer.updateMany({
    where: { name, leaseOwner: owner },
    data: { position, failures: 0, lastError: null },
  });
  return moved.count === 1;
}

/** Notes a failure of the event after the cursor (shown to admins); returns the count so far. */
export async function recordConsumerFailure(name: string, owner: string, error: unknown): Promise<number> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await db().eventConsumer.updateMany({ where: { name, leaseOwner: owner }, data: { failures: { increment: 1 }, lastError: message.slice(0, 2000) } });
  return (await db().eventConsumer.findUnique({ where: { name }, select: { failures: true } }))?.failures ?? 0;
}

/** Gives the lease back (clean shutdown): another process may take over at once. */
export async function releaseConsumer(name: string, owner: string): Promise<void> {
  await db().eventConsumer.updateMany({ where: { name, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
}
