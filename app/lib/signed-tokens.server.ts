import crypto from "node:crypto";
import { env } from "./env.server";

/**
 * Small HMAC-signed tokens for links and forms that must work without a session (the public
 * request form, the satisfaction link in a mail, the confirmation page). Each purpose gets its
 * own key derived from SESSION_SECRET, so a token minted for one purpose is worthless for another.
 *
 * Format: `<base64url payload>.<base64url signature>`; the payload is JSON, readable by anyone
 * (never put a secret in it), and tamper-proof.
 */

function keyFor(purpose: string, secret: string): Buffer {
  return crypto.createHmac("sha256", secret).update(`comptoir.signed-token:${purpose}`).digest();
}

function signature(purpose: string, payload: string, secret: string): string {
  return crypto.createHmac("sha256", keyFor(purpose, secret)).update(payload).digest("base64url");
}

export function signToken(purpose: string, payload: Record<string, unknown>, secret = env().SESSION_SECRET): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${encoded}.${signature(purpose, encoded, secret)}`;
}

/** The payload of a token signed for this purpose, or null when it is malformed or forged. */
export function verifyToken<Payload extends Record<string, unknown>>(
  purpose: string,
  token: unknown,
  secret = env().SESSION_SECRET,
): Payload | null {
  if (typeof token !== "string" || token.length > 2048) return null;
  const dot = token.indexOf(".");
  if (dot <= 0 || dot !== token.lastIndexOf(".")) return null;
  const encoded = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(signature(purpose, encoded, secret));
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
    return payload && typeof payload === "object" && !Array.isArray(payload) ? (payload as Payload) : null;
  } catch {
    return null;
  }
}

/** A random secret for a single-use link; only its hash is ever stored. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}
