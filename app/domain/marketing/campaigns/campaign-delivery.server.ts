import MailComposer from "nodemailer/lib/mail-composer";
import { recordEvents, transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { generateMessageId } from "~/lib/mail/message-id.server";
import { describeSmtpError } from "~/lib/mail/transport.server";
import type { WithheldSmtpSession } from "~/lib/mail/withheld-smtp.server";
import { commitRecipientSentNow } from "~/lib/sqlite-campaign-commit.server";
import { beforeBodyEnd, withOpenPixel, withPreheader, withTrackedLinks } from "./campaign-content";
import { mergeRecipient, parseMergeValues, UNSUBSCRIBE_PLACEHOLDER } from "./merge-fields";
import { listUnsubscribeHeaders, trackingUrls } from "./tracking-links.server";

/**
 * Sending a launched campaign, one recipient row at a time, exactly once across crashes
 * (docs/decisions/015-campaign-sending-exactly-once.md):
 * 1. claim: queued → "sending" with a lease and the row's Message-ID (kept across attempts);
 * 2. hand the whole mail to the SMTP server except the final dot of DATA;
 * 3. commit "sent" (a compare-and-set on the claim), then release the dot;
 * 4. a refusal after the dot turns "sent" into "failed" (5xx) or back to "queued" (4xx, retried);
 * a refusal of the address (5xx at RCPT) fails that row and the rest goes on.
 * Rows left "sending" by a dead process never got their dot: past their lease they are sent again.
 */

export const MAX_CAMPAIGN_ATTEMPTS = 3;
const RETRY_AFTER_MS = 60_000;

export type CampaignSendOptions = { leaseMs: number; now?: () => Date };

type SendingCampaign = {
  id: string;
  fromName: string;
  fromAddress: string;
  replyTo: string;
  subject: string;
  preheader: string;
  renderedHtml: string | null;
  renderedText: string | null;
  ratePerMinute: number;
};

const campaignSelect = { id: true, fromName: true, fromAddress: true, replyTo: true, subject: true, preheader: true, renderedHtml: true, renderedText: true, ratePerMinute: true } as const;

export async function sendingCampaigns(): Promise<SendingCampaign[]> {
  return db().campaign.findMany({ where: { status: "sending" }, select: campaignSelect, orderBy: { launchedAt: "asc" } });
}

export type ClaimedRecipient = { id: string; address: string; mergeValues: string; emailMessageId: string; attempts: number; leaseUntil: Date };

/**
 * Claims up to `limit` rows of a sending campaign: queued rows that are due, and "sending" rows
 * whose lease ran out (their process died before the dot). Each claim is a compare-and-set.
 */
export async function claimRecipients(campaignId: string, limit: number, options: CampaignSendOptions): Promise<ClaimedRecipient[]> {
  const now = options.now?.() ?? new Date();
  const candidates = await db().campaignRecipient.findMany({
    where: {
      campaignId,
      OR: [
        { status: "queued", OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
        { status: "sending", leaseUntil: { lte: now } },
      ],
    },
    select: { id: true, status: true, attempts: true, leaseUntil: true, emailMessageId: true, address: true, mergeValues: true },
    orderBy: { id: "asc" },
    take: limit,
  });
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const claims = candidates.map((candidate) => ({ candidate, messageId: candidate.emailMessageId ?? generateMessageId() }));
  // One compare-and-set per row (another sender may hold some), written in one batch.
  const results = await db().$transaction(
    claims.map(({ candidate, messageId }) =>
      db().campaignRecipient.updateMany({
        where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts, leaseUntil: candidate.leaseUntil },
        data: { status: "sending", leaseUntil, attempts: candidate.attempts + 1, emailMessageId: messageId },
      }),
    ),
  );
  const claimed: ClaimedRecipient[] = claims
    .filter((_, index) => results[index].count === 1)
    .map(({ candidate, messageId }) => ({ id: candidate.id, address: candidate.address, mergeValues: candidate.mergeValues, emailMessageId: messageId, attempts: candidate.attempts + 1, leaseUntil }));
  return claimed;
}

function formatAddress(name: string, address: string) {
  return { name, address };
}

/** The recipient's own mail: merged, tracked, with the unsubscribe link and headers, as raw RFC 5322 bytes. */
export async function composeRecipientMail(campaign: SendingCampaign, recipient: ClaimedRecipient, publicUrl = env().PUBLIC_URL): Promise<Buffer> {
  const values = parseMergeValues(recipient.mergeValues);
  const urls = trackingUrls(recipient.id, publicUrl);
  let html = campaign.renderedHtml ?? "";
  // Every campaign mail carries its unsubscribe link (the starter template has it in its footer).
  if (!html.includes(UNSUBSCRIBE_PLACEHOLDER)) html = beforeBodyEnd(html, `<p style="font-size:12px;color:#64748b;text-align:center"><a href="${UNSUBSCRIBE_PLACEHOLDER}">Se désinscrire / Unsubscribe</a></p>`);
  html = withTrackedLinks(html, (position) => urls.click(position));
  html = withOpenPixel(withPreheader(mergeRecipient(html, values, "html", { unsubscribeUrl: urls.unsubscribe }), mergeRecipient(campaign.preheader, values, "html")), urls.open);
  let text = campaign.renderedText ?? "";
  if (!text.includes(UNSUBSCRIBE_PLACEHOLDER)) text = `${text}\n\n-- \nSe désinscrire / Unsubscribe : ${UNSUBSCRIBE_PLACEHOLDER}`;
  text = mergeRecipient(text, values, "text", { unsubscribeUrl: urls.unsubscribe });
  const mailto = campaign.replyTo || env().mail.from.address;
  const composer = new MailComposer({
    from: formatAddress(campaign.fromName, campaign.fromAddress),
    to: recipient.address,
    replyTo: campaign.replyTo || undefined,
    subject: mergeRecipient(campaign.subject, values, "header"),
    messageId: recipient.emailMessageId,
    headers: { ...listUnsubscribeHeaders(recipient.id, mailto, publicUrl), "X-Comptoir-Campaign": campaign.id },
    html,
    text,
  });
  return new Promise<Buffer>((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message))));
}

