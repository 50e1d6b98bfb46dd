import http from "node:http";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import type { BenchContext } from "./context.ts";
import { measure, reportRatio, type Timing } from "./harness.ts";

/**
 * Live updates: from a domain event to its receipt on 100 connected agent sockets (70 who see
 * every ticket, 30 restricted to the ticket's group; 20 more agents of another group are
 * connected and must receive nothing), against a bare Socket.IO broadcast of the same payload
 * to 100 sockets in the same run. Then the event rate one process sustains, both ways.
 *
 * The subject pays for what makes it correct: writing the event into the durable stream (its
 * own transaction here; in a command it shares the command's), the dispatcher reading it back,
 * reading the ticket as it is now, picking candidates through rooms, checking each one against
 * the record rule, then one broadcast.
 */

const AGENTS = 100;
const OUTSIDERS = 20;
const RATE_EVENTS = 1_000;

type ReceiptSocket = Socket;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function connectAll(url: string, cookies: string[]): Promise<ReceiptSocket[]> {
  return Promise.all(
    cookies.map(
      (cookie) =>
        new Promise<ReceiptSocket>((resolve, reject) => {
          const socket = connect(url, { path: "/socket.io", transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, forceNew: true, reconnection: false });
          socket.once("connect", () => resolve(socket));
          socket.once("connect_error", reject);
        }),
    ),
  );
}

/** Waits until every socket received `count` "ticket:changed" events; returns each receipt's delay after `since`. */
function receipts(sockets: ReceiptSocket[], count: number, since: () => bigint): Promise<number[]> {
  return new Promise((resolve) => {
    const delays: number[] = [];
    let pending = sockets.length * count;
    const listeners = sockets.map((socket) => {
      const listener = () => {
        delays.push(Number(process.hrtime.bigint() - since()) / 1e6);
        if (--pending === 0) {
          sockets.forEach((s, index) => s.off("ticket:changed", listeners[index]));
          resolve(delays);
        }
      };
      socket.on("ticket:changed", listener);
      return listener;
    });
  });
}

