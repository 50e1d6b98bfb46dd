/**
 * Search excerpts, cut in TypeScript so they work whatever the database: the words of the
 * query are found like the index finds them (case and accents ignored, at the start of a word,
 * as a prefix), and the excerpt is returned as parts the UI renders as text, never as HTML.
 */

export type ExcerptPart = { text: string; match: boolean };

/** Like the index: words of 3 characters or more match as prefixes, shorter ones whole. */
const MIN_PREFIX_LENGTH = 3;

/** Lower case without diacritics, character by character ("É" → "e", "œ" stays). */
function foldChar(char: string): string {
  return char.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** The words of a query as the index sees them: "Hélène.Dupont@x.fr" → hel ene dupont x fr. */
export function searchTerms(query: string): string[] {
  const terms = query
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .map((word) => [...word].map(foldChar).join(""))
    .filter(Boolean);
  return [...new Set(terms)];
}

/** [start, end) ranges of the original text covering each word that one of the terms matches. */
export function matchRanges(text: string, terms: string[]): Array<[number, number]> {
  if (terms.length === 0) return [];
  const chars = [...text];
  const ranges: Array<[number, number]> = [];
  // Code-point offsets → UTF-16 offsets, so ranges slice the original string.
  const offsets: number[] = [];
  let offset = 0;
  for (const char of chars) {
    offsets.push(offset);
    offset += char.length;
  }
  offsets.push(offset);
  let index = 0;
  while (index < chars.length) {
    if (!isWordChar(chars[index]) || (index > 0 && isWordChar(chars[index - 1]))) {
      index += 1;
      continue;
    }
    let end = index;
    while (end < chars.length && isWordChar(chars[end])) end += 1;
    const word = chars.slice(index, end).map(foldChar).join("");
    if (terms.some((term) => (term.length >= MIN_PREFIX_LENGTH ? word.startsWith(term) : word === term))) ranges.push([offsets[index], offsets[end]]);
    index = end;
  }
  return ranges;
}

/** Splits text into parts, the matched words flagged. */
export function highlight(text: string, terms: string[]): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let cursor = 0;
  for (const [start, end] of matchRanges(text, terms)) {
    if (start > cursor) parts.push({ text: text.slice(cursor, start), match: false });
    parts.push({ text: text.slice(start, end), match: true });
    cursor = end;
  }
  if (cursor < text.length) parts.push({ text: text.slice(cursor), match: false });
  return parts;
}

/**
 * About `length` characters of `text` around the first matched word (the beginning when
 * nothing matches), cut at spaces, with "…" where text was left out.
 */
export function excerpt(text: string, terms: string[], length = 180): ExcerptPart[] {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return highlight(flat, terms);
  const first = matchRanges(flat, terms)[0];
  let start = first ? Math.max(0, first[0] - Math.floor(length / 3)) : 0;
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    start = space >= 0 && space < (first?.[0] ?? flat.length) ? space + 1 : start;
  }
  let end = Math.min(flat.length, start + length);
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    if (space > (first?.[1] ?? start)) end = space;
  }
  const parts = highlight(flat.slice(start, end), terms);
  if (start > 0) parts.unshift({ text: "… ", match: false });
  if (end < flat.length) parts.push({ text: " …", match: false });
  return parts;
}
