import { Link } from "@remix-run/react";
import { notificationHref } from "~/domain/notifications/notification-kinds";
import { notificationText } from "~/lib/realtime/describe";
import type { LiveNotification } from "~/lib/realtime/protocol";
import { useI18n } from "../i18n";
import { cn } from "../ui/cn";

const kindTones: Record<string, string> = {
  assigned: "bg-brand-500",
  customer_replied: "bg-emerald-500",
  sla_warning: "bg-amber-500",
  sla_breached: "bg-red-600",
  intervention: "bg-violet-500",
  activity_reminder: "bg-sky-500",
  automation: "bg-teal-500",
  webhook_disabled: "bg-red-600",
  knowledge_review: "bg-lime-600",
};

/** One notification: what happened, on which ticket, when; unread ones stand out. */
export function NotificationItem({
  notification,
  onOpen,
  className,
}: {
  notification: LiveNotification;
  onOpen?: (notification: LiveNotification) => void;
  className?: string;
}) {
  const { t, format } = useI18n();
  const unread = !notification.readAt;
  return (
    <Link
      to={notificationHref(notification)}
      onClick={() => onOpen?.(notification)}
      data-unread={unread ? "true" : "false"}
      className={cn("group flex items-start gap-3 rounded-md focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600", className)}
    >
      <span
        aria-hidden="true"
        className={cn("mt-1.5 h-2.5 w-2.5 flex-none rounded-full", unread ? (kindTones[notification.kind] ?? "bg-slate-500") : "bg-slate-200")}
      />
      <span className="min-w-0 flex-1">
        <span className={cn("block text-sm group-hover:underline", unread ? "font-semibold text-slate-900" : "text-slate-700")}>
          {notificationText(notification, t, format)}
        </span>
        <span className="block truncate text-sm text-slate-600">{notification.subject}</span>
        <span className="block text-xs text-slate-500">
          <time dateTime={notification.createdAt} title={format.dateTime(notification.createdAt)}>
            {format.relative(notification.createdAt)}
          </time>
          {unread ? <span className="sr-only"> · {t("realtime.notifications.unread")}</span> : null}
        </span>
      </span>
    </Link>
  );
}
