import { launchDueCampaigns } from "~/domain/marketing/campaigns/campaign-commands.server";
import { claimRecipients, finishCampaignIfDone, recordProgress, sendClaimedRecipient, sendingCampaigns } from "~/domain/marketing/campaigns/campaign-delivery.server";
import { onDomainEvent } from "~/domain/events.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { smtpServerAddress, WithheldSmtpSession } from "~/lib/mail/withheld-smtp.server";
import { wakeableSleep } from "./wakeable-sleep.ts";

/**
 * The campaign sender: launches scheduled campaigns when due, then works through the queued
 * recipients of every sending campaign at its rate (messages per minute), one SMTP session,
 * exactly one mail per recipient across crashes (campaign-delivery.server.ts, ADR 015). Pause
 * and cancel take effect at the next batch (about a second of mail). Without SMTP_URL it waits.
 */

export type CampaignSender = { stop(): Promise<void>; wake(): void };

type Log = Pick<Console, "warn" | "error">;

export function startCampaignSender(options: { tickMs?: number; leaseMs?: number; smtpUrl?: string | null; log?: Log; heloName?: string } = {}): CampaignSender {
  const tickMs = options.tickMs ?? 2_000;
  const leaseMs = options.leaseMs ?? 120_000;
  const smtpUrl = options.smtpUrl === undefined ? env().mail.smtpUrl : options.smtpUrl;
  const log = options.log ?? console;
  let stopped = false;
  let session: WithheldSmtpSession | null = null;
  const pause = wakeableSleep();
  const nextSendAt = new Map<string, number>();
  const lastProgressAt = new Map<string, number>();

  const sleep = pause.sleep;

  const openSession = async () => {
    if (session?.usable) return session;
    session?.close();
    session = null;
    session = await WithheldSmtpSession.open(smtpServerAddress(smtpUrl!), { name: options.heloName });
    return session;
  };

  /** One batch (about a second of mail at the campaign's rate); true when there may be more. */
  const sendBatch = async (campaign: Awaited<ReturnType<typeof sendingCampaigns>>[number]): Promise<boolean> => {
    const interval = 60_000 / Math.max(1, campaign.ratePerMinute);
    const batch = Math.min(100, Math.max(1, Math.ceil(campaign.ratePerMinute / 60)));
    const claimed = await claimRecipients(campaign.id, batch, { leaseMs });
    if (claimed.length === 0) {
      await finishCampaignIfDone(campaign.id);
      return false;
    }
    for (const recipient of claimed) {
      if (stopped) break;
      const due = nextSendAt.get(campaign.id) ?? 0;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      nextSendAt.set(campaign.id, Math.max(Date.now() - 1_000, due) + interval);
      const outcome = await sendClaimedRecipient(campaign, recipient, await openSession());
      if (outcome === "connection" || outcome === "abandoned" || !session?.usable) {
        session?.close();
        session = null;
        if (outcome === "connection") break;
      }
    }
    const now = Date.now();
    if (now - (lastProgressAt.get(campaign.id) ?? 0) >= 1_000) {
      lastProgressAt.set(campaign.id, now);
      await recordProgress(campaign.id);
    }
    return true;
  };

  const loop = async () => {
    while (!stopped) {
      let busy = false;
      try {
        await launchDueCampaigns(db());
        if (smtpUrl) {
          for (const campaign of await sendingCampaigns()) {
            if (stopped) break;
            if (await sendBatch(campaign)) busy = true;
            else {
              lastProgressAt.delete(campaign.id);
              nextSendAt.delete(campaign.id);
              await recordProgress(campaign.id);
            }
          }
        }
      } catch (error) {
        log.error("[campaigns] sending failed", error);
        session?.close();
        session = null;
        busy = false;
      }
      if (!busy && !stopped) await sleep(tickMs);
    }
  };

  if (!smtpUrl) log.warn("[campaigns] SMTP_URL is not set: launched campaigns wait until it is.");
  const offLaunch = onDomainEvent("campaign.saved", () => pause.wake());
  const running = loop();

  return {
    wake: () => pause.wake(),
    async stop() {
      stopped = true;
      offLaunch();
      pause.wake();
      await running;
      session?.close();
      session = null;
    },
  };
}
