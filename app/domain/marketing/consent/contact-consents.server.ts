import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { db } from "~/lib/db.server";
import { changeConsent } from "./consent-changes.server";
import { staffConsentStates } from "./consent-states";

/**
 * A contact's consent as the contact page shows it: each of their addresses with its current
 * state and its whole history (newest first: who, when, from what, source, basis, note, campaign),
 * and the staff's manual change, through the one writer of consent.
 */

export async function contactConsents(contactId: string) {
  const emails = await db().contactEmail.findMany({ where: { contactId }, orderBy: [{ isPrimary: "desc" }, { address: "asc" }], select: { address: true, isPrimary: true } });
  const addresses = emails.map((email) => email.address);
  const [consents, changes] = await Promise.all([
    db().marketingConsent.findMany({ where: { address: { in: addresses } }, select: { address: true, state: true, source: true, basis: true, changedAt: true } }),
    db().marketingConsentChange.findMany({
      where: { address: { in: addresses } },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: 200,
      select: { id: true, address: true, at: true, previousState: true, state: true, source: true, basis: true, note: true, actor: { select: { name: true } }, campaign: { select: { id: true, name: true } } },
    }),
  ]);
  return emails.map((email) => {
    const current = consents.find((consent) => consent.address === email.address);
    return {
      address: email.address,
      isPrimary: email.isPrimary,
      state: current?.state ?? "none",
      source: current?.source ?? null,
      basis: current?.basis ?? "",
      changedAt: current?.changedAt ?? null,
      history: changes
        .filter((change) => change.address === email.address)
        .map(({ actor, campaign, address: _address, ...change }) => ({ ...change, actorName: actor?.name ?? null, campaign })),
    };
  });
}


export const staffConsentSchema = z.object({
  address: z.string().trim().toLowerCase().min(1, "validation.choose"),
  state: z.enum(staffConsentStates, { errorMap: () => ({ message: "validation.choose" }) }),
  basis: z.string().trim().max(500, "validation.tooLong").default(""),
  note: z.string().trim().max(2000, "validation.tooLong").default(""),
});
export type StaffConsentInput = z.infer<typeof staffConsentSchema>;

/**
 * A staff member records a consent state for one of the contact's addresses (source manual). An
 * opt-in needs its basis (how it was given); a suppression is lifted only with a stated basis.
 */
export async function recordStaffConsent(actorId: string, contactId: string, input: StaffConsentInput): Promise<"changed" | "unchanged"> {
  const email = await db().contactEmail.findUnique({ where: { address: input.address }, select: { contactId: true } });
  if (!email || email.contactId !== contactId) throw new DomainError("validation.choose", "address");
  if (input.state === "opt_in" && !input.basis) throw new DomainError("consent.staff.basisRequired", "basis");
  const outcome = await transactionWithEvents((tx, events) =>
    changeConsent(tx, events, { address: input.address, contactId, state: input.state, source: "manual", basis: input.basis, note: input.note, actorId }),
  );
  if (outcome === "suppressed") throw new DomainError("consent.staff.suppressed", "basis");
  return outcome;
}
