import { findOrCreateContactByEmail } from "~/domain/customers/contacts.server";
import { createTicket } from "~/domain/helpdesk/tickets.server";
import { db } from "~/lib/db.server";

let sequence = 0;
const unique = () => `${++sequence}-${Date.now().toString(36)}`;

/** A contact (and, for a company address, its company) found or created from an address, as email intake does. */
export async function aSearchContact(email = `client-${unique()}@exemple-recherche.fr`, name = "Client Recherche") {
  return db().$transaction((tx) => findOrCreateContactByEmail(tx, { email, name }));
}

/** A ticket opened by a customer through the domain, its first message the given body. */
export async function aSearchTicket(input: { subject: string; body?: string; groupId?: string | null; assigneeId?: string | null; requesterEmail?: string }) {
  const requester = await aSearchContact(input.requesterEmail);
  const created = await createTicket({
    requesterId: requester.contactId,
    subject: input.subject,
    channel: "email",
    groupId: input.groupId ?? null,
    assigneeId: input.assigneeId ?? null,
    openedBy: { contactId: requester.contactId },
    firstMessage: { bodyText: input.body ?? "Bonjour, merci de votre aide." },
  });
  return { ...created, requester };
}

/** Many tickets at once (createMany: the search triggers still index every row). */
export async function manySearchTickets(count: number, input: { subject: string; groupId: string | null; createdAt?: Date }) {
  const requester = await aSearchContact();
  const first = (await db().ticket.aggregate({ _max: { number: true } }))._max.number ?? 0;
  await db().ticket.createMany({
    data: Array.from({ length: count }, (_, index) => ({
      number: first + 1000 + index,
      subject: input.subject,
      channel: "email",
      status: "open",
      requesterId: requester.contactId,
      groupId: input.groupId,
      createdAt: input.createdAt ?? new Date(),
    })),
  });
}
