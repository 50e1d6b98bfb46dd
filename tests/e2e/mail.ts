import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";

/**
 * The SMTP sink browser tests read mail from. playwright.config.ts gives the app
 * SMTP_URL=smtp://127.0.0.1:<this port>; a spec starts the sink before doing anything that mails.
 */
export function e2eSmtpPort(): number {
  return Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3199) + 10000);
}

export function startE2eSmtpSink(): Promise<SmtpSink> {
  return startSmtpSink({ port: e2eSmtpPort() });
}

/** The first http(s) link in a mail's text part whose path starts with `pathPrefix`. */
export function linkIn(text: string | undefined, pathPrefix: string): string {
  const link = (text ?? "").match(/https?:\/\/[^\s<>"]+/g)?.find((url) => new URL(url).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`No ${pathPrefix} link in the mail:\n${text}`);
  return link;
}
