/**
 * The delivery state of the mail carrying a thread message (an agent's public reply), as the
 * ticket page shows it: queued (and why: no SMTP server, or waiting for a retry), sent, failed
 * with the server's reply. Shared by the server (which builds it) and the UI (which shows it).
 */
export type DeliveryState = {
  status: "queued" | "sending" | "sent" | "failed";
  toAddress: string;
  attempts: number;
  /** The SMTP server's reply to the last try, or the bounce report. */
  lastError: string | null;
  sentAt: string | null;
  nextAttemptAt: string | null;
  /** False when no SMTP server is configured: queued mail is not going anywhere yet. */
  smtpConfigured: boolean;
};
