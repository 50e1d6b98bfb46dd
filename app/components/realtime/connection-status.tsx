import { useEffect, useState } from "react";
import { useI18n } from "../i18n";
import { useOptionalRealtime, useReconnect } from "./realtime-provider";

/** Shown after this long without a connection, so a brief blip does not flash a banner. */
const GRACE_MS = 1_200;

/**
 * The visible "Reconnexion…" state: a small bar at the top of the page while the live
 * connection is down, announced to screen readers, gone as soon as it is back.
 */
export function ConnectionStatus() {
  const realtime = useOptionalRealtime();
  const { t } = useI18n();
  const reconnect = useReconnect();
  const state = realtime?.state ?? "online";
  const down = state === "reconnecting" || state === "offline";
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!down) {
      setVisible(false);
      return;
    }
    const timer = setTimeout(() => setVisible(true), GRACE_MS);
    return () => clearTimeout(timer);
  }, [down]);

  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 top-2 z-50 flex justify-center px-4">
      {visible ? (
        <div
          role="status"
          data-testid="realtime-status"
          data-state={state}
          title={t("realtime.connection.reconnectingHint")}
          className="pointer-events-auto flex items-center gap-3 rounded-full bg-amber-100 px-4 py-2 text-sm font-medium text-amber-900 shadow ring-1 ring-amber-300"
        >
          {state === "reconnecting" ? (
            <>
              <span aria-hidden="true" className="h-2 w-2 animate-pulse rounded-full bg-amber-600" />
              {t("realtime.connection.reconnecting")}
            </>
          ) : (
            <>
              {t("realtime.connection.offline")}
              <button type="button" onClick={reconnect} className="rounded px-2 py-0.5 underline underline-offset-2 hover:bg-amber-200">
                {t("realtime.connection.retry")}
              </button>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
