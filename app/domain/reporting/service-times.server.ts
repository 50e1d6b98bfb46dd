import { loadBusinessCalendar } from "~/domain/helpdesk/sla/sla.server";
import { ticketsWithStaleServiceTimes, writeServiceTimes, type StaleServiceTimes } from "~/lib/sqlite-service-report.server";
import type { BusinessCalendar } from "../helpdesk/sla/business-calendar";
import { serviceTimes } from "./service-times";

/**
 * Keeps each ticket's stored service times (business minutes to the first response and to the
 * solution, service-times.ts) in line with its dates. Whatever changes a ticket's
 * firstRespondedAt or solvedAt (a reply, a solution, a reopening, a merge, an import), the ticket
 * shows up in a partial index of stale rows; before a report reads the times, the stale rows are
 * computed (usually none or a few: one index probe). The rebuild recomputes every ticket, after
 * the business hours changed or on a database loaded from elsewhere.
 * See docs/decisions/014-service-times-stored-per-ticket.md.
 */

const BATCH = 2000;

function computed(rows: readonly StaleServiceTimes[], calendar: BusinessCalendar) {
  return rows.map((row) => ({ id: row.id, firstRespondedAt: row.firstRespondedAt, solvedAt: row.solvedAt, ...serviceTimes(row, calendar) }));
}

/** Computes the stale service times; returns how many tickets were brought up to date. */
export async function bringServiceTimesUpToDate(): Promise<number> {
  let calendar: BusinessCalendar | null = null;
  let done = 0;
  // A bounded number of rounds: a row that changes again while it is computed stays for next time.
  for (let round = 0; round < 1000; round++) {
    const stale = await ticketsWithStaleServiceTimes({ limit: BATCH });
    if (stale.length === 0) break;
    calendar ??= await loadBusinessCalendar();
    await writeServiceTimes(computed(stale, calendar));
    done += stale.length;
    if (stale.length < BATCH) break;
  }
  return done;
}

/** Recomputes every ticket's service times (`npm run comptoir -- reporting rebuild`). */
export async function rebuildServiceTimes(onProgress?: (done: number) => void): Promise<number> {
  const calendar = await loadBusinessCalendar();
  let afterId = "";
  let done = 0;
  for (;;) {
    const tickets = await ticketsWithStaleServiceTimes({ limit: BATCH, all: { afterId } });
    if (tickets.length === 0) break;
    await writeServiceTimes(computed(tickets, calendar));
    done += tickets.length;
    afterId = tickets[tickets.length - 1].id;
    onProgress?.(done);
  }
  // Rows that moved during the walk.
  return done + (await bringServiceTimesUpToDate());
}
