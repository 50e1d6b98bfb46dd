import crypto from "node:crypto";
import { env } from "./env.server";

/**
 * Secrets stored at rest (IMAP passwords): AES-256-GCM with a key derived from SESSION_SECRET by
 * HKDF, a fresh 96-bit IV per value, and the authentication tag checked on the way out. The
 * stored form is "v1.<iv>.<tag>.<ciphertext>" in base64url. Changing SESSION_SECRET makes stored
 * secrets unreadable: `openSecret` then throws SecretUnreadableError and the admin types the
 * password again.
 */

const VERSION = "v1";

export class SecretUnreadableError extends Error {
  constructor() {
    super("The stored secret cannot be decrypted (SESSION_SECRET changed?). Enter the password again.");
    this.name = "SecretUnreadableError";
  }
}

/** A 256-bit key for one purpose, derived from the session secret (HKDF-SHA256). */
export function derivedKey(purpose: string, secret = env().SESSION_SECRET): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secret, "comptoir", purpose, 32));
}

export function sealSecret(plaintext: string, key = derivedKey("stored-secret-v1")): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function openSecret(sealed: string, key = derivedKey("stored-secret-v1")): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new SecretUnreadableError();
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadableError();
  }
}
