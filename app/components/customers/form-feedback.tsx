import { Link } from "@remix-run/react";
import { type ReactNode, useRef } from "react";
import { customerPath, type RecordOwner } from "~/domain/customers/customer-errors";
import type { FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useI18n } from "../i18n";

/** What a customer form's action answers when it refuses the form. */
export type CustomerFormFeedback = {
  fieldErrors: FieldErrors;
  values: Record<string, string | string[]>;
  formError?: MessageKey | null;
  /** An address or a domain that belongs to another record: the message names it and links to it. */
  conflict?: { field: string; code: MessageKey; owner: RecordOwner } | null;
};

/** Field messages in the user's language; a conflict message carries a link to the record that owns the value. */
export function useFormFeedback(feedback: CustomerFormFeedback | undefined) {
  const { t } = useI18n();
  // Each answer of the server gets a new number: list fields remount with what was submitted,
  // so their errors sit on the lines they are about.
  const seen = useRef<{ feedback: CustomerFormFeedback | undefined; version: number }>({ feedback, version: 0 });
  if (seen.current.feedback !== feedback) seen.current = { feedback, version: seen.current.version + 1 };
  const version = seen.current.version;
  const text = (field: string): string | null => {
    if (feedback?.conflict?.field === field) return t(feedback.conflict.code, { name: feedback.conflict.owner.name });
    const key = feedback?.fieldErrors[field];
    return key ? t(key) : null;
  };
  const node = (field: string): ReactNode | null => {
    const conflict = feedback?.conflict;
    if (conflict?.field === field) {
      return (
        <>
          {t(conflict.code, { name: conflict.owner.name })}{" "}
          <Link to={customerPath(conflict.owner)} className="font-medium underline">
            {t("customers.conflict.open")}
          </Link>
        </>
      );
    }
    return text(field);
  };
  const hasErrors = Boolean(feedback && (Object.keys(feedback.fieldErrors).length > 0 || feedback.conflict));
  const formError = feedback?.formError ? t(feedback.formError) : null;
  /** The value typed before the refusal, else the record's. */
  const value = (field: string, fallback: string): string => {
    const submitted = feedback?.values[field];
    return typeof submitted === "string" ? submitted : Array.isArray(submitted) ? (submitted[0] ?? fallback) : feedback ? "" : fallback;
  };
  const list = (field: string, fallback: string[]): string[] => {
    if (!feedback) return fallback;
    const submitted = feedback.values[field];
    return Array.isArray(submitted) ? submitted : typeof submitted === "string" ? [submitted] : [];
  };
  const checked = (field: string, fallback: boolean): boolean => (feedback ? feedback.values[field] === "on" : fallback);
  return { text, node, hasErrors, formError, value, list, checked, version };
}
