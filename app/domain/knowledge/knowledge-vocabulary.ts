import { locales, type Locale } from "~/lib/i18n/locales";

/**
 * The words of the knowledge base, shared by the staff side, the help centre and the agent's
 * ticket page. An article has one state and one audience, and a version per language.
 */

/** The languages an article can be written in: the interface's. */
export const knowledgeLanguages = locales;
export type KnowledgeLanguage = Locale;

export const articleStates = ["draft", "published", "archived"] as const;
export type ArticleState = (typeof articleStates)[number];

/** public: the help centre, the request form and the portal; internal: staff only. */
export const articleVisibilities = ["public", "internal"] as const;
export type ArticleVisibility = (typeof articleVisibilities)[number];

/** What a version of the history records. */
export const articleVersionReasons = ["created", "edited", "published", "unpublished", "archived", "restored"] as const;
export type ArticleVersionReason = (typeof articleVersionReasons)[number];

/** Where a customer said an article answered their question instead of sending a request. */
export const deflectionChannels = ["web_form", "portal"] as const;
export type DeflectionChannel = (typeof deflectionChannels)[number];

/** Where a search of the knowledge base was made (searches that found nothing are counted per place). */
export const knowledgeSearchSources = ["help_centre", "web_form", "portal", "agent"] as const;
export type KnowledgeSearchSource = (typeof knowledgeSearchSources)[number];

/** Slugs: lower-case ASCII words joined by hyphens ("imprimante-bloquee"). */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 120;

/** A slug from a title: accents folded, "œ" → "oe", anything else a hyphen. */
export function slugify(title: string): string {
  return title
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/œ/gi, "oe")
    .replace(/æ/gi, "ae")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
}
