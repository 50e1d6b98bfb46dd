import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { messageIdsIn, normaliseMessageId } from "~/lib/mail/message-id.server";

/**
 * Step 1 of the inbound chain: raw RFC 5322 bytes → a typed, transport-free message. mailparser
 * decodes every charset, quoted-printable and base64; when it gives up on broken MIME we still
 * return the headers we could read and the body as text, so no mail is ever lost to a parse error.
 */

export type MailAddress = { address: string; name: string };

export type ParsedAttachment = {
  /** As the sender named it (not yet normalised: see the attachments step). */
  filename: string | null;
  contentType: string;
  content: Buffer;
  size: number;
  /** Content-ID without angle brackets, or null. */
  contentId: string | null;
  /** Sent as part of the body (Content-Disposition: inline, or inside multipart/related). */
  inlineHint: boolean;
};

export type ParsedEmail = {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** The Date header when it is a real date, else null. */
  date: Date | null;
  /** Raw header values by lower-case name, unfolded, in order. */
  headers: Map<string, string[]>;
  text: string;
  html: string | null;
  attachments: ParsedAttachment[];
  /** The machine-readable part of a delivery status notification (RFC 3464), if any. */
  deliveryStatus: string | null;
  /** The machine-readable part of an abuse / feedback report (RFC 5965 ARF: message/feedback-report), if any. */
  feedbackReport: string | null;
  /** Headers of the message a DSN or a feedback report returns (from message/rfc822 or text/rfc822-headers). */
  returnedHeaders: string | null;
  contentType: string;
  /** What could not be read, for the agents' note and the logs. */
  warnings: string[];
};

/** First value of a header (lower-case name), trimmed; null when absent. */
export function headerValue(parsed: Pick<ParsedEmail, "headers">, name: string): string | null {
  const values = parsed.headers.get(name.toLowerCase());
  return values && values.length > 0 ? values[0].trim() : null;
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const result: MailAddress[] = [];
  const visit = (entries: AddressObject["value"]) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address && entry.address.includes("@")) result.push({ address: entry.address.trim().toLowerCase(), name: (entry.name ?? "").trim() });
    }
  };
  for (const item of list) visit(item.value);
  return result;
}

function rawHeaders(lines: ParsedMail["headerLines"]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of lines ?? []) {
    if (!key) continue;
    const colon = line.indexOf(":");
    const value = (colon >= 0 ? line.slice(colon + 1) : "").replace(/\r?\n[ \t]+/g, " ").trim();
    const list = headers.get(key.toLowerCase()) ?? [];
    list.push(value);
    headers.set(key.toLowerCase(), list);
  }
  return headers;
}

function validDate(rawDate: string | null, parsed: Date | undefined): Date | null {
  if (!rawDate || !parsed || Number.isNaN(parsed.getTime())) return null;
  // mailparser falls back to "now" for an unreadable Date header: only trust what we can read.
  return Number.isNaN(Date.parse(rawDate.replace(/\s*\([^)]*\)\s*$/, ""))) ? null : parsed;
}

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      keepCidLinks: true,
      keepDeliveryStatus: true,
      skipImageLinks: true,
      skipTextLinks: true,
      skipTextToHtml: true,
    } as Parameters<typeof simpleParser>[1]);
  } catch (error) {
    return fallbackParse(raw, error instanceof Error ? error.message : String(error));
  }

  const headers = rawHeaders(mail.headerLines);
  const warnings: string[] = [];
  let deliveryStatus: string | null = null;
  let feedbackReport: string | null = null;
  let returnedHeaders: string | null = null;
  const attachments: ParsedAttachment[] = [];
  for (const attachment of mail.attachments) {
    const contentType = (attachment.contentType || "application/octet-stream").toLowerCase();
    if (contentType === "message/delivery-status" || contentType === "message/global-delivery-status") {
      deliveryStatus = attachment.content.toString("utf8");
      continue;
    }
    if (contentType === "message/feedback-report") {
      feedbackReport = attachment.content.toString("utf8");
      continue;
    }
    if ((contentType === "message/rfc822" || contentType === "text/rfc822-headers" || contentType === "message/global") && returnedHeaders === null && (deliveryStatus !== null || feedbackReport !== null)) {
      const text = attachment.content.toString("utf8");
      const end = text.search(/\r?\n\r?\n/);
      returnedHeaders = end >= 0 ? text.slice(0, end) : text;
    }
    attachments.push({
      filename: attachment.filename ?? null,
      contentType,
      content: attachment.content,
      size: attachment.content.length,
      contentId: attachment.contentId ? attachment.contentId.replace(/^<|>$/g, "").trim() || null : null,
      inlineHint: attachment.contentDisposition === "inline" || attachment.related === true,
    });
  }
  if (mail.textConversionError) warnings.push(`HTML to text: ${String(mail.textConversionError)}`);

  const from = addresses(mail.from)[0] ?? null;
  const html = typeof mail.html === "string" && mail.html.trim() ? mail.html : null;
  return {
    messageId: normaliseMessageId(mail.messageId),
    inReplyTo: messageIdsIn(headers.get("in-reply-to")),
    references: messageIdsIn(headers.get("references")),
    subject: (mail.subject ?? "").replace(/\s+/g, " ").trim(),
    from,
    replyTo: addresses(mail.replyTo),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date: validDate(headers.get("date")?.[0] ?? null, mail.date),
    headers,
    text: (mail.text ?? "").replace(/\r\n/g, "\n"),
    html,
    attachments,
    deliveryStatus,
    feedbackReport,
    returnedHeaders,
    contentType: (headers.get("content-type")?.[0] ?? "text/plain").split(";")[0].trim().toLowerCase(),
    warnings,
  };
}

/** When the MIME structure cannot be parsed at all: the headers we can read and the rest as text. */
function fallbackParse(raw: Buffer, reason: string): ParsedEmail {
  const source = decodeLoosely(raw);
  const split = source.search(/\r?\n\r?\n/);
  const headerBlock = split >= 0 ? source.slice(0, split) : source;
  const body = split >= 0 ? source.slice(split).trim() : "";
  const headers = new Map<string, string[]>();
  for (const line of headerBlock.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const first = (name: string) => headers.get(name)?.[0] ?? null;
  const fromMatch = /(?:"?([^"<]*)"?\s*)?<?([^<>\s]+@[^<>\s]+)>?/.exec(first("from") ?? "");
  const rawDate = first("date");
  const date = rawDate && !Number.isNaN(Date.parse(rawDate)) ? new Date(rawDate) : null;
  return {
    messageId: normaliseMessageId(first("message-id")),
    inReplyTo: messageIdsIn(headers.get("in-reply-to")),
    references: messageIdsIn(headers.get("references")),
    subject: (first("subject") ?? "").trim(),
    from: fromMatch ? { address: fromMatch[2].toLowerCase(), name: (fromMatch[1] ?? "").trim() } : null,
    replyTo: [],
    to: [],
    cc: [],
    date,
    headers,
    text: body,
    html: null,
    attachments: [],
    deliveryStatus: null,
    feedbackReport: null,
    returnedHeaders: null,
    contentType: "text/plain",
    warnings: [`MIME structure unreadable (${reason}): shown as plain text`],
  };
}

/** UTF-8 when the bytes are valid UTF-8, else Windows-1252 (a superset of Latin-1 in practice). */
export function decodeLoosely(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}
