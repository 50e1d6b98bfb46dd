import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import type { TransactionClient } from "~/lib/db.server";
import { changeConsent, type ConsentChangeOutcome } from "./consent-changes.server";

/**
 * Records the person's own explicit opt-in (the box they ticked on the form or in the portal) on
 * their primary address, through the one writer of consent. Their own opt-in may lift an earlier
 * suppression (they asked again), as changeConsent allows.
 */
export async function recordOwnOptIn(
  tx: TransactionClient,
  events: EventRecorder,
  input: { contactId: string; address?: string; source: "form" | "portal"; at?: Date },
): Promise<ConsentChangeOutcome | null> {
  const address =
    input.address ??
    (await tx.contactEmail.findFirst({ where: { contactId: input.contactId }, orderBy: [{ isPrimary: "desc" }, { address: "asc" }], select: { address: true } }))?.address;
  if (!address) return null;
  return changeConsent(tx, events, {
    address,
    contactId: input.contactId,
    state: "opt_in",
    source: input.source,
    note: input.source === "form" ? "Case cochée sur le formulaire de demande" : "Case cochée dans l'espace client",
    actorId: null,
    at: input.at,
  });
}

/** The same, in its own transaction (the portal's request is written by the helpdesk's own command). */
export function recordOwnOptInNow(input: { contactId: string; source: "form" | "portal" }) {
  return transactionWithEvents((tx, events) => recordOwnOptIn(tx, events, input));
}
