import { onDomainEvent } from "~/domain/events.server";
import { liveNotification, unreadNotificationCountOf } from "~/domain/notifications/notifications.server";
import { rooms } from "./rooms.ts";
import type { RealtimeServer } from "./types.ts";

/** Notifications written by the domain reach their person's sockets, with the unread count for the bell. */
export function startNotificationFeed(io: RealtimeServer): () => void {
  const subscriptions = [
    onDomainEvent("notification.created", async ({ notificationId, userId }) => {
      const live = await liveNotification(notificationId);
      if (live) io.to(rooms.user(userId)).emit("notification:new", live);
    }),
    onDomainEvent("notifications.read", async ({ userId }) => {
      const unread = await unreadNotificationCountOf(userId);
      if (unread !== null) io.to(rooms.user(userId)).emit("notification:count", { unread });
    }),
  ];
  return () => subscriptions.forEach((unsubscribe) => unsubscribe());
}
