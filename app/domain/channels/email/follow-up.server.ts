import type { TransactionClient } from "~/lib/db.server";
import { isOurSignedMessageId, looksLikeOurMessageId } from "~/lib/mail/message-id.server";

/**
 * Follow-up detection: does this mail continue an existing ticket? In order of trust:
 * 1. In-Reply-To / References naming one of OUR Message-IDs whose HMAC signature verifies: only
 *    someone who received our mail can know it, so the reply is attached whoever sends it (a
 *    colleague the customer forwarded it to, a new address). A forged or damaged id of our shape
 *    is ignored.
 * 2. In-Reply-To / References naming a customer's earlier mail we stored (a reply-all between
 *    customers before we answered), and
 * 3. a `[#1234]` token in the subject:
 *    both are public knowledge, so they attach the mail only when the sender is the requester,
 *    belongs to the ticket's company, or already wrote in this ticket. Otherwise: a new ticket.
 */

export type FollowUpVia = "signed_message_id" | "known_message_id" | "subject_token";

export type FollowUpMatch = { ticketId: string; number: number; status: string; via: FollowUpVia };

export type FollowUpDecision = {
  match: FollowUpMatch | null;
  /** Why a candidate was refused (for the inbound record and the tests), in order. */
  refused: Array<{ via: FollowUpVia | "forged_message_id"; ticketNumber?: number; reason: string }>;
};

/** The ticket numbers named by `[#1234]` tokens in a subject, in order. */
export function ticketNumbersInSubject(subject: string): number[] {
  const numbers: number[] = [];
  for (const match of subject.matchAll(/\[#\s?(\d{1,9})\]/g)) {
    const value = Number(match[1]);
    if (Number.isSafeInteger(value) && value > 0 && !numbers.includes(value)) numbers.push(value);
  }
  return numbers;
}

/** The ids to look up, most specific first: In-Reply-To, then References from the newest. */
export function threadCandidates(inReplyTo: string[], references: string[]): string[] {
  return [...new Set([...inReplyTo, ...[...references].reverse()])];
}

const ticketSelect = { id: true, number: true, status: true, requesterId: true, companyId: true, mergedIntoId: true } as const;
type TicketRow = { id: string; number: number; status: string; requesterId: string; companyId: string | null; mergedIntoId: string | null };

/** A merged ticket's thread lives on in the ticket it was merged into. */
async function followMerges(tx: TransactionClient, ticket: TicketRow): Promise<TicketRow> {
  let current = ticket;
  for (let hops = 0; current.mergedIntoId && hops < 10; hops++) {
    const next = await tx.ticket.findUnique({ where: { id: current.mergedIntoId }, select: ticketSelect });
    if (!next) break;
    current = next;
  }
  return current;
}

async function ticketIdForMessageId(tx: TransactionClient, messageId: string): Promise<string | null> {
  const outbound = await tx.outboundEmail.findUnique({ where: { emailMessageId: messageId }, select: { ticketId: true } });
  if (outbound?.ticketId) return outbound.ticketId;
  const message = await tx.message.findUnique({ where: { emailMessageId: messageId }, select: { ticketId: true } });
  return message?.ticketId ?? null;
}

/** True when this contact may add to the ticket on the strength of public knowledge alone. */
export async function senderBelongsToTicket(tx: TransactionClient, ticket: Pick<TicketRow, "id" | "requesterId" | "companyId">, contactId: string): Promise<boolean> {
  if (ticket.requesterId === contactId) return true;
  if (ticket.companyId) {
    const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { companyId: true } });
    if (contact?.companyId === ticket.companyId) return true;
  }
  const participation = await tx.message.findFirst({ where: { ticketId: ticket.id, authorContactId: contactId }, select: { id: true } });
  return participation !== null;
}

export async function findFollowUpTicket(
  tx: TransactionClient,
  mail: { inReplyTo: string[]; references: string[]; subject: string },
  senderContactId: string,
): Promise<FollowUpDecision> {
  const refused: FollowUpDecision["refused"] = [];
  const toMatch = (ticket: TicketRow, via: FollowUpVia): FollowUpMatch => ({ ticketId: ticket.id, number: ticket.number, status: ticket.status, via });

  const candidates = threadCandidates(mail.inReplyTo, mail.references);
  const foreignCandidates: string[] = [];
  for (const candidate of candidates) {
    if (!looksLikeOurMessageId(candidate)) {
      foreignCandidates.push(candidate);
      continue;
    }
    if (!isOurSignedMessageId(candidate)) {
      refused.push({ via: "forged_message_id", reason: `signature does not verify: ${candidate.slice(0, 120)}` });
      continue;
    }
    const ticketId = await ticketIdForMessageId(tx, candidate);
    if (!ticketId) continue;
    const ticket = await tx.ticket.findUnique({ where: { id: ticketId }, select: ticketSelect });
    if (ticket) return { match: toMatch(await followMerges(tx, ticket), "signed_message_id"), refused };
  }

  for (const candidate of foreignCandidates) {
    const ticketId = await ticketIdForMessageId(tx, candidate);
    if (!ticketId) continue;
    const found = await tx.ticket.findUnique({ where: { id: ticketId }, select: ticketSelect });
    if (!found) continue;
    const ticket = await followMerges(tx, found);
    if (await senderBelongsToTicket(tx, ticket, senderContactId)) return { match: toMatch(ticket, "known_message_id"), refused };
    refused.push({ via: "known_message_id", ticketNumber: ticket.number, reason: "sender is not a participant of the ticket" });
  }

  for (const number of ticketNumbersInSubject(mail.subject)) {
    const found = await tx.ticket.findUnique({ where: { number }, select: ticketSelect });
    if (!found) {
      refused.push({ via: "subject_token", ticketNumber: number, reason: "no such ticket" });
      continue;
    }
    const ticket = await followMerges(tx, found);
    if (await senderBelongsToTicket(tx, ticket, senderContactId)) return { match: toMatch(ticket, "subject_token"), refused };
    refused.push({ via: "subject_token", ticketNumber: number, reason: "sender is not a participant of the ticket" });
  }
  return { match: null, refused };
}