export async function benchRealtime(context: BenchContext) {
  const [{ db }, { openSession }, { sessionCookie }, { recordEvents }, { liveTicketSnapshot }] = await Promise.all([
    import("~/lib/db.server"),
    import("~/domain/identity/sessions.server"),
    import("~/lib/cookies.server"),
    import("~/domain/event-store.server"),
    import("~/domain/helpdesk/live-snapshots.server"),
  ]);

  // A demo ticket in a group, and a group it is not in.
  const ticket = await db().ticket.findFirstOrThrow({ where: { groupId: { not: null } }, orderBy: { number: "asc" }, select: { id: true, groupId: true } });
  // For the sustained rate, events about many tickets of that group (one ticket's events are delivered in order, one after the other).
  const rotation = (await db().ticket.findMany({ where: { groupId: ticket.groupId }, take: 50, select: { id: true } })).map((row) => row.id);
  const otherGroup = await db().group.findFirstOrThrow({ where: { id: { not: ticket.groupId! } }, select: { id: true } });
  const actor = await db().user.findFirstOrThrow({ where: { email: "tech@comptoir.test" }, select: { id: true } });

  const stamp = Date.now();
  const cookies: string[] = [];
  const outsiderCookies: string[] = [];
  for (let index = 0; index < AGENTS + OUTSIDERS; index++) {
    const outsider = index >= AGENTS;
    const restricted = outsider || index >= 70;
    const user = await db().user.create({
      data: {
        name: `Agent bench ${index}`,
        email: `bench-${stamp}-${index}@comptoir.test`,
        passwordHash: "not-a-login",
        role: "technician",
        restrictToGroups: restricted,
        groups: restricted ? { connect: { id: outsider ? otherGroup.id : ticket.groupId! } } : undefined,
      },
      select: { id: true },
    });
    const { token } = await openSession({ userId: user.id, userAgent: "bench", ipAddress: "127.0.0.1", lifetimeDays: 1 });
    (outsider ? outsiderCookies : cookies).push((await sessionCookie().serialize(token)).split(";")[0]);
  }

  const agents = await connectAll(context.appUrl, cookies);
  const outsiders = await connectAll(context.appUrl, outsiderCookies);
  let leaked = 0;
  for (const socket of outsiders) socket.on("ticket:changed", () => leaked++);

  // The bare baseline: its own Socket.IO server, 100 sockets, the same payload broadcast to all.
  const bareHttp = http.createServer();
  const bare = new Server(bareHttp, { path: "/socket.io", serveClient: false });
  await new Promise<void>((resolve) => bareHttp.listen(0, "127.0.0.1", () => resolve()));
  const barePort = (bareHttp.address() as { port: number }).port;
  const bareSockets = await connectAll(`http://127.0.0.1:${barePort}`, Array.from({ length: AGENTS }, () => ""));
  const payload = {
    seq: 1,
    reason: "updated",
    ticket: await liveTicketSnapshot(ticket.id),
    changes: ["priority"],
    actor: { id: actor.id, name: "Julien Moreau" },
    at: new Date().toISOString(),
  };

  let started = 0n;
  const since = () => started;
  const receiptDelays = { subject: [] as number[], baseline: [] as number[] };

  const subject = await measure(
    `domain event committed → ${AGENTS} agent sockets`,
    async () => {
      const done = receipts(agents, 1, since);
      started = process.hrtime.bigint();
      await recordEvents((events) => events.record("ticket.updated", { ticketId: ticket.id, actorId: actor.id, changes: ["priority"] }));
      receiptDelays.subject.push(...(await done));
    },
    { iterations: 300, warmup: 30 },
  );
  const baseline = await measure(
    `bare Socket.IO broadcast → ${AGENTS} sockets`,
    async () => {
      const done = receipts(bareSockets, 1, since);
      started = process.hrtime.bigint();
      bare.emit("ticket:changed", payload);
      receiptDelays.baseline.push(...(await done));
    },
    { iterations: 300, warmup: 30 },
  );

  const ratio = reportRatio(`Live update, emission to the last of ${AGENTS} sockets`, subject, baseline);
  for (const [name, delays] of Object.entries(receiptDelays)) {
    delays.sort((a, b) => a - b);
    console.log(`  per receipt (${name.padEnd(8)}): p50 ${percentile(delays, 50).toFixed(2)} ms  p95 ${percentile(delays, 95).toFixed(2)} ms  (${delays.length} receipts)`);
  }

  // Sustained rate: RATE_EVENTS events emitted back to back, until every socket has them all.
  async function rate(name: string, emit: () => unknown, sockets: ReceiptSocket[]): Promise<number> {
    const done = receipts(sockets, RATE_EVENTS, since);
    started = process.hrtime.bigint();
    for (let index = 0; index < RATE_EVENTS; index++) await emit();
    await done;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const perSecond = RATE_EVENTS / seconds;
    console.log(`  ${name.padEnd(44)} ${perSecond.toFixed(0).padStart(6)} events/s  (${(perSecond * sockets.length).toFixed(0)} deliveries/s)`);
    return perSecond;
  }
  console.log(`\n## Sustained event rate (${RATE_EVENTS} events, ${AGENTS} receiving sockets)`);
  let next = 0;
  const subjectRate = await rate(
    `domain events on ${rotation.length} tickets (listener layer)`,
    () => recordEvents((events) => events.record("ticket.updated", { ticketId: rotation[next++ % rotation.length], actorId: actor.id, changes: ["priority"] })),
    agents,
  );
  const baselineRate = await rate("bare Socket.IO broadcast", () => bare.emit("ticket:changed", payload), bareSockets);
  console.log(`  ratio (baseline / subject): ×${(baselineRate / subjectRate).toFixed(1)}`);
  if (leaked > 0) throw new Error(`${leaked} events reached agents of another group`);
  console.log(`  agents of another group received ${leaked} events (expected 0)`);

  for (const socket of [...agents, ...outsiders, ...bareSockets]) socket.close();
  await new Promise<void>((resolve) => bare.close(() => resolve()));
  return { name: "realtime", ...ratio, subject, baseline, subjectRate, baselineRate } satisfies Record<string, unknown> & { subject: Timing };
}
