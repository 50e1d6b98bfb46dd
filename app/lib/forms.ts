import type { z } from "zod";
import type { MessageKey } from "./i18n/messages/fr";

export type FieldErrors = Partial<Record<string, MessageKey>>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; fieldErrors: FieldErrors; values: Record<string, string | string[]> };

/** Form fields as plain values; repeated names (checkbox groups) become arrays. */
export function formValues(form: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || name === "csrf") continue;
    const existing = values[name];
    values[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return values;
}

/** What the user typed, to show the form again; passwords are never sent back to the browser. */
export function submittedValues(form: FormData): Record<string, string | string[]> {
  const values = formValues(form);
  for (const name of Object.keys(values)) if (/password/i.test(name)) delete values[name];
  return values;
}

/**
 * Validates a submitted form with the zod schema shared with the UI. On failure returns the
 * first message of each field (a translation key) and what the user typed, so nothing is lost.
 */
export function parseForm<Schema extends z.ZodTypeAny>(form: FormData, schema: Schema): FormResult<z.infer<Schema>> {
  const result = schema.safeParse(formValues(form));
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "form";
    fieldErrors[field] ??= issue.message as MessageKey;
  }
  return { ok: false, fieldErrors, values: submittedValues(form) };
}
