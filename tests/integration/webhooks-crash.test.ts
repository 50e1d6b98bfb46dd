import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimConsumer, releaseConsumer } from "~/domain/event-consumers.server";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { webhookConsumer } from "~/domain/webhooks/webhook-queue.server";
import { db } from "~/lib/db.server";
import { watchEvents } from "../support/events.ts";
import { aRequester } from "../support/helpdesk-factories.ts";
import { projectRoot } from "../support/paths.ts";
import { anEndpoint, startWebhookReceiver, type WebhookReceiver } from "../support/webhooks-factories.ts";

/**
 * Crash test: a worker process (the "webhooks" consumer and the sender) is killed with SIGKILL at
 * points between an event and its delivery — while it starts, after events were committed but
 * before it queued them, after they were queued but before they were sent, and while a request
 * is at the receiver — then started again.
 *
 * What "exactly once" means here, and what is asserted:
 * - Queueing is exactly once: one delivery row per (endpoint, event id), one webhook-id per event.
 * - Delivery is at least once with a stable webhook-id: a request the receiver got just before a
 *   kill, whose success the worker had no time to record, goes again under the same webhook-id
 *   (the receiver dedupes on it). Every other delivery — in particular every one whose kill came
 *   before it was sent — reaches the receiver exactly once.
 * - Order per endpoint holds across restarts.
 */

const TICKETS = 60;
const ENDPOINTS = { "/erp": ["ticket.created"], "/crm": ["ticket.created", "message.created"] } as const;

let receiver: WebhookReceiver;
/** Webhook-ids whose request was being answered (received, not yet answered) — the in-flight window. */
const answering = new Set<string>();

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // A short think before answering, so kills land while requests are in flight.
  receiver.respond(async (request) => {
    answering.add(request.webhookId);
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 25));
    answering.delete(request.webhookId);
    return { status: 200, body: "received" };
  });
});

afterAll(async () => {
  await receiver?.close();
});

function startWorker(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "tests/support/webhooks-crash-worker.ts")], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "test", WEBHOOK_TEST_LEASE_MS: "800" },
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newTickets(count: number, from: number) {
  for (let index = from; index < from + count; index++) {
    const requester = await aRequester({ email: `client${index}@crash-webhooks.test`, name: `Client ${index}` });
    await createTicket({ requesterId: requester.contactId, subject: `Demande ${index}`, channel: "email", openedBy: { contactId: requester.contactId }, firstMessage: { bodyText: `Message ${index}` } });
  }
}

async function progress() {
  const [queued, delivered] = await Promise.all([db().webhookDelivery.count(), db().webhookDelivery.count({ where: { status: "delivered" } })]);
  return { queued, delivered };
}

