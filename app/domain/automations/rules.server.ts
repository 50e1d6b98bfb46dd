/**
 * Automation rules as administrators keep them (Administration › Automatisations): written
 * inactive, checked against the workspace (a group, a person, a canned reply that exists),
 * ordered, switched on and off, each change audited and guarded by the version the admin loaded.
 */
import { DomainError } from "~/domain/errors";
import { recordAudit } from "~/domain/identity/audit.server";
import { can } from "~/domain/identity/permissions";
import type { Prisma } from "~/generated/prisma/client";
import { db, type TransactionClient } from "~/lib/db.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { conditionGroups, readStoredRule, type RuleDefinition } from "./rule-schemas";
import { conditionFieldDefinitions, MAX_RULES, NONE, type AutomationTrigger } from "./rule-vocabulary";

/** Someone saved the rule since this admin loaded it: nothing was written. */
export class RuleConflictError extends DomainError {
  constructor(readonly currentVersion: number) {
    super("automations.conflict");
    this.name = "RuleConflictError";
  }
}

/** Some of the rule's choices no longer exist (a deleted group, a deactivated person...): one error per input. */
export class RuleReferenceError extends DomainError {
  constructor(readonly fieldErrors: Record<string, MessageKey>) {
    super("common.formHasErrors");
    this.name = "RuleReferenceError";
  }
}

const ruleSelect = {
  id: true,
  name: true,
  description: true,
  active: true,
  position: true,
  trigger: true,
  conditions: true,
  actions: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  updatedBy: { select: { name: true } },
} satisfies Prisma.AutomationRuleSelect;

type RuleRow = Prisma.AutomationRuleGetPayload<{ select: typeof ruleSelect }>;

export type SavedRule = Omit<RuleRow, "conditions" | "actions" | "trigger" | "updatedBy"> & RuleDefinition & { updatedByName: string | null };

function toSaved(row: RuleRow): SavedRule {
  const stored = readStoredRule(row);
  const { updatedBy, ...rest } = row;
  return { ...rest, ...stored, updatedByName: updatedBy?.name ?? null };
}

export async function getRule(ruleId: string): Promise<SavedRule | null> {
  const row = await db().automationRule.findUnique({ where: { id: ruleId }, select: ruleSelect });
  return row ? toSaved(row) : null;
}

/** Every rule in evaluation order, with its last run and how many runs acted in the last 7 days. */
export async function listRules(now = new Date()) {
  const rows = await db().automationRule.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: ruleSelect });
  const since = new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
  const [lastRuns, weekCounts] = await Promise.all([
    Promise.all(
      rows.map((row) =>
        db().automationRun.findFirst({ where: { ruleId: row.id }, orderBy: [{ at: "desc" }, { id: "desc" }], select: { at: true, outcome: true, ticket: { select: { number: true } } } }),
      ),
    ),
    db().automationRun.groupBy({ by: ["ruleId"], where: { at: { gte: since }, outcome: "applied" }, _count: { _all: true } }),
  ]);
  const counts = new Map(weekCounts.map((entry) => [entry.ruleId, entry._count._all]));
  return rows.map((row, index) => ({
    rule: toSaved(row),
    lastRun: lastRuns[index] ? { at: lastRuns[index].at, outcome: lastRuns[index].outcome, ticketNumber: lastRuns[index].ticket?.number ?? null } : null,
    appliedThisWeek: counts.get(row.id) ?? 0,
  }));
}

/** The active rules of these triggers, in evaluation order (the consumer and the scheduler read them per event or minute). */
export async function activeRules(triggers: readonly AutomationTrigger[]) {
  const rows = await db().automationRule.findMany({
    where: { active: true, trigger: { in: [...triggers] } },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: ruleSelect,
  });
  return rows.map(toSaved);
}

export type ActiveRule = Awaited<ReturnType<typeof activeRules>>[number];

/**
 * Checks that what the rule names exists now: groups, people (active, able to work tickets for
 * an assignment), pipeline stages, canned replies, webhook endpoints (one switched off since
 * may stay: the runs then say it was not called). Collects every problem at once.
 */
async function checkReferences(tx: TransactionClient, rule: RuleDefinition): Promise<void> {
  const errors: Record<string, MessageKey> = {};
  const [groups, users, stages, replies, endpoints] = await Promise.all([
    tx.group.findMany({ select: { id: true } }),
    tx.user.findMany({ where: { active: true }, select: { id: true, role: true, restrictToGroups: true } }),
    tx.pipelineStage.findMany({ select: { id: true } }),
    tx.cannedReply.findMany({ select: { id: true } }),
    tx.webhookEndpoint.findMany({ select: { id: true } }),
  ]);
  const endpointIds = new Set(endpoints.map((endpoint) => endpoint.id));
  const groupIds = new Set(groups.map((group) => group.id));
  const userIds = new Set(users.map((user) => user.id));
  const assignable = new Set(users.filter((user) => can(user, "update:ticket")).map((user) => user.id));
  const stageIds = new Set(stages.map((stage) => stage.id));
  const replyIds = new Set(replies.map((reply) => reply.id));
  const known: Partial<Record<string, Set<string>>> = { group: groupIds, assignee: userIds, deal_owner: userIds, deal_stage: stageIds };

  for (const group of conditionGroups) {
    rule.conditions[group].forEach((condition, index) => {
      if (conditionFieldDefinitions[condition.field].kind !== "reference") return;
      const ids = known[condition.field];
      const allowsNone = condition.field === "group" || condition.field === "assignee";
      if (ids && condition.values.some((value) => !(ids.has(value) || (allowsNone && value === NONE)))) errors[`conditions.${group}.${index}.values`] = "automations.validation.gone";
    });
  }
  rule.actions.forEach((action, index) => {
    const at = `actions.${index}.value`;
    if (action.type === "set_group" && action.groupId !== null && !groupIds.has(action.groupId)) errors[at] = "automations.validation.gone";
    if (action.type === "set_assignee" && action.userId !== null && !assignable.has(action.userId)) errors[at] = "automations.validation.gone";
    if (action.type === "send_reply" && !replyIds.has(action.cannedReplyId)) errors[at] = "automations.validation.gone";
    if (action.type === "notify" && action.userId !== null && !userIds.has(action.userId)) errors[`actions.${index}.userId`] = "automations.validation.gone";
    if (action.type === "call_webhook" && !endpointIds.has(action.endpointId)) errors[at] = "automations.validation.webhookGone";
  });
  if (Object.keys(errors).length > 0) throw new RuleReferenceError(errors);
}

