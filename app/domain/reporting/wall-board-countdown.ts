import { slaStatus, type SlaState } from "~/domain/helpdesk/sla/sla-status";

/**
 * The wall board's SLA countdown (pure: server and screen). It follows the SLA warning rule of
 * the rest of the helpdesk (`slaStatus`): amber within the warning window of the running
 * target's due date, red once past it, grey while the resolution clock is paused.
 */

export type CountdownTone = "ok" | "warning" | "breached" | "paused" | "none";

export type Countdown = {
  tone: CountdownTone;
  /** Milliseconds left until the due date (negative once breached), null without SLA. */
  msLeft: number | null;
};

export function wallBoardCountdown(
  sla: { target: "first_response" | "resolution"; dueAt: string; paused: boolean } | null,
  now: Date,
  warningMinutes: number,
): Countdown {
  if (!sla) return { tone: "none", msLeft: null };
  const dueAt = new Date(sla.dueAt);
  const status = slaStatus(
    {
      status: "open",
      firstResponseDueAt: sla.target === "first_response" ? dueAt : null,
      firstRespondedAt: null,
      resolutionDueAt: sla.target === "resolution" ? dueAt : null,
      solvedAt: null,
      slaPausedSince: sla.paused ? dueAt : null,
    },
    now,
    warningMinutes,
  );
  const tones: Record<SlaState, CountdownTone> = { none: "none", ok: "ok", warning: "warning", breached: "breached", paused: "paused" };
  return { tone: tones[status.state], msLeft: dueAt.getTime() - now.getTime() };
}

/** "1:05:09", "12:30", "-0:04:12" (hours unbounded): the time left, to the second. */
export function formatCountdown(msLeft: number): string {
  const negative = msLeft < 0;
  const totalSeconds = Math.floor(Math.abs(msLeft) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const two = (value: number) => String(value).padStart(2, "0");
  const text = hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
  return negative ? `-${text}` : text;
}
