import { z } from "zod";
import { targetField, type SlaTargetName } from "~/domain/helpdesk/sla/sla-settings";
import { ticketPriorities, type TicketPriority } from "~/domain/helpdesk/ticket-vocabulary";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { contractRenewals } from "./contract-status";
import { dayField } from "./document-dates";
import { MAX_STORED_CENTS, parseAmountCents } from "./money";

/**
 * The contract forms (shared by the actions and the pages). A contract's SLA targets are given per
 * ticket priority, in hours and minutes like Administration › SLA (fields "urgentFirstResponseHours"
 * …); a priority left unticked keeps the workspace's targets.
 */

const optionalId = z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null), z.string().max(40).nullable().default(null));

export type ContractSlaTargets = Partial<Record<TicketPriority, { firstResponseMinutes: number; resolutionMinutes: number }>>;

export const contractSlaField = (priority: TicketPriority) => `${priority}Sla`;

const MAX_TARGET_HOURS = 9999;

function readTarget(form: Record<string, unknown>, priority: TicketPriority, target: SlaTargetName): { minutes: number | null; field: string; message?: MessageKey } {
  const hoursField = targetField(priority, target, "Hours");
  const minutesField = targetField(priority, target, "Minutes");
  const hours = String(form[hoursField] ?? "").trim();
  const minutes = String(form[minutesField] ?? "").trim();
  if (!hours && !minutes) return { minutes: null, field: hoursField, message: "validation.required" };
  if (hours && (!/^\d+$/.test(hours) || Number(hours) > MAX_TARGET_HOURS)) return { minutes: null, field: hoursField, message: "planning.sla.targets.hoursInvalid" };
  if (minutes && (!/^\d+$/.test(minutes) || Number(minutes) > 59)) return { minutes: null, field: minutesField, message: "planning.sla.targets.minutesInvalid" };
  const total = Number(hours || "0") * 60 + Number(minutes || "0");
  if (total === 0) return { minutes: null, field: hoursField, message: "planning.sla.targets.zero" };
  return { minutes: total, field: hoursField };
}

const contractFields = z.object({
  /** New contracts: the company (from the picker, resolved by the route). */
  companyId: optionalId,
  title: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "validation.tooLong"),
  ownerId: optionalId,
  startDate: dayField(),
  endDate: dayField(),
  yearlyAmount: z
    .string({ required_error: "validation.required" })
    .default("")
    .transform((text, context) => {
      const parsed = text.trim() === "" ? ({ ok: false, error: "validation.required" } as const) : parseAmountCents(text, MAX_STORED_CENTS);
      if (!parsed.ok) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error });
        return z.NEVER;
      }
      return parsed.value;
    }),
  renewal: z.enum(contractRenewals, { errorMap: () => ({ message: "validation.choose" }) }),
  reminderDays: z.coerce
    .number({ invalid_type_error: "sales.contract.validation.reminderDays" })
    .int("sales.contract.validation.reminderDays")
    .min(0, "sales.contract.validation.reminderDays")
    .max(365, "sales.contract.validation.reminderDays"),
  notes: z.string().trim().max(5000, "validation.tooLong").default(""),
  /** The version the form was loaded with (edits). */
  version: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(1).optional()),
});

/**
 * The whole form. The fields, the SLA targets and the date order are checked side by side, so one
 * submission reports every mistake (zod skips an object's refinements once one of its fields is
 * refused outright, as an unknown renewal type would be).
 */
export const contractFormSchema = z.record(z.unknown()).transform((raw, context) => {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  const fields = contractFields.passthrough().safeParse(raw);
  if (!fields.success) issues.push(...fields.error.issues.map((issue) => ({ path: issue.path, message: issue.message })));
  const sla: ContractSlaTargets = {};
  for (const priority of ticketPriorities) {
    if (raw[contractSlaField(priority)] !== "on") continue;
    const firstResponse = readTarget(raw, priority, "firstResponse");
    const resolution = readTarget(raw, priority, "resolution");
    for (const result of [firstResponse, resolution]) if (result.message) issues.push({ path: [result.field], message: result.message });
    if (firstResponse.minutes !== null && resolution.minutes !== null) {
      if (resolution.minutes < firstResponse.minutes) issues.push({ path: [resolution.field], message: "planning.sla.targets.resolutionBeforeResponse" });
      else sla[priority] = { firstResponseMinutes: firstResponse.minutes, resolutionMinutes: resolution.minutes };
    }
  }
  const start = dayField().safeParse(raw.startDate);
  const end = dayField().safeParse(raw.endDate);
  if (start.success && end.success && end.data.getTime() <= start.data.getTime()) issues.push({ path: ["endDate"], message: "sales.contract.validation.endAfterStart" });
  if (issues.length > 0 || !fields.success) {
    for (const issue of issues) context.addIssue({ code: z.ZodIssueCode.custom, path: issue.path, message: issue.message });
    return z.NEVER;
  }
  const form = fields.data;
  return {
    companyId: form.companyId,
    title: form.title,
    ownerId: form.ownerId,
    startDate: form.startDate,
    endDate: form.endDate,
    yearlyAmountCents: form.yearlyAmount,
    renewal: form.renewal,
    reminderDays: form.reminderDays,
    notes: form.notes,
    version: form.version,
    sla,
  };
});
export type ContractInput = z.infer<typeof contractFormSchema>;

export const contractCancelSchema = z.object({
  version: z.coerce.number({ invalid_type_error: "sales.quote.staleForm" }).int().min(1, "sales.quote.staleForm"),
  cancelledAt: dayField(),
  reason: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(500, "validation.tooLong"),
});
export type ContractCancelInput = z.infer<typeof contractCancelSchema>;
