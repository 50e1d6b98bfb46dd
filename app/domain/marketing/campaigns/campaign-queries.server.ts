import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { matchingContactIds } from "~/lib/sqlite-segments.server";
import { campaignSegmentsPredicate, parseExclusionCounts } from "./campaign-audience.server";
import { campaignProgress } from "./campaign-delivery.server";
import { contactMergeValues, type MergeValues } from "./merge-fields";

/** What the campaign pages read: the list, the editor's fields, the campaign page, the calendar. */

export async function listCampaigns(limit = 200) {
  const campaigns = await db().campaign.findMany({
    orderBy: [{ updatedAt: "desc" }],
    take: limit,
    select: { id: true, name: true, status: true, scheduledAt: true, launchedAt: true, finishedAt: true, recipientCount: true, segments: { select: { segment: { select: { id: true, name: true } } } } },
  });
  return campaigns.map((campaign) => ({ ...campaign, segments: campaign.segments.map((link) => link.segment) }));
}

export async function segmentChoices() {
  return db().segment.findMany({ where: { archivedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** The sender a new campaign starts with: MAIL_FROM (the workspace's sending address). */
export function defaultSender() {
  const { from } = env().mail;
  return { fromName: from.name, fromAddress: from.address };
}

const editSelect = {
  id: true,
  name: true,
  status: true,
  version: true,
  fromName: true,
  fromAddress: true,
  replyTo: true,
  subject: true,
  preheader: true,
  language: true,
  mjml: true,
  text: true,
  textEdited: true,
  excludeOpenIncidents: true,
  ratePerMinute: true,
  costCents: true,
  attributionDays: true,
  scheduledAt: true,
  segments: { select: { segmentId: true } },
} as const;

export async function getCampaignForEdit(campaignId: string) {
  const campaign = await db().campaign.findUnique({ where: { id: campaignId }, select: editSelect });
  if (!campaign) return null;
  const { segments, ...fields } = campaign;
  return { ...fields, segmentIds: segments.map((link) => link.segmentId) };
}

export async function getCampaignPage(campaignId: string) {
  const campaign = await db().campaign.findUnique({
    where: { id: campaignId },
    select: {
      id: true,
      name: true,
      status: true,
      subject: true,
      fromName: true,
      fromAddress: true,
      excludeOpenIncidents: true,
      ratePerMinute: true,
      costCents: true,
      scheduledAt: true,
      launchedAt: true,
      finishedAt: true,
      cancelledAt: true,
      recipientCount: true,
      exclusionCounts: true,
      version: true,
      segments: { select: { segment: { select: { id: true, name: true } } } },
      launchedBy: { select: { name: true } },
    },
  });
  if (!campaign) return null;
  const launched = campaign.launchedAt !== null;
  return {
    ...campaign,
    segments: campaign.segments.map((link) => link.segment),
    exclusionCounts: parseExclusionCounts(campaign.exclusionCounts),
    progress: launched ? await campaignProgress(campaign.id) : null,
  };
}

/** Merge values of a real contact of the campaign's segments for the preview, or none (fallbacks show). */
export async function sampleMergeValues(contactId: string | null): Promise<MergeValues> {
  if (!contactId) return {};
  const contact = await db().contact.findUnique({
    where: { id: contactId },
    select: { firstName: true, lastName: true, company: { select: { name: true } }, emails: { orderBy: [{ isPrimary: "desc" }, { address: "asc" }], take: 1, select: { address: true } } },
  });
  if (!contact) return {};
  return contactMergeValues({ firstName: contact.firstName, lastName: contact.lastName, email: contact.emails[0]?.address ?? "", companyName: contact.company?.name ?? null });
}

/** Campaigns that went out or will, placed on their launch date (else their schedule), between two instants. */
export async function calendarCampaigns(from: Date, to: Date) {
  const campaigns = await db().campaign.findMany({
    where: {
      OR: [
        { launchedAt: { gte: from, lt: to } },
        { launchedAt: null, status: "scheduled", scheduledAt: { gte: from, lt: to } },
      ],
    },
    orderBy: [{ launchedAt: "asc" }, { scheduledAt: "asc" }],
    select: { id: true, name: true, status: true, launchedAt: true, scheduledAt: true, recipientCount: true },
    take: 500,
  });
  return campaigns.map((campaign) => ({ id: campaign.id, name: campaign.name, status: campaign.status, at: (campaign.launchedAt ?? campaign.scheduledAt)!, recipientCount: campaign.recipientCount }));
}

/** The first contact of the campaign's segments (its preview's sample recipient), or null. */
export async function campaignSampleContact(campaignId: string): Promise<string | null> {
  const predicate = await campaignSegmentsPredicate(campaignId);
  if (!predicate) return null;
  const [first] = await matchingContactIds(predicate, { afterId: null, limit: 1 });
  return first ?? null;
}

/** A page of a launched campaign's excluded recipients, as the launch wrote them. */
export async function excludedRecipientsPage(campaignId: string, page: { offset: number; limit: number }) {
  const rows = await db().campaignRecipient.findMany({
    where: { campaignId, status: "excluded" },
    orderBy: { address: "asc" },
    skip: page.offset,
    take: page.limit,
    select: { contactId: true, address: true, exclusionReason: true, contact: { select: { firstName: true, lastName: true, company: { select: { name: true } } } } },
  });
  return rows.map((row) => ({
    contactId: row.contactId,
    firstName: row.contact?.firstName ?? "",
    lastName: row.contact?.lastName ?? "",
    address: row.address.startsWith("no-address:") ? null : row.address,
    companyName: row.contact?.company?.name ?? null,
    reason: row.exclusionReason ?? "",
  }));
}
