import crypto from "node:crypto";
import { env } from "../env.server";
import { derivedKey } from "../secret-box.server";

/**
 * Our RFC 5322 Message-IDs carry a signature: `<random.hmac@domain>`, where `random` is 128 random
 * bits and `hmac` the full-length HMAC-SHA256 of `random@domain` under a key derived from
 * SESSION_SECRET (both in lower-case hex, so a mail client that changes case cannot break them).
 * A reply naming one of these IDs is attributed to its ticket only when the signature verifies:
 * an In-Reply-To copied from elsewhere or invented can never post into someone else's ticket.
 */

const PURPOSE = "message-id-v1";

function signature(random: string, domain: string, key: Buffer): string {
  return crypto.createHmac("sha256", key).update(`${random}@${domain}`).digest("hex");
}

/** A new signed Message-ID, angle brackets included. */
export function generateMessageId(domain = env().mail.messageIdDomain, key = derivedKey(PURPOSE)): string {
  const random = crypto.randomBytes(16).toString("hex");
  return `<${random}.${signature(random, domain.toLowerCase(), key)}@${domain.toLowerCase()}>`;
}

/** "<a@b>", " a@b " → "<a@b>"; null for anything that is not one id. */
export function normaliseMessageId(value: string | null | undefined): string | null {
  const trimmed = (value ?? "").trim().replace(/^<|>$/g, "").trim();
  if (!trimmed || /[\s<>]/.test(trimmed) || !trimmed.includes("@")) return null;
  return `<${trimmed}>`;
}

/** Every id in a References / In-Reply-To header value, in order, without duplicates. */
export function messageIdsIn(header: string | string[] | null | undefined): string[] {
  const text = Array.isArray(header) ? header.join(" ") : (header ?? "");
  const found = new Set<string>();
  for (const match of text.matchAll(/<([^<>\s]+@[^<>\s]+)>/g)) found.add(`<${match[1]}>`);
  // Some clients drop the angle brackets.
  if (found.size === 0) for (const word of text.split(/[\s,]+/)) { const id = normaliseMessageId(word); if (id) found.add(id); }
  return [...found];
}

/** True when the id has our shape and its HMAC verifies (constant-time comparison). */
export function isOurSignedMessageId(messageId: string, key = derivedKey(PURPOSE)): boolean {
  const match = /^<([0-9a-f]{32})\.([0-9a-f]{64})@([^<>\s@]+)>$/.exec(messageId.trim().toLowerCase());
  if (!match) return false;
  const [, random, given, domain] = match;
  const expected = Buffer.from(signature(random, domain, key), "hex");
  return crypto.timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/** True when the id merely looks like one of ours (the signature is not checked): a forgery or a damaged id. */
export function looksLikeOurMessageId(messageId: string): boolean {
  return /^<[0-9a-f]{32}\.[0-9a-f]{64}@[^<>\s@]+>$/i.test(messageId.trim());
}
