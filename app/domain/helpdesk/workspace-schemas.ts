import { z } from "zod";
import { emailField } from "~/domain/identity/user-schemas";
import { ticketPriorities, ticketStatuses, ticketTypes } from "./ticket-vocabulary";

/**
 * The agent workspace's forms, validated by the same schemas in the actions and described to the
 * UI. Messages are translation keys shown next to the field.
 */

const choose = { errorMap: () => ({ message: "validation.choose" }) };

/** The ticket version the form was loaded with, and when: the optimistic lock and "what changed since". */
const lockFields = {
  version: z.coerce.number({ errorMap: () => ({ message: "helpdesk.staleForm" }) }).int("helpdesk.staleForm").positive("helpdesk.staleForm"),
  loadedAt: z.coerce.date({ errorMap: () => ({ message: "helpdesk.staleForm" }) }),
};

/** Statuses a public reply can be "submitted as" (Zendesk's submit-as). */
export const replyStatuses = ["open", "pending_customer", "on_hold", "solved"] as const;

export const MAX_BODY_LENGTH = 50_000;

export const replySchema = z
  .object({
    ...lockFields,
    visibility: z.enum(["public", "internal"], choose),
    body: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(MAX_BODY_LENGTH, "validation.tooLong"),
    /** Public reply: the status to submit as. Internal note: empty keeps the status. */
    statusAfter: z.union([z.enum(replyStatuses), z.literal("")], choose).default(""),
  })
  .refine((value) => value.visibility === "internal" || value.statusAfter !== "", { path: ["statusAfter"], message: "validation.choose" });
export type ReplyForm = z.infer<typeof replySchema>;

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** "Réseau, urgent-client" → ["réseau", "urgent-client"]: trimmed, lower-cased, without duplicates, sorted. */
export function parseTagList(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort();
}

const tagList = z
  .string()
  .default("")
  .transform((text) => parseTagList(text))
  .refine((tags) => tags.length <= MAX_TAGS, "helpdesk.fields.tooManyTags")
  .refine((tags) => tags.every((tag) => tag.length <= MAX_TAG_LENGTH), "helpdesk.fields.tagTooLong");

const optionalId = z.string().trim().max(64, "validation.choose").default("");

/**
 * The side panel's fields. Each one comes with the value the agent saw when loading the page
 * (`loaded_*`): only the fields they changed are saved, so re-applying after a conflict never
 * reverts what a colleague changed in the meantime.
 */
export const fieldsSchema = z.object({
  ...lockFields,
  status: z.enum(ticketStatuses, choose),
  priority: z.enum(ticketPriorities, choose),
  type: z.enum(ticketTypes, choose),
  groupId: optionalId,
  assigneeId: optionalId,
  tags: tagList,
  loaded_status: z.string().default(""),
  loaded_priority: z.string().default(""),
  loaded_type: z.string().default(""),
  loaded_groupId: z.string().default(""),
  loaded_assigneeId: z.string().default(""),
  loaded_tags: z.string().default("").transform((text) => parseTagList(text)),
});
export type FieldsForm = z.infer<typeof fieldsSchema>;

export const lockSchema = z.object(lockFields);

export const mergeSchema = z.object({
  ...lockFields,
  targetNumber: z.coerce
    .number({ invalid_type_error: "helpdesk.merge.numberRequired" })
    .int("helpdesk.merge.numberRequired")
    .positive("helpdesk.merge.numberRequired")
    .max(2_000_000_000, "helpdesk.merge.numberRequired"),
});

export const phoneTicketSchema = z
  .object({
    requesterId: z.string().trim().max(64).default(""),
    name: z.string().trim().max(120, "validation.tooLong").default(""),
    /** Optional when a contact was chosen; checked as an address as soon as something is typed. */
    email: z
      .string()
      .trim()
      .max(254, "validation.tooLong")
      .default("")
      .transform((value) => value.toLowerCase())
      .refine((value) => value === "" || emailField.safeParse(value).success, "validation.email"),
    phone: z.string().trim().max(40, "validation.tooLong").default(""),
    companyName: z.string().trim().max(120, "validation.tooLong").default(""),
    subject: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(250, "validation.tooLong"),
    body: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(MAX_BODY_LENGTH, "validation.tooLong"),
    type: z.enum(ticketTypes, choose),
    priority: z.enum(ticketPriorities, choose),
    groupId: optionalId,
    assignToMe: z
      .union([z.literal("on"), z.literal("true"), z.literal("false"), z.undefined()])
      .transform((value) => value === "on" || value === "true"),
  })
  .superRefine((value, context) => {
    if (value.requesterId) return;
    // A new caller: an address to answer them, and a name to greet them.
    if (!value.email) context.addIssue({ code: "custom", path: ["email"], message: "helpdesk.phone.emailRequired" });
    if (!value.name) context.addIssue({ code: "custom", path: ["name"], message: "validation.required" });
  });
export type PhoneTicketForm = z.infer<typeof phoneTicketSchema>;

export const cannedReplySchema = z.object({
  title: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
  body: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(10_000, "validation.tooLong"),
  version: z.coerce.date().optional(),
});
