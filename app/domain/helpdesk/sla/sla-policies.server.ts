/**
 * SLA administration: the workspace-wide policy of each priority, companies' own targets, and
 * the business calendar. Every change is audited. Tickets keep their due dates until their next
 * status or priority change (a policy edit never rewrites running tickets' history).
 */
import { DomainError } from "~/domain/errors";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { ticketPriorities, type TicketPriority } from "../ticket-vocabulary";
import type { BusinessCalendar } from "./business-calendar";
import { defaultPolicyId, defaultSlaTargets, SLA_CALENDAR_SETTING, serializeCalendar } from "./sla-settings";
import { loadBusinessCalendar } from "./sla.server";

export type SlaTargetsInput = { firstResponseMinutes: number; resolutionMinutes: number };

const priorityRank = (priority: string) => ticketPriorities.indexOf(priority as TicketPriority);

/** The four workspace-wide policies (a missing one shows its default targets, switched off) and the companies' policies. */
export async function listSlaPolicies() {
  const policies = await db().slaPolicy.findMany({
    select: {
      id: true,
      priority: true,
      companyId: true,
      company: { select: { name: true } },
      firstResponseMinutes: true,
      resolutionMinutes: true,
      active: true,
      _count: { select: { tickets: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const defaults = [...ticketPriorities].reverse().map((priority) => {
    const policy = policies.find((candidate) => candidate.companyId === null && candidate.priority === priority);
    return policy
      ? { priority, id: policy.id, active: policy.active, firstResponseMinutes: policy.firstResponseMinutes, resolutionMinutes: policy.resolutionMinutes }
      : { priority, id: null, active: false, ...defaultSlaTargets[priority] };
  });
  const companies = policies
    .filter((policy) => policy.companyId !== null)
    .map((policy) => ({
      id: policy.id,
      priority: policy.priority as TicketPriority,
      companyId: policy.companyId as string,
      companyName: policy.company?.name ?? "",
      firstResponseMinutes: policy.firstResponseMinutes,
      resolutionMinutes: policy.resolutionMinutes,
      tickets: policy._count.tickets,
    }))
    .sort((left, right) => left.companyName.localeCompare(right.companyName, "fr") || priorityRank(right.priority) - priorityRank(left.priority));
  return { defaults, companies };
}

/** Saves the workspace-wide targets; a switched-off priority keeps its targets for later but gives new tickets none. */
export async function saveDefaultSlaPolicies(
  rows: Array<{ priority: TicketPriority; active: boolean; firstResponseMinutes?: number; resolutionMinutes?: number }>,
  actorId: string,
): Promise<void> {
  await db().$transaction(async (tx) => {
    for (const row of rows) {
      const existing = await tx.slaPolicy.findFirst({ where: { priority: row.priority, companyId: null }, select: { id: true, active: true, firstResponseMinutes: true, resolutionMinutes: true } });
      const targets = row.firstResponseMinutes && row.resolutionMinutes ? { firstResponseMinutes: row.firstResponseMinutes, resolutionMinutes: row.resolutionMinutes } : null;
      if (existing) {
        const next = { active: row.active, ...(targets ?? {}) };
        if (existing.active === next.active && (!targets || (existing.firstResponseMinutes === targets.firstResponseMinutes && existing.resolutionMinutes === targets.resolutionMinutes))) continue;
        await tx.slaPolicy.update({ where: { id: existing.id }, data: next });
        await recordAudit(tx, { actorId, action: "sla.policy.updated", entityType: "SlaPolicy", entityId: existing.id, details: { priority: row.priority, from: existing, to: next } });
      } else {
        const created = await tx.slaPolicy.create({
          data: { id: defaultPolicyId(row.priority), name: `Standard · ${row.priority}`, priority: row.priority, companyId: null, active: row.active, ...(targets ?? defaultSlaTargets[row.priority]) },
          select: { id: true },
        });
        await recordAudit(tx, { actorId, action: "sla.policy.created", entityType: "SlaPolicy", entityId: created.id, details: { priority: row.priority, active: row.active, ...targets } });
      }
    }
  });
}

/** Gives a company its own targets for one priority; they win over the workspace's for its tickets. */
export async function createCompanySlaPolicy(input: { companyId: string; priority: TicketPriority } & SlaTargetsInput, actorId: string): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    const company = await tx.company.findUnique({ where: { id: input.companyId }, select: { id: true, name: true } });
    if (!company) throw new DomainError("planning.sla.companyNotFound", "companyId");
    const existing = await tx.slaPolicy.findFirst({ where: { companyId: company.id, priority: input.priority }, select: { id: true } });
    if (existing) throw new DomainError("planning.sla.companyPolicyExists", "priority");
    const created = await tx.slaPolicy.create({
      data: {
        name: `${company.name} · ${input.priority}`.slice(0, 200),
        priority: input.priority,
        companyId: company.id,
        firstResponseMinutes: input.firstResponseMinutes,
        resolutionMinutes: input.resolutionMinutes,
      },
      select: { id: true },
    });
    await recordAudit(tx, { actorId, action: "sla.policy.created", entityType: "SlaPolicy", entityId: created.id, details: { ...input, companyName: company.name } });
    return created;
  });
}

export async function updateCompanySlaPolicy(policyId: string, targets: SlaTargetsInput, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const policy = await tx.slaPolicy.findUnique({ where: { id: policyId }, select: { id: true, companyId: true, firstResponseMinutes: true, resolutionMinutes: true } });
    if (!policy || policy.companyId === null) throw new DomainError("errors.notFound");
    await tx.slaPolicy.update({ where: { id: policy.id }, data: targets });
    await recordAudit(tx, { actorId, action: "sla.policy.updated", entityType: "SlaPolicy", entityId: policy.id, details: { from: policy, to: targets } });
  });
}

/** Removes a company's own targets: its tickets move to the workspace's policy at their next change. */
export async function deleteCompanySlaPolicy(policyId: string, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const policy = await tx.slaPolicy.findUnique({ where: { id: policyId }, select: { id: true, companyId: true, priority: true } });
    if (!policy || policy.companyId === null) throw new DomainError("errors.notFound");
    await tx.slaPolicy.delete({ where: { id: policy.id } });
    await recordAudit(tx, { actorId, action: "sla.policy.deleted", entityType: "SlaPolicy", entityId: policy.id, details: { companyId: policy.companyId, priority: policy.priority } });
  });
}

export async function getBusinessCalendar(): Promise<BusinessCalendar> {
  return loadBusinessCalendar(db());
}

/** Saves the weekly hours, holidays and closed days (Paris time). */
export async function saveBusinessCalendar(input: Omit<BusinessCalendar, "timeZone">, actorId: string): Promise<void> {
  const calendar: BusinessCalendar = { timeZone: WORKSPACE_TIME_ZONE, ...input };
  const value = serializeCalendar(calendar);
  await db().$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: SLA_CALENDAR_SETTING }, create: { key: SLA_CALENDAR_SETTING, value }, update: { value } });
    await recordAudit(tx, { actorId, action: "sla.calendar.updated", entityType: "Setting", entityId: SLA_CALENDAR_SETTING, details: JSON.parse(value) as Record<string, unknown> });
  });
}

/** Companies to choose from for a company policy, by name; narrowed by a search when there are many. */
export async function companyChoices(search: string, take = 500) {
  const query = search.trim();
  return db().company.findMany({
    where: query ? { name: { contains: query } } : {},
    select: { id: true, name: true, city: true },
    orderBy: { name: "asc" },
    take,
  });
}
