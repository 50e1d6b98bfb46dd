import { z } from "zod";

/**
 * Email channel configuration read from the environment (validated with the rest in
 * app/lib/env.server.ts): one optional IMAP mailbox, the SMTP server and sender address, and
 * the attachment size limits. Mailboxes added in Administration live in the database.
 */

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

export const mailEnvironmentFields = {
  /** An IMAP mailbox polled for incoming requests (optional; more can be added in Administration). */
  IMAP_HOST: optionalText,
  IMAP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  IMAP_USER: optionalText,
  IMAP_PASSWORD: z.string().optional(),
  IMAP_TLS: booleanString.default("true"),
  IMAP_FOLDER: z.string().trim().min(1).default("INBOX"),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Outgoing mail server, e.g. smtp://user:pass@host:587 or smtps://host:465. Without it mail stays in the outbox. */
  SMTP_URL: z
    .string()
    .trim()
    .transform((value) => value || undefined)
    .optional()
    .refine((value) => value === undefined || /^smtps?:\/\/[^/\s]+/i.test(value), "SMTP_URL must look like smtp://user:password@host:587"),
  /** Sender of every mail, e.g. "Support Exemple <support@exemple.fr>". */
  MAIL_FROM: optionalText.refine((value) => value === undefined || parseMailbox(value) !== null, 'MAIL_FROM must look like "Support <support@exemple.fr>"'),
  /** Largest attachment kept from an incoming mail, in MB (larger ones are dropped with a visible note). */
  MAIL_MAX_ATTACHMENT_MB: z.coerce.number().positive().max(1024).default(15),
  /** Total attachment size kept per incoming mail, in MB. */
  MAIL_MAX_MESSAGE_MB: z.coerce.number().positive().max(4096).default(30),
  /** Automatic acknowledgements sent to one address per hour, so two autoresponders can never loop. */
  MAIL_ACK_PER_HOUR: z.coerce.number().int().min(0).max(1000).default(3),
};

type MailFields = z.infer<z.ZodObject<typeof mailEnvironmentFields>>;

export function checkMailEnvironment(values: Partial<MailFields>, context: z.RefinementCtx) {
  if (!values.IMAP_HOST) return;
  if (!values.IMAP_USER) context.addIssue({ code: z.ZodIssueCode.custom, path: ["IMAP_USER"], message: "IMAP_USER is required when IMAP_HOST is set" });
  if (!values.IMAP_PASSWORD) context.addIssue({ code: z.ZodIssueCode.custom, path: ["IMAP_PASSWORD"], message: "IMAP_PASSWORD is required when IMAP_HOST is set" });
}

export type EnvironmentMailbox = {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  folder: string;
  pollSeconds: number;
};

export type MailEnvironment = {
  /** The mailbox defined by IMAP_* variables, or null. */
  imap: EnvironmentMailbox | null;
  smtpUrl: string | null;
  from: { name: string; address: string };
  /** Domain of our Message-IDs (the sender's domain). */
  messageIdDomain: string;
  maxAttachmentBytes: number;
  maxMessageAttachmentBytes: number;
  acknowledgementsPerHour: number;
};

export function mailEnvironment(values: MailFields, publicUrl: string): MailEnvironment {
  const host = new URL(publicUrl).hostname || "localhost";
  const from = (values.MAIL_FROM ? parseMailbox(values.MAIL_FROM) : null) ?? { name: "Comptoir", address: `support@${host}` };
  const imap =
    values.IMAP_HOST && values.IMAP_USER && values.IMAP_PASSWORD
      ? {
          host: values.IMAP_HOST,
          port: values.IMAP_PORT ?? (values.IMAP_TLS ? 993 : 143),
          tls: values.IMAP_TLS,
          username: values.IMAP_USER,
          password: values.IMAP_PASSWORD,
          folder: values.IMAP_FOLDER,
          pollSeconds: values.IMAP_POLL_SECONDS,
        }
      : null;
  return {
    imap,
    smtpUrl: values.SMTP_URL ?? null,
    from,
    messageIdDomain: from.address.slice(from.address.lastIndexOf("@") + 1).toLowerCase(),
    maxAttachmentBytes: Math.round(values.MAIL_MAX_ATTACHMENT_MB * 1024 * 1024),
    maxMessageAttachmentBytes: Math.round(values.MAIL_MAX_MESSAGE_MB * 1024 * 1024),
    acknowledgementsPerHour: values.MAIL_ACK_PER_HOUR,
  };
}

/** "Support <support@exemple.fr>" or a bare address → { name, address }; null when not an address. */
export function parseMailbox(value: string): { name: string; address: string } | null {
  const match = /^\s*(?:"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+))\s*$/.exec(value);
  if (!match) return null;
  const address = (match[2] ?? match[3]).toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$|^[^@\s]+@localhost$/.test(address)) return null;
  return { name: (match[1] ?? "").trim() || "Comptoir", address };
}
