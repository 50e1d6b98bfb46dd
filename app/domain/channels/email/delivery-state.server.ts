import { env } from "~/lib/env.server";
import type { DeliveryState } from "~/lib/mail/delivery-state";

/**
 * Select this on a Message (`outboundEmails: deliverySelect`) and pass the rows to
 * `deliveryStateOf` to show next to an agent's reply whether its mail left.
 */
export const deliverySelect = {
  orderBy: { createdAt: "desc" },
  take: 1,
  select: { status: true, toAddress: true, attempts: true, lastError: true, sentAt: true, nextAttemptAt: true },
} as const;

type OutboundRow = { status: string; toAddress: string; attempts: number; lastError: string | null; sentAt: Date | null; nextAttemptAt: Date };

export function deliveryStateOf(rows: OutboundRow[] | undefined): DeliveryState | null {
  const row = rows?.[0];
  if (!row) return null;
  const status = (["queued", "sending", "sent", "failed"] as const).find((value) => value === row.status) ?? "queued";
  return {
    status,
    toAddress: row.toAddress,
    attempts: row.attempts,
    lastError: row.lastError,
    sentAt: row.sentAt?.toISOString() ?? null,
    nextAttemptAt: status === "queued" ? row.nextAttemptAt.toISOString() : null,
    smtpConfigured: env().mail.smtpUrl !== null,
  };
}
