/**
 * The durable consumer "automations": for each event that can start a rule, the active rules of
 * that trigger run in the admins' order on the ticket or deal as it is now (rule-runs.server.ts).
 * A rule skips the events it caused itself; the run log, keyed on (rule, event id), makes an
 * event handled twice after a crash do nothing the second time.
 */
import type { DurableConsumer } from "~/domain/event-consumers.server";
import type { DomainEvents, StoredEvent } from "~/domain/events.server";
import { loadBusinessCalendar } from "~/domain/helpdesk/sla/sla.server";
import { db } from "~/lib/db.server";
import { runRuleOnDeal, runRuleOnTicket, type RunResult } from "./rule-runs.server";
import { activeRules } from "./rules.server";
import { subjectOf, type AutomationTrigger } from "./rule-vocabulary";
import { loadPlanLookups } from "./snapshots.server";

/** A customer's public message that is not the one opening the ticket (that one is "ticket created"). */
async function isCustomerReply(payload: DomainEvents["message.added"]): Promise<boolean> {
  if (payload.visibility !== "public" || payload.actorId !== null) return false;
  const message = await db().message.findUnique({ where: { id: payload.messageId }, select: { direction: true, ticketId: true, createdAt: true } });
  if (!message || message.direction !== "in" || message.ticketId !== payload.ticketId) return false;
  const earlier = await db().message.count({ where: { ticketId: payload.ticketId, id: { not: payload.messageId }, createdAt: { lte: message.createdAt } } });
  return earlier > 0;
}

/** The triggers an event starts, and the record the rules work on. */
export async function triggersOf(event: StoredEvent): Promise<{ triggers: AutomationTrigger[]; recordId: string } | null> {
  switch (event.name) {
    case "ticket.created":
      return { triggers: ["ticket_created"], recordId: (event.payload as DomainEvents["ticket.created"]).ticketId };
    case "ticket.updated":
      return { triggers: ["ticket_updated"], recordId: (event.payload as DomainEvents["ticket.updated"]).ticketId };
    case "message.added": {
      const payload = event.payload as DomainEvents["message.added"];
      return (await isCustomerReply(payload)) ? { triggers: ["customer_replied"], recordId: payload.ticketId } : null;
    }
    case "sla.warning":
      return { triggers: ["sla_warning"], recordId: (event.payload as DomainEvents["sla.warning"]).ticketId };
    case "sla.breached":
      return { triggers: ["sla_breached"], recordId: (event.payload as DomainEvents["sla.breached"]).ticketId };
    case "deal.stage_changed": {
      const payload = event.payload as DomainEvents["deal.stage_changed"];
      const triggers: AutomationTrigger[] = ["deal_stage_changed"];
      if (payload.toKind === "won") triggers.push("deal_won");
      if (payload.toKind === "lost") triggers.push("deal_lost");
      return { triggers, recordId: payload.dealId };
    }
    default:
      return null;
  }
}

/** Runs the rules an event starts; returns what each rule did (tests read it). */
export async function handleAutomationEvent(event: StoredEvent, options: { now?: Date } = {}): Promise<Array<{ ruleId: string; result: RunResult }>> {
  // Most events start no rule: a message is only looked at when a "customer replied" rule is on.
  if (event.name === "message.added" && (await activeRules(["customer_replied"])).length === 0) return [];
  const started = await triggersOf(event);
  if (!started) return [];
  // A rule never reacts to its own changes (the per-ticket guard stops two rules undoing each other).
  const rules = (await activeRules(started.triggers)).filter((rule) => !(event.actor.kind === "automation" && event.actor.id === rule.id));
  if (rules.length === 0) return [];
  const now = options.now ?? new Date();
  const [calendar, lookups] = await Promise.all([loadBusinessCalendar(), loadPlanLookups()]);
  const results: Array<{ ruleId: string; result: RunResult }> = [];
  for (const rule of rules) {
    const previousStageId = event.name === "deal.stage_changed" ? (event.payload as DomainEvents["deal.stage_changed"]).fromStageId : null;
    const input = { runKey: event.id, now, calendar, lookups, eventPosition: event.position, previousStageId };
    const result = subjectOf(rule.trigger) === "deal" ? await runRuleOnDeal(rule, started.recordId, input) : await runRuleOnTicket(rule, started.recordId, input);
    results.push({ ruleId: rule.id, result });
  }
  return results;
}

export const automationConsumer: DurableConsumer = {
  name: "automations",
  events: ["ticket.created", "ticket.updated", "message.added", "sla.warning", "sla.breached", "deal.stage_changed"],
  async handle(event) {
    await handleAutomationEvent(event);
  },
};
