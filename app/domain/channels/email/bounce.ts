import { messageIdsIn } from "~/lib/mail/message-id.server";

/**
 * Bounce detection (pure): a delivery status notification (RFC 3464, multipart/report;
 * report-type=delivery-status) or a classic non-delivery report from a mailer daemon. We read
 * which recipients failed, whether for good (5.x.x) or for now (4.x.x, delayed), the server's
 * words, and the Message-ID of the mail that bounced, so it can be linked to our outbox.
 */

export type BouncedRecipient = {
  address: string;
  action: string;
  status: string;
  /** 5.x.x and Action: failed: the address does not work. */
  permanent: boolean;
  diagnostic: string;
};

export type BounceReport = {
  recipients: BouncedRecipient[];
  /** Message-IDs the report names as the bounced mail (most likely first). */
  originalMessageIds: string[];
  permanent: boolean;
  /** One line for agents: the server's reply. */
  summary: string;
};

export type BounceSource = {
  contentType: string;
  headers: Map<string, string[]>;
  from: { address: string } | null;
  subject: string;
  text: string;
  deliveryStatus: string | null;
  returnedHeaders: string | null;
};

const bounceSubjects =
  /undeliver|undelivered|delivery (?:status notification|failure|has failed)|returned mail|mail delivery (?:failed|system)|non remis|non distribu|échec de (?:la )?(?:remise|distribution)|impossible de remettre|rejected|failure notice/i;
const daemonSenders = /^(?:mailer-daemon|postmaster|mail-daemon)(?:[+.-].*)?@/i;

function reportType(headers: Map<string, string[]>): string | null {
  const contentType = headers.get("content-type")?.[0] ?? "";
  const match = /report-type\s*=\s*"?([\w-]+)"?/i.exec(contentType);
  return match ? match[1].toLowerCase() : null;
}

/** Parses the per-recipient blocks of a message/delivery-status body. */
export function parseDeliveryStatus(text: string): BouncedRecipient[] {
  const blocks = text
    .replace(/\r\n/g, "\n")
    .replace(/\n[ \t]+/g, " ")
    .split(/\n\s*\n/);
  const recipients: BouncedRecipient[] = [];
  for (const block of blocks) {
    const fields = new Map<string, string>();
    for (const line of block.split("\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const recipient = fields.get("final-recipient") ?? fields.get("original-recipient");
    if (!recipient) continue;
    const address = recipient.replace(/^[\w-]+\s*;\s*/, "").replace(/^<|>$/g, "").trim().toLowerCase();
    const action = (fields.get("action") ?? "").toLowerCase();
    const status = (/\d\.\d{1,3}\.\d{1,3}/.exec(fields.get("status") ?? "") ?? [""])[0];
    const diagnostic = (fields.get("diagnostic-code") ?? "").replace(/^[\w-]+\s*;\s*/, "").replace(/\s+/g, " ").trim();
    recipients.push({ address, action, status, permanent: action === "failed" && !status.startsWith("4"), diagnostic });
  }
  return recipients;
}

function messageIdsFromHeaderBlock(block: string | null): string[] {
  if (!block) return [];
  const unfolded = block.replace(/\r?\n[ \t]+/g, " ");
  const line = /^message-id\s*:\s*(.+)$/im.exec(unfolded);
  return line ? messageIdsIn(line[1]) : [];
}

/** The bounce report of a mail, or null when it is not a bounce. */
export function detectBounce(mail: BounceSource): BounceReport | null {
  const isReport = mail.contentType === "multipart/report" && reportType(mail.headers) === "delivery-status";
  const fromDaemon = daemonSenders.test(mail.from?.address ?? "");
  const nullSender = (mail.headers.get("return-path") ?? []).some((value) => /^<\s*>$/.test(value.trim()));
  const looksLikeBounce = (fromDaemon || nullSender) && bounceSubjects.test(mail.subject);
  if (!isReport && mail.deliveryStatus === null && !looksLikeBounce) return null;

  let recipients = mail.deliveryStatus ? parseDeliveryStatus(mail.deliveryStatus) : [];
  if (recipients.length === 0) {
    // A report without a machine-readable part: read what the human text says.
    const code = /\b([45])\.(\d{1,3})\.(\d{1,3})\b/.exec(mail.text);
    const smtp = /\b([45]\d\d)[ -]/.exec(mail.text);
    const address = /<([^<>\s]+@[^<>\s]+)>/.exec(mail.text)?.[1]?.toLowerCase() ?? "";
    const permanent = code ? code[1] === "5" : smtp ? smtp[1].startsWith("5") : true;
    const line = mail.text.split("\n").find((candidate) => /\b[45]\d\d\b|\b[45]\.\d+\.\d+\b/.test(candidate))?.trim() ?? "";
    recipients = [{ address, action: permanent ? "failed" : "delayed", status: code ? code[0] : "", permanent, diagnostic: line }];
  }

  const ids = new Set<string>([
    ...messageIdsFromHeaderBlock(mail.returnedHeaders),
    ...messageIdsIn(mail.headers.get("in-reply-to")),
    ...messageIdsIn(mail.headers.get("references")),
  ]);
  // Some servers quote the bounced headers in the text: pick any Message-ID line there too.
  for (const match of mail.text.matchAll(/^\s*message-id\s*:\s*(<[^<>\s]+@[^<>\s]+>)/gim)) ids.add(match[1]);

  const permanent = recipients.some((recipient) => recipient.permanent);
  const main = recipients.find((recipient) => recipient.permanent) ?? recipients[0];
  const summary = [main?.status, main?.diagnostic].filter(Boolean).join(" ").slice(0, 500) || mail.subject.slice(0, 200);
  return { recipients, originalMessageIds: [...ids], permanent, summary };
}
