import { DomainError } from "~/domain/errors";
import type { MessageKey } from "~/lib/i18n/messages/fr";

/** The record that already owns an e-mail address or a domain someone tried to give to another. */
export type RecordOwner = { kind: "contact" | "company"; id: string; name: string };

/**
 * An address or a domain belongs to another record: refused, and the message names the owner
 * (and the UI links to it) so the user can open it or merge the two.
 */
export class OwnedByAnotherRecordError extends DomainError {
  constructor(
    code: MessageKey,
    field: string,
    readonly owner: RecordOwner,
  ) {
    super(code, field);
    this.name = "OwnedByAnotherRecordError";
  }
}

/** Where a customer record's page lives. */
export function customerPath(owner: Pick<RecordOwner, "kind" | "id">): string {
  return owner.kind === "company" ? `/clients/societes/${owner.id}` : `/clients/contacts/${owner.id}`;
}

/**
 * A refused save, as the form shows it: field messages, a form-level message, or an owner to
 * name and link. Null when the error is not a business refusal (the caller rethrows it).
 */
export function describeRefusal(
  error: unknown,
  values: Record<string, string | string[]>,
): { fieldErrors: Partial<Record<string, MessageKey>>; values: Record<string, string | string[]>; formError: MessageKey | null; conflict: { field: string; code: MessageKey; owner: RecordOwner } | null } | null {
  if (error instanceof OwnedByAnotherRecordError) {
    return { fieldErrors: { [error.field!]: error.code }, values, formError: null, conflict: { field: error.field!, code: error.code, owner: error.owner } };
  }
  if (error instanceof DomainError) {
    return { fieldErrors: error.field ? { [error.field]: error.code } : {}, values, formError: error.field ? null : error.code, conflict: null };
  }
  return null;
}
