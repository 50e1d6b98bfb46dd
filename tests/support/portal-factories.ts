import { addAgentMessage, addCustomerMessage, createTicket, updateTicketFields } from "~/domain/helpdesk/tickets.server";
import { openPortalSession } from "~/domain/portal/portal-sessions.server";
import { db } from "~/lib/db.server";
import { storeFile } from "~/lib/files.server";
import { portalSessionCookie } from "~/lib/portal/portal-auth.server";
import { issueFormToken } from "~/domain/channels/web-form/form-token.server";

let sequence = 0;

/** A company with a mail domain. */
export async function aCompany(name = `Société ${++sequence}`) {
  const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now()}-${sequence}.test`;
  return db().company.create({ data: { name, sector: "services", domains: { create: { domain } } }, select: { id: true, name: true, domains: { select: { domain: true } } } });
}

/** A customer contact with one address (and optionally a company, as its manager). */
export async function aCustomer(overrides: Partial<{ companyId: string | null; companyManager: boolean; email: string; firstName: string; portalAccess: boolean }> = {}) {
  sequence += 1;
  const email = overrides.email ?? `client${sequence}-${Date.now()}@exemple.test`;
  const contact = await db().contact.create({
    data: {
      firstName: overrides.firstName ?? `Client${sequence}`,
      lastName: "Test",
      companyId: overrides.companyId ?? null,
      companyManager: overrides.companyManager ?? false,
      portalAccess: overrides.portalAccess ?? true,
      emails: { create: { address: email, isPrimary: true } },
    },
    select: { id: true, companyId: true, companyManager: true },
  });
  return { ...contact, contactId: contact.id, email };
}

/**
 * A ticket of this requester with a public thread: the customer's request (with an attachment),
 * an agent's public reply (with an attachment) and an internal note (with a secret attachment).
 */
export async function aThread(input: { requesterId: string; agentId: string; subject?: string; channel?: "web" | "portal" | "email" }) {
  const customerFile = await storeFile(Buffer.from(`%PDF-1.4 customer ${++sequence}`));
  const agentFile = await storeFile(Buffer.from(`%PDF-1.4 agent ${sequence}`));
  const secretFile = await storeFile(Buffer.from(`%PDF-1.4 internal secret ${sequence}`));
  const ticket = await createTicket({
    requesterId: input.requesterId,
    subject: input.subject ?? `Imprimante en panne ${sequence}`,
    channel: input.channel ?? "web",
    openedBy: { contactId: input.requesterId },
    firstMessage: { bodyText: "L'imprimante affiche E-204.", attachments: [{ ...customerFile, filename: "photo-erreur.pdf", contentType: "application/pdf" }] },
  });
  const reply = await addAgentMessage({
    ticketId: ticket.ticketId,
    agentId: input.agentId,
    visibility: "public",
    bodyText: "Pouvez-vous redémarrer l'imprimante ?",
    attachments: [{ ...agentFile, filename: "procedure.pdf", contentType: "application/pdf" }],
  });
  const note = await addAgentMessage({
    ticketId: ticket.ticketId,
    agentId: input.agentId,
    visibility: "internal",
    bodyText: "NOTE INTERNE : client difficile, ne pas lui proposer de geste commercial.",
    attachments: [{ ...secretFile, filename: "contrat-interne.pdf", contentType: "application/pdf" }],
  });
  const attachments = await db().attachment.findMany({ where: { message: { ticketId: ticket.ticketId } }, select: { id: true, filename: true } });
  const byName = (name: string) => attachments.find((attachment) => attachment.filename === name)!.id;
  return {
    ticketId: ticket.ticketId,
    number: ticket.number,
    replyMessageId: reply.messageId,
    noteMessageId: note.messageId,
    attachments: { customer: byName("photo-erreur.pdf"), agent: byName("procedure.pdf"), internal: byName("contrat-interne.pdf") },
  };
}

/** Marks the ticket solved as an agent would. */
export async function solve(ticketId: string, agentId: string, solvedAt?: Date) {
  const { version } = await db().ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { version: true } });
  await updateTicketFields({ ticketId, expectedVersion: version, actorId: agentId, changes: { status: "solved" } });
  if (solvedAt) await db().ticket.update({ where: { id: ticketId }, data: { solvedAt } });
}

export { addCustomerMessage };

/** The Cookie header pair of a fresh portal session for this contact (as after following a link). */
export async function portalCookieFor(contactId: string): Promise<string> {
  const { token } = await openPortalSession(contactId);
  const header = await portalSessionCookie().serialize(token);
  return header.split(";")[0];
}

/** A public form token minted `ageMs` ago (the form was opened that long before sending). */
export function formTokenAged(ageMs: number): string {
  return issueFormToken(Date.now() - ageMs);
}
