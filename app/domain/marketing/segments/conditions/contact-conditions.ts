import { z } from "zod";
import { contactLanguages } from "~/domain/customers/customer-vocabulary";
import { defineCondition } from "../segment-condition";
import { DAY_MS, dayParam, dayStart, daysParam } from "./condition-params";

/** Conditions on the contact's own fields. */

/** The language mail is written to the contact in. */
export const contactLanguageCondition = defineCondition({
  kind: "contact.language",
  family: "contact",
  params: z.object({ language: z.enum(contactLanguages, { errorMap: () => ({ message: "validation.choose" }) }) }),
  describe: ({ language }, { t }) => t("segment.condition.contactLanguage", { language: t(`locale.${language}`) }),
  predicate: ({ language }) => ({ sql: `c."language" = ?`, values: [language] }),
  value: () => ({ sql: `c."language"`, values: [] }),
  displayValue: (value, _params, { t }) => (typeof value === "string" && value ? t(`locale.${value as "fr" | "en"}`) : "—"),
});

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** The job title contains a piece of text, whatever the case (« directeur » finds « Directeur achats »). */
export const contactJobTitleCondition = defineCondition({
  kind: "contact.jobTitle",
  family: "contact",
  params: z.object({ text: z.string({ invalid_type_error: "segment.validation.text" }).trim().min(1, "segment.validation.text").max(100, "segment.validation.text") }),
  describe: ({ text }, { t }) => t("segment.condition.contactJobTitle", { text }),
  predicate: ({ text }) => ({ sql: `lower(c."jobTitle") LIKE ? ESCAPE '\\'`, values: [likeContains(text)] }),
  value: () => ({ sql: `c."jobTitle"`, values: [] }),
  displayValue: (value) => (typeof value === "string" && value ? value : "—"),
});

export const createdWhens = ["before", "since", "within"] as const;

/**
 * When the contact was created: before a day (strictly), since a day (that day included), or in
 * the last N days (counted back from the moment the segment is evaluated).
 */
export const contactCreatedCondition = defineCondition({
  kind: "contact.created",
  family: "contact",
  params: z.discriminatedUnion(
    "when",
    [z.object({ when: z.literal("before"), day: dayParam }), z.object({ when: z.literal("since"), day: dayParam }), z.object({ when: z.literal("within"), days: daysParam })],
    { errorMap: () => ({ message: "validation.choose" }) },
  ),
  describe: (params, { t, format }) =>
    params.when === "within"
      ? t("segment.condition.contactCreatedWithin", { days: format.number(params.days) })
      : t(params.when === "before" ? "segment.condition.contactCreatedBefore" : "segment.condition.contactCreatedSince", { day: format.date(dayStart(params.day)) }),
  predicate: (params, { now, dateTime }) => {
    if (params.when === "within") return { sql: `c."createdAt" >= ?`, values: [dateTime(new Date(now.getTime() - params.days * DAY_MS))] };
    return { sql: `c."createdAt" ${params.when === "before" ? "<" : ">="} ?`, values: [dateTime(dayStart(params.day))] };
  },
  value: () => ({ sql: `c."createdAt"`, values: [] }),
  displayValue: (value, _params, { format }) => (typeof value === "string" || value instanceof Date ? format.date(value) : "—"),
});
