/**
 * A campaign's life: written as a draft, optionally scheduled, launched (its recipients are
 * written, then the sender works through them), paused and resumed, cancelled, or sent once every
 * recipient has had their one attempt. Pure, shared by the commands and the UI.
 */

export const campaignStatuses = ["draft", "scheduled", "sending", "paused", "sent", "cancelled"] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export type CampaignTransition = "schedule" | "unschedule" | "launch" | "pause" | "resume" | "cancel" | "finish";

const transitions: Record<CampaignTransition, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  schedule: { from: ["draft"], to: "scheduled" },
  unschedule: { from: ["scheduled"], to: "draft" },
  launch: { from: ["draft", "scheduled"], to: "sending" },
  pause: { from: ["sending"], to: "paused" },
  resume: { from: ["paused"], to: "sending" },
  cancel: { from: ["scheduled", "sending", "paused"], to: "cancelled" },
  finish: { from: ["sending"], to: "sent" },
};

export function isCampaignStatus(value: unknown): value is CampaignStatus {
  return typeof value === "string" && (campaignStatuses as readonly string[]).includes(value);
}

/** The status after the transition, or null when the campaign's status does not allow it. */
export function nextStatus(current: string, transition: CampaignTransition): CampaignStatus | null {
  const rule = transitions[transition];
  return (rule.from as readonly string[]).includes(current) ? rule.to : null;
}

/** The statuses a transition may start from (for compare-and-set updates: `where: { status: { in } }`). */
export function statusesAllowing(transition: CampaignTransition): CampaignStatus[] {
  return [...transitions[transition].from];
}

/** Only drafts are edited; once launched, the mail that went out is what the campaign was. */
export function isEditable(status: string): boolean {
  return status === "draft" || status === "scheduled";
}

export const campaignRecipientStatuses = ["excluded", "queued", "sending", "sent", "failed", "bounced"] as const;
export type CampaignRecipientStatus = (typeof campaignRecipientStatuses)[number];

export const exclusionReasons = ["unsubscribed", "bounced", "complained", "no_consent", "duplicate", "open_incident", "no_address"] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];
