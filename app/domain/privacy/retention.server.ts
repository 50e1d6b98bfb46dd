import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import { retentionCandidates } from "~/lib/sqlite-retention.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { eraseContact, finishPendingErasures, purgeDeferredSearchIndex } from "./erasure.server";
import { RETENTION_BATCH, isNightTime, retentionCutoff, retentionRunDue } from "./retention";

/**
 * The retention period (docs/gdpr.md « Conservation »): the administrator sets how long the
 * solved tickets of inactive contacts are kept; every night the contacts past it are erased by
 * the same erasure as the contact page (eraseContact, reason « retention »). The page shows the
 * dry run first: exactly the contacts the next run would take.
 */

const MONTHS_KEY = "privacy.retention.months";
const LAST_RUN_KEY = "privacy.retention.lastRun";

export type RetentionSettings = { months: number | null; lastRun: { at: Date; count: number } | null };

export async function retentionSettings(): Promise<RetentionSettings> {
  const rows = await db().setting.findMany({ where: { key: { in: [MONTHS_KEY, LAST_RUN_KEY] } } });
  const months = rows.find((row) => row.key === MONTHS_KEY)?.value;
  const lastRun = rows.find((row) => row.key === LAST_RUN_KEY)?.value;
  const parsedRun = lastRun ? (JSON.parse(lastRun) as { at: string; count: number }) : null;
  return {
    months: months && /^\d+$/.test(months) ? Number(months) : null,
    lastRun: parsedRun ? { at: new Date(parsedRun.at), count: parsedRun.count } : null,
  };
}

/** Sets (or turns off, with null) the period; audited. */
export async function saveRetentionMonths(actorId: string, months: number | null): Promise<void> {
  await db().$transaction(async (tx) => {
    const previous = await tx.setting.findUnique({ where: { key: MONTHS_KEY } });
    const from = previous?.value ? Number(previous.value) : null;
    if (from === months) return;
    if (months === null) await tx.setting.deleteMany({ where: { key: MONTHS_KEY } });
    else await tx.setting.upsert({ where: { key: MONTHS_KEY }, create: { key: MONTHS_KEY, value: String(months) }, update: { value: String(months) } });
    await recordAudit(tx, { actorId, action: "privacy.retention_changed", entityType: "setting", entityId: MONTHS_KEY, details: { from, to: months } });
  });
}

/** What a run would anonymise now (the first `limit` listed, the totals of all). */
export async function retentionDryRun(now = new Date(), limit = 100) {
  const { months } = await retentionSettings();
  if (months === null) return null;
  const cutoff = retentionCutoff(now, months);
  return { months, cutoff, ...(await retentionCandidates(cutoff, limit)) };
}

/**
 * Anonymises the contacts past the period, at most RETENTION_BATCH per run, and records the run
 * (audit line with the count; each erasure has its own « contact.erased » line). Returns how many.
 */
export async function runRetention(options: { now?: Date; actorId?: string | null } = {}): Promise<number> {
  const now = options.now ?? new Date();
  await finishPendingErasures();
  const { months } = await retentionSettings();
  if (months === null) return 0;
  const cutoff = retentionCutoff(now, months);
  const { contacts } = await retentionCandidates(cutoff, RETENTION_BATCH);
  let erased = 0;
  for (const contact of contacts) {
    const result = await eraseContact({ contactId: contact.id, actorId: options.actorId ?? null, reason: "retention", now, finish: false });
    if (!result.alreadyErased) erased += 1;
  }
  // Files, search index and log once for the whole batch.
  await finishPendingErasures();
  await db().$transaction(async (tx) => {
    const value = JSON.stringify({ at: now.toISOString(), count: erased });
    await tx.setting.upsert({ where: { key: LAST_RUN_KEY }, create: { key: LAST_RUN_KEY, value }, update: { value } });
    await recordAudit(tx, { actorId: options.actorId ?? null, action: "privacy.retention_run", entityType: "setting", entityId: MONTHS_KEY, details: { months, cutoff: cutoff.toISOString(), anonymised: erased } });
  });
  return erased;
}

/**
 * The worker's hourly tick: runs the retention when a period is set and the last run is old
 * enough; always finishes an erasure a crash interrupted; at night, purges the search index when
 * an erasure on a large base left it to then.
 */
export async function runRetentionIfDue(now = new Date()): Promise<number> {
  const { months, lastRun } = await retentionSettings();
  const erased = retentionRunDue(months, lastRun?.at ?? null, now) ? await runRetention({ now }) : (await finishPendingErasures(), 0);
  if (isNightTime(now, WORKSPACE_TIME_ZONE)) await purgeDeferredSearchIndex();
  return erased;
}
