import type { EventRecorder } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import type { TransactionClient } from "~/lib/db.server";
import { erasedSuppressionKey } from "~/domain/privacy/suppression-key.server";
import { isSuppressed, type ConsentSource, type ConsentState } from "./consent-states";

/**
 * The one writer of marketing consent: sets an address's current state and appends its history
 * line, in the caller's transaction, with an event and an audit entry. Every path goes through
 * it (contact page, public form and portal, import, unsubscribe link or mail, bounce, complaint).
 *
 * A suppression (unsubscribed, bounced, complained) is lifted only by the person themselves (an
 * explicit opt-in on the form or the portal) or by a staff member who states the basis (e.g.
 * « a demandé à être réinscrit par téléphone le 3/12 »); an import or the API never lifts it.
 */

export type ConsentChangeInput = {
  address: string;
  /** The contact holding the address; looked up from ContactEmail when not given. */
  contactId?: string | null;
  state: ConsentState;
  source: ConsentSource;
  basis?: string;
  note?: string;
  campaignId?: string | null;
  actorId: string | null;
  at?: Date;
};

export type ConsentChangeOutcome = "changed" | "unchanged" | "suppressed";

function mayLiftSuppression(input: ConsentChangeInput): boolean {
  if (input.source === "form" || input.source === "portal") return true;
  return input.source === "manual" && (input.basis ?? "").trim().length > 0;
}

export async function changeConsent(tx: TransactionClient, events: EventRecorder, input: ConsentChangeInput): Promise<ConsentChangeOutcome> {
  const address = input.address.trim().toLowerCase();
  const at = input.at ?? new Date();
  // An address erased under the GDPR keeps its suppression as a keyed hash (privacy/suppression-key.server.ts):
  // when the address comes back (re-import, new contact), that suppression is its current state.
  const erasedKey = erasedSuppressionKey(address);
  const current =
    (await tx.marketingConsent.findUnique({ where: { address }, select: { state: true, contactId: true } })) ??
    (await tx.marketingConsent.findUnique({ where: { address: erasedKey }, select: { state: true, contactId: true } }));
  const contactId =
    input.contactId !== undefined ? input.contactId : ((await tx.contactEmail.findUnique({ where: { address }, select: { contactId: true } }))?.contactId ?? current?.contactId ?? null);
  const previousState = current?.state ?? null;
  if ((previousState ?? "none") === input.state) return "unchanged";
  if (previousState && isSuppressed(previousState) && !isSuppressed(input.state) && !mayLiftSuppression(input)) return "suppressed";

  const basis = (input.basis ?? "").trim().slice(0, 500);
  const note = (input.note ?? "").trim().slice(0, 2000);
  await tx.marketingConsent.upsert({
    where: { address },
    create: { address, contactId, state: input.state, source: input.source, basis, changedAt: at, changedById: input.actorId },
    update: { contactId, state: input.state, source: input.source, basis, changedAt: at, changedById: input.actorId },
  });
  // The address holds its own state again; the hashed suppression has done its work.
  await tx.marketingConsent.deleteMany({ where: { address: erasedKey } });
  await tx.marketingConsentChange.create({
    data: { address, contactId, previousState, state: input.state, source: input.source, basis, note, campaignId: input.campaignId ?? null, actorId: input.actorId, at },
  });
  await recordAudit(tx, {
    actorId: input.actorId,
    action: "consent.changed",
    entityType: "contact",
    entityId: contactId ?? address,
    details: { address, from: previousState, to: input.state, source: input.source, basis, campaignId: input.campaignId ?? null },
  });
  events.record("consent.changed", {
    address,
    contactId,
    state: input.state,
    previousState,
    source: input.source,
    campaignId: input.campaignId ?? null,
    actorId: input.actorId,
  });
  return "changed";
}
