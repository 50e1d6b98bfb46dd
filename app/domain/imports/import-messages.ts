import type { Locale } from "~/lib/i18n/locales";
import { translator, type MessageKey, type TranslationParams } from "~/lib/i18n/translate";

/**
 * A reason or cell error about one row, stored as a catalogue key and its values (ImportRow.messages)
 * so each reader sees it in their language: « ligne 214 : adresse e-mail invalide « jean.dupont@ » ».
 * `column` is the 0-based file column the message is about, when it is about a cell.
 */
export type ImportMessage = { key: MessageKey; params?: TranslationParams; column?: number };

/**
 * The message in `locale`. A `reasonKey` parameter (why two records look alike) is itself
 * translated, with the same `value`, and inserted as `{reason}`; a `kind` parameter naming a
 * kind of record (`import.undo.kind.*`) is translated too.
 */
export function importMessageText(locale: Locale, message: ImportMessage): string {
  const t = translator(locale);
  const params = message.params ? { ...message.params } : undefined;
  if (params && typeof params.reasonKey === "string" && params.reasonKey.startsWith("import.reason.")) params.reason = t(params.reasonKey as MessageKey, params);
  if (params && typeof params.kind === "string" && params.kind.startsWith("import.undo.kind.")) params.kind = t(params.kind as MessageKey);
  return t(message.key, params);
}

export function parseImportMessages(json: string): ImportMessage[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as ImportMessage[]) : [];
  } catch {
    return [];
  }
}
