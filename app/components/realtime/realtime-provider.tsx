import { useRevalidator } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { io, type Socket } from "socket.io-client";
import { realtimePath, type ClientToServerEvents, type ServerToClientEvents } from "~/lib/realtime/protocol";
import { useI18n } from "../i18n";

export type StaffSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * connecting: first connection in progress; online: live; reconnecting: the link dropped and
 * the client retries on its own; offline: the server refused or closed the connection
 * (session ended) and the page is being reloaded to find out.
 */
export type ConnectionState = "connecting" | "online" | "reconnecting" | "offline";

export type LiveToast = { id: number; message: string; href?: string };

type RealtimeContextValue = {
  socket: StaffSocket | null;
  state: ConnectionState;
  userId: string;
  /** The user's groups, as the server last told them (for the "my groups" queue view). */
  groupIds: readonly string[];
  /** Increases every time the connection comes back after a loss (hooks re-join their rooms). */
  connectionEpoch: number;
  /** Reloads the page's loaders, at most once per short burst of events. */
  refreshSoon(): void;
  toasts: LiveToast[];
  pushToast(toast: Omit<LiveToast, "id">): void;
  dismissToast(id: number): void;
};

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

export function useRealtime(): RealtimeContextValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error("useRealtime() outside <RealtimeProvider>");
  return value;
}

/** The same, or null outside the staff shell (pages that also render without live updates). */
export function useOptionalRealtime(): RealtimeContextValue | null {
  return useContext(RealtimeContext);
}

/**
 * Subscribes to one server event for as long as the component is mounted; the latest handler
 * is always called, so callers need not memoise it.
 */
export function useRealtimeEvent<Name extends keyof ServerToClientEvents>(name: Name, handler: ServerToClientEvents[Name]): void {
  const context = useOptionalRealtime();
  const socket = context?.socket ?? null;
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[Name]>) =>
      (latest.current as (...values: Parameters<ServerToClientEvents[Name]>) => void)(...args)) as never;
    socket.on(name, listener);
    return () => {
      socket.off(name, listener);
    };
  }, [socket, name]);
}

const REFRESH_DEBOUNCE_MS = 200;
const TOAST_MS = 8_000;

/**
 * One Socket.IO connection for the staff shell. It authenticates with the session cookie the
 * pages use; after a loss it reconnects by itself and, once back, reloads the page's data
 * (loaders) so nothing missed during the cut stays hidden.
 */
export function RealtimeProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [socket, setSocket] = useState<StaffSocket | null>(null);
  const [state, setState] = useState<ConnectionState>("connecting");
  const [connectionEpoch, setConnectionEpoch] = useState(0);
  const [groupIds, setGroupIds] = useState<readonly string[]>([]);
  const [toasts, setToasts] = useState<LiveToast[]>([]);
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const { t } = useI18n();
  const announceBack = useRef(() => {});

  const refreshTimer = useRef<ReturnType<typeof setTimeout>>();
  const refreshSoon = useCallback(() => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => revalidate.current(), REFRESH_DEBOUNCE_MS);
  }, []);

  useEffect(() => {
    const connection: StaffSocket = io({ path: realtimePath, withCredentials: true, reconnectionDelayMax: 10_000 });
    let everConnected = false;
    let bootId: string | null = null;

    connection.on("connect", () => {
      setState("online");
      if (everConnected) {
        setConnectionEpoch((epoch) => epoch + 1);
        revalidate.current();
        announceBack.current();
      }
      everConnected = true;
    });
    connection.on("hello", (hello) => {
      // A new boot id means the server restarted: whatever we hold may be stale.
      if (bootId && bootId !== hello.bootId) revalidate.current();
      bootId = hello.bootId;
      setGroupIds((previous) => (previous.join(",") === hello.groupIds.join(",") ? previous : hello.groupIds));
    });
    connection.on("disconnect", (reason) => {
      if (reason === "io client disconnect") return;
      if (reason === "io server disconnect") {
        // The server closed us on purpose (session revoked or expired): the reload sends the
        // person to the sign-in page if their session is over.
        setState("offline");
        revalidate.current();
        return;
      }
      setState("reconnecting");
    });
    connection.on("connect_error", (error) => {
      if (!connection.active) {
        // Refused by the server (no valid staff session): no automatic retry.
        setState("offline");
        if (error.message === "unauthorized") revalidate.current();
      } else {
        // Retrying, whether the link dropped or the first connection failed: not live meanwhile.
        setState("reconnecting");
      }
    });
    setSocket(connection);
    return () => {
      connection.removeAllListeners();
      connection.disconnect();
      setSocket(null);
    };
  }, [userId]);

  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  const toastSequence = useRef(0);
  const dismissToast = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const pushToast = useCallback(
    (toast: Omit<LiveToast, "id">) => {
      const id = ++toastSequence.current;
      setToasts((current) => [...current.slice(-3), { ...toast, id }]);
      setTimeout(() => dismissToast(id), TOAST_MS);
    },
    [dismissToast],
  );
  announceBack.current = () => pushToast({ message: t("realtime.connection.back") });

  const value = useMemo<RealtimeContextValue>(
    () => ({ socket, state, userId, groupIds, connectionEpoch, refreshSoon, toasts, pushToast, dismissToast }),
    [socket, state, userId, groupIds, connectionEpoch, refreshSoon, toasts, pushToast, dismissToast],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

/** Reconnects by hand after the server refused the connection (e.g. after signing in again in another tab). */
export function useReconnect(): () => void {
  const context = useOptionalRealtime();
  return useCallback(() => {
    context?.socket?.connect();
  }, [context?.socket]);
}
