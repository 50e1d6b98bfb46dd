import { useFetcher, useLocation } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { parseQueueSearch } from "~/domain/helpdesk/queue-views";
import { matchesQueueView } from "~/lib/realtime/queue-membership";
import type { LiveTicket } from "~/lib/realtime/protocol";
import type { loader as countersLoader } from "~/routes/support.compteurs";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { useOptionalRealtime, useRealtimeEvent } from "./realtime-provider";

const COUNTERS_DEBOUNCE_MS = 400;

export type QueueRowState = "updated" | "departed" | "gone";

export type QueueLive = {
  /** Tickets that now belong in this view but are not shown yet. */
  arrivals: number;
  /** Shown tickets that changed in a way that moves them out of (or around in) this view. */
  departures: number;
  /** How a shown row changed since the list was loaded, if it did. */
  rowState(ticketId: string): QueueRowState | null;
  /** The row's live values (status, priority, assignee...) when they changed since loading. */
  liveTicket(ticketId: string): LiveTicket | null;
  /** Live tab counters, once something changed; null until then (use the loader's). */
  counts: Record<string, { count: number; capped: boolean }> | null;
  /** Reloads the list (the agent asked for it): arrivals appear, departed rows go. */
  refresh(): void;
};

/**
 * Keeps a queue view current without moving rows under the agent's cursor: shown rows update in
 * place, tickets entering the view are counted in an "N nouveaux tickets" marker the agent clicks
 * to refresh, and the tab counters follow live.
 */
/** `ticketIds`: the rows the loader returned; a new array (new loader data) resets the live state. */
export function useQueueLive({ ticketIds }: { ticketIds: string[] }): QueueLive {
  const realtime = useOptionalRealtime();
  const location = useLocation();
  const { view, filters } = useMemo(() => parseQueueSearch(new URLSearchParams(location.search)), [location.search]);
  const viewer = useMemo(() => ({ id: realtime?.userId ?? "", groupIds: realtime?.groupIds ?? [] }), [realtime?.userId, realtime?.groupIds]);
  const counters = useFetcher<typeof countersLoader>();
  const shown = useMemo(() => new Set(ticketIds), [ticketIds]);

  const [updates, setUpdates] = useState<Map<string, LiveTicket>>(new Map());
  const [departed, setDeparted] = useState<Set<string>>(new Set());
  const [gone, setGone] = useState<Set<string>>(new Set());
  const [arrivals, setArrivals] = useState<Set<string>>(new Set());
  const [countsDirty, setCountsDirty] = useState(false);

  // Fresh list data (asked for, after an action, or after reconnecting) starts afresh.
  useEffect(() => {
    setUpdates(new Map());
    setDeparted(new Set());
    setGone(new Set());
    setArrivals(new Set());
  }, [ticketIds]);

  const counterTimer = useRef<ReturnType<typeof setTimeout>>();
  const loadCounters = counters.load;
  const refreshCounters = useCallback(() => {
    clearTimeout(counterTimer.current);
    counterTimer.current = setTimeout(() => {
      setCountsDirty(true);
      loadCounters("/support/compteurs");
    }, COUNTERS_DEBOUNCE_MS);
  }, [loadCounters]);
  useEffect(() => () => clearTimeout(counterTimer.current), []);
  useEffect(() => {
    if (realtime?.connectionEpoch) refreshCounters();
  }, [realtime?.connectionEpoch, refreshCounters]);

  useRealtimeEvent("ticket:changed", (event) => {
    const { ticket } = event;
    refreshCounters();
    const belongs = matchesQueueView(view, filters, ticket, viewer);
    if (shown.has(ticket.id)) {
      setUpdates((previous) => new Map(previous).set(ticket.id, ticket));
      setDeparted((previous) => {
        const next = new Set(previous);
        if (belongs === false || belongs === null) next.add(ticket.id);
        else next.delete(ticket.id);
        return next;
      });
      return;
    }
    setArrivals((previous) => {
      const next = new Set(previous);
      if (belongs === true || (belongs === null && event.reason === "created")) next.add(ticket.id);
      else next.delete(ticket.id);
      return next.size === previous.size && [...next].every((id) => previous.has(id)) ? previous : next;
    });
  });

  useRealtimeEvent("ticket:gone", (event) => {
    refreshCounters();
    if (shown.has(event.ticketId)) setGone((previous) => new Set(previous).add(event.ticketId));
    setArrivals((previous) => {
      if (!previous.has(event.ticketId)) return previous;
      const next = new Set(previous);
      next.delete(event.ticketId);
      return next;
    });
  });

  const refresh = useCallback(() => {
    realtime?.refreshSoon();
  }, [realtime]);

  const rowState = useCallback(
    (ticketId: string): QueueRowState | null => (gone.has(ticketId) ? "gone" : departed.has(ticketId) ? "departed" : updates.has(ticketId) ? "updated" : null),
    [gone, departed, updates],
  );
  const liveTicket = useCallback((ticketId: string) => updates.get(ticketId) ?? null, [updates]);

  return {
    arrivals: arrivals.size,
    departures: departed.size + gone.size,
    rowState,
    liveTicket,
    counts: countsDirty && counters.data ? counters.data.counts : null,
    refresh,
  };
}

/** Classes for a row that changed live: highlighted when updated, faded when it left the view. */
export function queueRowClass(state: QueueRowState | null): string {
  if (state === "updated") return "bg-amber-50/70 transition-colors";
  if (state === "departed") return "opacity-60";
  if (state === "gone") return "opacity-50 line-through";
  return "";
}

/** The small note under a row that changed live. */
export function QueueRowLiveNote({ state }: { state: QueueRowState | null }) {
  const { t } = useI18n();
  if (!state) return null;
  const text = state === "gone" ? t("realtime.queue.gone") : state === "departed" ? t("realtime.queue.movedOut") : t("realtime.queue.updated");
  return (
    <span data-testid="queue-row-live" data-state={state} className="mt-0.5 block text-xs font-medium text-amber-800 no-underline">
      {text}
    </span>
  );
}

/**
 * "3 nouveaux tickets · Actualiser la liste": appears above the list when tickets entered or left
 * the view; the list itself only changes when the agent clicks.
 */
export function QueueLiveMarker({ live }: { live: QueueLive }) {
  const { t } = useI18n();
  const parts: string[] = [];
  if (live.arrivals > 0) parts.push(live.arrivals === 1 ? t("realtime.queue.newTicketsOne") : t("realtime.queue.newTicketsMany", { count: live.arrivals }));
  if (live.departures > 0) parts.push(live.departures === 1 ? t("realtime.queue.changedOne") : t("realtime.queue.changedMany", { count: live.departures }));
  return (
    <div aria-live="polite" className="sticky top-2 z-20 flex justify-center">
      {parts.length > 0 ? (
        <Button onClick={live.refresh} size="sm" className="mb-3 rounded-full shadow-md" data-testid="queue-live-marker">
          <span aria-hidden="true">↑</span>
          {parts.join(" · ")} — {t("realtime.queue.show")}
        </Button>
      ) : null}
    </div>
  );
}
