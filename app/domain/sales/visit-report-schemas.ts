import { z } from "zod";
import { parseClock, parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";

/** A report has at most this many next steps and discussed tickets. */
export const MAX_NEXT_STEPS = 30;
export const MAX_REPORT_TICKETS = 50;

const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : null));

/** A form field that may come once or repeated (checkbox groups, repeated rows). */
const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : [value].flat().map((item) => item.trim())));

const longText = z.string().trim().max(10_000, "validation.tooLong").optional().default("");

/**
 * The visit report form (create and edit). The date and time of the visit are local to the
 * workspace. Next steps come as aligned repeated fields (`nextStepId`, `nextStepText`,
 * `nextStepDue`): a row left empty is ignored, a due date without text is refused on its row.
 * Tickets discussed come as repeated `ticketIds`.
 */
export const visitReportSchema = z
  .object({
    date: z
      .string({ required_error: "validation.required" })
      .trim()
      .min(1, "validation.required")
      .refine((value) => parseIsoDate(value) !== null, "sales.activity.validation.date"),
    time: z
      .string({ required_error: "validation.required" })
      .trim()
      .min(1, "validation.required")
      .refine((value) => parseClock(value) !== null && parseClock(value)! < 24 * 60, "sales.activity.validation.time"),
    companyId: optionalId,
    contactId: optionalId,
    dealId: optionalId,
    activityId: optionalId,
    attendees: z.string().trim().max(500, "validation.tooLong").optional().default(""),
    objectives: longText,
    discussion: longText,
    outcome: longText,
    ticketIds: repeated.refine((ids) => ids.length <= MAX_REPORT_TICKETS, "validation.tooLong"),
    nextStepId: repeated,
    nextStepText: repeated,
    nextStepDue: repeated,
  })
  .superRefine((value, context) => {
    const issue = (path: Array<string | number>, message: string) => context.addIssue({ code: z.ZodIssueCode.custom, path, message });
    if (!value.companyId) issue(["companyId"], "validation.required");
    if (!value.objectives && !value.discussion && !value.outcome) issue(["discussion"], "sales.visit.validation.empty");
    let steps = 0;
    value.nextStepText.forEach((text, index) => {
      const due = value.nextStepDue[index] ?? "";
      if (!text && !due) return;
      steps += 1;
      if (!text) issue(["nextStepText", index], "sales.visit.validation.stepText");
      else if (text.length > 500) issue(["nextStepText", index], "validation.tooLong");
      if (due && parseIsoDate(due) === null) issue(["nextStepDue", index], "sales.activity.validation.date");
    });
    if (steps > MAX_NEXT_STEPS) issue(["nextStepText"], "sales.visit.validation.tooManySteps");
  })
  .transform(({ nextStepId, nextStepText, nextStepDue, ticketIds, ...report }) => ({
    ...report,
    ticketIds: [...new Set(ticketIds.filter(Boolean))],
    nextSteps: nextStepText
      .map((text, index) => ({ id: nextStepId[index] || null, text, dueDate: nextStepDue[index] || null }))
      .filter((step) => step.text !== ""),
  }));
export type VisitReportForm = z.infer<typeof visitReportSchema>;

export const visitReportUpdateSchema = visitReportSchema.and(z.object({ version: z.coerce.number().int().min(1) }));

/** "Créer la tâche" on a next step. */
export const nextStepTaskSchema = z.object({ stepId: z.string().trim().min(1, "validation.required").max(64, "validation.tooLong") });
