import type { MessageKey } from "~/lib/i18n/messages/fr";

/**
 * A business rule refused the operation. `code` is a translation key the UI shows as is;
 * `field` names the form field it belongs to, when there is one.
 */
export class DomainError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly field?: string,
  ) {
    super(code);
    this.name = "DomainError";
  }
}
