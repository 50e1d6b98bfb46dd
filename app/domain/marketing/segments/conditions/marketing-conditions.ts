import { z } from "zod";
import { consentStates } from "../../consent/consent-states";
import { defineCondition } from "../segment-condition";
import { choicesParam } from "./condition-params";

/** Conditions on marketing itself: consent and what the contact did with past campaigns. */

/** The contact's primary address, the one campaigns write to. */
export const primaryAddressSql = `(SELECT e."address" FROM "ContactEmail" e WHERE e."contactId" = c."id" ORDER BY e."isPrimary" DESC, e."address" LIMIT 1)`;

/** The consent state of the contact's primary address (`none` when nothing was recorded). */
export const primaryConsentStateSql = `COALESCE((SELECT mc."state" FROM "MarketingConsent" mc WHERE mc."address" = ${primaryAddressSql}), 'none')`;

export const consentStateCondition = defineCondition({
  kind: "marketing.consentState",
  family: "marketing",
  params: z.object({ states: choicesParam(consentStates) }),
  describe: ({ states }, { t }) => t("segment.condition.consentState", { states: states.map((state) => t(`consent.state.${state}`)).join(", ") }),
  predicate: ({ states }) => ({ sql: `${primaryConsentStateSql} IN (${states.map(() => "?").join(", ")})`, values: [...states] }),
  value: () => ({ sql: primaryConsentStateSql, values: [] }),
  displayValue: (value, _params, { t }) => (typeof value === "string" && (consentStates as readonly string[]).includes(value) ? t(`consent.state.${value as (typeof consentStates)[number]}`) : "—"),
});

export const campaignEvents = ["received", "opened", "clicked"] as const;
/** The delivery row's column that records each event (a sent mail was received; bounces are not). */
const eventColumn = { received: "sentAt", opened: "firstOpenedAt", clicked: "firstClickedAt" } as const;

/** The contact received / opened / clicked a given campaign (read from its delivery rows). */
export const campaignEngagementCondition = defineCondition({
  kind: "marketing.campaign",
  family: "marketing",
  params: z.object({
    campaignId: z.string({ invalid_type_error: "validation.choose" }).min(1, "validation.choose").max(64),
    campaignName: z.string().max(200).default(""),
    event: z.enum(campaignEvents, { errorMap: () => ({ message: "validation.choose" }) }),
  }),
  describe: ({ campaignName, campaignId, event }, { t }) => t(`segment.condition.campaign.${event}`, { campaign: campaignName || campaignId }),
  predicate: ({ campaignId, event }) => ({
    sql: `EXISTS (SELECT 1 FROM "CampaignRecipient" r WHERE r."contactId" = c."id" AND r."campaignId" = ? AND r."${eventColumn[event]}" IS NOT NULL AND r."status" <> 'bounced')`,
    values: [campaignId],
  }),
  value: ({ campaignId, event }) => ({
    sql: `(SELECT min(r."${eventColumn[event]}") FROM "CampaignRecipient" r WHERE r."contactId" = c."id" AND r."campaignId" = ? AND r."status" <> 'bounced')`,
    values: [campaignId],
  }),
  displayValue: (value, _params, { t, format }) => (typeof value === "string" || value instanceof Date ? format.dateTime(value) : t("segment.value.no")),
});
