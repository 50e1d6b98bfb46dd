import type { FtsQuery } from "./sqlite-fts.server";

/**
 * An FTS5 query matching documents that hold ANY of the words (the user's search box asks for
 * all of them: toFtsQuery). The agent's suggested articles look for a ticket's words this way,
 * and bm25 puts the articles holding most of them first. Each word is quoted (no syntax can be
 * injected: `"` doubled, operators stay plain words) and matches as a prefix, so « imprimante »
 * also finds « imprimantes ». SQLite FTS5 syntax: it lives here with the knowledge index's
 * other SQLite-only code (a PostgreSQL deployment replaces this file).
 */
export function toAnyWordFtsQuery(words: readonly string[]): FtsQuery | null {
  const terms = words.map((word) => word.replace(/[\u0000-\u001f\u007f]/g, "").trim()).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (terms.length === 0) return null;
  const exact = terms.map((word) => `"${word.replaceAll('"', '""')}"`).join(" OR ");
  const prefix = terms.map((word) => `"${word.replaceAll('"', '""')}"*`).join(" OR ");
  return { exact, prefix };
}
