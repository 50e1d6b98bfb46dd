import { db } from "~/lib/db.server";
import { exclusionReasons, type ExclusionReason } from "./campaign-status";
import { engagementBuckets, rate, returnOnInvestment, type EngagementBucket } from "./engagement-buckets";

/**
 * A campaign's results (docs/marketing.md, "Results"): what happened to its mails and what
 * followed. Counted in the database from the delivery rows (CampaignRecipient), the per-link
 * clicks, the replies and the deals; only the first-open and first-click instants are read row by
 * row, for the chart over time. Rates are over delivered mails (sent − hard bounces). Money in
 * integer cents.
 *
 * What followed: deals created between the launch and launch + attributionDays by a recipient
 * (the deal's contact received the mail) or by a recipient's company; won ones with their amount.
 * This is attribution by contact, not proof the campaign caused the deal: the page says so.
 */

export type CampaignResults = {
  campaign: { id: string; name: string; status: string; launchedAt: string | null; finishedAt: string | null; costCents: number | null; attributionDays: number; attributionEndsAt: string | null };
  /** Rows written at launch, excluded ones included. */
  targeted: number;
  excluded: Array<{ reason: ExclusionReason | string; count: number }>;
  excludedTotal: number;
  /** Rows meant to receive a mail (not excluded). */
  recipients: number;
  sent: number;
  failed: number;
  delivered: number;
  bouncedHard: number;
  bouncedSoft: number;
  uniqueOpens: number;
  openRate: number | null;
  uniqueClicks: number;
  clickRate: number | null;
  /** Unique clicks over unique opens. */
  clickToOpenRate: number | null;
  links: Array<{ position: number; url: string; uniqueClicks: number; totalClicks: number }>;
  unsubscribes: number;
  complaints: number;
  replies: number;
  deals: { created: number; createdCents: number; won: number; wonCents: number };
  costPerRecipientCents: number | null;
  roi: number | null;
  overTime: EngagementBucket[];
};

type Counts = { targeted: bigint | number; excluded: bigint | number; sent: bigint | number; failed: bigint | number; hard: bigint | number; soft: bigint | number; opened: bigint | number; clicked: bigint | number; unsubscribed: bigint | number; complained: bigint | number };

function exclusionCountsOf(json: string): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== "object") return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => Number.isSafeInteger(entry[1]) && (entry[1] as number) >= 0));
  } catch {
    return {};
  }
}

