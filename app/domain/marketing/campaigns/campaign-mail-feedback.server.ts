import type { BounceReport } from "~/domain/channels/email/bounce";
import type { ComplaintReport } from "~/domain/channels/email/complaint";
import type { EventRecorder } from "~/domain/event-store.server";
import type { TransactionClient } from "~/lib/db.server";
import { isOurSignedMessageId } from "~/lib/mail/message-id.server";
import { changeConsent } from "../consent/consent-changes.server";

/**
 * What the mail servers and the people send back about a campaign mail, as the email channel
 * hands it over (app/domain/channels/email/process-inbound.server.ts): bounces (RFC 3464 DSN),
 * complaints (RFC 5965 ARF) and replies. Each is tied to its recipient by the Message-ID the
 * sender stored on CampaignRecipient.emailMessageId, and only when that id carries our HMAC
 * signature (like the helpdesk's bounce and follow-up detection): anyone can write a bounce or an
 * In-Reply-To, nobody can invent a signed id.
 */

export type CampaignMail = { recipientId: string; campaignId: string; contactId: string | null; address: string };

/** The campaign mail the first signed, known id names, or null. */
export async function campaignMailFor(tx: TransactionClient, messageIds: readonly string[]): Promise<CampaignMail | null> {
  for (const candidate of messageIds) {
    if (!isOurSignedMessageId(candidate)) continue;
    // Ours are lower-case (message-id.server.ts); a mail client may have changed the case.
    const recipient = await tx.campaignRecipient.findUnique({
      where: { emailMessageId: candidate.toLowerCase() },
      select: { id: true, campaignId: true, contactId: true, address: true },
    });
    if (recipient) return { recipientId: recipient.id, campaignId: recipient.campaignId, contactId: recipient.contactId, address: recipient.address };
  }
  return null;
}

/**
 * A bounce of a campaign mail. Permanent (5.x.x, failed): the recipient turns `bounced` with the
 * server's words, and the address's consent becomes `bounced` (suppressed for every campaign) with
 * the campaign and the diagnostic in its history. Temporary (4.x.x, delayed): the recipient stays
 * `sent`, the diagnostic is noted (the receiving server may still deliver it). The first permanent
 * bounce records campaign.engagement "bounce".
 */
export async function applyCampaignBounce(tx: TransactionClient, events: EventRecorder, report: BounceReport, now: Date): Promise<CampaignMail | null> {
  const mail = await campaignMailFor(tx, report.originalMessageIds);
  if (!mail) return null;
  const recipient = report.recipients.find((entry) => entry.address === mail.address) ?? report.recipients[0];
  const permanent = recipient?.permanent ?? report.permanent;
  const diagnostic = [recipient?.status, recipient?.diagnostic].filter(Boolean).join(" ").slice(0, 500) || report.summary;
  if (!permanent) {
    await tx.campaignRecipient.updateMany({ where: { id: mail.recipientId, bouncedAt: null }, data: { bounceDiagnostic: `delayed: ${diagnostic}`.slice(0, 600) } });
    return mail;
  }
  const first = await tx.campaignRecipient.updateMany({
    where: { id: mail.recipientId, bouncedAt: null },
    data: { status: "bounced", bouncedAt: now, bounceDiagnostic: diagnostic },
  });
  if (first.count === 1) events.record("campaign.engagement", { campaignId: mail.campaignId, recipientId: mail.recipientId, kind: "bounce" });
  // Like the helpdesk's bounces: the contact page shows the address as not working.
  await tx.contactEmail.updateMany({ where: { address: mail.address, bouncedAt: null }, data: { bouncedAt: now } });
  await changeConsent(tx, events, {
    address: mail.address,
    contactId: mail.contactId,
    state: "bounced",
    source: "bounce",
    campaignId: mail.campaignId,
    note: diagnostic,
    actorId: null,
    at: now,
  });
  return mail;
}

/**
 * A complaint (the person marked the campaign as spam at their provider): complainedAt on the
 * recipient, the address's consent `complained` (suppressed), campaign.engagement "complaint" the
 * first time.
 */
export async function applyCampaignComplaint(tx: TransactionClient, events: EventRecorder, report: ComplaintReport, now: Date): Promise<CampaignMail | null> {
  const mail = await campaignMailFor(tx, report.originalMessageIds);
  if (!mail) return null;
  const first = await tx.campaignRecipient.updateMany({ where: { id: mail.recipientId, complainedAt: null }, data: { complainedAt: now } });
  if (first.count === 1) events.record("campaign.engagement", { campaignId: mail.campaignId, recipientId: mail.recipientId, kind: "complaint" });
  await changeConsent(tx, events, {
    address: mail.address,
    contactId: mail.contactId,
    state: "complained",
    source: "complaint",
    campaignId: mail.campaignId,
    note: `feedback-type: ${report.feedbackType}`,
    actorId: null,
    at: now,
  });
  return mail;
}

/** A ticket opened by a reply to a campaign mail: the CampaignReply row and campaign.engagement "reply". */
export async function recordCampaignReply(tx: TransactionClient, events: EventRecorder, mail: CampaignMail, ticketId: string, now: Date): Promise<void> {
  await tx.campaignReply.create({ data: { ticketId, campaignId: mail.campaignId, recipientId: mail.recipientId, at: now } });
  events.record("campaign.engagement", { campaignId: mail.campaignId, recipientId: mail.recipientId, kind: "reply" });
}

/** `unsubscribe <token>`, the subject of the List-Unsubscribe mailto (tracking-links.server.ts); the token or null. */
export function unsubscribeTokenInSubject(subject: string): string | null {
  const match = /^\s*unsubscribe\s+([A-Za-z0-9_-]{4,1500}\.[A-Za-z0-9_-]{20,100})\s*$/i.exec(subject);
  return match ? match[1] : null;
}
