import { z } from "zod";
import { apiScopes } from "./permissions";

/** How long a new token lives; "never" is allowed but the form proposes 90 days. */
export const API_TOKEN_LIFETIMES = ["30", "90", "365", "never"] as const;
export type ApiTokenLifetime = (typeof API_TOKEN_LIFETIMES)[number];

export function expiryFor(lifetime: ApiTokenLifetime, now: Date): Date | null {
  return lifetime === "never" ? null : new Date(now.getTime() + Number(lifetime) * 86_400_000);
}

/** The "new token" form of the account page (checkbox group `scopes`). */
export const apiTokenFormSchema = z.object({
  name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(100, "validation.tooLong"),
  scopes: z
    .union([z.string(), z.array(z.string())], { required_error: "api.tokens.validation.scopesRequired" })
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(apiScopes, { errorMap: () => ({ message: "validation.choose" }) })).min(1, "api.tokens.validation.scopesRequired")),
  lifetime: z.enum(API_TOKEN_LIFETIMES, { errorMap: () => ({ message: "validation.choose" }) }),
});
export type ApiTokenForm = z.infer<typeof apiTokenFormSchema>;
