import type { Role } from "~/domain/identity/permissions";
import type { ActivityForm } from "~/domain/sales/activity-schemas";
import type { SalesViewer } from "~/domain/sales/sales-access";
import type { VisitReportForm } from "~/domain/sales/visit-report-schemas";
import { db } from "~/lib/db.server";
import { aUser } from "./factories.ts";

/** Sales agenda factories: people, customers, deals, tickets and activities written directly, with the times a test needs. */

let sequence = 0;
const next = () => `${++sequence}-${Date.now().toString(36)}`;

export type SalesPerson = Awaited<ReturnType<typeof aUser>> & SalesViewer;

export async function aSalesPerson(role: Role = "sales", name?: string): Promise<SalesPerson> {
  const user = await aUser({ role, name });
  return { ...user, restrictToGroups: false };
}

/** A company with one contact working there. */
export async function aCustomer(name = `Société ${next()}`) {
  const company = await db().company.create({
    data: { name, sector: "services", street: "3 rue des Forges", postalCode: "69003", city: "Lyon" },
    select: { id: true, name: true },
  });
  const contact = await db().contact.create({
    data: { firstName: "Julie", lastName: `Martin ${next()}`, companyId: company.id, jobTitle: "Gérante", emails: { create: { address: `julie-${next()}@client.test`, isPrimary: true } } },
    select: { id: true, firstName: true, lastName: true },
  });
  return { company, contact };
}

export async function aDeal(input: { ownerId: string; companyId: string; contactId?: string | null; title?: string }) {
  return db().deal.create({
    data: { title: input.title ?? `Affaire ${next()}`, companyId: input.companyId, contactId: input.contactId ?? null, ownerId: input.ownerId, stageId: "stage_qualification", amountCents: 500_000 },
    select: { id: true, title: true },
  });
}

let ticketNumber = 81_000;

export async function aCompanyTicket(input: { companyId: string | null; requesterId: string; subject?: string; groupId?: string | null }) {
  return db().ticket.create({
    data: {
      number: ++ticketNumber,
      subject: input.subject ?? `Demande ${next()}`,
      channel: "email",
      status: "open",
      priority: "high",
      type: "incident",
      requesterId: input.requesterId,
      companyId: input.companyId,
      groupId: input.groupId ?? null,
    },
    select: { id: true, number: true, subject: true },
  });
}

/** An activity row as a command would have written it. */
export async function anActivity(input: {
  ownerId: string;
  kind?: string;
  subject?: string;
  startsAt: Date;
  endsAt?: Date | null;
  doneAt?: Date | null;
  companyId?: string | null;
  contactId?: string | null;
  dealId?: string | null;
  location?: string;
  mode?: string | null;
}) {
  const kind = input.kind ?? "task";
  return db().activity.create({
    data: {
      kind,
      subject: input.subject ?? `Activité ${next()}`,
      ownerId: input.ownerId,
      startsAt: input.startsAt,
      endsAt: kind === "appointment" ? (input.endsAt ?? new Date(input.startsAt.getTime() + 60 * 60 * 1000)) : null,
      mode: kind === "appointment" ? (input.mode ?? "onsite") : null,
      location: input.location ?? "",
      doneAt: input.doneAt ?? null,
      companyId: input.companyId ?? null,
      contactId: input.contactId ?? null,
      dealId: input.dealId ?? null,
      createdById: input.ownerId,
    },
    select: { id: true, subject: true, version: true, kind: true },
  });
}

/** The activity form as the schema hands it to the commands. */
export function activityForm(overrides: Partial<ActivityForm>): ActivityForm {
  return {
    kind: "task",
    subject: "Relancer le client",
    notes: "",
    ownerId: null,
    date: "2026-12-09",
    time: "",
    endTime: "",
    mode: null,
    location: "",
    companyId: null,
    contactId: null,
    dealId: null,
    ticketId: null,
    done: false,
    ...overrides,
  };
}

export function visitReportForm(overrides: Partial<VisitReportForm>): VisitReportForm {
  return {
    date: "2026-12-07",
    time: "10:00",
    companyId: null,
    contactId: null,
    dealId: null,
    activityId: null,
    attendees: "Julie Martin",
    objectives: "Présenter l'offre",
    discussion: "Le client veut renouveler ses postes.",
    outcome: "Devis attendu",
    ticketIds: [],
    nextSteps: [],
    ...overrides,
  };
}
