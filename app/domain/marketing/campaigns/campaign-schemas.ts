import { z } from "zod";
import { parseAmountCents } from "~/domain/sales/money";

/**
 * The campaign form, shared by the editor and its action: every field a translation-key error
 * next to its input. The cost is typed the French way ("1 250,50 €") and kept in cents.
 */

export const MAX_TEST_RECIPIENTS = 5;
export const MAX_MJML_LENGTH = 200_000;

const text = (max: number) => z.string().default("").transform((value) => value.trim()).pipe(z.string().max(max, "validation.tooLong"));
const address = z.string().trim().toLowerCase().max(254, "validation.tooLong").email("validation.email");

export const campaignFormSchema = z.object({
  version: z.coerce.number().int().min(0).default(0),
  name: text(160).pipe(z.string().min(1, "validation.required")),
  segmentIds: z.preprocess((value) => (Array.isArray(value) ? value : value ? [value] : []), z.array(z.string().min(1).max(64)).max(20)),
  fromName: text(120).pipe(z.string().min(1, "validation.required")),
  fromAddress: address,
  replyTo: z.union([z.literal(""), address]).default(""),
  subject: text(250),
  preheader: text(250),
  language: z.enum(["fr", "en"], { errorMap: () => ({ message: "validation.choose" }) }).default("fr"),
  mjml: z.string().default("").pipe(z.string().max(MAX_MJML_LENGTH, "validation.tooLong")),
  text: z.string().default("").pipe(z.string().max(MAX_MJML_LENGTH, "validation.tooLong")),
  textEdited: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
  excludeOpenIncidents: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
  ratePerMinute: z.coerce.number({ invalid_type_error: "campaign.validation.number" }).int("campaign.validation.number").min(1, "campaign.validation.rate").max(6000, "campaign.validation.rate"),
  cost: z
    .string()
    .default("")
    .transform((value, context) => {
      if (value.trim() === "") return null;
      const parsed = parseAmountCents(value, 100_000_000_00);
      if (!parsed.ok) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error });
        return z.NEVER;
      }
      return parsed.value;
    }),
  attributionDays: z.coerce.number({ invalid_type_error: "campaign.validation.number" }).int("campaign.validation.number").min(1, "campaign.validation.attribution").max(365, "campaign.validation.attribution"),
});
export type CampaignForm = z.infer<typeof campaignFormSchema>;

export const testSendSchema = z.object({
  addresses: z
    .string()
    .default("")
    .transform((value, context) => {
      const list = [...new Set(value.split(/[\s,;]+/).map((entry) => entry.trim().toLowerCase()).filter(Boolean))];
      if (list.length === 0) context.addIssue({ code: z.ZodIssueCode.custom, message: "validation.required" });
      else if (list.length > MAX_TEST_RECIPIENTS) context.addIssue({ code: z.ZodIssueCode.custom, message: "campaign.validation.tooManyTestAddresses" });
      else if (list.some((entry) => !z.string().email().max(254).safeParse(entry).success)) context.addIssue({ code: z.ZodIssueCode.custom, message: "validation.email" });
      return list;
    }),
});
