import { currentActor } from "~/domain/event-store.server";
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
  | "company"
  /** An automation rule mailed the customer a canned reply, told people about the ticket, or called a webhook with it (app/domain/automations/). */
  | "automatic_reply"
  | "automation_notified"
  | "automation_webhook";

/**
 * Appends to a ticket's history (who changed what), inside the caller's transaction. A change
 * made by an automation rule (runAsActor({ kind: "automation", id })) names the rule in its data
 * (`automation: { ruleId, ruleName }`, the name as it was then), so the history says which rule.
 */
export async function recordTicketEvent(
  tx: TransactionClient,
  event: { ticketId: string; actorId: string | null; kind: TicketEventKind; data?: Record<string, unknown>; at?: Date },
): Promise<void> {
  const actor = currentActor();
  const rule = actor?.kind === "automation" && actor.id ? await tx.automationRule.findUnique({ where: { id: actor.id }, select: { id: true, name: true } }) : null;
  await tx.ticketEvent.create({
    data: {
      ticketId: event.ticketId,
      actorId: event.actorId,
      kind: event.kind,
      data: JSON.stringify({ ...event.data, ...(rule ? { automation: { ruleId: rule.id, ruleName: rule.name } } : {}) }),
      ...(event.at ? { createdAt: event.at } : {}),
    },
  });
}
