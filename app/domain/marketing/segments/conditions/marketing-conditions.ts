import { z } from "zod";
import { consentStates } from "../../consent/consent-states";
import { defineCondition } from "../segment-condition";

/** The contact's primary address, the one campaigns write to. */
export const primaryAddressSql = `(SELECT e."address" FROM "ContactEmail" e WHERE e."contactId" = c."id" ORDER BY e."isPrimary" DESC, e."address" LIMIT 1)`;

/** The consent state of the contact's primary address (`none` when nothing was recorded). */
export const primaryConsentStateSql = `COALESCE((SELECT mc."state" FROM "MarketingConsent" mc WHERE mc."address" = ${primaryAddressSql}), 'none')`;

export const consentStateCondition = defineCondition({
  kind: "marketing.consentState",
  family: "marketing",
  params: z.object({ states: z.array(z.enum(consentStates)).min(1, "validation.choose") }),
  describe: ({ states }, { t }) => t("segment.condition.consentState", { states: states.map((state) => t(`consent.state.${state}`)).join(", ") }),
  predicate: ({ states }) => ({ sql: `${primaryConsentStateSql} IN (${states.map(() => "?").join(", ")})`, values: [...states] }),
  value: () => ({ sql: primaryConsentStateSql, values: [] }),
  displayValue: (value, _params, { t }) => (typeof value === "string" && (consentStates as readonly string[]).includes(value) ? t(`consent.state.${value as (typeof consentStates)[number]}`) : "—"),
});
