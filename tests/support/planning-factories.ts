import { createTicket } from "~/domain/helpdesk/tickets.server";
import type { TicketPriority } from "~/domain/helpdesk/ticket-vocabulary";
import { db } from "~/lib/db.server";

let sequence = 0;

/** A company with a postal address (the default place of its on-site interventions). */
export async function aCompany(overrides: Partial<{ name: string; street: string; postalCode: string; city: string }> = {}) {
  sequence += 1;
  return db().company.create({
    data: {
      name: overrides.name ?? `Société ${sequence} ${Date.now()}`,
      sector: "services",
      street: overrides.street ?? "12 rue des Forges",
      postalCode: overrides.postalCode ?? "69003",
      city: overrides.city ?? "Lyon",
    },
    select: { id: true, name: true },
  });
}

/** A contact, in a company or not. */
export async function aContact(companyId: string | null = null) {
  sequence += 1;
  return db().contact.create({
    data: {
      firstName: "Claire",
      lastName: `Client${sequence}`,
      companyId,
      emails: { create: { address: `claire${sequence}-${Date.now()}@client-planning.test`, isPrimary: true } },
    },
    select: { id: true, companyId: true },
  });
}

/** A ticket opened through the ticket domain (so the SLA applies), at a chosen instant. */
export async function aTicketAt(createdAt: Date, options: Partial<{ priority: TicketPriority; companyId: string | null; subject: string }> = {}) {
  const contact = await aContact(options.companyId ?? null);
  const created = await createTicket({
    requesterId: contact.id,
    subject: options.subject ?? "Panne du serveur de fichiers",
    channel: "email",
    priority: options.priority ?? "normal",
    openedBy: { contactId: contact.id },
    firstMessage: { bodyText: "Bonjour, plus rien ne marche.", createdAt },
  });
  return { ...created, requesterId: contact.id };
}
