export const locales = ["fr", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "fr";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Picks a supported locale from an Accept-Language header, French when nothing matches. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const quality = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { language: tag.toLowerCase().split("-")[0], weight: quality ? Number(quality.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.weight - a.weight);
  return ranked.map((entry) => entry.language).find(isLocale) ?? defaultLocale;
}

/** BCP 47 tag used for dates, numbers and currency: French users get fr-FR formats. */
export function intlTag(locale: Locale): string {
  return locale === "fr" ? "fr-FR" : "en-GB";
}
