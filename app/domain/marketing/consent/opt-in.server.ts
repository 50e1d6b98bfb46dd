import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { isMailable } from "./consent-states";
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

async function primaryAddress(tx: TransactionClient, contactId: string): Promise<string | null> {
  return (await tx.contactEmail.findFirst({ where: { contactId }, orderBy: [{ isPrimary: "desc" }, { address: "asc" }], select: { address: true } }))?.address ?? null;
}

/** The consent state of the customer's primary address, as their account page shows it. */
export async function ownConsentState(contactId: string): Promise<string> {
  const address = await primaryAddress(db(), contactId);
  if (!address) return "none";
  return (await db().marketingConsent.findUnique({ where: { address }, select: { state: true } }))?.state ?? "none";
}

/**
 * The customer's own choice on their account page: ticked records their explicit opt-in; unticked
 * while they could be mailed records that they unsubscribed (source portal). Nothing else changes.
 */
export async function setOwnMarketingChoice(contactId: string, wantsMail: boolean): Promise<ConsentChangeOutcome | null> {
  return transactionWithEvents(async (tx, events) => {
    const address = await primaryAddress(tx, contactId);
    if (!address) return null;
    const state = (await tx.marketingConsent.findUnique({ where: { address }, select: { state: true } }))?.state ?? "none";
    if (wantsMail) return state === "opt_in" ? "unchanged" : recordOwnOptIn(tx, events, { contactId, address, source: "portal" });
    if (!isMailable(state)) return "unchanged";
    return changeConsent(tx, events, { address, contactId, state: "unsubscribed", source: "portal", note: "Case décochée dans l'espace client", actorId: null });
  });
}
