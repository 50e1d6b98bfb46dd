import type { Prisma } from "~/generated/prisma/client";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import type { CustomerScope } from "./key-figures.server";
import { interventionsSource } from "./timeline/sources/interventions.server";
import { internalNotesSource } from "./timeline/sources/internal-notes.server";
import { publicMessagesSource } from "./timeline/sources/public-messages.server";
import { ticketsSource } from "./timeline/sources/tickets.server";
import { activitiesSource } from "./timeline/sources/activities.server";
import { dealStageChangesSource } from "./timeline/sources/deal-stage-changes.server";
import { dealsSource } from "./timeline/sources/deals.server";
import { ordersSource } from "./timeline/sources/orders.server";
import { quotesSource } from "./timeline/sources/quotes.server";
import { visitReportsSource } from "./timeline/sources/visit-reports.server";
import { campaignDeliveriesSource } from "./timeline/sources/campaign-deliveries.server";
import { compareEntries, decodeCursor, encodeCursor, type TimelineEntry, type TimelineKind, timelineKinds } from "./timeline/timeline-entry";
import type { TimelineSource } from "./timeline/timeline-source.server";

/**
 * The unified timeline of a contact or a company: a read model over tickets, messages, notes and
 * interventions, deals and their stage changes, activities, visit reports, quotes and orders, and
 * campaign deliveries, newest first, paginated with
 * a keyset cursor. Each kind comes from one source in the registry below; each source applies its
 * own access rule. See docs/decisions/005-unified-timeline.md.
 */

export { timelineKinds, type TimelineEntry, type TimelineKind } from "./timeline/timeline-entry";

/** The registry: one source per kind. Adding a kind = one module + one line here + its label. */
export const timelineSources: Record<TimelineKind, TimelineSource> = {
  ticket: ticketsSource,
  message: publicMessagesSource,
  note: internalNotesSource,
  intervention: interventionsSource,
  deal: dealsSource,
  deal_stage: dealStageChangesSource,
  activity: activitiesSource,
  visit: visitReportsSource,
  quote: quotesSource,
  order: ordersSource,
  campaign: campaignDeliveriesSource,
};

export const TIMELINE_DEFAULT_LIMIT = 25;
export const TIMELINE_MAX_LIMIT = 100;

export type CustomerTimelineOptions = CustomerScope & {
  /** Only these kinds (all when absent or empty). */
  kinds?: readonly TimelineKind[];
  /** From a previous page's nextCursor; an unreadable cursor starts from the newest entry. */
  cursor?: string | null;
  limit?: number;
};

export type CustomerTimelinePage = { entries: TimelineEntry[]; nextCursor: string | null };

/**
 * One page of a customer's timeline as `viewer` may see it: each source returns its next
 * `limit + 1` entries after the cursor, the merge keeps the first `limit`; there is a next page
 * when something was left over.
 */
export async function customerTimeline(viewer: TicketViewer, options: CustomerTimelineOptions): Promise<CustomerTimelinePage> {
  const scope: CustomerScope = "contactId" in options ? { contactId: options.contactId } : { companyId: options.companyId };
  const limit = Math.min(TIMELINE_MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? TIMELINE_DEFAULT_LIMIT)));
  const kinds = options.kinds && options.kinds.length > 0 ? timelineKinds.filter((kind) => options.kinds!.includes(kind)) : timelineKinds;
  const before = decodeCursor(options.cursor);

  let visible: Promise<Prisma.TicketWhereInput> | null = null;
  const visibleTickets = () => (visible ??= visibleTicketsWhere(viewer));

  const perSource = await Promise.all(
    kinds.map((kind) => timelineSources[kind].entries({ viewer, scope, before, take: limit + 1, visibleTickets })),
  );
  const merged = perSource.flat().sort(compareEntries);
  const entries = merged.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, nextCursor: merged.length > limit && last ? encodeCursor(last) : null };
}
