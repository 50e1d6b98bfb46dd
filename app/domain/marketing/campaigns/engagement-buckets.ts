/**
 * Opens and clicks over time after a campaign's launch (pure): per hour for the first 48 hours,
 * when most of the engagement happens, then per day. Each recipient counts once per kind, at their
 * first open / first click, so the buckets add up to the unique figures.
 */

export const HOURLY_BUCKETS = 48;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type EngagementBucket = { startsAt: string; unit: "hour" | "day"; opens: number; clicks: number };

/** The bucket an instant falls in, as its index (hours 0–47, then 48 + whole days after the first 48 hours); null before the launch. */
export function bucketIndex(launchedAt: Date, at: Date): number | null {
  const elapsed = at.getTime() - launchedAt.getTime();
  if (elapsed < 0) return null;
  if (elapsed < HOURLY_BUCKETS * HOUR) return Math.floor(elapsed / HOUR);
  return HOURLY_BUCKETS + Math.floor((elapsed - HOURLY_BUCKETS * HOUR) / DAY);
}

export function bucketStart(launchedAt: Date, index: number): Date {
  return new Date(launchedAt.getTime() + (index < HOURLY_BUCKETS ? index * HOUR : HOURLY_BUCKETS * HOUR + (index - HOURLY_BUCKETS) * DAY));
}

/** Buckets from the launch to the last first-open / first-click (at least the 48 hourly ones once anything happened). */
export function engagementBuckets(launchedAt: Date, firstOpens: readonly Date[], firstClicks: readonly Date[]): EngagementBucket[] {
  const opens = new Map<number, number>();
  const clicks = new Map<number, number>();
  let last = -1;
  for (const [dates, counts] of [[firstOpens, opens], [firstClicks, clicks]] as const) {
    for (const at of dates) {
      const index = bucketIndex(launchedAt, at);
      if (index === null) continue;
      counts.set(index, (counts.get(index) ?? 0) + 1);
      last = Math.max(last, index);
    }
  }
  if (last < 0) return [];
  const buckets: EngagementBucket[] = [];
  for (let index = 0; index <= Math.max(last, HOURLY_BUCKETS - 1); index++) {
    buckets.push({ startsAt: bucketStart(launchedAt, index).toISOString(), unit: index < HOURLY_BUCKETS ? "hour" : "day", opens: opens.get(index) ?? 0, clicks: clicks.get(index) ?? 0 });
  }
  return buckets;
}

/** (won − cost) / cost, or null without a cost; cents in, a ratio out. */
export function returnOnInvestment(wonCents: number, costCents: number | null): number | null {
  if (costCents === null || costCents <= 0) return null;
  return (wonCents - costCents) / costCents;
}

/** part / whole, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
