/** Filters of the Administration lists of incoming mail and of the outbox (shared by UI and server). */
export const inboundFilters = ["failed", "ignored", "pending", "processed", "all"] as const;
export type InboundFilter = (typeof inboundFilters)[number];
export const outboundFilters = ["all", "queued", "failed", "sent"] as const;
export type OutboundFilter = (typeof outboundFilters)[number];
