/**
 * Marketing consent of an address (RGPD / CNIL): the states, where a change came from, and which
 * states may receive campaigns. Pure vocabulary shared by the consent records, the segments and
 * the campaign exclusions.
 *
 * - `opt_in`: the person ticked an explicit, unticked-by-default box (form, portal) or gave it
 *   another documented way (manual, import with its stated basis);
 * - `b2b_interest`: a professional address written to about offers related to the person's job
 *   (CNIL's B2B rule: no prior consent, but an opt-out in every mail);
 * - `unsubscribed`, `bounced`, `complained`: suppressed for every campaign, whatever else happens
 *   to the contact (merge, re-import) until someone records a new, explicit consent;
 * - `none`: nothing recorded (the default of an address without a MarketingConsent row).
 */

export const consentStates = ["opt_in", "b2b_interest", "unsubscribed", "bounced", "complained", "none"] as const;
export type ConsentState = (typeof consentStates)[number];

export const consentSources = ["form", "portal", "import", "manual", "unsubscribe", "bounce", "complaint", "api"] as const;
export type ConsentSource = (typeof consentSources)[number];

/** What staff may record by hand: a consent given another way, or the person's request to stop. */
export const staffConsentStates = ["opt_in", "b2b_interest", "unsubscribed"] as const satisfies readonly ConsentState[];

/** States that may receive a campaign. */
export const mailableConsentStates = ["opt_in", "b2b_interest"] as const satisfies readonly ConsentState[];
/** States no campaign may ever mail (the suppression list). */
export const suppressedConsentStates = ["unsubscribed", "bounced", "complained"] as const satisfies readonly ConsentState[];

export function isConsentState(value: unknown): value is ConsentState {
  return typeof value === "string" && (consentStates as readonly string[]).includes(value);
}

export function isMailable(state: string): boolean {
  return (mailableConsentStates as readonly string[]).includes(state);
}

export function isSuppressed(state: string): boolean {
  return (suppressedConsentStates as readonly string[]).includes(state);
}

/** The state of a contact's primary address among their consent rows (`none` when it has none). */
export function primaryConsentState(primaryAddress: string, consents: ReadonlyArray<{ address: string; state: string }>): ConsentState {
  const state = consents.find((consent) => consent.address === primaryAddress)?.state;
  return isConsentState(state) ? state : "none";
}