export type RecipientOutcome = "sent" | "failed" | "retrying" | "abandoned" | "connection";

/** One claimed row through the session: see the steps at the top. */
export async function sendClaimedRecipient(campaign: SendingCampaign, recipient: ClaimedRecipient, session: WithheldSmtpSession): Promise<RecipientOutcome> {
  const raw = await composeRecipientMail(campaign, recipient);
  // Synchronous, so that the dot follows the commit with nothing in between (ADR 015).
  const result = await session.send({ from: campaign.fromAddress, to: recipient.address }, raw, () => commitRecipientSentNow(recipient));
  if (result.outcome === "accepted") return "sent";
  if (result.outcome === "abandoned") return "abandoned";
  const failure = describeSmtpError(result.error);
  const smtpAnswered = typeof (result.error as { responseCode?: unknown })?.responseCode === "number";
  if (!smtpAnswered && !result.afterCommit) {
    // The connection broke before the server said anything: the row goes back, nothing was delivered.
    await db().campaignRecipient.updateMany({ where: { id: recipient.id, status: "sending", attempts: recipient.attempts }, data: { status: "queued", attempts: recipient.attempts - 1, leaseUntil: null, lastError: failure.message } });
    return "connection";
  }
  const giveUp = failure.permanent || recipient.attempts >= MAX_CAMPAIGN_ATTEMPTS;
  await db().campaignRecipient.updateMany({
    where: { id: recipient.id, status: { in: ["sending", "sent"] }, attempts: recipient.attempts },
    data: giveUp ? { status: "failed", sentAt: null, leaseUntil: null, lastError: failure.message } : { status: "queued", sentAt: null, leaseUntil: new Date(Date.now() + RETRY_AFTER_MS), lastError: failure.message },
  });
  return giveUp ? "failed" : "retrying";
}

export async function campaignProgress(campaignId: string) {
  const groups = await db().campaignRecipient.groupBy({ by: ["status"], where: { campaignId }, _count: { _all: true } });
  const count = (status: string) => groups.find((group) => group.status === status)?._count._all ?? 0;
  const sent = count("sent") + count("bounced");
  const failed = count("failed");
  return { sent, failed, total: sent + failed + count("queued") + count("sending"), queued: count("queued"), sending: count("sending") };
}

export async function recordProgress(campaignId: string) {
  const progress = await campaignProgress(campaignId);
  await recordEvents((events) => events.record("campaign.progressed", { campaignId, sent: progress.sent, failed: progress.failed, total: progress.total }));
  return progress;
}

/** Marks a sending campaign sent once no row is queued or being sent (a compare-and-set on the status). */
export async function finishCampaignIfDone(campaignId: string, now = new Date()): Promise<boolean> {
  return transactionWithEvents(async (tx, events) => {
    const open = await tx.campaignRecipient.count({ where: { campaignId, status: { in: ["queued", "sending"] } } });
    if (open > 0) return false;
    const updated = await tx.campaign.updateMany({ where: { id: campaignId, status: "sending" }, data: { status: "sent", finishedAt: now, version: { increment: 1 } } });
    if (updated.count === 0) return false;
    await recordAudit(tx, { actorId: null, action: "campaign.finished", entityType: "campaign", entityId: campaignId });
    events.record("campaign.saved", { campaignId, actorId: null, change: "finished" });
    return true;
  });
}
