/**
 * The unified customer timeline's common shape, shared by the sources (server) and the UI.
 * See docs/decisions/005-unified-timeline.md.
 */

/** Every kind of entry, in the order the filter shows them. A new source adds its kind here. */
export const timelineKinds = ["ticket", "message", "note", "intervention", "deal", "deal_stage", "activity", "visit", "quote", "order", "campaign"] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export function isTimelineKind(value: unknown): value is TimelineKind {
  return typeof value === "string" && (timelineKinds as readonly string[]).includes(value);
}

export type TimelineActor = { kind: "user" | "contact"; id: string; name: string };

export type TimelineEntry = {
  kind: TimelineKind;
  /** When it happened; entries are ordered by it, newest first. */
  at: Date;
  /** The record's id (unique within its kind). */
  id: string;
  /** One line, in the customer's words where possible (e.g. "#1042 · Imprimante bloquée"). */
  title: string;
  /** Plain-text excerpt, at most SUMMARY_LENGTH characters; may be empty. */
  summary: string;
  /** Where the full record opens. */
  link: string;
  /** Who did it: an agent, or the customer. */
  actor: TimelineActor | null;
  /** Kind-specific facts the UI shows as badges (ticket status and channel, message direction, intervention status...). */
  meta: Record<string, string>;
};

export const SUMMARY_LENGTH = 240;

/** Collapses whitespace and cuts at a word boundary with an ellipsis. */
export function excerpt(text: string, length = SUMMARY_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A position in the timeline: entries strictly after it (older, in timeline order) come next. */
export type TimelineCursor = { at: Date; kind: TimelineKind; id: string };

/**
 * Entries of the same instant show the later kinds of `timelineKinds` first: a ticket's first
 * message sits above the "ticket created" entry of the same second, as it would if it came later.
 */
export function kindRank(kind: TimelineKind): number {
  return timelineKinds.indexOf(kind);
}

/**
 * The total order of the timeline: newest first; entries of the same instant by kind rank, then
 * by id, both descending. Sources and the keyset cursor rely on exactly this order.
 */
export function compareEntries(a: Pick<TimelineEntry, "at" | "kind" | "id">, b: Pick<TimelineEntry, "at" | "kind" | "id">): number {
  const byTime = b.at.getTime() - a.at.getTime();
  if (byTime !== 0) return byTime;
  const byKind = kindRank(b.kind) - kindRank(a.kind);
  if (byKind !== 0) return byKind;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  return 0;
}

/** Opaque, URL-safe cursor text. */
export function encodeCursor(cursor: TimelineCursor): string {
  const raw = `${cursor.at.getTime()}~${cursor.kind}~${cursor.id}`;
  return typeof btoa === "function"
    ? btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
    : Buffer.from(raw).toString("base64url");
}

/** The cursor, or null when the text is not one of ours. */
export function decodeCursor(text: string | null | undefined): TimelineCursor | null {
  if (!text || text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let raw: string;
  try {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    raw = typeof atob === "function" ? atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4)) : Buffer.from(text, "base64url").toString();
  } catch {
    return null;
  }
  const [time, kind, id, ...rest] = raw.split("~");
  const at = new Date(Number(time));
  if (rest.length > 0 || !/^\d{1,15}$/.test(time ?? "") || Number.isNaN(at.getTime()) || !isTimelineKind(kind) || !id || !/^[\w-]{1,64}$/.test(id)) return null;
  return { at, kind, id };
}

/** The kinds asked for in a URL (`?types=ticket&types=note`); unknown ones are ignored, none means all. */
export function timelineKindsFromParams(params: URLSearchParams): TimelineKind[] {
  return timelineKinds.filter((kind) => params.getAll("types").includes(kind));
}
