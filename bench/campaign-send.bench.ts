import path from "node:path";
import { pathToFileURL } from "node:url";
import net from "node:net";
import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";

/**
 * Campaign sending to an SMTP sink (tests/support/smtp-sink.ts, not parsing), in the same run:
 *
 *   subject   the real campaign sender (server/workers/campaign-sender.ts) working through a
 *             launched campaign of N recipients: claim with a lease and a Message-ID, merge,
 *             track every link, add the pixel and List-Unsubscribe, compose, hand everything but
 *             the final dot to the server, commit "sent", release the dot (ADR 015);
 *   baseline  bare nodemailer (one pooled connection, one message after the other) sending the
 *             very same raw messages the worker produced, to the same sink.
 *
 * Target: the worker at ≥ 0.5× the bare rate.
 */

const RECIPIENTS = Number(process.env.CAMPAIGN_BENCH_RECIPIENTS ?? 10_000);

export async function benchCampaignSend() {
  const [{ db }, { startSmtpSink }, { launchCampaign }, { startCampaignSender }] = await Promise.all([
    import("~/lib/db.server"),
    import("../tests/support/smtp-sink.ts"),
    import("~/domain/marketing/campaigns/campaign-commands.server"),
    import("../server/workers/campaign-sender.ts"),
  ]);
  const { starterCampaignMjml } = await import("~/domain/marketing/campaigns/campaign-template");
  const sink = await startSmtpSink({ parse: false });
  try {
    // N opted-in contacts of their own, in bulk.
    const now = new Date();
    for (let start = 0; start < RECIPIENTS; start += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, RECIPIENTS - start) }, (_, index) => start + index);
      await db().contact.createMany({ data: batch.map((index) => ({ id: `benchcampaign${index}`, firstName: `Prénom${index}`, lastName: "Banc", language: "fr" })) });
      await db().contactEmail.createMany({ data: batch.map((index) => ({ contactId: `benchcampaign${index}`, address: `banc-${index}@campagne.bench.test`, isPrimary: true })) });
      await db().marketingConsent.createMany({ data: batch.map((index) => ({ address: `banc-${index}@campagne.bench.test`, contactId: `benchcampaign${index}`, state: "opt_in", source: "import", changedAt: now })) });
    }
    const segment = await db().segment.create({
      data: { name: "Banc d'essai campagne", definition: JSON.stringify({ match: "all", groups: [{ match: "all", conditions: [{ kind: "contact.language", params: { language: "fr" } }] }] }) },
    });
    // The demo's own French contacts are in the segment too: only ours are opted in, but count what the launch says.
    const campaign = await db().campaign.create({
      data: {
        name: "Banc d'essai",
        fromName: "Banc",
        fromAddress: "banc@campagne.bench.test",
        subject: "Bonjour {{contact.firstName|}}",
        mjml: starterCampaignMjml,
        ratePerMinute: 10_000_000,
        excludeOpenIncidents: false,
        segments: { create: [{ segmentId: segment.id }] },
      },
    });
    const launchStarted = process.hrtime.bigint();
    const launch = await launchCampaign(null, campaign.id);
    const launchSeconds = Number(process.hrtime.bigint() - launchStarted) / 1e9;
    if (!launch.launched) throw new Error("the bench campaign did not launch");
    const total = launch.recipients;

    const started = process.hrtime.bigint();
    const sender = startCampaignSender({ smtpUrl: sink.url, tickMs: 20, log: { warn: () => {}, error: (...args) => console.error(...args) } });
    while ((await db().campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { status: true } })).status !== "sent") await new Promise((resolve) => setTimeout(resolve, 50));
    const workerSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await sender.stop();
    const sent = await db().campaignRecipient.count({ where: { campaignId: campaign.id, status: "sent" } });
    if (sent !== total || sink.messages.length !== total) throw new Error(`sent ${sent} / received ${sink.messages.length} of ${total}`);

    // Baseline: the same raw messages through bare nodemailer, one connection, one after the other.
    // Its socket gets TCP_NODELAY like ours: with the defaults, Nagle's algorithm holds each
    // message's final dot for the sink's delayed ACK (~40 ms a mail on Linux), which would measure
    // the kernel, not the work. The defaults are measured on a few hundred messages, for the record.
    const prepared = sink.messages.map((mail) => ({ raw: mail.raw, envelope: { from: mail.envelope.from, to: mail.envelope.to } }));
    const sendAll = async (messages: typeof prepared, noDelay: boolean) => {
      sink.clear();
      const transport = nodemailer.createTransport({
        host: sink.host,
        port: sink.port,
        secure: false,
        ignoreTLS: true,
        pool: true,
        maxConnections: 1,
        ...(noDelay
          ? {
              getSocket: (_options: unknown, callback: (error: Error | null, socket?: { connection: net.Socket }) => void) => {
                const socket = net.connect(sink.port, sink.host, () => {
                  socket.setNoDelay(true);
                  callback(null, { connection: socket });
                });
                socket.once("error", (error) => callback(error));
              },
            }
          : {}),
      } as SMTPPool.Options);
      const startedAt = process.hrtime.bigint();
      for (const message of messages) await transport.sendMail({ envelope: message.envelope, raw: message.raw });
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      transport.close();
      if (sink.messages.length !== messages.length) throw new Error(`bare nodemailer delivered ${sink.messages.length} of ${messages.length}`);
      return seconds;
    };
    const bareSeconds = await sendAll(prepared, true);
    const defaultsSample = prepared.slice(0, 300);
    const defaultsRate = defaultsSample.length / (await sendAll(defaultsSample, false));

    const workerRate = total / workerSeconds;
    const bareRate = total / bareSeconds;
    console.log(`\n## Campaign sending: ${total} recipients to a local SMTP sink`);
    console.log(`  launch (audience, ${total} recipient rows written, links numbered): ${launchSeconds.toFixed(2)} s`);
    console.log(`  campaign worker (merge, tracking, exactly-once commit): ${workerRate.toFixed(0)}/s (${workerSeconds.toFixed(1)} s)`);
    console.log(`  bare nodemailer, same raw messages, one connection:     ${bareRate.toFixed(0)}/s (${bareSeconds.toFixed(1)} s)`);
    console.log(`  (bare nodemailer with its socket defaults, Nagle on, ${defaultsSample.length} messages: ${defaultsRate.toFixed(0)}/s)`);
    console.log(`  ratio (worker / bare): ×${(workerRate / bareRate).toFixed(2)} (target ≥ 0.5)`);
    return { workerRate, bareRate, ratio: workerRate / bareRate };
  } finally {
    await sink.stop();
  }
}

// Alone: `node --import tsx bench/campaign-send.bench.ts` on a scratch database of its own.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { useScratchWorkspace } = await import("./context.ts");
  const { dataDir, databaseUrl } = useScratchWorkspace();
  const { applyMigrations } = await import("../server/bootstrap/migrate.ts");
  const { disconnectDatabase } = await import("~/lib/db.server");
  const fs = await import("node:fs");
  try {
    await applyMigrations(databaseUrl);
    await benchCampaignSend();
  } finally {
    await disconnectDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
