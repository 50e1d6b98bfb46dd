import { Link, useFetcher, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { notificationHref } from "~/domain/notifications/notification-kinds";
import { notificationText } from "~/lib/realtime/describe";
import type { LiveNotification } from "~/lib/realtime/protocol";
import type { loader as rootLoader } from "~/root";
import type { loader as notificationsLoader } from "~/routes/_app.notifications";
import { useI18n } from "../i18n";
import { cn } from "../ui/cn";
import { NotificationItem } from "./notification-item";
import { useOptionalRealtime, useRealtimeEvent } from "./realtime-provider";

const PREVIEW_COUNT = 8;

/** The unread counter, kept live: pushed by the server on every new or read notification. */
function useUnreadCount(initialUnread: number) {
  const [unread, setUnread] = useState(initialUnread);
  useEffect(() => setUnread(initialUnread), [initialUnread]);
  useRealtimeEvent("notification:new", (event) => setUnread(event.unread));
  useRealtimeEvent("notification:count", (event) => setUnread(event.unread));
  return unread;
}

/**
 * The bell in the shell: unread counter, and a panel with the latest notifications, each
 * leading to its ticket; the full list is on /notifications.
 */
export function NotificationBell({ initialUnread, align = "left", tone = "dark" }: { initialUnread: number; align?: "left" | "right"; tone?: "dark" | "light" }) {
  const { t } = useI18n();
  const unread = useUnreadCount(initialUnread);
  const [open, setOpen] = useState(false);
  const list = useFetcher<typeof notificationsLoader>();
  const marker = useFetcher();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const load = list.load;
  useEffect(() => {
    if (open) load("/notifications");
  }, [open, load]);
  // New or read elsewhere (another tab, "mark all" here): reload the open panel.
  useRealtimeEvent("notification:new", () => {
    if (open) load("/notifications");
  });
  useRealtimeEvent("notification:count", () => {
    if (open) load("/notifications");
  });

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const submitRead = (fields: Record<string, string>) =>
    marker.submit({ ...fields, source: "bell", csrf: root?.csrfToken ?? "" }, { method: "post", action: "/notifications" });
  const openNotification = (notification: LiveNotification) => {
    setOpen(false);
    if (!notification.readAt) submitRead({ intent: "read", id: notification.id });
  };

  const notifications = list.data?.notifications.slice(0, PREVIEW_COUNT) ?? null;
  const label = `${t("realtime.notifications.bell")}${unread > 0 ? ` (${unread === 1 ? t("realtime.notifications.unreadOne") : t("realtime.notifications.unreadMany", { count: unread })})` : ""}`;

  return (
    <div ref={container} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        title={label}
        data-testid="notification-bell"
        onClick={() => setOpen((value) => !value)}
        className={cn(
          "relative inline-flex h-9 w-9 items-center justify-center rounded-md focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2",
          tone === "dark" ? "text-slate-300 hover:bg-white/10 hover:text-white focus-visible:outline-white" : "text-slate-600 hover:bg-slate-100 focus-visible:outline-brand-600",
        )}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16zM10 20a2 2 0 0 0 4 0" />
        </svg>
        {unread > 0 ? (
          <span
            data-testid="notification-count"
            className="absolute -right-1 -top-1 min-w-[1.25rem] rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white tabular-nums"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          id={panelId}
          role="region"
          aria-label={t("realtime.notifications.title")}
          className={cn(
            "absolute top-full z-50 mt-2 w-80 max-w-[calc(100vw-2rem)] rounded-lg bg-white text-slate-900 shadow-xl ring-1 ring-slate-200",
            align === "left" ? "left-0" : "right-0",
          )}
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
            <h2 className="text-sm font-semibold">{t("realtime.notifications.title")}</h2>
            {unread > 0 ? (
              <button
                type="button"
                onClick={() => submitRead({ intent: "read-all" })}
                className="rounded px-1 text-sm text-brand-700 underline-offset-2 hover:underline"
              >
                {t("realtime.notifications.markAllRead")}
              </button>
            ) : null}
          </div>
          <div className="max-h-96 overflow-y-auto">
            {notifications === null ? (
              <p className="px-4 py-6 text-center text-sm text-slate-600">{t("realtime.notifications.loading")}</p>
            ) : notifications.length === 0 ? (
              <p className="px-4 py-6 text-center text-sm text-slate-600">{t("realtime.notifications.empty")}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {notifications.map((notification) => (
                  <li key={notification.id} className="px-4 py-3">
                    <NotificationItem notification={notification} onOpen={openNotification} />
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="border-t border-slate-200 px-4 py-2 text-center">
            <Link to="/notifications" onClick={() => setOpen(false)} className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
              {t("realtime.notifications.seeAll")}
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** Announces each new notification once (the shell renders two bells: sidebar and tablet menu). */
export function NotificationAnnouncer() {
  const realtime = useOptionalRealtime();
  const { t, format } = useI18n();
  useRealtimeEvent("notification:new", ({ notification }) => {
    realtime?.pushToast({ message: notificationText(notification, t, format), href: notificationHref(notification) });
  });
  return null;
}
