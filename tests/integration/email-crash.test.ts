import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { startDovecot, type DovecotServer } from "../support/dovecot.ts";
import { appendRaw } from "../support/imap-append.ts";
import { projectRoot } from "../support/paths.ts";

/**
 * Crash test: a worker process ingests a few hundred mails while we kill it (SIGKILL, no chance
 * to clean up) at random moments and start it again. In the end every mail must have become
 * exactly one ticket or one follow-up, and nothing else: no loss, no duplicate.
 */

const ACCOUNT = { user: "crash@example.test", password: "crash" };
const NEW_REQUESTS = 240;
const FOLLOW_UPS = 60;
let dovecot: DovecotServer;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [ACCOUNT] });
});

afterAll(async () => {
  await dovecot?.stop();
});

function requestMail(index: number): Buffer {
  const sender = `client${index}@societe-${index % 37}.test`;
  return Buffer.from(
    [
      `From: Client ${index} <${sender}>`,
      "To: crash@example.test",
      `Subject: Demande n°${index} : l'imprimante affiche E0${index % 10}`,
      `Message-ID: <request-${index}@crash.test>`,
      "Date: Thu, 26 Nov 2026 10:00:00 +0100",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      `Bonjour, demande numéro ${index}. Merci d'avance.`,
      "",
    ].join("\r\n"),
  );
}

