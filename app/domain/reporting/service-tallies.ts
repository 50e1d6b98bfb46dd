import { isoDate, toZoned } from "../helpdesk/sla/business-calendar";

/**
 * What one ticket adds to the service tallies (ADR 014), from the fields it is counted under (its
 * "signature", the text the database builds with ticketTallySignatureSql). Pure: a ticket that
 * changes is taken off under its old signature and counted again under its new one.
 *
 * Per local day of the workspace: created and solved (also per type, channel, group and agent),
 * the backlog's changes (+1 the day it was created, −1 the day it was solved when that is a later
 * day: open at midnight starting day D ⇔ created before D and solved on D or later), the stored
 * service times (a bucket per day, then the minute within it), and the SLA targets given
 * (answered / solved: met or missed for good), by due day.
 */

export type CountedTicket = {
  createdAt: Date;
  solvedAt: Date | null;
  firstRespondedAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  merged: boolean;
  groupId: string | null;
  assigneeId: string | null;
  type: string;
  channel: string;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
};

export type TallyContribution = { measure: string; day: string; key: string; tickets: number };
export type TimeContribution = { duration: "firstResponse" | "resolution"; bucket: number; day: string; minutes: number; tickets: number };

const date = (text: string) => (text === "" ? null : /^-?\d+$/.test(text) ? new Date(Number(text)) : new Date(text));
const minutes = (text: string) => (text === "" ? null : Number(text));

/** Reads a signature (see ticketTallySignatureSql for the order of the fields). */
export function parseTallySignature(signature: string): CountedTicket {
  const [created, solved, responded, firstDue, resolutionDue, notMerged, groupId, assigneeId, type, channel, firstMinutes, resolutionMinutes] = signature.split("|");
  return {
    createdAt: date(created) ?? new Date(0),
    solvedAt: date(solved),
    firstRespondedAt: date(responded),
    firstResponseDueAt: date(firstDue),
    resolutionDueAt: date(resolutionDue),
    merged: notMerged !== "1",
    groupId: groupId || null,
    assigneeId: assigneeId || null,
    type,
    channel,
    firstResponseMinutes: minutes(firstMinutes),
    resolutionMinutes: minutes(resolutionMinutes),
  };
}

/** The bucket of a number of minutes: ⌊√m⌋ (about 2√m minutes wide), ordered like the minutes. */
export function minutesBucket(value: number): number {
  return value >= 0 ? Math.floor(Math.sqrt(value)) : -1 - Math.floor(Math.sqrt(-value));
}

/** The key of a (group, assignee) pair in the placement tallies. */
export function placementKey(groupId: string | null, assigneeId: string | null): string {
  return `${groupId ?? ""}/${assigneeId ?? ""}`;
}
export function parsePlacementKey(key: string): { groupId: string | null; assigneeId: string | null } {
  const [groupId, assigneeId] = key.split("/");
  return { groupId: groupId || null, assigneeId: assigneeId || null };
}

/** What the ticket adds to the tallies (nothing when merged: its thread lives on elsewhere). */
export function ticketContributions(ticket: CountedTicket, timeZone: string): { tallies: TallyContribution[]; times: TimeContribution[] } {
  if (ticket.merged) return { tallies: [], times: [] };
  const day = (instant: Date) => isoDate(toZoned(instant, timeZone).date);
  const tallies: TallyContribution[] = [];
  const add = (measure: string, on: string, key = "", tickets = 1) => tallies.push({ measure, day: on, key, tickets });
  const times: TimeContribution[] = [];

  const createdDay = day(ticket.createdAt);
  for (const [what, on] of [["created", createdDay], ["solved", ticket.solvedAt ? day(ticket.solvedAt) : null]] as const) {
    if (on === null) continue;
    add(what, on);
    add(`${what}.type`, on, ticket.type);
    add(`${what}.channel`, on, ticket.channel);
    add(`${what}.placement`, on, placementKey(ticket.groupId, ticket.assigneeId));
  }
  const solvedDay = ticket.solvedAt ? day(ticket.solvedAt) : null;
  if (solvedDay === null || solvedDay > createdDay) {
    add("open", createdDay);
    if (solvedDay !== null) add("open", solvedDay, "", -1);
  }

  for (const [duration, at, value] of [
    ["firstResponse", ticket.firstRespondedAt, ticket.firstResponseMinutes],
    ["resolution", ticket.solvedAt, ticket.resolutionMinutes],
  ] as const) {
    if (at === null || value === null) continue;
    const on = day(at);
    const bucket = minutesBucket(value);
    add(`${duration}.bucket`, on, String(bucket));
    times.push({ duration, bucket, day: on, minutes: value, tickets: 1 });
  }

  // SLA outcomes once given (answered / solved): they no longer change with time. A resolution
  // not given yet is counted live (missed once due unless its clock waits on the customer).
  const firstMissed = ticket.firstResponseDueAt && ticket.firstRespondedAt ? ticket.firstRespondedAt.getTime() > ticket.firstResponseDueAt.getTime() : null;
  const resolutionMissed = ticket.resolutionDueAt && ticket.solvedAt ? ticket.solvedAt.getTime() > ticket.resolutionDueAt.getTime() : null;
  if (firstMissed !== null) add(firstMissed ? "sla.firstResponse.missed" : "sla.firstResponse.met", day(ticket.firstResponseDueAt!));
  if (resolutionMissed !== null) add(resolutionMissed ? "sla.resolution.missed" : "sla.resolution.met", day(ticket.resolutionDueAt!));
  if (firstMissed && resolutionMissed) add("sla.bothMissed", day(ticket.firstResponseDueAt!), day(ticket.resolutionDueAt!));
  // A first response not given is missed once due: counted by due day, a report takes off those
  // not due yet (few: due after now). Likewise "missed both" for such a ticket solved late.
  if (ticket.firstResponseDueAt && ticket.firstRespondedAt === null) {
    add("sla.firstResponse.missedOnceDue", day(ticket.firstResponseDueAt));
    if (resolutionMissed) add("sla.bothMissedOnceDue", day(ticket.firstResponseDueAt), day(ticket.resolutionDueAt!));
  }
  return { tallies, times };
}

/** The net change of the tallies when tickets go from their counted signatures to their current ones. */
export function tallyChanges(moves: ReadonlyArray<{ from: string | null; to: string | null }>, timeZone: string) {
  const tallies = new Map<string, TallyContribution>();
  const times = new Map<string, TimeContribution>();
  const apply = (signature: string | null, sign: 1 | -1) => {
    if (signature === null) return;
    const { tallies: counted, times: timed } = ticketContributions(parseTallySignature(signature), timeZone);
    for (const item of counted) {
      const id = `${item.measure}\u0000${item.day}\u0000${item.key}`;
      const sum = tallies.get(id) ?? { ...item, tickets: 0 };
      sum.tickets += sign * item.tickets;
      tallies.set(id, sum);
    }
    for (const item of timed) {
      const id = `${item.duration}\u0000${item.bucket}\u0000${item.day}\u0000${item.minutes}`;
      const sum = times.get(id) ?? { ...item, tickets: 0 };
      sum.tickets += sign * item.tickets;
      times.set(id, sum);
    }
  };
  for (const move of moves) {
    apply(move.from, -1);
    apply(move.to, 1);
  }
  return { tallies: [...tallies.values()].filter((item) => item.tickets !== 0), times: [...times.values()].filter((item) => item.tickets !== 0) };
}