describe("crash test: SIGKILL between the event and its delivery", () => {
  it("delivers every event: one row per endpoint and event, one webhook-id per event, received exactly once unless it was in flight", async () => {
    for (const [pathname, events] of Object.entries(ENDPOINTS)) await anEndpoint(receiver, pathname, events);
    // The consumer exists before the events (in a running install it exists since the first start;
    // a new consumer starts at the end of the stream).
    expect(await claimConsumer(webhookConsumer.name, "webhooks-crash-test")).not.toBeNull();
    await releaseConsumer(webhookConsumer.name, "webhooks-crash-test");
    const watched = await watchEvents();
    const expectedDeliveries = TICKETS * 3;

    let stderr = "";
    let child: ChildProcess | null = null;
    const launch = () => {
      const worker = startWorker();
      worker.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const ready = new Promise<void>((resolve) => worker.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
      return { worker, ready };
    };
    const kills: Array<{ at: string; queued: number; delivered: number; inFlight: string[] }> = [];
    /** "path webhook-id" of requests the receiver had seen but whose delivery was not recorded when the worker died. */
    const exposed = new Set<string>();
    const kill = async (at: string) => {
      child!.kill("SIGKILL");
      await exited(child!);
      const seen = new Set(receiver.received.map((request) => `${request.path} ${request.webhookId}`));
      const unfinished = await db().webhookDelivery.findMany({ where: { status: { not: "delivered" } }, select: { webhookId: true, endpoint: { select: { url: true } } } });
      const inFlight = unfinished.map((row) => `${new URL(row.endpoint.url).pathname} ${row.webhookId}`).filter((key) => seen.has(key) && !exposed.has(key));
      inFlight.forEach((id) => exposed.add(id));
      kills.push({ at, ...(await progress()), inFlight });
    };
    const deadline = Date.now() + 240_000;
    const until = async (check: () => Promise<boolean>) => {
      while (Date.now() < deadline && !(await check())) {
        if (child && child.exitCode !== null) throw new Error(`The worker exited on its own (code ${child.exitCode}): ${stderr.slice(-2000)}`);
        await sleep(10);
      }
    };

    let created = 0;
    try {
      // 1. Events committed while no worker runs; a worker killed during start-up.
      await newTickets(15, created);
      created += 15;
      child = launch().worker;
      await sleep(150);
      await kill("start-up");

      // 2. Killed as soon as it has queued some of them: the rest are queued after the restart, once.
      let launched = launch();
      child = launched.worker;
      await launched.ready;
      await until(async () => (await progress()).queued > 0);
      await kill("while queueing");

      // 3. More events; killed once they are queued, before the sender got through them.
      await newTickets(15, created);
      created += 15;
      for (let round = 0; round < 3; round++) {
        launched = launch();
        child = launched.worker;
        await launched.ready;
        const before = await progress();
        await until(async () => (await progress()).queued > before.queued || (await progress()).delivered > before.delivered);
        await kill("queued, before sending");
      }

      // 4. Killed while a request is at the receiver (its success not recorded yet), several times,
      //    with events still arriving.
      for (let round = 0; round < 6; round++) {
        if (created < TICKETS) {
          await newTickets(10, created);
          created += 10;
        }
        launched = launch();
        child = launched.worker;
        await launched.ready;
        // Somewhere in the sending: after a few more deliveries, at a moment a request is at the receiver.
        const target = (await progress()).delivered + 1 + Math.floor(Math.random() * 15);
        await until(async () => {
          const now = await progress();
          return (now.delivered >= target && answering.size > 0) || now.delivered === expectedDeliveries;
        });
        await kill("request in flight");
      }
      if (created < TICKETS) {
        await newTickets(TICKETS - created, created);
        created = TICKETS;
      }

      // 5. One worker finishes the job.
      child = launch().worker;
      await until(async () => (await progress()).delivered === expectedDeliveries);
      child.kill("SIGTERM");
      await exited(child);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    console.info(`[webhooks crash test] ${kills.length} kills: ${kills.map((entry) => `${entry.at} → ${entry.queued} queued / ${entry.delivered} delivered${entry.inFlight.length ? ` (${entry.inFlight.length} in flight)` : ""}`).join("; ")}`);

    expect(kills.some((entry) => entry.queued > 0 && entry.queued < expectedDeliveries), "a kill with events not all queued").toBe(true);
    expect(kills.some((entry) => entry.delivered < entry.queued), "a kill with queued deliveries not sent").toBe(true);
    expect(kills.filter((entry) => entry.inFlight.length > 0).length, "kills while a request was in flight").toBeGreaterThan(0);

    // Queued exactly once: one row per endpoint and event, all delivered, one webhook-id per event.
    const events = await watched.read("ticket.created", "message.added");
    expect(events).toHaveLength(TICKETS * 2);
    const rows = await db().webhookDelivery.findMany({ select: { eventId: true, webhookId: true, status: true, endpoint: { select: { url: true } } } });
    expect(rows, stderr.slice(-2000)).toHaveLength(expectedDeliveries);
    expect(rows.filter((row) => row.status !== "delivered")).toEqual([]);
    const keys = rows.map((row) => `${new URL(row.endpoint.url).pathname} ${row.eventId}`);
    expect(new Set(keys).size).toBe(expectedDeliveries);
    expect(rows.every((row) => row.webhookId === `msg_${row.eventId}`)).toBe(true);
    const expectedKeys = events.flatMap((event) =>
      Object.entries(ENDPOINTS)
        .filter(([, types]) => (types as readonly string[]).includes(event.name === "ticket.created" ? "ticket.created" : "message.created"))
        .map(([pathname]) => `${pathname} ${event.id}`),
    );
    expect(new Set(keys)).toEqual(new Set(expectedKeys));

    // Every request verified; every webhook-id seen; twice only if it was in flight at a kill.
    expect(receiver.received.filter((request) => request.verifyError !== null)).toEqual([]);
    for (const pathname of Object.keys(ENDPOINTS)) {
      const requests = receiver.on(pathname);
      const counts = new Map<string, number>();
      for (const request of requests) counts.set(request.webhookId, (counts.get(request.webhookId) ?? 0) + 1);
      const expectedIds = rows.filter((row) => new URL(row.endpoint.url).pathname === pathname).map((row) => row.webhookId);
      expect(new Set(counts.keys())).toEqual(new Set(expectedIds));
      const repeated = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
      console.info(`[webhooks crash test] ${pathname}: ${counts.size} webhook-ids, ${repeated.length} received again after a kill`);
      expect(repeated.filter((id) => !exposed.has(`${pathname} ${id}`)), `${pathname}: received twice without being in flight at a kill`).toEqual([]);
      // In stream order: the first receipt of each id follows the events' positions.
      const position = new Map(events.map((event) => [`msg_${event.id}`, event.position]));
      const firstSeen = [...new Map(requests.map((request) => [request.webhookId, position.get(request.webhookId)!])).values()];
      expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
    }
  }, 300_000);
});
