import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { countTickets, removedTallies, resetTallies, ticketsWithStaleTallies, uncountRemoved } from "~/lib/sqlite-service-tally.server";
import { bringServiceTimesUpToDate } from "./service-times.server";
import { tallyChanges } from "./service-tallies";

/**
 * Keeps the service tallies (service-tallies.ts, ADR 014) equal to the tickets. Whatever writes a
 * ticket needs no hook: a ticket whose counted fields changed (created, answered, solved,
 * reopened, merged, moved to another group or agent, its service times computed) shows up in a
 * partial index, and a deleted one leaves its signature behind (a trigger). Before a report reads
 * the tallies, those are taken off under their old fields and counted under their new ones (one
 * index probe when nothing changed). Tallies are per local day of the workspace's time zone.
 */

const BATCH = 2000;

/** Brings the service times, then the tallies, up to date; returns how many tickets were counted again. */
export async function bringServiceTalliesUpToDate(): Promise<number> {
  await bringServiceTimesUpToDate();
  let done = 0;
  for (let round = 0; round < 10_000; round++) {
    const removed = await removedTallies(BATCH);
    if (removed.length === 0) break;
    await uncountRemoved(removed, (taken) => tallyChanges(taken.map((row) => ({ from: row.signature, to: null })), WORKSPACE_TIME_ZONE));
    if (removed.length < BATCH) break;
  }
  // Bounded: a ticket that changes again while it is counted stays stale for the next report.
  for (let round = 0; round < 10_000; round++) {
    const stale = await ticketsWithStaleTallies(BATCH);
    if (stale.length === 0) break;
    done += await countTickets(stale, (marked) => tallyChanges(marked.map((change) => ({ from: change.counted, to: change.current })), WORKSPACE_TIME_ZONE));
    if (stale.length < BATCH) break;
  }
  return done;
}

/** Counts every ticket again from empty tallies (`npm run comptoir -- reporting rebuild`, after the service times). */
export async function rebuildServiceTallies(onProgress?: (done: number) => void): Promise<number> {
  await resetTallies();
  let done = 0;
  for (;;) {
    const stale = await ticketsWithStaleTallies(BATCH);
    if (stale.length === 0) break;
    const counted = await countTickets(stale, (marked) => tallyChanges(marked.map((change) => ({ from: change.counted, to: change.current })), WORKSPACE_TIME_ZONE));
    done += counted;
    onProgress?.(done);
    if (counted === 0) break;
  }
  return done;
}

/** The time zone the tallies count days in: a report in another zone reads the tickets themselves. */
export const TALLY_TIME_ZONE = WORKSPACE_TIME_ZONE;
