import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Signing per Standard Webhooks (https://www.standardwebhooks.com/): a `whsec_<base64>` secret
 * per endpoint; each request carries `webhook-id` (the same on every attempt of a delivery, so
 * the receiver can drop duplicates), `webhook-timestamp` (Unix seconds of this attempt) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. During a secret rotation
 * the header carries two signatures, space-separated: any Standard Webhooks library accepts the
 * request when one of them matches.
 */

export const WEBHOOK_USER_AGENT = "Comptoir-Webhooks/1.0 (+https://www.standardwebhooks.com/)";

/** A new endpoint secret: 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64")}`;
}

export function isWebhookSecret(value: string): boolean {
  return /^whsec_[A-Za-z0-9+/]{40,}={0,2}$/.test(value);
}

/** The headers of one attempt: signed with every secret given (the current one first). */
export function signedWebhookHeaders(input: { webhookId: string; timestamp: Date; body: string; secrets: readonly string[] }): Record<string, string> {
  const signatures = input.secrets.map((secret) => new Webhook(secret).sign(input.webhookId, input.timestamp, input.body));
  return {
    "content-type": "application/json",
    "user-agent": WEBHOOK_USER_AGENT,
    "webhook-id": input.webhookId,
    "webhook-timestamp": String(Math.floor(input.timestamp.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
