/**
 * What erased personal data is replaced with, and how a piece of text is cleared of a person's
 * identifiers. Pure rules shared by the erasure (erasure.server.ts) and its tests.
 *
 * Stored replacements are neutral French labels (the data of a French workspace); they carry no
 * trace of the person and stay the same whatever the reader's language.
 */

/** The erased contact's last name (first name, job title and phone are emptied). */
export const ERASED_CONTACT_NAME = "Contact effacé";
/** The subject of a ticket the erased person requested. */
export const ERASED_TICKET_SUBJECT = "Demande anonymisée";
/** The body of every message of their tickets, and of the messages they wrote elsewhere. */
export const ERASED_MESSAGE_BODY = "[Message effacé à la demande de la personne (RGPD)]";
/** What replaces an identifier found inside someone else's text (an audit line, another ticket). */
export const ERASED_MARK = "[effacé]";
/** The subject and body of a stored mail to or from the erased person. */
export const ERASED_MAIL_SUBJECT = "[Courriel effacé (RGPD)]";
/** A sales activity about the person. */
export const ERASED_ACTIVITY_SUBJECT = "Activité (contact effacé)";

/**
 * The identifiers of a person that are searched for and replaced in text that is not theirs
 * (audit details, event and webhook payloads, other people's messages): every address, the
 * phone number, and the full name in both orders. A first or last name alone is not an
 * identifier here: « Martin » in a colleague's note may be anyone, and erasing one person must not
 * damage the records of others. Values shorter than 4 characters are left out for the same reason.
 */
export function personIdentifiers(person: { firstName: string; lastName: string; phone: string; addresses: readonly string[] }): string[] {
  const first = person.firstName.trim();
  const last = person.lastName.trim();
  const candidates = [
    ...person.addresses.map((address) => address.trim().toLowerCase()),
    person.phone.trim(),
    first && last ? `${first} ${last}` : "",
    first && last ? `${last} ${first}` : "",
  ];
  const unique = new Set(candidates.filter((value) => value.length >= 4));
  // Longest first, so that "marie.dupont@x.fr" is replaced before a shorter value inside it.
  return [...unique].sort((a, b) => b.length - a.length);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The text with every identifier replaced (case-insensitive); the same text when none is found. */
export function withoutIdentifiers(text: string, identifiers: readonly string[], mark = ERASED_MARK): string {
  if (identifiers.length === 0 || text.length === 0) return text;
  const pattern = new RegExp(identifiers.map(escapeRegExp).join("|"), "gi");
  return text.replace(pattern, mark);
}

/**
 * The same, for JSON text (audit details, event payloads): identifiers are matched as they are
 * encoded inside JSON strings, so the result is still valid JSON with the same shape.
 */
export function jsonWithoutIdentifiers(json: string, identifiers: readonly string[]): string {
  const encoded = identifiers.map((identifier) => JSON.stringify(identifier).slice(1, -1));
  return withoutIdentifiers(json, encoded, ERASED_MARK);
}

/** Whether the text holds one of the identifiers (case-insensitive). */
export function mentionsIdentifier(text: string, identifiers: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return identifiers.some((identifier) => lower.includes(identifier.toLowerCase()));
}
