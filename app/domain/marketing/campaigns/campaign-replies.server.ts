import { can, type PermissionSubject } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";

/**
 * What a ticket page says when the ticket was opened by a reply to a campaign mail: the
 * campaign's name and a link to its results for those who read campaigns; for the others (a
 * technician handling the ticket) only that it answers a marketing mailing.
 */
export type CampaignReplyNotice = { campaignId: string; name: string } | { campaignId: null; name: null } | null;

export async function campaignReplyNotice(ticketId: string, viewer: PermissionSubject): Promise<CampaignReplyNotice> {
  const reply = await db().campaignReply.findUnique({ where: { ticketId }, select: { campaign: { select: { id: true, name: true } } } });
  if (!reply) return null;
  return can(viewer, "read:campaign") ? { campaignId: reply.campaign.id, name: reply.campaign.name } : { campaignId: null, name: null };
}
