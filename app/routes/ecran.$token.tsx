import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { cn } from "~/components/ui/cn";
import { formatCountdown, wallBoardCountdown, type CountdownTone } from "~/domain/reporting/wall-board-countdown";
import { loadWallBoard } from "~/domain/reporting/wall-board-data.server";
import { openWallBoard } from "~/domain/reporting/wall-boards.server";
import { notFound } from "~/lib/http.server";
import { realtimePath } from "~/lib/realtime/protocol";
import { wallBoardNamespace, type WallBoardClientEvents, type WallBoardData, type WallBoardServerEvents } from "~/lib/realtime/wall-board-protocol";

/**
 * The live customers-waiting board for a team's wall screen (docs/reporting.md, "Écran mural").
 * No staff session: the board token in the address gives read-only access to this board's data
 * and its socket room, nothing else; a revoked or unknown token is 404. Large type, no
 * navigation, high contrast; the list follows ticket changes over Socket.IO and the SLA
 * countdowns tick every second against the server's clock.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.board.board.name} · Comptoir` : "Comptoir" },
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "no-referrer" },
];

// Referrer-Policy: no-referrer and X-Robots-Tag: noindex come from server/http-security.ts.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const board = await openWallBoard(params.token ?? "", context.clientAddress);
  if (board === "limited") throw data({ reason: "rate_limited" }, { status: 429 });
  if (!board) throw notFound();
  return { board: await loadWallBoard(board) };
}

type WallSocket = Socket<WallBoardServerEvents, WallBoardClientEvents>;

const toneClasses: Record<CountdownTone, string> = {
  ok: "bg-white text-slate-950 border-slate-900",
  warning: "bg-amber-300 text-slate-950 border-amber-700",
  breached: "bg-red-700 text-white border-red-900",
  paused: "bg-slate-200 text-slate-800 border-slate-500",
  none: "bg-white text-slate-700 border-slate-400",
};

export default function WallBoardPage() {
  const initial = useLoaderData<typeof loader>().board;
  const { token } = useParams();
  const { t } = useI18n();
  const [board, setBoard] = useState<WallBoardData>(initial);
  // Server time minus this screen's time: a TV's clock is often wrong.
  const [offset, setOffset] = useState(() => new Date(initial.generatedAt).getTime() - Date.now());
  const [now, setNow] = useState(() => new Date(initial.generatedAt));
  const [connected, setConnected] = useState(true);
  // True once the live connection has sent its first board (the list is followed from then on).
  const [live, setLive] = useState(false);
  const socketRef = useRef<WallSocket | null>(null);

  useEffect(() => {
    setNow(new Date(Date.now() + offset));
    const timer = window.setInterval(() => setNow(new Date(Date.now() + offset)), 1000);
    return () => window.clearInterval(timer);
  }, [offset]);

  useEffect(() => {
    const socket: WallSocket = io(wallBoardNamespace, { path: realtimePath, auth: { token }, reconnectionDelayMax: 10_000 });
    socketRef.current = socket;
    socket.on("wall:board", (data) => {
      setBoard(data);
      setLive(true);
      setOffset(new Date(data.generatedAt).getTime() - Date.now());
    });
    socket.on("connect", () => setConnected(true));
    socket.on("disconnect", (reason) => {
      setConnected(false);
      setLive(false);
      // The server closed it: the board was revoked. Reloading shows the page's 404.
      if (reason === "io server disconnect") window.location.reload();
    });
    socket.on("connect_error", (error) => {
      setConnected(false);
      if (error.message === "not_found") window.location.reload();
    });
    return () => {
      socket.disconnect();
      socketRef.current = null;
    };
  }, [token]);

  const title = board.board.groupName ? t("wallBoard.screen.titleGroup", { group: board.board.groupName }) : t("wallBoard.screen.titleAll");
  const hidden = board.total - board.rows.length;

  return (
    <main className="flex min-h-screen flex-col bg-white px-8 py-6 text-slate-950" data-live={live ? "true" : "false"}>
      <header className="mb-6 flex flex-wrap items-end justify-between gap-4 border-b-4 border-slate-950 pb-4">
        <div>
          <p className="text-2xl font-semibold text-slate-700">{board.board.name}</p>
          <h1 className="text-5xl font-bold tracking-tight">{title}</h1>
        </div>
        <div className="text-right">
          <p className="text-7xl font-bold tabular-nums leading-none" data-testid="wall-total">
            {board.total}
          </p>
          <p className="text-2xl font-semibold">{t("wallBoard.screen.waiting", { count: board.total })}</p>
        </div>
      </header>
      {!connected ? (
        <p role="status" className="mb-4 rounded border-2 border-slate-950 bg-slate-100 px-4 py-2 text-2xl font-semibold">
          {t("wallBoard.screen.reconnecting")}
        </p>
      ) : null}
      {board.rows.length === 0 ? (
        <p className="mt-16 text-center text-5xl font-semibold">{t("wallBoard.screen.nobody")}</p>
      ) : (
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr className="border-b-2 border-slate-950 text-xl uppercase tracking-wide text-slate-700">
              <th scope="col" className="py-2 pr-4">{t("wallBoard.screen.ticket")}</th>
              <th scope="col" className="py-2 pr-4">{t("wallBoard.screen.customer")}</th>
              <th scope="col" className="py-2 pr-4">{t("wallBoard.screen.subject")}</th>
              <th scope="col" className="py-2 pr-4">{t("wallBoard.screen.group")}</th>
              <th scope="col" className="py-2 pr-4 text-right">{t("wallBoard.screen.waitingSince")}</th>
              <th scope="col" className="py-2 text-right">{t("wallBoard.screen.sla")}</th>
            </tr>
          </thead>
          <tbody>
            {board.rows.map((row) => {
              const countdown = wallBoardCountdown(row.sla, now, board.warningMinutes);
              return (
                <tr key={row.ticketId} className="border-b border-slate-400 text-3xl" data-testid="wall-row" data-ticket={row.number}>
                  <td className="py-3 pr-4 font-semibold tabular-nums">#{row.number}</td>
                  <td className="py-3 pr-4">
                    <span className="font-semibold">{row.customerName || t("wallBoard.screen.unnamed")}</span>
                    {row.companyName ? <span className="block text-2xl text-slate-700">{row.companyName}</span> : null}
                  </td>
                  <td className="max-w-[28ch] truncate py-3 pr-4" title={row.subject}>
                    {row.subject}
                  </td>
                  <td className="py-3 pr-4 text-2xl">{row.groupName ?? t("wallBoard.screen.noGroup")}</td>
                  <td className="py-3 pr-4 text-right tabular-nums">{waitingFor(new Date(row.waitingSince), now, t)}</td>
                  <td className="py-3 text-right">
                    <span
                      className={cn("inline-block min-w-[7ch] rounded border-4 px-3 py-1 text-center font-bold tabular-nums", toneClasses[countdown.tone])}
                      data-testid="wall-countdown"
                      data-tone={countdown.tone}
                    >
                      {countdown.msLeft === null ? "—" : formatCountdown(countdown.msLeft)}
                    </span>
                    <span className="sr-only">{row.sla ? t(countdownLabel(countdown.tone, row.sla.target)) : t("wallBoard.screen.noSla")}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {hidden > 0 ? <p className="mt-4 text-2xl font-semibold">{t("wallBoard.screen.more", { count: hidden })}</p> : null}
    </main>
  );
}

function countdownLabel(tone: CountdownTone, target: "first_response" | "resolution") {
  if (tone === "breached") return target === "first_response" ? "wallBoard.screen.firstResponseBreached" : "wallBoard.screen.resolutionBreached";
  return target === "first_response" ? "wallBoard.screen.firstResponseDue" : "wallBoard.screen.resolutionDue";
}

/** "12 min", "1 h 05", "2 j 3 h": how long the customer has waited. */
function waitingFor(since: Date, now: Date, t: ReturnType<typeof useI18n>["t"]): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return t("wallBoard.screen.minutes", { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("wallBoard.screen.hours", { hours, minutes: String(minutes % 60).padStart(2, "0") });
  return t("wallBoard.screen.days", { days: Math.floor(hours / 24), hours: hours % 24 });
}

export function ErrorBoundary() {
  return (
    <main className="px-4">
      <ErrorPage />
    </main>
  );
}
