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
