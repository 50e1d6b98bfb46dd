import type { Locale } from "./locales";
import { intlTag } from "./locales";
import { en } from "./messages/en";
import { fr, type MessageKey } from "./messages/fr";
import { WORKSPACE_TIME_ZONE } from "../workspace-time-zone";

export type { MessageKey };
export type TranslationParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslationParams) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

const translators = new Map<Locale, Translate>();
const formatterSets = new Map<Locale, Formatters>();

/** Returns the translator of a locale (one per locale); `{name}` placeholders are replaced from params. */
export function translator(locale: Locale): Translate {
  let translate = translators.get(locale);
  if (!translate) translators.set(locale, (translate = createTranslator(locale)));
  return translate;
}

function createTranslator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const template = catalogue[key] ?? fr[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

/**
 * Formatters bound to a locale: dates, numbers and euros in fr-FR for French users. One set per
 * locale for the whole process: building Intl formatters is costly (tens of microseconds each),
 * and every component that calls useI18n() asks for them (a queue page of 50 rows has hundreds).
 */
export function formatters(locale: Locale): Formatters {
  let set = formatterSets.get(locale);
  if (!set) formatterSets.set(locale, (set = createFormatters(locale)));
  return set;
}

function createFormatters(locale: Locale) {
  const tag = intlTag(locale);
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: "short", timeStyle: "short", timeZone: WORKSPACE_TIME_ZONE });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: WORKSPACE_TIME_ZONE });
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
export type Formatters = ReturnType<typeof createFormatters>;
