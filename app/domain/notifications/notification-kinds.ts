/** What a notification is about; shared by the notification writer, the bell and the list. */
export const notificationKinds = ["assigned", "customer_replied", "sla_warning", "sla_breached", "intervention", "activity_reminder", "automation", "webhook_disabled", "knowledge_review"] as const;
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
  /** For a sales activity reminder: call | appointment | task | email, and whether it is due "in the day" (no time). */
  activityKind?: string;
  allDay?: boolean;
  /** For an automation rule's notice about a deal: the deal (actorName holds the rule's name). */
  dealId?: string;
  /** For a webhook endpoint deactivated after repeated failures: the endpoint, and the last error. */
  webhookEndpointId?: string;
  reason?: string;
  /** For a knowledge-base article due for review: the article (subject holds its title). */
  knowledgeArticleId?: string;
};

/** Where a notification leads: its ticket, the sales activity it reminds of, the deal a rule pointed at, or the webhook endpoint it warns about. */
export function notificationHref(notification: { ticketNumber: number | null; activityId?: string | null; dealId?: string | null; webhookEndpointId?: string | null; knowledgeArticleId?: string | null }): string {
  if (notification.ticketNumber) return `/support/tickets/${notification.ticketNumber}`;
  if (notification.knowledgeArticleId) return `/connaissances/articles/${notification.knowledgeArticleId}`;
  if (notification.webhookEndpointId) return `/admin/webhooks/${notification.webhookEndpointId}`;
  if (notification.activityId) return `/ventes/activites/${notification.activityId}`;
  if (notification.dealId) return `/ventes/affaires/${notification.dealId}`;
  return "/notifications";
}
