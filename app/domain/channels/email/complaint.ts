import { messageIdsIn } from "~/lib/mail/message-id.server";

/**
 * Complaint detection (pure): an abuse / feedback report (RFC 5965 ARF, multipart/report;
 * report-type=feedback-report) that a mailbox provider sends when its user pressed "this is
 * spam". We read the feedback type, the reported recipient and the Message-ID of the reported
 * mail (from the returned message's headers), so it can be tied to one of our campaign mails.
 */

export type ComplaintReport = {
  /** abuse | fraud | virus | other | not-spam (RFC 5965 Feedback-Type), lower-cased. */
  feedbackType: string;
  /** Original-Rcpt-To when the provider says it (often redacted), lower-cased. */
  recipient: string;
  originalMessageIds: string[];
};

export type ComplaintSource = {
  contentType: string;
  headers: Map<string, string[]>;
  feedbackReport: string | null;
  returnedHeaders: string | null;
};

function fields(block: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of block.replace(/\r\n/g, "\n").replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!result.has(name)) result.set(name, line.slice(colon + 1).trim());
    }
  }
  return result;
}

/** The complaint a mail reports, or null when it is not a feedback report (or reports "not-spam"). */
export function detectComplaint(mail: ComplaintSource): ComplaintReport | null {
  const contentType = mail.headers.get("content-type")?.[0] ?? "";
  const isFeedbackReport = mail.contentType === "multipart/report" && /report-type\s*=\s*"?feedback-report"?/i.test(contentType);
  if (!isFeedbackReport || mail.feedbackReport === null) return null;
  const report = fields(mail.feedbackReport);
  const feedbackType = (report.get("feedback-type") ?? "").toLowerCase();
  if (!feedbackType || feedbackType === "not-spam") return null;
  const recipient = (report.get("original-rcpt-to") ?? "").replace(/^<|>$/g, "").trim().toLowerCase();
  const returned = mail.returnedHeaders ? fields(mail.returnedHeaders).get("message-id") : undefined;
  return { feedbackType, recipient, originalMessageIds: messageIdsIn(returned ?? "") };
}
