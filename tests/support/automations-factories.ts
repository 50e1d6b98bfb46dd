import type { Condition, RuleDefinition } from "~/domain/automations/rule-schemas";
import { createRule } from "~/domain/automations/rules.server";
import { db } from "~/lib/db.server";

/** Automation rules written through the domain (checked, audited), active unless told otherwise. */

let sequence = 0;

export async function aRule(rule: Partial<RuleDefinition> & Pick<RuleDefinition, "trigger" | "actions">, options: { actorId: string; active?: boolean }) {
  sequence += 1;
  const definition: RuleDefinition = {
    name: rule.name ?? `Règle ${sequence}`,
    description: rule.description ?? "",
    trigger: rule.trigger,
    conditions: rule.conditions ?? { all: [], any: [] },
    actions: rule.actions,
  };
  const { id } = await createRule(definition, options.actorId, { active: options.active ?? true });
  return { id, ...definition };
}

/** A condition with the inputs it does not use left empty. */
export function when(partial: Partial<Condition> & Pick<Condition, "field" | "operator">): Condition {
  return { values: [], text: "", amount: null, unit: null, ...partial };
}

/** Puts a ticket's status in the history at a given moment (time rules count from it). */
export async function statusChangedAt(ticketId: string, to: string, at: Date) {
  await db().ticket.update({ where: { id: ticketId }, data: { status: to } });
  await db().ticketEvent.create({ data: { ticketId, kind: "status", data: JSON.stringify({ from: "open", to }), createdAt: at } });
}

/** A canned reply as the admin writes it. */
export async function aCannedReply(title: string, body: string) {
  return db().cannedReply.create({ data: { title, body }, select: { id: true, title: true } });
}

export async function runsOf(ruleId: string) {
  const runs = await db().automationRun.findMany({ where: { ruleId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return runs.map((run) => ({ ...run, steps: JSON.parse(run.actions) as unknown[] }));
}
