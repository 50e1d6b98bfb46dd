import { ApiProblem } from "./problem.server";

/**
 * Conditional requests of the public API. A record's ETag is its optimistic-locking version (a
 * counter, or its last change in milliseconds for records locked on their update time), so
 * `If-Match` hands the domain exactly the version the client read: a stale one is refused by the
 * domain's own lock (412), never checked twice.
 */

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** `*` (whatever the current version) or the version of one of our ETags. */
export type IfMatch = { any: true } | { version: number };

/**
 * If-Match as sent: null when absent. Only `*` or one strong ETag is accepted (a list cannot be
 * handed to an optimistic lock, and a weak ETag never matches for a write).
 */
export function parseIfMatch(header: string | undefined): IfMatch | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (value === "*") return { any: true };
  const match = /^"(\d{1,15})"$/.exec(value);
  if (!match) throw new ApiProblem("invalid-request", { key: "publicApi.problem.invalidIfMatch" });
  return { version: Number(match[1]) };
}

/** True when If-None-Match names this ETag (or `*`): the client's copy is current. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}
