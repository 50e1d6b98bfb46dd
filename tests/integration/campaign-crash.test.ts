import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { launchCampaign } from "~/domain/marketing/campaigns/campaign-commands.server";
import { aUser } from "../support/factories";
import { projectRoot } from "../support/paths.ts";
import { seededRandom } from "../support/seeded-random";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { aCampaign, aSegment, mailableConsent, mailableContacts } from "../support/campaign-factories";

/**
 * Crash test (ADR 015): a 2,000-recipient campaign is sent by a worker process that we kill with
 * SIGKILL at random moments (seeded) and start again. In the end every recipient has exactly one
 * mail in the sink, under the Message-ID the database holds, and the database says sent for all.
 */

const RECIPIENTS = 2_000;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.stop();
});

function startWorker(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "tests/support/campaign-crash-worker.ts")], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "test", CAMPAIGN_TEST_SMTP_URL: sink.url, CAMPAIGN_TEST_LEASE_MS: "1500", MAIL_FROM: "Atelier <marketing@atelier.test>" },
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("crash test: SIGKILL at random points while a campaign sends", () => {
  it(`mails each of ${RECIPIENTS} recipients exactly once`, async () => {
    const random = seededRandom(20261207);
    await mailableContacts(RECIPIENTS, "crash");
    const marketer = await aUser({ role: "marketing" });
    const segment = await aSegment(mailableConsent);
    const campaign = await aCampaign({ segmentIds: [segment.id] });
    // As fast as the worker goes: the kills must land mid-send, not while it waits for its rate.
    await db().campaign.update({ where: { id: campaign.id }, data: { ratePerMinute: 60_000 } });
    expect(await launchCampaign(marketer, campaign.id)).toEqual({ launched: true, recipients: RECIPIENTS });

    const received = () => sink.messages.length;
    const kills: Array<{ at: number; received: number; sentInDb: number }> = [];
    let stderr = "";
    let child: ChildProcess | null = null;
    const deadline = Date.now() + 400_000;
    try {
      for (let round = 0; round < 6 && Date.now() < deadline; round++) {
        child = startWorker();
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const before = received();
        if (before >= RECIPIENTS) break;
        // Kill once the sink has received a random share of what is left (at least one mail).
        const target = before + 1 + Math.floor(random() * Math.max(1, (RECIPIENTS - before) / 3));
        while (Date.now() < deadline && received() < target) await sleep(5 + random() * 20);
        // ... and a little later, at a random moment inside the send loop.
        await sleep(random() * 15);
        child.kill("SIGKILL");
        await exited(child);
        kills.push({ at: target, received: received(), sentInDb: await db().campaignRecipient.count({ where: { campaignId: campaign.id, status: "sent" } }) });
      }
      child = startWorker();
      child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      while (Date.now() < deadline && (await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } })).status !== "sent") await sleep(200);
      child.kill("SIGTERM");
      await exited(child);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    console.info(`[campaign crash test] ${kills.length} kills: ${kills.map((kill) => `${kill.received} received / ${kill.sentInDb} sent in db`).join("; ")}`);
    expect(kills.filter((kill) => kill.received > 0 && kill.received < RECIPIENTS).length, "kills while mail was being sent").toBeGreaterThanOrEqual(4);
    // A killed sender's last mail may still be arriving at the sink when we read the database.
    await sleep(500);

    const rows = await db().campaignRecipient.findMany({ where: { campaignId: campaign.id }, select: { address: true, status: true, emailMessageId: true } });
    expect(rows.filter((row) => row.status !== "sent"), stderr.slice(-2000)).toEqual([]);
    const perAddress = new Map<string, number>();
    const perMessageId = new Map<string, number>();
    for (const mail of sink.messages) {
      perAddress.set(mail.envelope.to[0], (perAddress.get(mail.envelope.to[0]) ?? 0) + 1);
      perMessageId.set(String(mail.parsed.messageId), (perMessageId.get(String(mail.parsed.messageId)) ?? 0) + 1);
    }
    expect([...perAddress.values()].filter((count) => count !== 1), "addresses mailed more than once").toEqual([]);
    expect([...perMessageId.values()].filter((count) => count !== 1)).toEqual([]);
    expect(perAddress.size).toBe(RECIPIENTS);
    for (const row of rows) expect(perMessageId.get(row.emailMessageId!), row.address).toBe(1);
    const finished = await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true, finishedAt: true } });
    expect(finished.status).toBe("sent");
  }, 600_000);
});
