/** What a notification is about; shared by the notification writer, the bell and the list. */
export const notificationKinds = ["assigned", "customer_replied", "sla_warning", "sla_breached", "intervention"] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === "string" && (notificationKinds as readonly string[]).includes(value);
}

/** The snapshot kept with a notification, so the list reads well even after the ticket changed. */
export type NotificationData = {
  number?: number;
  subject?: string;
  actorName?: string | null;
  /** SLA target concerned: first_response | resolution */
  target?: string | null;
  /** How many customer messages this (still unread) notification stands for. */
  count?: number;
  /** For an intervention: planned | rescheduled | cancelled, and when it starts (ISO). */
  change?: string;
  startsAt?: string;
};

/** Where a notification leads. */
export function notificationHref(notification: { ticketNumber: number | null }): string {
  return notification.ticketNumber ? `/support/tickets/${notification.ticketNumber}` : "/notifications";
}
