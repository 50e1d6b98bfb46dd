import { z } from "zod";
import { parseClock, parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";

/** What a sales activity is: a call or an email that took place, an appointment, a task to do. */
export const ACTIVITY_KINDS = ["call", "appointment", "task", "email"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const APPOINTMENT_MODES = ["onsite", "remote"] as const;
export type AppointmentMode = (typeof APPOINTMENT_MODES)[number];

/** The longest appointment one can plan. */
export const MAX_APPOINTMENT_MINUTES = 12 * 60;

export function isActivityKind(value: unknown): value is ActivityKind {
  return typeof value === "string" && (ACTIVITY_KINDS as readonly string[]).includes(value);
}

const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : null));

const dateField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .refine((value) => parseIsoDate(value) !== null, "sales.activity.validation.date");

const timeField = z
  .string()
  .trim()
  .optional()
  .transform((value) => value ?? "")
  .refine((value) => value === "" || (parseClock(value) !== null && parseClock(value)! < 24 * 60), "sales.activity.validation.time");

/**
 * The activity form (create and edit): dates and times are local to the workspace time zone.
 * Calls and emails: when they took place (the form proposes now) or are to be made; tasks: when
 * due, a day without a time meaning "in the day" (activity-time.ts); appointments: start and end
 * (end after start, at most 12 h), on site or remote, and a place. `done` is read on creation
 * only ("log a call" is a call done now); later the done / reopen buttons change it.
 */
export const activitySchema = z
  .object({
    kind: z.enum(ACTIVITY_KINDS, { errorMap: () => ({ message: "validation.choose" }) }),
    subject: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "validation.tooLong"),
    notes: z.string().trim().max(10_000, "validation.tooLong").optional().default(""),
    ownerId: optionalId,
    date: dateField,
    time: timeField,
    endTime: timeField,
    mode: z
      .string()
      .optional()
      .transform((value) => (value ? value : null))
      .refine((value) => value === null || (APPOINTMENT_MODES as readonly string[]).includes(value), "validation.choose"),
    location: z.string().trim().max(300, "validation.tooLong").optional().default(""),
    companyId: optionalId,
    contactId: optionalId,
    dealId: optionalId,
    ticketId: optionalId,
    done: z
      .string()
      .optional()
      .transform((value) => value === "on" || value === "true"),
  })
  .superRefine((value, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if ((value.kind === "call" || value.kind === "appointment") && !value.companyId && !value.contactId) {
      issue("companyId", "sales.activity.validation.customerRequired");
    }
    if (value.kind === "appointment") {
      if (!value.time) issue("time", "validation.required");
      if (!value.endTime) issue("endTime", "validation.required");
      if (!value.mode) issue("mode", "validation.choose");
      const start = parseClock(value.time);
      const end = parseClock(value.endTime);
      if (start !== null && end !== null && value.time && value.endTime) {
        if (end <= start) issue("endTime", "sales.activity.validation.endAfterStart");
        else if (end - start > MAX_APPOINTMENT_MINUTES) issue("endTime", "sales.activity.validation.tooLong");
      }
    }
  });
export type ActivityForm = z.infer<typeof activitySchema>;

export const activityUpdateSchema = activitySchema.and(z.object({ version: z.coerce.number().int().min(1) }));

export const activityDoneSchema = z.object({
  done: z.enum(["true", "false"]).transform((value) => value === "true"),
  version: z.coerce.number().int().min(1),
});

/** The agenda's quick "done" box: which activity, its state, and the version the page showed. */
export const agendaDoneSchema = activityDoneSchema.and(z.object({ activityId: z.string().trim().min(1, "validation.required").max(64, "validation.tooLong") }));

export const activityDeleteSchema = z.object({ version: z.coerce.number().int().min(1) });
