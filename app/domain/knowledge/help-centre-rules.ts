import { z } from "zod";
import { isLocale, type Locale } from "~/lib/i18n/locales";

/**
 * Pure rules of the public help centre (/aide): which language a path is in, who is a robot,
 * what a reader's feedback may hold, which articles a visitor already voted on today.
 */

/** The help centre's language from a path (`/aide/en/...` → "en"); null outside /aide/{fr|en}. */
export function helpCentreLanguageOf(pathname: string): Locale | null {
  const match = /^\/aide\/([^/]+)(?:\/|$)/.exec(pathname);
  return match && isLocale(match[1]) ? match[1] : null;
}

/**
 * Crawlers, link previews and monitoring: their page loads are not readers' views. Matched on
 * the User-Agent; an empty one is a script, not a browser.
 */
const BOT_PATTERN =
  /bot|crawl|spider|slurp|bingpreview|facebookexternalhit|embedly|quora link preview|outbrain|pinterest|vkshare|w3c_validator|whatsapp|lighthouse|headless|curl|wget|python-requests|httpclient|go-http-client|node-fetch|axios|undici|monitor|uptime|preview|scan/i;

export function isLikelyBot(userAgent: string | null | undefined): boolean {
  const value = (userAgent ?? "").trim();
  return value === "" || BOT_PATTERN.test(value);
}

export const FEEDBACK_COMMENT_MAX_LENGTH = 1000;

/** "Was this article useful? Yes / No + comment (optional)". */
export const feedbackSchema = z.object({
  intent: z.literal("feedback"),
  useful: z.enum(["yes", "no"], { message: "validation.required" }),
  comment: z
    .string()
    .trim()
    .max(FEEDBACK_COMMENT_MAX_LENGTH, { message: "validation.tooLong" })
    .optional()
    .transform((value) => value ?? ""),
});

/**
 * The visitor's votes of the day, kept in a cookie: "YYYY-MM-DD:articleId,articleId". One vote
 * per article per visitor per day; the list starts again each day and is capped so the cookie
 * stays small.
 */
export const MAX_VOTES_REMEMBERED = 40;

export function votesOfTheDay(cookieValue: string | null | undefined, day: string): string[] {
  if (!cookieValue) return [];
  const [cookieDay, ids] = cookieValue.split(":");
  if (cookieDay !== day || !ids) return [];
  return ids.split(",").filter((id) => /^[a-z0-9]{1,40}$/i.test(id));
}

export function withVote(cookieValue: string | null | undefined, day: string, articleId: string): string {
  const ids = votesOfTheDay(cookieValue, day).filter((id) => id !== articleId);
  ids.push(articleId);
  return `${day}:${ids.slice(-MAX_VOTES_REMEMBERED).join(",")}`;
}

/** The query a visitor typed, trimmed and cut to the search's maximum. */
export function cleanQuery(value: string | null | undefined, maxLength = 200): string {
  return (value ?? "").replace(/\s+/g, " ").trim().slice(0, maxLength);
}

/** The help centre's addresses (paths; absolute URLs prefix the public base URL). */
export const helpCentrePaths = {
  home: (language: string) => `/aide/${language}`,
  category: (language: string, slug: string) => `/aide/${language}/categories/${encodeURIComponent(slug)}`,
  article: (language: string, slug: string) => `/aide/${language}/articles/${encodeURIComponent(slug)}`,
  search: (language: string, query?: string) => `/aide/${language}/recherche${query ? `?q=${encodeURIComponent(query)}` : ""}`,
};
