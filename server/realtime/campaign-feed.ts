import { onDomainEvent } from "~/domain/events.server";
import { can } from "~/domain/identity/permissions";
import type { RealtimeServer, RealtimeSocket } from "./types.ts";

/**
 * Live campaign pages: a staff socket whose user may read campaigns joins `campaign:<id>` on
 * request; the sender's progress, status changes and engagement reach that room. Only figures
 * travel (never recipients' addresses), and a user who loses the permission is refused the next join.
 */

export const campaignRoom = (campaignId: string) => `campaign:${campaignId}`;

const validId = (value: unknown): value is string => typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);

export function handleCampaignJoin(socket: RealtimeSocket) {
  socket.on("campaign:join", (campaignId, ack) => {
    const answer = typeof ack === "function" ? ack : () => undefined;
    if (!validId(campaignId) || !can(socket.data.user, "read:campaign")) return answer({ ok: false });
    void socket.join(campaignRoom(campaignId));
    answer({ ok: true });
  });
  socket.on("campaign:leave", (campaignId) => {
    if (validId(campaignId)) void socket.leave(campaignRoom(campaignId));
  });
}

export function startCampaignFeed(io: RealtimeServer): () => void {
  const subscriptions = [
    onDomainEvent("campaign.progressed", ({ campaignId, sent, failed, total }) => {
      io.to(campaignRoom(campaignId)).emit("campaign:progress", { campaignId, sent, failed, total });
    }),
    onDomainEvent("campaign.saved", ({ campaignId }) => {
      io.to(campaignRoom(campaignId)).emit("campaign:changed", { campaignId, reason: "saved" });
    }),
    onDomainEvent("campaign.engagement", ({ campaignId }) => {
      io.to(campaignRoom(campaignId)).emit("campaign:changed", { campaignId, reason: "engagement" });
    }),
  ];
  return () => subscriptions.forEach((unsubscribe) => unsubscribe());
}
