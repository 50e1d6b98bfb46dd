import { db } from "~/lib/db.server";

/** Customer-area factories: rows written directly, with the timestamps a test needs. */

let sequence = 0;
const next = () => `${++sequence}-${Date.now().toString(36)}`;

export async function aCompany(overrides: Partial<{ name: string; domains: string[]; sector: string; city: string; phone: string; website: string; notes: string; ownerId: string | null }> = {}) {
  const suffix = next();
  return db().company.create({
    data: {
      name: overrides.name ?? `Société ${suffix}`,
      sector: overrides.sector ?? "services",
      city: overrides.city ?? "",
      phone: overrides.phone ?? "",
      website: overrides.website ?? "",
      notes: overrides.notes ?? "",
      ownerId: overrides.ownerId ?? null,
      domains: { create: (overrides.domains ?? [`societe-${suffix}.test`]).map((domain) => ({ domain })) },
    },
    select: { id: true, name: true },
  });
}

export async function aContact(
  overrides: Partial<{ firstName: string; lastName: string; emails: string[]; phone: string; companyId: string | null; marketingConsent: boolean; jobTitle: string }> = {},
) {
  const suffix = next();
  const emails = overrides.emails ?? [`contact-${suffix}@exemple.test`];
  return db().contact.create({
    data: {
      firstName: overrides.firstName ?? "Camille",
      lastName: overrides.lastName ?? `Test${suffix}`,
      phone: overrides.phone ?? "",
      jobTitle: overrides.jobTitle ?? "",
      companyId: overrides.companyId ?? null,
      // Consent is the primary address's: an opt-in from the web form, with its history line.
      ...(overrides.marketingConsent
        ? { marketingConsents: { create: [{ address: emails[0], state: "opt_in", source: "form" }] }, marketingConsentChanges: { create: [{ address: emails[0], state: "opt_in", source: "form" }] } }
        : {}),
      emails: { create: emails.map((address, index) => ({ address, isPrimary: index === 0 })) },
    },
    select: { id: true, firstName: true, lastName: true },
  });
}

let ticketNumber = 70_000;

/** A ticket of a contact (and their company unless told otherwise), with its first customer message. */
export async function aCustomerTicket(
  requester: { id: string },
  options: Partial<{
    companyId: string | null;
    groupId: string | null;
    assigneeId: string | null;
    status: string;
    subject: string;
    createdAt: Date;
    firstRespondedAt: Date | null;
  }> = {},
) {
  const contact = await db().contact.findUniqueOrThrow({ where: { id: requester.id }, select: { companyId: true } });
  const createdAt = options.createdAt ?? new Date();
  const ticket = await db().ticket.create({
    data: {
      number: ++ticketNumber,
      subject: options.subject ?? `Demande ${ticketNumber}`,
      channel: "email",
      status: options.status ?? "open",
      requesterId: requester.id,
      companyId: options.companyId === undefined ? contact.companyId : options.companyId,
      groupId: options.groupId ?? null,
      assigneeId: options.assigneeId ?? null,
      firstRespondedAt: options.firstRespondedAt ?? null,
      lastCustomerMessageAt: createdAt,
      createdAt,
    },
    select: { id: true, number: true },
  });
  await db().message.create({
    data: { ticketId: ticket.id, direction: "in", visibility: "public", authorContactId: requester.id, bodyText: `Bonjour, ${ticket.number}`, createdAt },
  });
  return ticket;
}

export async function aMessage(
  ticketId: string,
  options: { at: Date; visibility?: "public" | "internal"; direction?: "in" | "out"; authorUserId?: string; authorContactId?: string; bodyText?: string },
) {
  return db().message.create({
    data: {
      ticketId,
      direction: options.direction ?? (options.authorContactId ? "in" : "out"),
      visibility: options.visibility ?? "public",
      authorUserId: options.authorUserId ?? null,
      authorContactId: options.authorContactId ?? null,
      bodyText: options.bodyText ?? "Message",
      createdAt: options.at,
    },
    select: { id: true },
  });
}

export async function anIntervention(ticketId: string, technicianId: string, options: { startsAt: Date; status?: "planned" | "done" | "cancelled"; report?: string }) {
  return db().intervention.create({
    data: {
      ticketId,
      technicianId,
      kind: "onsite",
      startsAt: options.startsAt,
      endsAt: new Date(options.startsAt.getTime() + 2 * 60 * 60 * 1000),
      status: options.status ?? "planned",
      report: options.report ?? null,
      reportedAt: options.status === "done" ? new Date(options.startsAt.getTime() + 2 * 60 * 60 * 1000) : null,
      address: "14 rue des Artisans, Cholet",
    },
    select: { id: true },
  });
}
