/**
 * An area's catalogue: French is the reference, English must have exactly the same keys
 * (checked by the compiler here, and placeholder by placeholder in tests/unit/i18n.test.ts).
 */
export function defineMessages<const French extends Record<string, string>>(messages: {
  fr: French;
  en: { [Key in keyof French]: string };
}) {
  return messages;
}
