import { useEffect, useState } from "react";
import { useOptionalRealtime, useRealtimeEvent } from "../realtime/realtime-provider";

export type CampaignLiveProgress = { sent: number; failed: number; total: number };

/**
 * A campaign page that follows its campaign: joins its room (the server checks the permission),
 * moves the progress bar at once on each progress event, and reloads the page's data (throttled
 * by the realtime provider) when the status changes or engagement arrives.
 */
export function useCampaignLive(campaignId: string, initial: CampaignLiveProgress | null): CampaignLiveProgress | null {
  const realtime = useOptionalRealtime();
  const socket = realtime?.socket ?? null;
  const epoch = realtime?.connectionEpoch ?? 0;
  const [progress, setProgress] = useState(initial);

  // The loader's figures win when the page reloads (they are at least as fresh as the last event).
  useEffect(() => setProgress(initial), [initial?.sent, initial?.failed, initial?.total]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!socket) return;
    socket.emit("campaign:join", campaignId, () => undefined);
    return () => {
      socket.emit("campaign:leave", campaignId);
    };
  }, [socket, campaignId, epoch]);

  useRealtimeEvent("campaign:progress", (event) => {
    if (event.campaignId !== campaignId) return;
    setProgress((previous) => (previous && previous.sent + previous.failed > event.sent + event.failed ? previous : { sent: event.sent, failed: event.failed, total: event.total }));
  });

  useRealtimeEvent("campaign:changed", (event) => {
    if (event.campaignId === campaignId) realtime?.refreshSoon();
  });

  return progress;
}
