/** Interventions: vocabulary and the forms' zod schemas, shared by the server and the UI. */
import { z } from "zod";
import { parseClock, parseIsoDate } from "./sla/business-calendar";

export const interventionKinds = ["onsite", "remote"] as const;
export type InterventionKind = (typeof interventionKinds)[number];

export const interventionStatuses = ["planned", "done", "cancelled"] as const;
export type InterventionStatus = (typeof interventionStatuses)[number];

/** The longest slot one can plan in one go (a working day and a bit). */
export const MAX_SLOT_MINUTES = 12 * 60;

const dateField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .refine((value) => parseIsoDate(value) !== null, "planning.validation.date");

const timeField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .refine((value) => parseClock(value) !== null && parseClock(value)! < 24 * 60, "planning.validation.time");

const slotShape = {
  technicianId: z.string({ required_error: "validation.choose" }).trim().min(1, "validation.choose"),
  date: dateField,
  startTime: timeField,
  endTime: timeField,
};

function refineSlot(value: { startTime: string; endTime: string }, context: z.RefinementCtx) {
  const start = parseClock(value.startTime);
  const end = parseClock(value.endTime);
  if (start === null || end === null) return;
  if (end <= start) context.addIssue({ code: z.ZodIssueCode.custom, path: ["endTime"], message: "planning.validation.endAfterStart" });
  else if (end - start > MAX_SLOT_MINUTES) context.addIssue({ code: z.ZodIssueCode.custom, path: ["endTime"], message: "planning.validation.slotTooLong" });
}

export const planInterventionSchema = z
  .object({
    ...slotShape,
    kind: z.enum(interventionKinds, { errorMap: () => ({ message: "validation.choose" }) }),
    address: z.string().trim().max(500, "validation.tooLong").default(""),
    notes: z.string().trim().max(5000, "validation.tooLong").default(""),
  })
  // An empty address for an on-site intervention falls back to the company's; the domain
  // refuses it (on the address field) only when the ticket has no company address either.
  .superRefine(refineSlot);
export type PlanInterventionForm = z.infer<typeof planInterventionSchema>;

export const rescheduleInterventionSchema = z.object({ interventionId: z.string().min(1, "validation.required"), ...slotShape }).superRefine(refineSlot);
export type RescheduleInterventionForm = z.infer<typeof rescheduleInterventionSchema>;

export const interventionReportSchema = z.object({
  interventionId: z.string().min(1, "validation.required"),
  report: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(20_000, "validation.tooLong"),
});

export const cancelInterventionSchema = z.object({
  interventionId: z.string().min(1, "validation.required"),
  reason: z.string().trim().max(1000, "validation.tooLong").default(""),
});
