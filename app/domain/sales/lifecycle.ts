import { z } from "zod";

/** Where a company stands with us: a prospect, a client (it ordered), or a former client (lost). */
export const LIFECYCLE_STAGES = ["prospect", "client", "former_client"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Where a prospect came from. */
export const PROSPECT_SOURCES = ["trade_show", "website", "referral", "campaign", "inbound_call", "import", "other"] as const;
export type ProspectSource = (typeof PROSPECT_SOURCES)[number];

export const lifecycleStageSchema = z.enum(LIFECYCLE_STAGES);
export const prospectSourceSchema = z.union([z.enum(PROSPECT_SOURCES), z.literal("")]);

export function isLifecycleStage(value: string): value is LifecycleStage {
  return (LIFECYCLE_STAGES as readonly string[]).includes(value);
}

/**
 * What a first (or any) order does to a company: a prospect or former client becomes a client;
 * `clientSince` is set when it was never set (a returning former client keeps its first date);
 * the loss date and reason are cleared. Returns null when nothing changes.
 */
export function lifecycleAfterOrder(
  company: { lifecycleStage: string; clientSince: Date | null },
  at: Date,
): { lifecycleStage: "client"; clientSince: Date; lostAt: null; lostReason: string } | null {
  if (company.lifecycleStage === "client" && company.clientSince) return null;
  return { lifecycleStage: "client", clientSince: company.clientSince ?? at, lostAt: null, lostReason: "" };
}

/**
 * The lifecycle fields as the company form sends them, made coherent: a client without a date
 * gets `now`; a former client without a loss date gets `now`; a prospect has no loss.
 */
export function normaliseLifecycle(
  input: { lifecycleStage: LifecycleStage; clientSince: Date | null; lostAt: Date | null; lostReason: string },
  now: Date,
): { lifecycleStage: LifecycleStage; clientSince: Date | null; lostAt: Date | null; lostReason: string } {
  if (input.lifecycleStage === "client") {
    return { lifecycleStage: "client", clientSince: input.clientSince ?? now, lostAt: null, lostReason: "" };
  }
  if (input.lifecycleStage === "former_client") {
    return { ...input, lostAt: input.lostAt ?? now };
  }
  return { lifecycleStage: "prospect", clientSince: input.clientSince, lostAt: null, lostReason: "" };
}
