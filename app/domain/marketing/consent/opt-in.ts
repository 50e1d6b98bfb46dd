import { z } from "zod";

/**
 * The explicit opt-in offered on the public form and in the portal: an UNTICKED box, with a clear
 * sentence (consent.optIn.*). Ticked, it records `opt_in` (source form / portal); unticked, it
 * records nothing: consent is never inferred from a request for help.
 */
export const MARKETING_OPT_IN_FIELD = "marketingOptIn";

/** A checkbox's value: only a ticked box ("on") is consent. */
export const marketingOptInSchema = z.preprocess((value) => value === "on", z.boolean());
