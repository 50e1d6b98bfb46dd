import { z } from "zod";
import { fromZoned, isoDate, parseIsoDate, toZoned } from "~/domain/helpdesk/sla/business-calendar";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { parseAmountCents } from "./money";
import { PROSPECT_SOURCES } from "./lifecycle";

/**
 * The deal forms (create, edit, move), shared by the actions and the UI. Messages are translation
 * keys. Amounts are typed in euros ("12 500,50") and leave as integer cents; the expected close
 * date is a local day, stored as midday in the workspace's zone so it reads as that day anywhere.
 */

/** The fields the edit form carries twice (as loaded, `loaded_<name>`) so a conflict can show what changed. */
export const DEAL_EDITABLE_FIELDS = ["title", "companyId", "contactId", "ownerId", "amount", "expectedCloseDate", "source", "notes"] as const;
export type DealEditableField = (typeof DEAL_EDITABLE_FIELDS)[number];

const optionalId = z
  .string()
  .trim()
  .max(40, "validation.tooLong")
  .optional()
  .transform((value) => (value ? value : null));

const requiredId = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(40, "validation.tooLong");

/** The largest deal amount: 20 million euros (amounts are stored as 32-bit cents). */
export const MAX_DEAL_AMOUNT_CENTS = 2_000_000_000;

export const amountField = z
  .string()
  .optional()
  .transform((value, context) => {
    const typed = (value ?? "").trim();
    if (typed === "") return 0;
    const parsed = parseAmountCents(typed, MAX_DEAL_AMOUNT_CENTS);
    if (parsed.ok) return parsed.value;
    context.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        parsed.error === "sales.money.tooLarge"
          ? "sales.deal.validation.amountTooLarge"
          : parsed.error === "sales.money.tooManyDecimals"
            ? "sales.deal.validation.amountDecimals"
            : parsed.error === "sales.money.ambiguous"
              ? "sales.money.ambiguous"
              : "sales.deal.validation.amount",
    });
    return z.NEVER;
  });

/** A local day ("2026-03-31") → midday of that day in the workspace's zone; "" → null. */
export const localDayField = z
  .string()
  .optional()
  .transform((value, context) => {
    const typed = (value ?? "").trim();
    if (typed === "") return null;
    const date = parseIsoDate(typed);
    if (!date || date.year < 2000 || date.year > 2100) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: "sales.deal.validation.date" });
      return z.NEVER;
    }
    return fromZoned(date, 12 * 60, WORKSPACE_TIME_ZONE);
  });

/** The value a date input shows for a stored local day. */
export function localDayInput(value: Date | string | null): string {
  return value ? isoDate(toZoned(new Date(value), WORKSPACE_TIME_ZONE).date) : "";
}

export const dealFormSchema = z.object({
  title: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "validation.tooLong"),
  companyId: requiredId,
  contactId: optionalId,
  ownerId: requiredId,
  amount: amountField,
  expectedCloseDate: localDayField,
  source: z.enum(PROSPECT_SOURCES, { errorMap: () => ({ message: "validation.choose" }) }).default("other"),
  notes: z.string().trim().max(10_000, "validation.tooLong").optional().default(""),
});
export type DealForm = z.infer<typeof dealFormSchema>;

const versionField = z.coerce.number({ invalid_type_error: "sales.staleForm" }).int("sales.staleForm").min(1, "sales.staleForm");

export const dealUpdateSchema = dealFormSchema.extend({ version: versionField });
export type DealUpdateForm = z.infer<typeof dealUpdateSchema>;

/**
 * Moving a deal (kanban card, its menu, the deal page): the stage, the version the user saw, and
 * for a lost stage the reason (the domain refuses a lost stage without one) and a note.
 */
export const dealMoveSchema = z.object({
  dealId: z.string().trim().max(40).optional().default(""),
  stageId: requiredId.refine(Boolean, "validation.choose"),
  version: versionField,
  lossReasonId: optionalId,
  lossNote: z.string().trim().max(1000, "validation.tooLong").optional().default(""),
});
export type DealMoveForm = z.infer<typeof dealMoveSchema>;
