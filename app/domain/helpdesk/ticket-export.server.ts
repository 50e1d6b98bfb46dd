import { activeFilters } from "~/domain/exports/list-exports";
import type { ListExport } from "~/domain/exports/list-export.server";
import { keysetPages } from "~/lib/csv-export";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { Translate } from "~/lib/i18n/translate";
import type { QueueFilters, QueueView } from "./queue-views";
import type { TicketViewer } from "./ticket-access.server";
import { listQueue, MAX_PAGE_SIZE, type QueueRow } from "./ticket-queries.server";

/**
 * A Support view with its filters as CSV: the queue's own query (the viewer's record rule, the
 * view's statuses and order, the filters), walked by its cursor a page of 200 at a time. A
 * technician restricted to groups exports the tickets of their groups and their own, as on screen.
 */
export function ticketListExport(viewer: TicketViewer, view: QueueView, filters: QueueFilters, t: Translate, now = new Date()): ListExport<QueueRow> {
  const pages = keysetPages<QueueRow, string>(async (after) => {
    const page = await listQueue(viewer, { view, filters, cursor: after ? { after } : null, limit: MAX_PAGE_SIZE, now });
    return { rows: page.tickets, next: page.nextCursor };
  });
  const label = (prefix: string, value: string) => t(`${prefix}.${value}` as MessageKey);
  return {
    list: "tickets",
    filters: activeFilters({ view, ...filters }),
    pages,
    columns: [
      { header: t("export.col.ticketNumber"), value: (ticket) => ticket.number },
      { header: t("export.col.subject"), value: (ticket) => ticket.subject },
      { header: t("export.col.status"), value: (ticket) => label("ticket.status", ticket.status) },
      { header: t("export.col.priority"), value: (ticket) => label("ticket.priority", ticket.priority) },
      { header: t("export.col.type"), value: (ticket) => label("ticket.type", ticket.type) },
      { header: t("export.col.channel"), value: (ticket) => label("ticket.channel", ticket.channel) },
      { header: t("export.col.requester"), value: (ticket) => ticket.requesterName },
      { header: t("export.col.company"), value: (ticket) => ticket.companyName ?? "" },
      { header: t("export.col.group"), value: (ticket) => ticket.groupName ?? "" },
      { header: t("export.col.assignee"), value: (ticket) => ticket.assigneeName ?? "" },
      { header: t("export.col.waitingSince"), value: (ticket) => ticket.waitingSince },
      { header: t("export.col.slaDueAt"), value: (ticket) => ticket.sla.dueAt },
      { header: t("export.col.createdAt"), value: (ticket) => ticket.createdAt },
      { header: t("export.col.updatedAt"), value: (ticket) => ticket.updatedAt },
    ],
  };
}
