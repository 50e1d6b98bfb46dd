import type { TransactionClient } from "~/lib/db.server";
import type { ActivityKind, AppointmentMode } from "./activity-schemas";

/**
 * The one write path that creates an activity: the agenda's form, a visit report's next step
 * made into a task, a contract's renewal reminder. Links are completed from each other so the
 * activity shows on the right customer: a deal gives its company, a contact its company.
 * Callers check the record rule (sales-access.ts) and emit "activity.saved" after commit.
 */
export type NewActivity = {
  kind: ActivityKind;
  subject: string;
  notes?: string;
  ownerId: string;
  startsAt: Date;
  endsAt?: Date | null;
  mode?: AppointmentMode | null;
  location?: string;
  doneAt?: Date | null;
  companyId?: string | null;
  contactId?: string | null;
  dealId?: string | null;
  ticketId?: string | null;
  contractId?: string | null;
  createdById: string | null;
};

export async function createActivityInTransaction(tx: TransactionClient, input: NewActivity): Promise<{ activityId: string }> {
  let companyId = input.companyId ?? null;
  if (!companyId && input.dealId) {
    companyId = (await tx.deal.findUnique({ where: { id: input.dealId }, select: { companyId: true } }))?.companyId ?? null;
  }
  if (!companyId && input.contactId) {
    companyId = (await tx.contact.findUnique({ where: { id: input.contactId }, select: { companyId: true } }))?.companyId ?? null;
  }
  const activity = await tx.activity.create({
    data: {
      kind: input.kind,
      subject: input.subject,
      notes: input.notes ?? "",
      ownerId: input.ownerId,
      startsAt: input.startsAt,
      endsAt: input.kind === "appointment" ? (input.endsAt ?? null) : null,
      mode: input.kind === "appointment" ? (input.mode ?? null) : null,
      location: input.location ?? "",
      doneAt: input.doneAt ?? null,
      companyId,
      contactId: input.contactId ?? null,
      dealId: input.dealId ?? null,
      ticketId: input.ticketId ?? null,
      contractId: input.contractId ?? null,
      createdById: input.createdById,
    },
    select: { id: true },
  });
  return { activityId: activity.id };
}
