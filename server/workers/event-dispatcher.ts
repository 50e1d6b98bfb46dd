/**
 * The event dispatcher: reads the durable event stream (app/domain/event-store.server.ts) in
 * order and hands it on.
 *
 * - Local fan-out, in every process that serves users: each new event goes to this process's
 *   `onDomainEvent` listeners (live updates, the outbox's wake-up). It starts at the end of the
 *   stream when the process starts: a browser that reconnects reloads its pages instead of
 *   replaying (docs/decisions/007-live-updates.md).
 * - Durable consumers (notifications, webhooks, automations): one process at a time holds each
 *   consumer's lease and moves its cursor after each event it handled; a failing event is retried
 *   with backoff, and after MAX_ATTEMPTS it is passed over with the error kept on the consumer.
 *
 * A commit in this process wakes the dispatcher at once; events written by other processes are
 * found by polling (a primary-key range read, every `pollMs`).
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import {
  advanceConsumer,
  claimConsumer,
  CONSUMER_LEASE_MS,
  recordConsumerFailure,
  releaseConsumer,
  type DurableConsumer,
} from "~/domain/event-consumers.server";
import { latestEventPosition, onEventsAnnounced, pruneHandledEvents, readEventsAfter } from "~/domain/event-store.server";
import { publishLocally } from "~/domain/events.server";

const MAX_ATTEMPTS = 6;
const RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000];
const BATCH = 200;
/** A consumer's cursor is written at most this often (and before a failure or a stop): handlers are idempotent, so a crash replays at most this much. */
const PERSIST_EVERY_MS = 1_000;
const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export type EventDispatcher = {
  /** Resolves when every event committed before the call has been handed on (tests, shutdown). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

export type EventDispatcherOptions = {
  consumers?: readonly DurableConsumer[];
  /** Hand events to this process's onDomainEvent listeners (off for a process without users). */
  localFanOut?: boolean;
  pollMs?: number;
  /** Identifies this process in consumer leases. */
  owner?: string;
  /** Waits between attempts at a failing event (the last one repeats), and how many attempts before passing over it. */
  retryDelaysMs?: readonly number[];
  maxAttempts?: number;
  log?: Pick<Console, "error" | "warn">;
};

/**
 * This process's place in the stream for its onDomainEvent listeners: one per process however
 * many dispatchers run (tests start several servers), or each event would reach them twice.
 */
type LocalFanOut = { position: number; users: number; running: Promise<void> | null };
const fanOutKey = Symbol.for("comptoir.localFanOut");
type GlobalWithFanOut = typeof globalThis & { [fanOutKey]?: LocalFanOut };

async function acquireLocalFanOut(): Promise<LocalFanOut> {
  const store = globalThis as GlobalWithFanOut;
  if (!store[fanOutKey]) {
    const position = await latestEventPosition();
    store[fanOutKey] ??= { position, users: 0, running: null };
  }
  store[fanOutKey].users += 1;
  return store[fanOutKey];
}

function releaseLocalFanOut(fanOut: LocalFanOut) {
  fanOut.users -= 1;
  const store = globalThis as GlobalWithFanOut;
  if (fanOut.users === 0 && store[fanOutKey] === fanOut) store[fanOutKey] = undefined;
}

/** Hands the events up to `upTo` to the listeners, one pass at a time per process. */
function runLocal(fanOut: LocalFanOut, upTo: number): Promise<void> {
  const run = async () => {
    while (fanOut.position < upTo) {
      const events = await readEventsAfter(fanOut.position, { limit: BATCH });
      if (events.length === 0) return;
      for (const event of events) {
        await publishLocally(event);
        fanOut.position = event.position;
      }
    }
  };
  const previous = fanOut.running ?? Promise.resolve();
  const next = previous.then(run, run);
  fanOut.running = next.finally(() => {
    if (fanOut.running === next) fanOut.running = null;
  });
  return next;
}

