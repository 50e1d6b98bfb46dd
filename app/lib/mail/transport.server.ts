import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { env } from "../env.server";

/**
 * The SMTP connection used by the outbox sender (nodemailer over SMTP_URL, pooled). Null when no
 * SMTP server is configured: mail then waits in the outbox, and agents see it was not sent.
 */

export type MailTransport = Transporter<SMTPTransport.SentMessageInfo>;

const transportKey = Symbol.for("comptoir.smtpTransport");
type GlobalWithTransport = typeof globalThis & { [transportKey]?: { url: string; transport: MailTransport } };

export function createSmtpTransport(url: string): MailTransport {
  const parsed = new URL(url);
  return nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // smtp:// on port 25/587 upgrades with STARTTLS when offered; smtps:// is TLS from the start.
    secure: parsed.protocol === "smtps:",
  } as SMTPTransport.Options);
}

/** The process-wide transport for SMTP_URL, or null without one. */
export function smtpTransport(): MailTransport | null {
  const url = env().mail.smtpUrl;
  const store = globalThis as GlobalWithTransport;
  if (!url) return null;
  if (store[transportKey]?.url !== url) {
    store[transportKey]?.transport.close();
    store[transportKey] = { url, transport: createSmtpTransport(url) };
  }
  return store[transportKey].transport;
}

export function closeSmtpTransport(): void {
  const store = globalThis as GlobalWithTransport;
  store[transportKey]?.transport.close();
  store[transportKey] = undefined;
}

export type SmtpFailure = { permanent: boolean; message: string };

/**
 * What the server said, for agents and retries: a 5xx answer is permanent (retrying will not
 * help), anything else (4xx, timeouts, refused connections) is worth another try.
 */
export function describeSmtpError(error: unknown): SmtpFailure {
  const failure = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const code = typeof failure.responseCode === "number" ? failure.responseCode : null;
  const text = (failure.response ?? failure.message ?? String(error)).replace(/\s+/g, " ").trim();
  return {
    permanent: code !== null && code >= 500 && code < 600,
    message: (failure.code && !text.includes(failure.code) ? `${failure.code}: ${text}` : text).slice(0, 1000),
  };
}
