import type { TransactionClient } from "~/lib/db.server";

export type TicketEventKind =
  | "created"
  | "status"
  | "priority"
  | "type"
  | "group"
  | "assignee"
  | "tags"
  | "subject"
  | "merged_into"
  | "merged_from"
  | "intervention_planned"
  | "intervention_reported"
  | "intervention_rescheduled"
  | "intervention_cancelled"
  | "sla"
  /** Written by a customer-record merge (app/domain/customers/merge.server.ts), with the names of both records. */
  | "requester"
  | "company";

/** Appends to a ticket's history (who changed what), inside the caller's transaction. */
export async function recordTicketEvent(
  tx: TransactionClient,
  event: { ticketId: string; actorId: string | null; kind: TicketEventKind; data?: Record<string, unknown>; at?: Date },
): Promise<void> {
  await tx.ticketEvent.create({
    data: {
      ticketId: event.ticketId,
      actorId: event.actorId,
      kind: event.kind,
      data: JSON.stringify(event.data ?? {}),
      ...(event.at ? { createdAt: event.at } : {}),
    },
  });
}