export async function startEventDispatcher(options: EventDispatcherOptions = {}): Promise<EventDispatcher> {
  const consumers = options.consumers ?? [];
  const pollMs = options.pollMs ?? 1_000;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const log = options.log ?? console;
  const retryDelaysMs = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;

  let stopped = false;
  const fanOut = (options.localFanOut ?? true) ? await acquireLocalFanOut() : null;
  const durable = new Map(consumers.map((consumer) => [consumer.name, { consumer, position: 0, persisted: 0, persistedAt: 0, leased: false, renewedAt: 0, retryAt: 0, failing: false }]));
  type DurableState = NonNullable<ReturnType<typeof durable.get>>;

  /** Writes the cursor if it moved (always when `force`, else at most every PERSIST_EVERY_MS); false when the lease was lost. */
  async function persist(state: DurableState, force: boolean): Promise<boolean> {
    if (state.position === state.persisted) return true;
    if (!force && Date.now() - state.persistedAt < PERSIST_EVERY_MS) return true;
    if (!(await advanceConsumer(state.consumer.name, owner, state.position))) {
      state.leased = false;
      return false;
    }
    state.persisted = state.position;
    state.persistedAt = Date.now();
    return true;
  }

  async function runDurable(state: DurableState, upTo: number): Promise<void> {
    const now = Date.now();
    if (now < state.retryAt) return;
    if (!state.leased || now - state.renewedAt > CONSUMER_LEASE_MS / 2) {
      const claim = await claimConsumer(state.consumer.name, owner);
      if (!claim) {
        state.leased = false;
        return;
      }
      if (!state.leased) {
        state.position = claim.position;
        state.persisted = claim.position;
      }
      state.leased = true;
      state.renewedAt = now;
    }
    while (!stopped && state.position < upTo) {
      const events = await readEventsAfter(state.position, { limit: BATCH, names: state.consumer.events });
      if (events.length === 0) {
        // Nothing of interest up to here: the next read starts later (written with the next persist).
        state.position = Math.max(state.position, upTo);
        break;
      }
      for (const event of events) {
        try {
          await state.consumer.handle(event);
        } catch (error) {
          // What was handled before stays handled; the failure count is for this event.
          if (!(await persist(state, true))) return;
          const failures = await recordConsumerFailure(state.consumer.name, owner, error);
          state.failing = true;
          if (failures < maxAttempts) {
            log.warn(`[events] ${state.consumer.name} failed on event ${event.position} (${event.name}), attempt ${failures}; retrying`, error);
            state.retryAt = Date.now() + retryDelaysMs[Math.min(failures - 1, retryDelaysMs.length - 1)];
            return;
          }
          log.error(`[events] ${state.consumer.name} passes over event ${event.position} (${event.name}) after ${failures} attempts`, error);
          state.position = event.position;
          if (!(await persist(state, true))) return;
          state.failing = false;
          continue;
        }
        state.position = event.position;
        // The event that failed before went through: clear the error shown on the consumer at once.
        if (state.failing) {
          if (!(await persist(state, true))) return;
          state.failing = false;
        }
      }
    }
    await persist(state, false);
  }

  // One pass at a time; a wake-up during a pass asks for another one.
  let running: Promise<void> | null = null;
  let again = false;
  function pass(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const upTo = await latestEventPosition();
          if (fanOut) await runLocal(fanOut, upTo);
          for (const state of durable.values()) await runDurable(state, upTo);
        } catch (error) {
          log.error("[events] dispatch failed", error);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const unsubscribe = onEventsAnnounced(() => void pass());
  const timer = setInterval(() => void pass(), pollMs);
  timer.unref();
  const pruneTimer = setInterval(() => {
    pruneHandledEvents(new Date(Date.now() - RETENTION_MS)).catch((error: unknown) => log.error("[events] prune failed", error));
  }, 6 * 60 * 60 * 1000);
  pruneTimer.unref();
  void pass();

  return {
    async drain(timeoutMs = 15_000) {
      const target = await latestEventPosition();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await pass();
        // A consumer waiting to retry a failing event is not "behind": its retry comes later.
        const behind = (fanOut !== null && fanOut.position < target) || [...durable.values()].some((state) => state.leased && state.position < target && Date.now() >= state.retryAt);
        if (!behind) return;
        if (Date.now() > deadline) throw new Error("The event dispatcher did not catch up");
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      clearInterval(pruneTimer);
      if (running) await running;
      if (fanOut) releaseLocalFanOut(fanOut);
      for (const state of durable.values()) {
        if (!state.leased) continue;
        await persist(state, true).catch(() => false);
        await releaseConsumer(state.consumer.name, owner).catch(() => undefined);
      }
    },
  };
}
