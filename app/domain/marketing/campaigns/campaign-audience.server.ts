import { unresolvedStatuses } from "~/domain/helpdesk/ticket-vocabulary";
import { countMatchingContacts } from "~/lib/sqlite-segments.server";
import { countAudienceByReason, excludedContactsPage, type AudienceOptions, type ExcludedContactRow } from "~/lib/sqlite-campaign-audience.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { mailableConsentStates, suppressedConsentStates } from "../consent/consent-states";
import { parseSegmentDefinition } from "../segments/segment-definition";
import { segmentPredicate } from "../segments/segment-evaluation.server";
import type { SqlFragment } from "../segments/segment-condition";
import { exclusionReasons, type ExclusionReason } from "./campaign-status";

/**
 * Who a campaign will reach and who it leaves out, and why: one definition used by the preview
 * shown before sending AND by the launch, so the two always agree. Evaluated in SQL (segments
 * compiled to one predicate each, then their union), never by loading the contacts.
 */

export type ExclusionCounts = Record<ExclusionReason, number>;
export type AudienceSummary = { recipients: number; excluded: number; counts: ExclusionCounts; matched: number };

/** Urgent or high incidents and complaints still open: marketing must not add to that customer's anger. */
export const incidentExclusion = { types: ["incident", "complaint"], priorities: ["urgent", "high"] } as const;

export function emptyExclusionCounts(): ExclusionCounts {
  return Object.fromEntries(exclusionReasons.map((reason) => [reason, 0])) as ExclusionCounts;
}

export function parseExclusionCounts(json: string): ExclusionCounts {
  const counts = emptyExclusionCounts();
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    for (const reason of exclusionReasons) if (typeof parsed?.[reason] === "number") counts[reason] = parsed[reason] as number;
  } catch {
    // an unreadable value shows as zeros
  }
  return counts;
}

export class CampaignAudienceError extends Error {}

type SegmentRow = { id: string; definition: string };

async function segmentPredicates(client: TransactionClient, campaignId: string, now: Date): Promise<SqlFragment[]> {
  const links = await client.campaignSegment.findMany({ where: { campaignId }, select: { segment: { select: { id: true, definition: true } } } });
  return links.map(({ segment }: { segment: SegmentRow }) => {
    const definition = parseSegmentDefinition(segment.definition);
    if (!definition) throw new CampaignAudienceError(`segment ${segment.id} has an unreadable definition`);
    return segmentPredicate(definition, now);
  });
}

function union(predicates: SqlFragment[]): SqlFragment {
  if (predicates.length === 0) return { sql: "1 = 0", values: [] };
  return { sql: predicates.map((predicate) => `(${predicate.sql})`).join(" OR "), values: predicates.flatMap((predicate) => predicate.values) };
}

export function audienceOptions(predicate: SqlFragment, excludeOpenIncidents: boolean): AudienceOptions {
  return {
    predicate,
    excludeOpenIncidents,
    suppressedStates: suppressedConsentStates,
    mailableStates: mailableConsentStates,
    openTicketStatuses: unresolvedStatuses,
    incidentTypes: incidentExclusion.types,
    incidentPriorities: incidentExclusion.priorities,
  };
}

async function audienceOf(client: TransactionClient, campaignId: string, now: Date) {
  const campaign = await client.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { excludeOpenIncidents: true } });
  const predicates = await segmentPredicates(client, campaignId, now);
  return { predicates, options: audienceOptions(union(predicates), campaign.excludeOpenIncidents) };
}

/** The union of the campaign's segments, or null when it has none or one cannot be read. */
export async function campaignSegmentsPredicate(campaignId: string, now = new Date()): Promise<SqlFragment | null> {
  try {
    const predicates = await segmentPredicates(db(), campaignId, now);
    return predicates.length > 0 ? union(predicates) : null;
  } catch (error) {
    if (error instanceof CampaignAudienceError) return null;
    throw error;
  }
}

/** The audience of a campaign as its segments and toggle stand now. */
export async function campaignAudience(campaignId: string, client: TransactionClient = db(), now = new Date()): Promise<{ options: AudienceOptions; summary: AudienceSummary }> {
  const { predicates, options } = await audienceOf(client, campaignId, now);
  const rows = await countAudienceByReason(options, client);
  const counts = emptyExclusionCounts();
  let recipients = 0;
  let matched = 0;
  for (const row of rows) {
    matched += row.contacts;
    if (row.reason === null) recipients += row.contacts;
    else if ((exclusionReasons as readonly string[]).includes(row.reason)) counts[row.reason as ExclusionReason] += row.contacts;
  }
  // A contact matched by several segments is one recipient: how many matches were folded.
  if (predicates.length > 1) {
    let perSegment = 0;
    for (const predicate of predicates) perSegment += await countMatchingContacts(predicate, client);
    counts.duplicate = perSegment - matched;
  }
  const excluded = exclusionReasons.reduce((sum, reason) => sum + (reason === "duplicate" ? 0 : counts[reason]), 0);
  return { options, summary: { recipients, excluded, counts, matched } };
}

export async function excludedContacts(campaignId: string, page: { offset: number; limit: number }, now = new Date()): Promise<ExcludedContactRow[]> {
  const { options } = await audienceOf(db(), campaignId, now);
  return excludedContactsPage(options, page);
}
