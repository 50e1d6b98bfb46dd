import { z } from "zod";
import { contactLanguages } from "~/domain/customers/customer-vocabulary";
import { defineCondition } from "../segment-condition";

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
