import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { generateMessageId } from "~/lib/mail/message-id.server";
import { describeSmtpError, smtpTransport, type MailTransport } from "~/lib/mail/transport.server";
import { withPreheader } from "./campaign-content";
import type { CampaignActor } from "./campaign-commands.server";
import { assertSendable } from "./campaign-commands.server";
import { mergeRecipient, type MergeValues } from "./merge-fields";

/**
 * A test send: the campaign as it stands, merged with a sample recipient's values, to at most
 * five chosen addresses, subject prefixed « [TEST] », sent at once through the SMTP setup. Links
 * are not tracked and the unsubscribe link points nowhere real (no recipient row exists).
 */
export async function sendCampaignTest(actor: CampaignActor, campaignId: string, addresses: string[], sample: MergeValues, transport: MailTransport | null = smtpTransport()): Promise<void> {
  if (!can(actor, "update:campaign")) throw new DomainError("errors.forbiddenText");
  const campaign = await db().campaign.findUnique({ where: { id: campaignId }, select: { subject: true, mjml: true, text: true, textEdited: true, preheader: true, fromName: true, fromAddress: true, replyTo: true } });
  if (!campaign) throw new DomainError("errors.notFound");
  const rendering = assertSendable(campaign);
  if (!transport) throw new DomainError("campaign.error.noSmtp");
  const unsubscribeUrl = `${env().PUBLIC_URL}/desinscription/test`;
  const html = withPreheader(mergeRecipient(rendering.html, sample, "html", { unsubscribeUrl }), mergeRecipient(campaign.preheader, sample, "html"));
  const text = mergeRecipient(campaign.textEdited ? campaign.text : rendering.text, sample, "text", { unsubscribeUrl });
  const subject = `[TEST] ${mergeRecipient(campaign.subject, sample, "header")}`;
  for (const address of addresses) {
    try {
      await transport.sendMail({
        from: { name: campaign.fromName, address: campaign.fromAddress },
        replyTo: campaign.replyTo || undefined,
        to: address,
        subject,
        html,
        text,
        messageId: generateMessageId(),
        envelope: { from: campaign.fromAddress, to: [address] },
        headers: { "X-Comptoir-Campaign-Test": campaignId },
      });
    } catch (error) {
      throw Object.assign(new DomainError("campaign.error.testFailed"), { detail: describeSmtpError(error).message });
    }
  }
  await transactionWithEvents(async (tx) => {
    await recordAudit(tx, { actorId: actor.id, action: "campaign.test_sent", entityType: "campaign", entityId: campaignId, details: { addresses } });
  });
}