function storedFields(rule: RuleDefinition) {
  return {
    name: rule.name,
    description: rule.description,
    trigger: rule.trigger,
    conditions: JSON.stringify(rule.conditions),
    actions: JSON.stringify(rule.actions),
  };
}

/** A new rule, last in the order and inactive: the admin tries it (dry run) before switching it on. */
export async function createRule(rule: RuleDefinition, actorId: string, options: { active?: boolean } = {}): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    await checkReferences(tx, rule);
    if ((await tx.automationRule.count()) >= MAX_RULES) throw new DomainError("automations.validation.tooManyRules");
    const last = await tx.automationRule.findFirst({ orderBy: { position: "desc" }, select: { position: true } });
    const created = await tx.automationRule.create({
      data: { ...storedFields(rule), active: options.active ?? false, position: (last?.position ?? 0) + 1, createdById: actorId, updatedById: actorId },
      select: { id: true },
    });
    await recordAudit(tx, { actorId, action: "automation.created", entityType: "automation_rule", entityId: created.id, details: { name: rule.name, trigger: rule.trigger } });
    return created;
  });
}

/** Saves an edit unless someone saved the rule since `version`. */
export async function updateRule(ruleId: string, rule: RuleDefinition & { version: number }, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.automationRule.findUnique({ where: { id: ruleId }, select: { version: true } });
    if (!before) throw new DomainError("errors.notFound");
    if (before.version !== rule.version) throw new RuleConflictError(before.version);
    await checkReferences(tx, rule);
    const { count } = await tx.automationRule.updateMany({
      where: { id: ruleId, version: rule.version },
      data: { ...storedFields(rule), updatedById: actorId, version: { increment: 1 } },
    });
    if (count === 0) throw new RuleConflictError(before.version + 1);
    await recordAudit(tx, { actorId, action: "automation.updated", entityType: "automation_rule", entityId: ruleId, details: { name: rule.name, trigger: rule.trigger } });
  });
}

/** Switches a rule on or off (from the list or the edit page, with the version shown there). */
export async function setRuleActive(ruleId: string, input: { active: boolean; version: number }, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.automationRule.findUnique({ where: { id: ruleId }, select: { version: true, name: true } });
    if (!before) throw new DomainError("errors.notFound");
    const { count } = await tx.automationRule.updateMany({
      where: { id: ruleId, version: input.version },
      data: { active: input.active, updatedById: actorId, version: { increment: 1 } },
    });
    if (count === 0) throw new RuleConflictError(before.version);
    await recordAudit(tx, {
      actorId,
      action: input.active ? "automation.activated" : "automation.deactivated",
      entityType: "automation_rule",
      entityId: ruleId,
      details: { name: before.name },
    });
  });
}

/** Moves a rule one place up or down the evaluation order (it swaps with its neighbour). */
export async function moveRule(ruleId: string, direction: "up" | "down", actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const rules = await tx.automationRule.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true, name: true } });
    const index = rules.findIndex((rule) => rule.id === ruleId);
    if (index < 0) throw new DomainError("errors.notFound");
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= rules.length) return;
    [rules[index], rules[target]] = [rules[target], rules[index]];
    // Positions are rewritten 1..n: the order is whatever the list shows, ties and gaps included.
    for (const [position, rule] of rules.entries()) await tx.automationRule.update({ where: { id: rule.id }, data: { position: position + 1 } });
    await recordAudit(tx, { actorId, action: "automation.moved", entityType: "automation_rule", entityId: ruleId, details: { name: rules[target].name, direction, position: target + 1 } });
  });
}

export async function deleteRule(ruleId: string, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const rule = await tx.automationRule.findUnique({ where: { id: ruleId }, select: { name: true } });
    if (!rule) throw new DomainError("errors.notFound");
    await tx.automationRule.delete({ where: { id: ruleId } });
    await recordAudit(tx, { actorId, action: "automation.deleted", entityType: "automation_rule", entityId: ruleId, details: { name: rule.name } });
  });
}

export const RUN_LOG_PAGE_SIZE = 50;

/** A rule's runs, newest first: which ticket or deal, what it did, errors. */
export async function listRuleRuns(ruleId: string, page = 1) {
  const where = { ruleId };
  const [rows, total] = await Promise.all([
    db().automationRun.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (Math.max(1, page) - 1) * RUN_LOG_PAGE_SIZE,
      take: RUN_LOG_PAGE_SIZE,
      select: { id: true, at: true, outcome: true, actions: true, error: true, ticket: { select: { number: true, subject: true } }, deal: { select: { id: true, title: true } } },
    }),
    db().automationRun.count({ where }),
  ]);
  return { runs: rows, total, page: Math.max(1, page), pageCount: Math.max(1, Math.ceil(total / RUN_LOG_PAGE_SIZE)) };
}
