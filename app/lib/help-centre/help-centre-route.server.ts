import { createCookie } from "@remix-run/node";
import { can } from "~/domain/identity/permissions";
import { isLikelyBot } from "~/domain/knowledge/help-centre-rules";
import type { HelpCentreReader } from "~/domain/knowledge/help-centre.server";
import { getCurrentUser, type CurrentUser } from "../auth.server";
import { env } from "../env.server";
import { notFound } from "../http.server";
import { isLocale, locales, type Locale } from "../i18n/locales";
import { rateLimiter } from "../rate-limit.server";

/**
 * What the help centre's routes share: the language of the address, who reads (staff see
 * internal articles), absolute URLs for search engines, the rate limits of the public endpoints
 * and the cookie that remembers today's feedback votes.
 */

/** {lang} of /aide/{lang}/...; anything but fr or en is a 404. */
export function helpCentreLanguage(value: string | undefined): Locale {
  if (!isLocale(value)) throw notFound();
  return value;
}

export async function helpCentreReader(request: Request): Promise<{ user: CurrentUser | null; reader: HelpCentreReader }> {
  const user = await getCurrentUser(request);
  return { user, reader: { staff: Boolean(user && can(user, "read:knowledge")) } };
}

/** A page view worth counting: a person's browser, not a robot, not a signed-in team member. */
export function countsAsReaderView(request: Request, user: CurrentUser | null): boolean {
  return !user && !isLikelyBot(request.headers.get("User-Agent"));
}

/** An absolute URL on the configured public address (canonical, hreflang, sitemap). */
export function absoluteUrl(path: string): string {
  return `${env().PUBLIC_URL}${path}`;
}

export type HelpCentreSeo = {
  language: Locale;
  title: string;
  description: string;
  canonical: string;
  /** hreflang alternates, absolute, x-default included. */
  alternates: Array<{ hrefLang: string; href: string }>;
};

/**
 * The page's search-engine data: canonical URL and hreflang alternates for each language version
 * (x-default: the French version, else the first one).
 */
export function helpCentreSeo(input: {
  language: Locale;
  title: string;
  description: string;
  path: string;
  versions: Array<{ language: Locale; path: string }>;
  xDefaultPath?: string;
}): HelpCentreSeo {
  const versions = [{ language: input.language, path: input.path }, ...input.versions.filter((version) => version.language !== input.language)].sort(
    (a, b) => locales.indexOf(a.language) - locales.indexOf(b.language),
  );
  const xDefault = input.xDefaultPath ?? versions.find((version) => version.language === "fr")?.path ?? versions[0].path;
  return {
    language: input.language,
    title: input.title,
    description: input.description,
    canonical: absoluteUrl(input.path),
    alternates: [...versions.map((version) => ({ hrefLang: version.language, href: absoluteUrl(version.path) })), { hrefLang: "x-default", href: absoluteUrl(xDefault) }],
  };
}

/** Search as you type and deflection suggestions, per IP address. */
export const suggestionsLimiter = () => rateLimiter("help-centre-suggestions", env().HELP_CENTRE_SUGGESTIONS_PER_MINUTE, 60_000);
/** "Was this useful?" per IP address. */
export const feedbackLimiter = () => rateLimiter("help-centre-feedback", 30, 60 * 60_000);
/** "This answered my question" per IP address. */
export const deflectionLimiter = () => rateLimiter("help-centre-deflection", 30, 60 * 60_000);

/** Today's feedback votes of this visitor: "YYYY-MM-DD:articleId,…" (help-centre-rules.ts). */
export function feedbackVotesCookie() {
  return createCookie("comptoir_aide_avis", {
    httpOnly: true,
    sameSite: "lax",
    secure: env().PUBLIC_URL.startsWith("https://"),
    path: "/aide",
    maxAge: 2 * 24 * 60 * 60,
  });
}
