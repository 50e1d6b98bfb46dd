import { afterEach, describe, expect, it } from "vitest";
import type { DurableConsumer } from "~/domain/event-consumers.server";
import { latestEventPosition, pruneHandledEvents, readEventsAfter, runAsActor, transactionWithEvents } from "~/domain/event-store.server";
import { onDomainEvent, type StoredEvent } from "~/domain/events.server";
import { db } from "~/lib/db.server";
import { startEventDispatcher, type EventDispatcher } from "../../server/workers/event-dispatcher.ts";
import { watchEvents } from "../support/events.ts";
import { aGroup, aUser } from "../support/factories.ts";

const running: EventDispatcher[] = [];
async function dispatcher(options: Parameters<typeof startEventDispatcher>[0] = {}) {
  const started = await startEventDispatcher({ pollMs: 20, ...options });
  running.push(started);
  return started;
}
afterEach(async () => {
  for (const started of running.splice(0)) await started.stop();
});

/** A durable consumer that keeps what it handled, in order. */
function collector(name: string, options: { failOn?: (event: StoredEvent, attempt: number) => boolean } = {}) {
  const handled: number[] = [];
  const attempts = new Map<number, number>();
  const consumer: DurableConsumer = {
    name,
    events: ["user.updated"],
    async handle(event) {
      const attempt = (attempts.get(event.position) ?? 0) + 1;
      attempts.set(event.position, attempt);
      if (options.failOn?.(event, attempt)) throw new Error(`refused ${event.position}`);
      handled.push(event.position);
    },
  };
  return { consumer, handled, attempts };
}

/** A business change with its event, as commands write them. */
async function renameUser(userId: string, name: string, actorId: string | null = null) {
  await transactionWithEvents(async (tx, events) => {
    await tx.user.update({ where: { id: userId }, data: { name } });
    events.record("user.updated", { userId, actorId, changes: ["name"] });
  });
}

describe("recording events with the change they describe", () => {
  it("writes the events in the command's transaction: committed together, or not at all", async () => {
    const user = await aUser({ name: "Avant" });
    const recorded = await watchEvents();
    await expect(
      transactionWithEvents(async (tx, events) => {
        await tx.user.update({ where: { id: user.id }, data: { name: "Jamais" } });
        events.record("user.updated", { userId: user.id, actorId: null, changes: ["name"] });
        throw new Error("a rule refused it");
      }),
    ).rejects.toThrow("a rule refused it");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Avant");
    expect(await recorded.read()).toEqual([]);

    await renameUser(user.id, "Après", user.id);
    const [event] = await recorded.read();
    expect(event).toMatchObject({ name: "user.updated", payload: { userId: user.id, actorId: user.id, changes: ["name"] }, actor: { kind: "user", id: user.id } });
    expect(event.id).toMatch(/^c[a-z0-9]{20,}$/);
    expect(event.occurredAt).toBeInstanceOf(Date);
  });

  it("names who acted: a person, Comptoir itself, or the API token / automation the work runs as", async () => {
    const user = await aUser();
    const recorded = await watchEvents();
    await renameUser(user.id, "Par le système");
    await runAsActor({ kind: "api", id: user.id }, () => renameUser(user.id, "Par l'API", user.id));
    await runAsActor({ kind: "automation", id: "rule_1" }, () => renameUser(user.id, "Par une règle"));
    expect((await recorded.read()).map((event) => event.actor)).toEqual([
      { kind: "system", id: null },
      { kind: "api", id: user.id },
      { kind: "automation", id: "rule_1" },
    ]);
  });

  it("numbers events in commit order, even when commands run at the same time", async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => aUser()));
    const recorded = await watchEvents();
    await Promise.all(users.flatMap((user) => [renameUser(user.id, "Un"), renameUser(user.id, "Deux")]));
    const events = await recorded.read("user.updated");
    expect(events).toHaveLength(10);
    const positions = events.map((event) => event.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(10);
  });
});

