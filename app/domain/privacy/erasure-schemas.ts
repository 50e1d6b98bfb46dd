import { z } from "zod";

/** The word typed to confirm an erasure: « EFFACER » in French, « ERASE » in English, any case. */
export const ERASURE_CONFIRMATION_WORDS = ["EFFACER", "ERASE"] as const;

export const erasureFormSchema = z.object({
  confirmation: z
    .string()
    .trim()
    .default("")
    .refine((value) => (ERASURE_CONFIRMATION_WORDS as readonly string[]).includes(value.toUpperCase()), "privacy.erasure.confirmMismatch"),
});