function followUpMail(index: number, original: number): Buffer {
  const sender = `client${original}@societe-${original % 37}.test`;
  return Buffer.from(
    [
      `From: Client ${original} <${sender}>`,
      "To: crash@example.test",
      `Subject: Re: Demande n°${original}`,
      `Message-ID: <follow-up-${index}@crash.test>`,
      `In-Reply-To: <request-${original}@crash.test>`,
      `References: <request-${original}@crash.test>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      `Précision ${index} pour la demande ${original}.`,
      "",
    ].join("\r\n"),
  );
}

function startWorker(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "tests/support/email-crash-worker.ts")], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "test",
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_TLS: "false",
      IMAP_USER: ACCOUNT.user,
      IMAP_PASSWORD: ACCOUNT.password,
      IMAP_POLL_SECONDS: "1",
      MAIL_FROM: "Support <support@example.test>",
    },
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function progress() {
  const [stored, done] = await Promise.all([db().inboundEmail.count(), db().inboundEmail.count({ where: { status: { in: ["processed", "ignored"] } } })]);
  return { stored, done };
}

describe("crash test: SIGKILL at random points while ingesting", () => {
  it(`turns ${NEW_REQUESTS + FOLLOW_UPS} mails into exactly one ticket or follow-up each`, async () => {
    const total = NEW_REQUESTS + FOLLOW_UPS;
    const followUpOf = new Map<number, number>();
    // Requests first, follow-ups interleaved after their original.
    const order: Array<{ kind: "request" | "follow-up"; index: number }> = [];
    for (let i = 0; i < NEW_REQUESTS; i++) {
      order.push({ kind: "request", index: i });
      if (i % 4 === 3) {
        const followUp = order.filter((entry) => entry.kind === "follow-up").length;
        followUpOf.set(followUp, i - 2);
        order.push({ kind: "follow-up", index: followUp });
      }
    }
    expect(order).toHaveLength(total);
    await appendRaw(
      dovecot,
      ACCOUNT,
      order.map((entry) => (entry.kind === "request" ? requestMail(entry.index) : followUpMail(entry.index, followUpOf.get(entry.index)!))),
    );

    const kills: Array<{ at: string; stored: number; done: number }> = [];
    let stderr = "";
    const deadline = Date.now() + 540_000;
    let child: ChildProcess | null = null;
    const launch = () => {
      const worker = startWorker();
      worker.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const ready = new Promise<void>((resolve) => worker.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
      return { worker, ready };
    };
    try {
      // Kill the worker at planned moments with random jitter: twice during start-up, once while
      // raw mail is being stored, then at spread-out points of the processing. Kill points follow
      // progress, not the clock, so a slow or a fast machine sees the same spread of kills; a
      // purely random plan sometimes bunched the kills at the end and tested less than it claims.
      const jitter = () => Math.floor(Math.random() * total * 0.08);
      const plan: Array<{ kind: "start-up" } | { kind: "stored" | "done"; target: number }> = [
        { kind: "start-up" },
        { kind: "start-up" },
        { kind: "stored", target: Math.floor(total * 0.2) + jitter() },
        ...[0.1, 0.25, 0.4, 0.55, 0.7, 0.85].map((share) => ({ kind: "done" as const, target: Math.floor(total * share) + jitter() })),
      ];
      for (const step of plan) {
        if (Date.now() >= deadline) break;
        const before = await progress();
        if (before.done === total) break;
        const launched = launch();
        child = launched.worker;
        let at: string = step.kind;
        if (step.kind !== "start-up") {
          await launched.ready;
          // A target already passed (the previous worker went further than planned) moves just ahead.
          const reached = step.kind === "stored" ? before.stored : before.done;
          const target = Math.max(step.target, reached + 1);
          at = `${step.kind} ≥ ${target}`;
          while (Date.now() < deadline) {
            const now = await progress();
            if ((step.kind === "stored" ? now.stored : now.done) >= target || now.done === total) break;
            await sleep(20 + Math.random() * 30);
          }
        }
        child.kill("SIGKILL");
        await exited(child);
        kills.push({ at, ...(await progress()) });
      }
      // Then let one worker finish the job.
      child = launch().worker;
      while (Date.now() < deadline && (await progress()).done < total) await sleep(250);
      child.kill("SIGTERM");
      await exited(child);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    console.info(`[crash test] ${kills.length} kills: ${kills.map((kill) => `${kill.at} → ${kill.stored} stored / ${kill.done} done`).join("; ")}`);
    expect(kills.some((kill) => kill.stored > 0 && kill.stored < total), "a kill while raw mail is being stored").toBe(true);
    expect(kills.filter((kill) => kill.done > 0 && kill.done < total).length, "kills while mail is being processed").toBeGreaterThanOrEqual(4);

    // Every UID stored exactly once, every mail processed.
    const inbound = await db().inboundEmail.findMany({ select: { uid: true, status: true, classification: true, error: true, messageIdHeader: true } });
    expect(inbound).toHaveLength(total);
    expect(new Set(inbound.map((row) => row.uid)).size).toBe(total);
    expect(inbound.filter((row) => row.status !== "processed"), stderr.slice(-2000)).toEqual([]);

    // Exactly one message per mail, in one ticket per request.
    const messages = await db().message.findMany({ where: { emailMessageId: { endsWith: "@crash.test>" } }, select: { emailMessageId: true, ticketId: true } });
    expect(messages).toHaveLength(total);
    const ticketOf = new Map(messages.map((message) => [message.emailMessageId, message.ticketId]));
    expect(new Set(messages.filter((message) => message.emailMessageId!.startsWith("<request-")).map((message) => message.ticketId)).size).toBe(NEW_REQUESTS);
    for (const [followUp, original] of followUpOf) expect(ticketOf.get(`<follow-up-${followUp}@crash.test>`)).toBe(ticketOf.get(`<request-${original}@crash.test>`));
    expect(await db().ticket.count({ where: { channel: "email" } })).toBe(NEW_REQUESTS);
    expect(await db().message.count()).toBe(total);

    // One acknowledgement per ticket (several tickets per address hit the hourly cap, never twice for one ticket).
    const acknowledgements = await db().outboundEmail.groupBy({ by: ["ticketId"], where: { kind: "acknowledgement" }, _count: true });
    expect(acknowledgements.every((group) => group._count === 1)).toBe(true);
    const mailbox = await db().mailbox.findFirstOrThrow({ where: { fromEnvironment: true } });
    expect(mailbox.lastUid).toBe(Math.max(...inbound.map((row) => row.uid)));
  }, 600_000);
});
