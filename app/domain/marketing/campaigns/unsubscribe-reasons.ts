/** The reasons a person may give on the unsubscribe page (all optional; free text besides). */
export const unsubscribeReasons = ["too_many", "not_relevant", "never_subscribed", "other"] as const;
export type UnsubscribeReason = (typeof unsubscribeReasons)[number];
