import { createUser } from "~/domain/identity/users.server";
import type { Role } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";

let sequence = 0;

export const TEST_PASSWORD = "motdepasse-solide";

/** A staff account created through the domain (hashed password, audit entry). */
export async function aUser(overrides: Partial<{ name: string; email: string; role: Role; groupIds: string[]; restrictToGroups: boolean; locale: "fr" | "en"; writesKnowledge: boolean }> = {}) {
  sequence += 1;
  const input = {
    name: overrides.name ?? `Agent ${sequence}`,
    email: overrides.email ?? `agent${sequence}-${Date.now()}@exemple.test`,
    role: overrides.role ?? "technician",
    groupIds: overrides.groupIds ?? [],
    restrictToGroups: overrides.restrictToGroups ?? false,
    locale: overrides.locale ?? "fr",
    writesKnowledge: overrides.writesKnowledge ?? false,
    password: TEST_PASSWORD,
  };
  const { id } = await createUser({ ...input, actorId: null });
  return { id, ...input };
}

export async function aGroup(name = `Groupe ${++sequence}`) {
  return db().group.create({ data: { name }, select: { id: true, name: true } });
}

let ticketNumber = 5000;

/** A ticket with its requester contact, written directly (helpdesk domain writers come with the agent workspace). */
export async function aTicket(overrides: Partial<{ groupId: string | null; assigneeId: string | null; status: string; subject: string }> = {}) {
  sequence += 1;
  const contact = await db().contact.create({
    data: { firstName: "Client", lastName: `N°${sequence}`, emails: { create: { address: `client${sequence}-${Date.now()}@exemple.test`, isPrimary: true } } },
    select: { id: true },
  });
  return db().ticket.create({
    data: {
      number: ++ticketNumber,
      subject: overrides.subject ?? `Demande ${sequence}`,
      channel: "email",
      status: overrides.status ?? "open",
      requesterId: contact.id,
      groupId: overrides.groupId ?? null,
      assigneeId: overrides.assigneeId ?? null,
      lastCustomerMessageAt: new Date(),
    },
    select: { id: true, number: true },
  });
}
