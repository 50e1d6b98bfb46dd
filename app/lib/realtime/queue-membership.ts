import { createdRange, effectiveStatuses, NONE, queueViews, type QueueFilters, type QueueView } from "~/domain/helpdesk/queue-views";
import type { LiveTicket } from "./protocol";

export type MembershipTicket = Pick<
  LiveTicket,
  "status" | "priority" | "type" | "channel" | "companyId" | "groupId" | "assigneeId" | "createdAt" | "lastCustomerMessageAt" | "lastAgentReplyAt"
>;
export type QueueViewer = { id: string; groupIds: readonly string[] };

function isQueueView(view: string): view is QueueView {
  return (queueViews as readonly string[]).includes(view);
}

/**
 * Whether a ticket, as a live event describes it, belongs to a queue view with its filters:
 * the same conditions as the queue queries (app/domain/helpdesk/ticket-queries.server.ts; both
 * are compared in tests/integration/realtime-queue-membership.test.ts). null when it cannot tell
 * (a view it does not know, a tag filter): the list then says "changed" rather than guessing.
 */
export function matchesQueueView(view: string, filters: QueueFilters, ticket: MembershipTicket, viewer: QueueViewer): boolean | null {
  if (!isQueueView(view)) return null;
  if (!(effectiveStatuses(view, filters) as string[]).includes(ticket.status)) return false;
  switch (view) {
    case "mine":
      if (ticket.assigneeId !== viewer.id) return false;
      break;
    case "unassigned":
      if (ticket.assigneeId !== null) return false;
      break;
    case "groups":
      if (ticket.groupId === null || !viewer.groupIds.includes(ticket.groupId)) return false;
      break;
    case "waiting":
      if (!ticket.lastCustomerMessageAt) return false;
      if (ticket.lastAgentReplyAt && new Date(ticket.lastAgentReplyAt) >= new Date(ticket.lastCustomerMessageAt)) return false;
      break;
    case "open":
    case "pending":
    case "solved":
      break;
  }
  if (filters.priority && ticket.priority !== filters.priority) return false;
  if (filters.type && ticket.type !== filters.type) return false;
  if (filters.channel && ticket.channel !== filters.channel) return false;
  if (filters.companyId && ticket.companyId !== filters.companyId) return false;
  if (filters.groupId && ticket.groupId !== (filters.groupId === NONE ? null : filters.groupId)) return false;
  if (filters.assigneeId && ticket.assigneeId !== (filters.assigneeId === NONE ? null : filters.assigneeId)) return false;
  const created = createdRange(filters);
  const createdAt = new Date(ticket.createdAt);
  if (created.gte && createdAt < created.gte) return false;
  if (created.lt && createdAt >= created.lt) return false;
  if (filters.tag) return null;
  return true;
}
