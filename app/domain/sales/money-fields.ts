import { z } from "zod";
import { parseAmountCents, parsePercentBps, parseQuantityMilli, parseVatRateBps, productUnits, type Parsed } from "./money";

/**
 * Form fields for money, shared by the product, quote and contract schemas: what a person typed
 * ("1 234,56", "5,5 %") becomes integer cents, basis points or thousandths, or a field error
 * (a translation key) next to the input.
 */

function parsedField(parse: (text: string) => Parsed, emptyMessage: "validation.required" | null = "validation.required", emptyValue = 0) {
  return z
    .string({ required_error: "validation.required", invalid_type_error: "validation.required" })
    .default("")
    .transform((text, context) => {
      if (text.trim() === "") {
        if (emptyMessage === null) return emptyValue;
        context.addIssue({ code: z.ZodIssueCode.custom, message: emptyMessage });
        return z.NEVER;
      }
      const parsed = parse(text);
      if (!parsed.ok) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error });
        return z.NEVER;
      }
      return parsed.value;
    });
}

/** A required amount in euros → cents. */
export const amountCentsField = () => parsedField((text) => parseAmountCents(text));
/** A required quantity → thousandths (zero refused). */
export const quantityMilliField = () => parsedField(parseQuantityMilli);
/** An optional percentage (empty = 0) → basis points, at most 100 %. */
export const discountBpsField = () => parsedField(parsePercentBps, null, 0);
/** One of the five French VAT rates, sent as basis points by the select. */
export const vatRateField = () =>
  z
    .string({ required_error: "validation.choose" })
    .default("")
    .transform((text, context) => {
      const parsed = parseVatRateBps(text);
      if (!parsed.ok) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "validation.choose" });
        return z.NEVER;
      }
      return parsed.value;
    });
export const unitField = () => z.enum(productUnits, { errorMap: () => ({ message: "validation.choose" }) });
