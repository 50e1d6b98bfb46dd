import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { describeMessage, describeTicketChange } from "~/lib/realtime/describe";
import { TYPING_THROTTLE_MS, type PresenceViewer, type TicketMessageEvent } from "~/lib/realtime/protocol";
import { useI18n } from "../i18n";
import { useOptionalRealtime, useRealtimeEvent } from "./realtime-provider";

/** Without a keystroke for this long, the agent is no longer "typing". */
const TYPING_IDLE_MS = 4_000;
const ACTIVITY_KEPT = 6;

export type TicketActivity = { id: number; text: string; at: string };

export type TicketLive = {
  /** The server let this page into the ticket's room (presence and messages flow). */
  joined: boolean;
  /** Colleagues who have the ticket open (not me), with whether they are typing. */
  viewers: PresenceViewer[];
  /** The latest things others did on the ticket, newest last. */
  activity: TicketActivity[];
  /** The ticket was moved where this user cannot see it. */
  gone: boolean;
  /** Public messages (colleagues' replies, customer messages) that arrived while I was writing. */
  arrivedWhileComposing: TicketMessageEvent[];
  /** Call on each keystroke in the reply box: tells colleagues I am typing (throttled, expiring). */
  typing(): void;
  /** The reply box was emptied, sent or left: I am no longer typing; forgets what arrived meanwhile. */
  composerReset(): void;
  /** I have read what arrived while I was writing. */
  acknowledge(): void;
  /** True when this ticket version came from someone else's change (a colleague, the customer, the SLA clock). */
  changedByOthers(version: number): boolean;
};

/**
 * Live state of one ticket page: joins the ticket's room (the server checks access and answers),
 * reloads the page's data when colleagues or the customer change the ticket, shows who did what,
 * tracks presence and typing, and remembers replies that arrived while the agent was writing.
 */
export function useTicketLive(ticketId: string): TicketLive {
  const realtime = useOptionalRealtime();
  const { t } = useI18n();
  const socket = realtime?.socket ?? null;
  const me = realtime?.userId ?? "";
  const epoch = realtime?.connectionEpoch ?? 0;

  const [joined, setJoined] = useState(false);
  const [viewers, setViewers] = useState<PresenceViewer[]>([]);
  const [activity, setActivity] = useState<TicketActivity[]>([]);
  const [gone, setGone] = useState(false);
  const [arrived, setArrived] = useState<TicketMessageEvent[]>([]);
  const composing = useRef(false);
  const lastTypingSent = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout>>();
  const activitySequence = useRef(0);
  const foreignVersions = useRef(new Set<number>());

  useEffect(() => {
    setGone(false);
    setArrived([]);
    setActivity([]);
  }, [ticketId]);

  useEffect(() => {
    if (!socket) return;
    let current = true;
    socket.emit("ticket:join", ticketId, (answer) => {
      if (!current) return;
      setJoined(answer.ok);
      setViewers(answer.ok ? answer.viewers.filter((viewer) => viewer.userId !== me) : []);
    });
    return () => {
      current = false;
      setJoined(false);
      socket.emit("ticket:leave", ticketId);
    };
  }, [socket, ticketId, me, epoch]);

  const note = useCallback((texts: string[]) => {
    if (texts.length === 0) return;
    const at = new Date().toISOString();
    setActivity((previous) => [...previous, ...texts.map((text) => ({ id: ++activitySequence.current, text, at }))].slice(-ACTIVITY_KEPT));
    for (const text of texts) realtime?.pushToast({ message: text });
  }, [realtime]);

  useRealtimeEvent("ticket:presence", (event) => {
    if (event.ticketId === ticketId) setViewers(event.viewers.filter((viewer) => viewer.userId !== me));
  });

  useRealtimeEvent("ticket:message", (event) => {
    if (event.ticketId !== ticketId || (event.author.kind === "agent" && event.author.id === me)) return;
    foreignVersions.current.add(event.version);
    note([describeMessage(event, t)]);
    if (event.visibility === "public" && composing.current) setArrived((previous) => [...previous, event]);
    realtime?.refreshSoon();
  });

  useRealtimeEvent("ticket:changed", (event) => {
    if (event.ticket.id !== ticketId || event.actor?.id === me) return;
    foreignVersions.current.add(event.ticket.version);
    if (event.reason === "message") {
      // Viewers get the message itself through ticket:message; without the room, reload anyway.
      if (!joined) realtime?.refreshSoon();
      return;
    }
    note(describeTicketChange(event, t));
    realtime?.refreshSoon();
  });

  useRealtimeEvent("ticket:gone", (event) => {
    if (event.ticketId === ticketId) setGone(true);
  });

  const sendTyping = useCallback(
    (typing: boolean) => {
      socket?.emit("ticket:typing", { ticketId, typing });
    },
    [socket, ticketId],
  );

  const typing = useCallback(() => {
    composing.current = true;
    const now = Date.now();
    if (now - lastTypingSent.current > TYPING_THROTTLE_MS) {
      lastTypingSent.current = now;
      sendTyping(true);
    }
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => {
      lastTypingSent.current = 0;
      sendTyping(false);
    }, TYPING_IDLE_MS);
  }, [sendTyping]);

  const composerReset = useCallback(() => {
    composing.current = false;
    clearTimeout(idleTimer.current);
    if (lastTypingSent.current !== 0) sendTyping(false);
    lastTypingSent.current = 0;
    setArrived([]);
  }, [sendTyping]);

  const acknowledge = useCallback(() => setArrived([]), []);
  const changedByOthers = useCallback((version: number) => foreignVersions.current.has(version), []);

  useEffect(() => () => clearTimeout(idleTimer.current), []);

  return useMemo(
    () => ({ joined, viewers, activity, gone, arrivedWhileComposing: arrived, typing, composerReset, acknowledge, changedByOthers }),
    [joined, viewers, activity, gone, arrived, typing, composerReset, acknowledge, changedByOthers],
  );
}

/**
 * A key for the reply box that changes with the ticket's version only when this agent changed
 * it (their reply went out: start a fresh box), not when a colleague or the customer did (the
 * page reloads live; the draft being typed must survive).
 */
export function useComposerKey(live: TicketLive, version: number): number {
  const [key, setKey] = useState(version);
  useEffect(() => {
    if (!live.changedByOthers(version)) setKey(version);
  }, [live, version]);
  return key;
}
