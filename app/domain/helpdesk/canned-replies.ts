/**
 * Canned replies ("réponses types"): texts with placeholders such as {{client.prenom}}, filled for
 * the ticket at hand when an agent inserts one. Pure, shared by the server and the composer.
 *
 * Rules: spaces inside the braces are allowed ({{ client.prenom }}); a placeholder we do not know
 * is left as written (so a typo shows up in the reply instead of silently vanishing); a known
 * placeholder without a value for this ticket (no company, no first name) is also left as written
 * and reported, so the agent completes it before sending.
 */

export const cannedReplyPlaceholders = ["client.prenom", "client.nom", "ticket.numero", "ticket.sujet", "agent.nom", "societe.nom"] as const;
export type CannedReplyPlaceholder = (typeof cannedReplyPlaceholders)[number];

export type CannedReplyContext = Partial<Record<CannedReplyPlaceholder, string | number | null | undefined>>;

export type RenderedCannedReply = {
  text: string;
  /** Placeholders we do not know, as written (e.g. "{{client.prenon}}"), in order of appearance, once each. */
  unknown: string[];
  /** Known placeholders with no value for this ticket, e.g. "societe.nom", once each. */
  missing: CannedReplyPlaceholder[];
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function isCannedReplyPlaceholder(name: string): name is CannedReplyPlaceholder {
  return (cannedReplyPlaceholders as readonly string[]).includes(name);
}

/** Fills the placeholders of a canned reply for one ticket. */
export function renderCannedReply(body: string, context: CannedReplyContext): RenderedCannedReply {
  const unknown: string[] = [];
  const missing: CannedReplyPlaceholder[] = [];
  const text = body.replace(PLACEHOLDER, (whole, rawName: string) => {
    const name = rawName.toLowerCase();
    if (!isCannedReplyPlaceholder(name)) {
      if (!unknown.includes(whole)) unknown.push(whole);
      return whole;
    }
    const value = context[name];
    const filled = value === null || value === undefined ? "" : String(value).trim();
    if (!filled) {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return filled;
  });
  return { text, unknown, missing };
}

/** The placeholders of a template we do not know ("{{client.prenon}}"), for the admin form's error. */
export function unknownPlaceholders(body: string): string[] {
  return renderCannedReply(body, {}).unknown;
}

/** Known placeholders still written as such in a text about to be sent ("{{client.prenom}}"). */
export function leftoverPlaceholders(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1].toLowerCase();
    if (isCannedReplyPlaceholder(name) && !found.includes(match[0])) found.push(match[0]);
  }
  return found;
}
