import { z } from "zod";
import { marketingOptInSchema } from "~/domain/marketing/consent/opt-in";
import { cleanMultiline, cleanSingleLine } from "./clean-text";

/**
 * The public request form and its settings: limits, fields and validation shared by the action
 * (which enforces) and the page (which shows the limits and keeps what was typed).
 */

/** Types a customer may choose on the form; "other" is for agents only. */
export const webRequestTypes = ["information", "incident", "complaint"] as const;
export type WebRequestType = (typeof webRequestTypes)[number];

export const webFormLimits = {
  name: 120,
  email: 254,
  phone: 40,
  company: 120,
  subject: 200,
  description: 20_000,
} as const;

/** Field names. The honeypot has a plausible name bots like to fill; people never see it. */
export const webFormFields = {
  token: "jeton",
  honeypot: "site_web",
  files: "pieces_jointes",
} as const;

const required = (limit: number, clean: (value: unknown) => string = cleanSingleLine) =>
  z.preprocess(clean, z.string().min(1, "validation.required").max(limit, "validation.tooLong"));

const optional = (limit: number) => z.preprocess(cleanSingleLine, z.string().max(limit, "validation.tooLong"));

export const emailField = z.preprocess(
  (value) => cleanSingleLine(value).toLowerCase(),
  z.string().min(1, "validation.required").max(webFormLimits.email, "validation.tooLong").email("validation.email"),
);

const phoneField = optional(webFormLimits.phone).refine((value) => value === "" || /^\+?[0-9 ().\-/]{6,}$/.test(value), "portal.form.phoneInvalid");

/** The form as configured: only the offered types are accepted. */
export function webRequestSchema(offeredTypes: readonly WebRequestType[]) {
  return z.object({
    name: required(webFormLimits.name),
    email: emailField,
    phone: phoneField,
    company: optional(webFormLimits.company),
    type: z.preprocess(
      (value) => (typeof value === "string" ? value : ""),
      z.string().refine((value) => (offeredTypes as readonly string[]).includes(value), "validation.choose"),
    ) as z.ZodType<WebRequestType>,
    subject: required(webFormLimits.subject),
    description: required(webFormLimits.description, cleanMultiline),
    /** The explicit, unticked marketing opt-in (app/domain/marketing/consent/opt-in.ts). */
    marketingOptIn: marketingOptInSchema,
  });
}
export type WebRequestFields = z.infer<ReturnType<typeof webRequestSchema>>;

/** A request opened from the portal: the customer is known, so only the request itself. */
export function portalRequestSchema(offeredTypes: readonly WebRequestType[]) {
  return webRequestSchema(offeredTypes).pick({ type: true, subject: true, description: true, marketingOptIn: true });
}

/** Replies typed in the portal. */
export const portalReplySchema = z.object({
  body: required(webFormLimits.description, cleanMultiline),
});

// ───────────────────────────── settings (Administration) ─────────────────────────────

export const webFormSettingLimits = { title: 120, intro: 1000 } as const;

export type WebFormSettings = {
  /** Empty: the default title in the visitor's language. */
  titleFr: string;
  titleEn: string;
  introFr: string;
  introEn: string;
  types: WebRequestType[];
};

export const defaultWebFormSettings: WebFormSettings = { titleFr: "", titleEn: "", introFr: "", introEn: "", types: [...webRequestTypes] };

export const webFormSettingsSchema = z.object({
  titleFr: optional(webFormSettingLimits.title),
  titleEn: optional(webFormSettingLimits.title),
  introFr: z.preprocess(cleanMultiline, z.string().max(webFormSettingLimits.intro, "validation.tooLong")),
  introEn: z.preprocess(cleanMultiline, z.string().max(webFormSettingLimits.intro, "validation.tooLong")),
  types: z.preprocess(
    (value) => (value === undefined ? [] : [value].flat()),
    z.array(z.enum(webRequestTypes, { message: "validation.choose" })).min(1, "portal.admin.typesRequired"),
  ),
});

/** How long after a ticket is solved the customer may reopen it from the portal. */
export const reopenDaysLimits = { min: 0, max: 365, default: 14 } as const;

export const portalSettingsSchema = z.object({
  reopenDays: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value),
    z.number({ message: "portal.admin.reopenDaysInvalid" }).int("portal.admin.reopenDaysInvalid").min(reopenDaysLimits.min, "portal.admin.reopenDaysInvalid").max(reopenDaysLimits.max, "portal.admin.reopenDaysInvalid"),
  ),
});
