import type { Locale } from "./locales";
import { intlTag } from "./locales";
import { en } from "./messages/en";
import { fr, type MessageKey } from "./messages/fr";

export type { MessageKey };
export type TranslationParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslationParams) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

/** Returns the translator of a locale; `{name}` placeholders are replaced from params. */
export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const template = catalogue[key] ?? fr[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

/** Formatters bound to a locale: dates, numbers and euros in fr-FR for French users. */
export function formatters(locale: Locale) {
  const tag = intlTag(locale);
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Paris" });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "Europe/Paris" });
  const number = new Intl.NumberFormat(tag);
  const euros = new Intl.NumberFormat(tag, { style: "currency", currency: "EUR" });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: "auto" });
  return {
    dateTime: (value: Date | string) => dateTime.format(new Date(value)),
    date: (value: Date | string) => date.format(new Date(value)),
    number: (value: number) => number.format(value),
    euros: (value: number) => euros.format(value),
    /** "il y a 3 heures" / "3 hours ago", relative to now */
    relative(value: Date | string, now: Date = new Date()) {
      const seconds = Math.round((new Date(value).getTime() - now.getTime()) / 1000);
      const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
        ["day", 86400],
        ["hour", 3600],
        ["minute", 60],
      ];
      for (const [unit, size] of units) {
        if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
      }
      return relative.format(0, "minute");
    },
  };
}
export type Formatters = ReturnType<typeof formatters>;
