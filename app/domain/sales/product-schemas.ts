import { z } from "zod";
import { amountCentsField, unitField, vatRateField } from "./money-fields";

/**
 * The product form (price list), shared by the actions and the UI. A reference is a short code
 * printed on quotes ("MAINT-STD"): letters, digits and - _ . / only, stored upper-case.
 */
export const productFormSchema = z.object({
  reference: z
    .string({ required_error: "validation.required" })
    .trim()
    .toUpperCase()
    .min(1, "validation.required")
    .max(40, "validation.tooLong")
    .regex(/^[A-Z0-9][A-Z0-9\-_./]*$/, "sales.product.validation.reference"),
  name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "validation.tooLong"),
  description: z.string().trim().max(2000, "validation.tooLong").default(""),
  unit: unitField(),
  unitPrice: amountCentsField(),
  vatRate: vatRateField(),
  /** The product's updatedAt when the form was loaded (edits only). */
  version: z.string().max(40).optional(),
});
export type ProductInput = z.infer<typeof productFormSchema>;

/** The list's filters, read from the URL. */
export const productStates = ["active", "inactive", "all"] as const;
export type ProductState = (typeof productStates)[number];

/** The URL parameter of each state filter of /ventes/produits. */
export const productStateParams: Record<ProductState, string> = { active: "actifs", inactive: "inactifs", all: "tous" };

/** `?etat=actifs|inactifs|tous&q=` of the price list, read once for the page and its export. */
export function productListSearch(params: URLSearchParams): { state: ProductState; search: string } {
  return {
    state: productStates.find((candidate) => productStateParams[candidate] === params.get("etat")) ?? "active",
    search: (params.get("q") ?? "").trim().slice(0, 100),
  };
}
