import { z } from "zod";
import { webhookEventTypes } from "./webhook-events";

/**
 * The forms of Administration › Webhooks, shared by the actions and the pages. Messages are
 * translation keys. The URL's shape is checked here; where it leads (the SSRF policy, which
 * needs name resolution) is checked by the domain when the endpoint is saved.
 */

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

export const WEBHOOK_URL_MAX_LENGTH = 2000;

const webhookUrl = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(WEBHOOK_URL_MAX_LENGTH, "validation.tooLong")
  .superRefine((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: z.ZodIssueCode.custom, message: "webhooks.validation.url" });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") context.addIssue({ code: z.ZodIssueCode.custom, message: "webhooks.validation.scheme" });
    else if (url.username || url.password) context.addIssue({ code: z.ZodIssueCode.custom, message: "webhooks.validation.credentials" });
  });

export const webhookEndpointFormSchema = z.object({
  url: webhookUrl,
  description: z.string().trim().max(200, "validation.tooLong").default(""),
  events: z
    .union([z.string(), z.array(z.string())], { required_error: "webhooks.validation.eventsRequired" })
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(webhookEventTypes, { errorMap: () => ({ message: "validation.choose" }) })).min(1, "webhooks.validation.eventsRequired"))
    .transform((events) => webhookEventTypes.filter((type) => events.includes(type))),
  active: checkbox,
});
export type WebhookEndpointForm = z.infer<typeof webhookEndpointFormSchema>;

/** Editing carries the version the page loaded (optimistic locking). */
export const webhookEndpointUpdateSchema = webhookEndpointFormSchema.extend({
  version: z.coerce.number({ invalid_type_error: "validation.staleRecord" }).int().min(1, "validation.staleRecord"),
});
export type WebhookEndpointUpdateForm = z.infer<typeof webhookEndpointUpdateSchema>;

/** Revealing a stored secret asks for an explicit confirmation. */
export const revealSecretSchema = z.object({
  confirm: z.literal("on", { errorMap: () => ({ message: "webhooks.secret.confirmRequired" }) }),
});

/** The delivery log's status filter (`?etat=`). */
export const webhookDeliveryFilters = ["all", "queued", "delivered", "failed"] as const;
export type WebhookDeliveryFilter = (typeof webhookDeliveryFilters)[number];
