import crypto from "node:crypto";
import { env } from "~/lib/env.server";

/**
 * An erased person who had unsubscribed, bounced or complained must never be mailed again, even
 * when a colleague re-imports their address next year (docs/gdpr.md « Effacement », ADR 018). The
 * suppression outlives the address: MarketingConsent keeps, instead of the address, a keyed hash
 * of it (HMAC-SHA-256 with a key derived from the workspace secret), « effacé:<hex> ». The hash
 * cannot be read back into an address, and without the secret nobody can test guesses against it;
 * the one writer of consent (changeConsent) looks it up when an address has no row of its own.
 */

const PREFIX = "effacé:";

export function erasedSuppressionKey(address: string, secret = env().SESSION_SECRET): string {
  const key = crypto.createHmac("sha256", secret).update("comptoir.erased-suppression").digest();
  return PREFIX + crypto.createHmac("sha256", key).update(address.trim().toLowerCase()).digest("hex");
}

export function isErasedSuppressionKey(value: string): boolean {
  return value.startsWith(PREFIX);
}
