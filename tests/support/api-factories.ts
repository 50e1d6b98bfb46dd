import { openTicketForCustomer } from "~/domain/helpdesk/ticket-commands.server";
import type { ApiScope, Role } from "~/domain/identity/permissions";
import { usefulScopesFor } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { aToken } from "./api-contract.ts";
import { aUser } from "./factories.ts";

/** Public API test data: people with tokens, and customers, tickets, deals and activities written directly. */

let sequence = 0;
const next = () => `${++sequence}${Date.now().toString(36)}`;

export type ApiUser = Awaited<ReturnType<typeof aUser>> & { token: string };

/** A user with a token holding every scope their role can use (or the scopes given). */
export async function anApiUser(role: Role, options: Partial<{ name: string; groupIds: string[]; restrictToGroups: boolean; locale: "fr" | "en"; scopes: ApiScope[] }> = {}): Promise<ApiUser> {
  const user = await aUser({ role, name: options.name, groupIds: options.groupIds, restrictToGroups: options.restrictToGroups, locale: options.locale });
  const scopes = options.scopes ?? usefulScopesFor({ role, restrictToGroups: options.restrictToGroups ?? false });
  return { ...user, token: await aToken(user.id, scopes) };
}

/** A company with its domain and one contact working there. */
export async function aClientCompany(name = `Société API ${next()}`) {
  const suffix = next();
  const company = await db().company.create({
    data: { name, sector: "services", city: "Lyon", postalCode: "69003", domains: { create: { domain: `client-${suffix}.fr` } } },
    select: { id: true, name: true },
  });
  const contact = await db().contact.create({
    data: { firstName: "Julie", lastName: `Martin ${suffix}`, companyId: company.id, emails: { create: { address: `julie.martin@client-${suffix}.fr`, isPrimary: true } } },
    select: { id: true, firstName: true, lastName: true },
  });
  return { company, contact, domain: `client-${suffix}.fr` };
}

/** A ticket opened through the domain for a contact, in a group (or none). */
export async function anApiTicket(input: { agentId: string; contactId: string; groupId?: string | null; subject?: string; assigneeId?: string | null }) {
  return openTicketForCustomer({
    agentId: input.agentId,
    channel: "email",
    requester: { contactId: input.contactId },
    subject: input.subject ?? `Demande ${next()}`,
    body: "Bonjour, l'imprimante du deuxième étage ne répond plus.",
    type: "incident",
    priority: "normal",
    groupId: input.groupId ?? null,
    assigneeId: input.assigneeId ?? null,
  });
}

export async function anApiDeal(input: { ownerId: string; companyId: string; contactId?: string | null; title?: string }) {
  const deal = await db().deal.create({
    data: { title: input.title ?? `Affaire ${next()}`, companyId: input.companyId, contactId: input.contactId ?? null, ownerId: input.ownerId, stageId: "stage_qualification", amountCents: 500_000, createdById: input.ownerId },
    select: { id: true, title: true, version: true },
  });
  await db().dealStageChange.create({ data: { dealId: deal.id, fromStageId: null, toStageId: "stage_qualification", actorId: input.ownerId } });
  return deal;
}

export async function anApiActivity(input: { ownerId: string; companyId?: string | null; kind?: string; startsAt?: Date; subject?: string }) {
  return db().activity.create({
    data: {
      kind: input.kind ?? "task",
      subject: input.subject ?? `Relance ${next()}`,
      ownerId: input.ownerId,
      startsAt: input.startsAt ?? new Date(Date.UTC(2026, 2, 12, 9, 0)),
      companyId: input.companyId ?? null,
      createdById: input.ownerId,
    },
    select: { id: true, subject: true, version: true },
  });
}

/** A minimal valid PNG (its first bytes are what the upload rules check). */
export const tinyPng = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/**
 * Sets environment variables for the rest of a test (the API reads them per request): returns
 * the function that restores the previous values.
 */
export function useEnvironment(values: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("comptoir.environment")];
  };
  apply(values);
  return () => apply(previous);
}