export async function campaignResults(campaignId: string): Promise<CampaignResults | null> {
  const campaign = await db().campaign.findUnique({
    where: { id: campaignId },
    select: { id: true, name: true, status: true, launchedAt: true, finishedAt: true, costCents: true, attributionDays: true, exclusionCounts: true },
  });
  if (!campaign) return null;

  // One pass over the campaign's rows (index campaignId, status): portable SQL, no dates compared.
  const [counts] = await db().$queryRaw<Counts[]>`
    SELECT COUNT(*) AS targeted,
      SUM(CASE WHEN status = 'excluded' THEN 1 ELSE 0 END) AS excluded,
      SUM(CASE WHEN sentAt IS NOT NULL THEN 1 ELSE 0 END) AS sent,
      SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
      SUM(CASE WHEN bouncedAt IS NOT NULL THEN 1 ELSE 0 END) AS hard,
      SUM(CASE WHEN bouncedAt IS NULL AND bounceDiagnostic LIKE 'delayed:%' THEN 1 ELSE 0 END) AS soft,
      SUM(CASE WHEN firstOpenedAt IS NOT NULL THEN 1 ELSE 0 END) AS opened,
      SUM(CASE WHEN firstClickedAt IS NOT NULL THEN 1 ELSE 0 END) AS clicked,
      SUM(CASE WHEN unsubscribedAt IS NOT NULL THEN 1 ELSE 0 END) AS unsubscribed,
      SUM(CASE WHEN complainedAt IS NOT NULL THEN 1 ELSE 0 END) AS complained
    FROM CampaignRecipient WHERE campaignId = ${campaignId}`;
  const n = (value: bigint | number | null | undefined) => Number(value ?? 0);

  const excludedRows = await db().campaignRecipient.groupBy({ by: ["exclusionReason"], where: { campaignId, status: "excluded" }, _count: { _all: true } });
  const fromRows: Record<string, number> = Object.fromEntries(excludedRows.map((row) => [row.exclusionReason ?? "no_consent", row._count._all]));
  // The rows are the truth; the counts kept at launch cover a sender that did not keep every excluded row.
  const kept = exclusionCountsOf(campaign.exclusionCounts);
  const reasons = [...new Set([...exclusionReasons, ...Object.keys(fromRows), ...Object.keys(kept)])];
  const excluded = reasons.map((reason) => ({ reason, count: Math.max(fromRows[reason] ?? 0, kept[reason] ?? 0) })).filter((entry) => entry.count > 0);
  const excludedTotal = excluded.reduce((sum, entry) => sum + entry.count, 0);

  const links = await db().campaignLink.findMany({ where: { campaignId }, orderBy: { position: "asc" }, select: { id: true, position: true, url: true } });
  const perLink = await db().campaignLinkClick.groupBy({ by: ["linkId"], where: { link: { campaignId } }, _count: { _all: true }, _sum: { clicks: true } });
  const clicksOf = new Map(perLink.map((row) => [row.linkId, { unique: row._count._all, total: row._sum.clicks ?? 0 }]));
  const replies = await db().campaignReply.count({ where: { campaignId } });

  const engaged = await db().campaignRecipient.findMany({
    where: { campaignId, OR: [{ firstOpenedAt: { not: null } }, { firstClickedAt: { not: null } }] },
    select: { firstOpenedAt: true, firstClickedAt: true },
  });

  const deals = { created: 0, createdCents: 0, won: 0, wonCents: 0 };
  let attributionEndsAt: Date | null = null;
  if (campaign.launchedAt) {
    attributionEndsAt = new Date(campaign.launchedAt.getTime() + campaign.attributionDays * 86_400_000);
    const received = { some: { campaignId, sentAt: { not: null } } };
    const followed = await db().deal.findMany({
      where: {
        createdAt: { gte: campaign.launchedAt, lt: attributionEndsAt },
        OR: [{ contact: { campaignDeliveries: received } }, { company: { contacts: { some: { campaignDeliveries: received } } } }],
      },
      select: { amountCents: true, stage: { select: { kind: true } } },
    });
    for (const deal of followed) {
      deals.created += 1;
      deals.createdCents += deal.amountCents;
      if (deal.stage.kind === "won") {
        deals.won += 1;
        deals.wonCents += deal.amountCents;
      }
    }
  }

  const sent = n(counts?.sent);
  const bouncedHard = n(counts?.hard);
  const delivered = Math.max(0, sent - bouncedHard);
  const uniqueOpens = n(counts?.opened);
  const uniqueClicks = n(counts?.clicked);
  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      launchedAt: campaign.launchedAt?.toISOString() ?? null,
      finishedAt: campaign.finishedAt?.toISOString() ?? null,
      costCents: campaign.costCents,
      attributionDays: campaign.attributionDays,
      attributionEndsAt: attributionEndsAt?.toISOString() ?? null,
    },
    targeted: n(counts?.targeted) - n(counts?.excluded) + excludedTotal,
    excluded,
    excludedTotal,
    recipients: n(counts?.targeted) - n(counts?.excluded),
    sent,
    failed: n(counts?.failed),
    delivered,
    bouncedHard,
    bouncedSoft: n(counts?.soft),
    uniqueOpens,
    openRate: rate(uniqueOpens, delivered),
    uniqueClicks,
    clickRate: rate(uniqueClicks, delivered),
    clickToOpenRate: rate(uniqueClicks, uniqueOpens),
    links: links.map((link) => ({ position: link.position, url: link.url, uniqueClicks: clicksOf.get(link.id)?.unique ?? 0, totalClicks: clicksOf.get(link.id)?.total ?? 0 })),
    unsubscribes: n(counts?.unsubscribed),
    complaints: n(counts?.complained),
    replies,
    deals,
    costPerRecipientCents: campaign.costCents !== null && sent > 0 ? Math.round(campaign.costCents / sent) : null,
    roi: returnOnInvestment(deals.wonCents, campaign.costCents),
    overTime: campaign.launchedAt
      ? engagementBuckets(
          campaign.launchedAt,
          engaged.flatMap((row) => (row.firstOpenedAt ? [row.firstOpenedAt] : [])),
          engaged.flatMap((row) => (row.firstClickedAt ? [row.firstClickedAt] : [])),
        )
      : [],
  };
}
