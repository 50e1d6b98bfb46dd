/**
 * What rules look at, read from the database: tickets and deals as they are now (one at a time
 * for an event, by pages for the scheduler and the dry run), the workspace's lists the planner
 * needs, and what is known of a requester for an automatic reply.
 */
import { isUnanswerableAddress } from "~/domain/channels/email/automated-mail";
import { requesterAddress } from "~/domain/channels/email/outbox.server";
import { isoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { canReadTicket } from "~/domain/helpdesk/ticket-access.server";
import { accessFor, can } from "~/domain/identity/permissions";
import { contractInForceWhere } from "~/domain/sales/contract-status";
import { canActOnOwned } from "~/domain/sales/sales-access";
import { webhookEndpointName } from "~/domain/webhooks/webhook-events";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { db, type TransactionClient } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import type { PlanLookups, RequesterFacts } from "./actions";
import type { CompanySnapshot, DealSnapshot, TicketSnapshot } from "./conditions";
import type { ConditionGroups } from "./rule-schemas";

type Client = TransactionClient | PrismaClient;

/** What a batch of snapshots must load beyond the ticket row (only what the rule tests). */
export type SnapshotNeeds = { customerText: boolean; statusChange: boolean; contract: boolean };

export const everything: SnapshotNeeds = { customerText: true, statusChange: true, contract: true };

export function needsOf(conditions: ConditionGroups): SnapshotNeeds {
  const fields = new Set([...conditions.all, ...conditions.any].map((condition) => condition.field));
  return { customerText: fields.has("customer_text"), statusChange: fields.has("since_status_change"), contract: fields.has("company_contract") };
}

const companySelect = { id: true, name: true, sector: true, size: true, lifecycleStage: true } satisfies Prisma.CompanySelect;

export const ticketSnapshotSelect = {
  id: true,
  number: true,
  subject: true,
  status: true,
  priority: true,
  type: true,
  channel: true,
  groupId: true,
  assigneeId: true,
  requesterId: true,
  createdAt: true,
  lastCustomerMessageAt: true,
  mergedIntoId: true,
  version: true,
  tags: { select: { tag: { select: { name: true } } } },
  company: { select: companySelect },
} satisfies Prisma.TicketSelect;

type TicketRow = Prisma.TicketGetPayload<{ select: typeof ticketSnapshotSelect }>;

async function companiesUnderContract(client: Client, companyIds: string[], now: Date): Promise<Set<string>> {
  if (companyIds.length === 0) return new Set();
  const contracts = await client.contract.findMany({ where: { companyId: { in: companyIds }, ...contractInForceWhere(now) }, select: { companyId: true } });
  return new Set(contracts.map((contract) => contract.companyId));
}

function companySnapshot(company: TicketRow["company"], underContract: Set<string>): CompanySnapshot | null {
  return company ? { ...company, underContract: underContract.has(company.id) } : null;
}

/** Snapshots of these ticket rows (in their order), with what `needs` asks beyond the row. */
export async function ticketSnapshots(client: Client, rows: TicketRow[], now: Date, needs: SnapshotNeeds = everything): Promise<TicketSnapshot[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const companyIds = [...new Set(rows.flatMap((row) => (row.company ? [row.company.id] : [])))];
  const [underContract, statusChanges, customerTexts] = await Promise.all([
    needs.contract ? companiesUnderContract(client, companyIds, now) : Promise.resolve(new Set<string>()),
    needs.statusChange
      ? client.ticketEvent.groupBy({ by: ["ticketId"], where: { ticketId: { in: ids }, kind: "status" }, _max: { createdAt: true } })
      : Promise.resolve([]),
    needs.customerText ? latestCustomerTexts(client, ids) : Promise.resolve(new Map<string, string>()),
  ]);
  const statusChangedAt = new Map(statusChanges.map((entry) => [entry.ticketId, entry._max.createdAt]));
  return rows.map((row) => ({
    kind: "ticket",
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    type: row.type,
    channel: row.channel,
    groupId: row.groupId,
    assigneeId: row.assigneeId,
    tags: row.tags.map((entry) => entry.tag.name).sort(),
    requesterId: row.requesterId,
    company: companySnapshot(row.company, underContract),
    latestCustomerText: customerTexts.get(row.id) ?? "",
    createdAt: row.createdAt,
    statusChangedAt: statusChangedAt.get(row.id) ?? row.createdAt,
    lastCustomerMessageAt: row.lastCustomerMessageAt,
    mergedIntoId: row.mergedIntoId,
    version: row.version,
  }));
}

/** The customer's latest public message per ticket (a customer reply, or the opening request). */
async function latestCustomerTexts(client: Client, ticketIds: string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  if (ticketIds.length === 1) {
    const message = await client.message.findFirst({
      where: { ticketId: ticketIds[0], direction: "in", visibility: "public" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { bodyText: true },
    });
    if (message) texts.set(ticketIds[0], message.bodyText);
    return texts;
  }
  const messages = await client.message.findMany({
    where: { ticketId: { in: ticketIds }, direction: "in", visibility: "public" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { ticketId: true, bodyText: true },
  });
  for (const message of messages) if (!texts.has(message.ticketId)) texts.set(message.ticketId, message.bodyText);
  return texts;
}

export async function loadTicketSnapshot(client: Client, ticketId: string, now: Date): Promise<TicketSnapshot | null> {
  const row = await client.ticket.findUnique({ where: { id: ticketId }, select: ticketSnapshotSelect });
  if (!row) return null;
  return (await ticketSnapshots(client, [row], now))[0];
}

export const dealSnapshotSelect = {
  id: true,
  title: true,
  stageId: true,
  ownerId: true,
  amountCents: true,
  source: true,
  stage: { select: { kind: true } },
  company: { select: companySelect },
} satisfies Prisma.DealSelect;

type DealRow = Prisma.DealGetPayload<{ select: typeof dealSnapshotSelect }>;

export async function dealSnapshots(client: Client, rows: DealRow[], now: Date, needs: SnapshotNeeds = everything): Promise<DealSnapshot[]> {
  const companyIds = [...new Set(rows.flatMap((row) => (row.company ? [row.company.id] : [])))];
  const underContract = needs.contract ? await companiesUnderContract(client, companyIds, now) : new Set<string>();
  return rows.map((row) => ({
    kind: "deal",
    id: row.id,
    title: row.title,
    stageId: row.stageId,
    stageKind: row.stage.kind,
    ownerId: row.ownerId,
    amountCents: row.amountCents,
    source: row.source,
    company: companySnapshot(row.company, underContract),
  }));
}

export async function loadDealSnapshot(client: Client, dealId: string, now: Date): Promise<DealSnapshot | null> {
  const row = await client.deal.findUnique({ where: { id: dealId }, select: dealSnapshotSelect });
  if (!row) return null;
  return (await dealSnapshots(client, [row], now))[0];
}

// ───────────────────────────── the planner's lists ─────────────────────────────

/**
 * The workspace's groups, active staff, canned replies and webhook endpoints, and the record
 * rules as functions, for the planner. Read once per event (or per dry run).
 */
export async function loadPlanLookups(client: Client = db()): Promise<PlanLookups> {
  const [groups, users, replies, endpoints] = await Promise.all([
    client.group.findMany({ select: { id: true, name: true } }),
    client.user.findMany({ where: { active: true }, select: { id: true, name: true, role: true, restrictToGroups: true, groups: { select: { id: true } } } }),
    client.cannedReply.findMany({ select: { id: true, title: true, body: true } }),
    client.webhookEndpoint.findMany({ select: { id: true, description: true, url: true, active: true } }),
  ]);
  const people = new Map(users.map((user) => [user.id, user]));
  return {
    groups: new Map(groups.map((group) => [group.id, group.name])),
    staff: new Map(
      users.map((user) => [user.id, { id: user.id, name: user.name, assignable: can(user, "update:ticket"), groupIds: user.groups.map((group) => group.id) }]),
    ),
    cannedReplies: new Map(replies.map((reply) => [reply.id, { title: reply.title, body: reply.body }])),
    webhookEndpoints: new Map(endpoints.map((endpoint) => [endpoint.id, { name: webhookEndpointName(endpoint), active: endpoint.active }])),
    senderName: env().mail.from.name,
    mayReadTicket(userId, ticket) {
      const user = people.get(userId);
      if (!user) return false;
      return canReadTicket({ id: user.id, access: accessFor(user, "read:ticket"), groupIds: user.groups.map((group) => group.id) }, ticket);
    },
    mayReadDeal(userId, ownerId) {
      const user = people.get(userId);
      return user ? canActOnOwned(user, ownerId, "read") : false;
    },
  };
}

/** The workspace day of a moment (the automatic mail limit counts per day). */
export function workspaceDay(at: Date): string {
  return isoDate(toZoned(at, WORKSPACE_TIME_ZONE).date);
}

/** The requester's names, whether a mail can reach them, and whether this rule already mailed them today. */
export async function requesterFacts(client: TransactionClient, input: { ruleId: string; ticketId: string; requesterId: string; now: Date }): Promise<RequesterFacts | null> {
  const contact = await client.contact.findUnique({ where: { id: input.requesterId }, select: { firstName: true, lastName: true } });
  if (!contact) return null;
  const [address, ownMailboxes, mailed] = await Promise.all([
    requesterAddress(client, input.ticketId, input.requesterId),
    client.mailbox.findMany({ select: { username: true } }),
    client.automationMail.findUnique({ where: { ruleId_contactId_day: { ruleId: input.ruleId, contactId: input.requesterId, day: workspaceDay(input.now) } }, select: { day: true } }),
  ]);
  const own = new Set([env().mail.from.address, ...ownMailboxes.map((mailbox) => mailbox.username)].map((value) => value.toLowerCase()));
  const reachable = address !== null && !address.bouncedAt && !isUnanswerableAddress(address.address) && !own.has(address.address);
  return { firstName: contact.firstName, lastName: contact.lastName, reachable, mailedToday: mailed !== null };
}