describe("handing events on", () => {
  it("gives each event to this process's listeners once and in order, however many dispatchers run", async () => {
    const user = await aUser();
    const heard: string[] = [];
    const stop = onDomainEvent("user.updated", ({ userId }, event) => void heard.push(`${userId}:${event.position}`));
    try {
      const first = await dispatcher();
      const second = await dispatcher();
      const from = await latestEventPosition();
      for (const name of ["A", "B", "C"]) await renameUser(user.id, name);
      await first.drain();
      await second.drain();
      const positions = (await readEventsAfter(from)).map((event) => event.position);
      expect(heard).toEqual(positions.map((position) => `${user.id}:${position}`));
    } finally {
      stop();
    }
  });

  it("runs a durable consumer in one process at a time, and another takes over where it stopped", async () => {
    const user = await aUser();
    const one = collector("test-takeover");
    const two = collector("test-takeover");
    const first = await dispatcher({ consumers: [one.consumer], owner: "node-a", localFanOut: false });
    const second = await dispatcher({ consumers: [two.consumer], owner: "node-b", localFanOut: false });
    const from = await latestEventPosition();
    for (const name of ["A", "B", "C"]) await renameUser(user.id, name);
    await first.drain();
    await second.drain();
    expect([...one.handled, ...two.handled]).toHaveLength(3);
    expect(one.handled.length * two.handled.length).toBe(0);

    // The holder stops (gives its lease back): the other goes on from the next event.
    const [holder, holderDispatcher, other, otherDispatcher] = one.handled.length > 0 ? [one, first, two, second] : [two, second, one, first];
    await holderDispatcher.stop();
    for (const name of ["D", "E"]) await renameUser(user.id, name);
    await otherDispatcher.drain();
    const all = (await readEventsAfter(from, { names: ["user.updated"] })).map((event) => event.position);
    expect([...holder.handled, ...other.handled]).toEqual(all);
  });

  it("takes over a lease whose holder died (no renewal) once it expired", async () => {
    const user = await aUser();
    // A process held the lease and died without giving it back: the row still names it, until the lease ends.
    await db().eventConsumer.create({ data: { name: "test-expired", position: await latestEventPosition(), leaseOwner: "node-dead", leaseUntil: new Date(Date.now() + 60_000) } });
    const survivor = collector("test-expired");
    const second = await dispatcher({ consumers: [survivor.consumer], owner: "node-alive", localFanOut: false });
    await renameUser(user.id, "Pendant la panne");
    await second.drain();
    expect(survivor.handled).toEqual([]);
    await db().eventConsumer.update({ where: { name: "test-expired" }, data: { leaseUntil: new Date(Date.now() - 1) } });
    await second.drain();
    expect(survivor.handled).toHaveLength(1);
  });

  it("starts a new consumer at the end of the stream, retries a failing event in order, then passes over it with the error kept", async () => {
    const user = await aUser();
    await renameUser(user.id, "Avant le consommateur");
    const flaky = collector("test-retries", { failOn: (event, attempt) => event.payload !== null && (event.payload as { changes: string[] }).changes.includes("name") && attempt < 3 });
    const quiet = { warn: () => undefined, error: () => undefined };
    const started = await dispatcher({ consumers: [flaky.consumer], owner: "node-r", localFanOut: false, retryDelaysMs: [10], maxAttempts: 5, log: quiet });
    await started.drain();
    expect(flaky.handled).toEqual([]);

    await renameUser(user.id, "Un");
    await renameUser(user.id, "Deux");
    for (let i = 0; i < 100 && flaky.handled.length < 2; i++) await started.drain().then(() => new Promise((resolve) => setTimeout(resolve, 15)));
    expect(flaky.handled).toHaveLength(2);
    expect([...flaky.attempts.values()]).toEqual([3, 3]);
    expect(await db().eventConsumer.findUniqueOrThrow({ where: { name: "test-retries" } })).toMatchObject({ failures: 0, lastError: null });

    const stubborn = collector("test-poison", { failOn: (event) => (event.payload as { userId: string }).userId === user.id });
    const second = await dispatcher({ consumers: [stubborn.consumer], owner: "node-p", localFanOut: false, retryDelaysMs: [5], maxAttempts: 3, log: quiet });
    const other = await aUser();
    await renameUser(user.id, "Empoisonné");
    await renameUser(other.id, "Sain");
    for (let i = 0; i < 100 && stubborn.handled.length < 1; i++) await second.drain().then(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(stubborn.handled).toHaveLength(1);
    expect([...stubborn.attempts.values()]).toEqual([3, 1]);
  });

  it("prunes old events only once every durable consumer handled them", async () => {
    const group = await aGroup();
    const user = await aUser({ groupIds: [group.id] });
    await renameUser(user.id, "Ancien");
    const old = await latestEventPosition();
    await db().domainEvent.update({ where: { position: old }, data: { occurredAt: new Date("2020-01-01T00:00:00Z") } });
    await db().eventConsumer.upsert({ where: { name: "test-laggard" }, create: { name: "test-laggard", position: old - 1 }, update: { position: old - 1 } });
    expect(await pruneHandledEvents(new Date("2021-01-01T00:00:00Z"))).toBe(0);
    await db().eventConsumer.delete({ where: { name: "test-laggard" } });
    await db().eventConsumer.updateMany({ data: { position: old } });
    expect(await pruneHandledEvents(new Date("2021-01-01T00:00:00Z"))).toBeGreaterThanOrEqual(1);
    expect(await db().domainEvent.findUnique({ where: { position: old } })).toBeNull();
  });
});
