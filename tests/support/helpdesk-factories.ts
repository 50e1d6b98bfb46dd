import { findOrCreateContactByEmail } from "~/domain/customers/contacts.server";
import { db } from "~/lib/db.server";

/** Test data of the agent workspace (queues, merge, conflicts). Shared factories stay in factories.ts. */

let sequence = 0;
let ticketNumber = 20_000;

/** A customer found or created by address, like an incoming mail would (company from the domain). */
export async function aRequester(overrides: Partial<{ email: string; name: string }> = {}) {
  sequence += 1;
  const email = overrides.email ?? `client${sequence}.${Date.now()}@atelier-${sequence}.fr`;
  return db().$transaction((tx) => findOrCreateContactByEmail(tx, { email, name: overrides.name ?? `Client${sequence} Test` }));
}

export type QueueTicketInput = Partial<{
  requesterId: string;
  companyId: string | null;
  subject: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  groupId: string | null;
  assigneeId: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastCustomerMessageAt: Date | null;
  lastAgentReplyAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  tags: string[];
}>;

/**
 * A ticket written as is, with exact timestamps, for queue tests (membership and order depend on
 * them). Lifecycle tests go through the domain instead.
 */
export async function aQueueTicket(input: QueueTicketInput = {}) {
  sequence += 1;
  const requesterId = input.requesterId ?? (await aRequester()).contactId;
  const createdAt = input.createdAt ?? new Date(Date.UTC(2026, 0, 5, 9, 0, sequence % 60));
  const ticket = await db().ticket.create({
    data: {
      number: ++ticketNumber,
      subject: input.subject ?? `Demande ${sequence}`,
      status: input.status ?? "open",
      priority: input.priority ?? "normal",
      type: input.type ?? "information",
      channel: input.channel ?? "email",
      requesterId,
      companyId: input.companyId === undefined ? null : input.companyId,
      groupId: input.groupId ?? null,
      assigneeId: input.assigneeId ?? null,
      createdAt,
      updatedAt: input.updatedAt ?? createdAt,
      lastCustomerMessageAt: input.lastCustomerMessageAt === undefined ? createdAt : input.lastCustomerMessageAt,
      lastAgentReplyAt: input.lastAgentReplyAt ?? null,
      firstResponseDueAt: input.firstResponseDueAt ?? null,
      resolutionDueAt: input.resolutionDueAt ?? null,
      ...(input.tags?.length
        ? { tags: { create: input.tags.map((name) => ({ tag: { connectOrCreate: { where: { name }, create: { name } } } })) } }
        : {}),
    },
    select: { id: true, number: true },
  });
  return { ...ticket, requesterId };
}
