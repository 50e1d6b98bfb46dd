import { AsyncLocalStorage } from "node:async_hooks";
import { db, type TransactionClient } from "~/lib/db.server";
import type { DomainEventName, DomainEvents, EventActor, StoredEvent } from "./events.server";

/**
 * The durable event stream (docs/decisions/010-durable-domain-events.md). A command records its
 * events in the transaction that makes its change:
 *
 *   await transactionWithEvents(async (tx, events) => {
 *     ...writes...
 *     events.record("ticket.updated", { ticketId, actorId, changes });
 *   });
 *
 * The rows are written just before commit, in the same transaction: no committed change without
 * its event, no event for a rolled-back change. After commit the dispatcher of this process is
 * woken at once; other processes find the rows on their next poll.
 */

type PendingEvent = { name: DomainEventName; payload: unknown; actor: EventActor | undefined };

/** Collects a transaction's events; they are written when the transaction's work is done. */
export class EventRecorder {
  private readonly pending: PendingEvent[] = [];

  record<Name extends DomainEventName>(name: Name, payload: DomainEvents[Name], actor?: EventActor): void {
    this.pending.push({ name, payload, actor });
  }

  get size(): number {
    return this.pending.length;
  }

  /** Writes the recorded events with `tx` and forgets them. */
  async flush(tx: TransactionClient): Promise<number> {
    const events = this.pending.splice(0);
    if (events.length === 0) return 0;
    const ambient = currentActor();
    await tx.domainEvent.createMany({
      data: events.map((event) => {
        const actor = event.actor ?? ambient ?? actorFromPayload(event.payload);
        return { name: event.name, payload: JSON.stringify(event.payload), actorKind: actor.kind, actorId: actor.id };
      }),
    });
    return events.length;
  }
}

type TransactionOptions = { timeout?: number; maxWait?: number };

/**
 * Runs `work` in one transaction with an event recorder; its events are written in that
 * transaction, and the dispatcher is woken once it committed.
 */
export async function transactionWithEvents<T>(
  work: (tx: TransactionClient, events: EventRecorder) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  let written = 0;
  const value = await db().$transaction(async (tx) => {
    const events = new EventRecorder();
    const result = await work(tx, events);
    written = await events.flush(tx);
    return result;
  }, options);
  if (written > 0) announceEvents();
  return value;
}

/**
 * Records events for a change already committed outside a transaction of ours (a single write),
 * or with no change at all (an SLA deadline passing). Prefer transactionWithEvents.
 */
export async function recordEvents(write: (events: EventRecorder) => void): Promise<void> {
  const events = new EventRecorder();
  write(events);
  if (events.size === 0) return;
  await db().$transaction((tx) => events.flush(tx));
  announceEvents();
}

// ───────────────────────────── actors ─────────────────────────────

const actorKey = Symbol.for("comptoir.eventActor");
type GlobalWithActor = typeof globalThis & { [actorKey]?: AsyncLocalStorage<EventActor> };

function actorStorage(): AsyncLocalStorage<EventActor> {
  const store = globalThis as GlobalWithActor;
  store[actorKey] ??= new AsyncLocalStorage<EventActor>();
  return store[actorKey];
}

/**
 * Runs `work` on behalf of an API token or an automation rule: the events it records name that
 * actor (webhooks and automations see who acted; an automation skips the events it caused).
 */
export function runAsActor<T>(actor: EventActor, work: () => T): T {
  return actorStorage().run(actor, work);
}

export function currentActor(): EventActor | undefined {
  return actorStorage().getStore();
}

/** Without an explicit actor: the payload's actorId is a person acting in the interface; none is Comptoir itself. */
function actorFromPayload(payload: unknown): EventActor {
  const actorId = (payload as { actorId?: unknown } | null)?.actorId;
  return typeof actorId === "string" ? { kind: "user", id: actorId } : { kind: "system", id: null };
}

// ───────────────────────────── reading ─────────────────────────────

type EventRow = { position: number; id: string; name: string; payload: string; actorKind: string; actorId: string | null; occurredAt: Date };

function toStored(row: EventRow): StoredEvent {
  return {
    position: row.position,
    id: row.id,
    name: row.name as DomainEventName,
    payload: JSON.parse(row.payload) as DomainEvents[DomainEventName],
    actor: { kind: row.actorKind as EventActor["kind"], id: row.actorId },
    occurredAt: row.occurredAt,
  };
}

/** The events after `position`, in order; only the given names when a list is given. */
export async function readEventsAfter(position: number, options: { limit?: number; names?: readonly DomainEventName[] } = {}): Promise<StoredEvent[]> {
  const rows = await db().domainEvent.findMany({
    where: { position: { gt: position }, ...(options.names ? { name: { in: [...options.names] } } : {}) },
    orderBy: { position: "asc" },
    take: options.limit ?? 100,
  });
  return rows.map(toStored);
}

/** The position of the newest event (0 for an empty stream). */
export async function latestEventPosition(): Promise<number> {
  const newest = await db().domainEvent.findFirst({ orderBy: { position: "desc" }, select: { position: true } });
  return newest?.position ?? 0;
}

/**
 * Deletes events older than `before` that every durable consumer has handled (the stream is
 * not an archive: the audit log and the records' histories are).
 */
export async function pruneHandledEvents(before: Date): Promise<number> {
  const slowest = await db().eventConsumer.findFirst({ orderBy: { position: "asc" }, select: { position: true } });
  const deleted = await db().domainEvent.deleteMany({
    where: { occurredAt: { lt: before }, ...(slowest ? { position: { lte: slowest.position } } : {}) },
  });
  return deleted.count;
}

// ───────────────────────────── wake-up ─────────────────────────────

const wakeKey = Symbol.for("comptoir.eventWake");
type GlobalWithWake = typeof globalThis & { [wakeKey]?: Set<() => void> };

function wakeListeners(): Set<() => void> {
  const store = globalThis as GlobalWithWake;
  store[wakeKey] ??= new Set();
  return store[wakeKey];
}

/** Tells this process's dispatcher that events were committed (it reads them at once). */
export function announceEvents(): void {
  for (const wake of wakeListeners()) wake();
}

/** The dispatcher's side of announceEvents; returns the unsubscribe function. */
export function onEventsAnnounced(wake: () => void): () => void {
  wakeListeners().add(wake);
  return () => wakeListeners().delete(wake);
}
