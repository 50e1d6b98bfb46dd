import { db } from "~/lib/db.server";

/**
 * Full-text search on SQLite FTS5: the index definition, the triggers that keep it in sync,
 * and the candidate queries. Every SQLite-only statement of the search lives in this module,
 * so a PostgreSQL deployment replaces this file (tsvector + GIN) and nothing else: the domain
 * (app/domain/search/search.server.ts) only sees entity ids and scores. See docs/search.md.
 *
 * Design, in short:
 * - Four contentless FTS5 tables (`content=''`, `contentless_delete=1`): the index stores
 *   tokens only; the text stays in the Prisma tables. A document's FTS rowid is the rowid of
 *   its source row (Prisma's tables have a TEXT primary key, so an implicit rowid that VACUUM
 *   keeps because the primary-key index references it).
 * - Contentless with contentless_delete rather than external content: a document can be
 *   deleted by rowid without handing FTS5 its old text (an external-content index is
 *   silently corrupted when a trigger passes the wrong old values), and a document may
 *   gather several tables (a contact's names and all their addresses). The price: no
 *   snippet()/highlight(), so excerpts are cut in TypeScript from the loaded text.
 * - Tokenizer unicode61 with remove_diacritics 2: "hélène" finds "Helene" and the reverse.
 */

const TOKENIZER = "unicode61 remove_diacritics 2";

/**
 * Prefix indexes (token prefixes of 3 and 4 characters): "imp" and "impr" are answered from
 * one doclist instead of merging every term that starts with them. Longer prefixes merge the
 * few terms that share them.
 */
const PREFIX_INDEXES = "3 4";

/** One FTS table per kind of result, with the SQL that computes a document from its source. */
const indexes = {
  search_ticket: {
    columns: ["subject"],
    sources: ["Ticket"],
    /** SELECT rowid, <columns> for the source rows matching `where` (alias s). */
    document: (where: string) => `SELECT s.rowid, s."subject" FROM "Ticket" s WHERE ${where}`,
  },
  search_message: {
    columns: ["body"],
    sources: ["Message"],
    document: (where: string) => `SELECT s.rowid, s."bodyText" FROM "Message" s WHERE ${where}`,
  },
  search_contact: {
    columns: ["name", "emails"],
    sources: ["Contact", "ContactEmail"],
    document: (where: string) =>
      `SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), ` +
      `(SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE ${where}`,
  },
  search_company: {
    columns: ["name", "domains"],
    sources: ["Company", "CompanyDomain"],
    document: (where: string) =>
      `SELECT s.rowid, s."name", ` +
      `(SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE ${where}`,
  },
} as const;

type IndexName = keyof typeof indexes;
const indexNames = Object.keys(indexes) as IndexName[];

/** The Prisma tables whose rows feed the index. */
export const searchSourceTables = ["Ticket", "Message", "Contact", "ContactEmail", "Company", "CompanyDomain"] as const;

function insertDocument(index: IndexName, where: string): string {
  return `INSERT INTO "${index}"(rowid, ${indexes[index].columns.join(", ")}) ${indexes[index].document(where)};`;
}

/** Re-indexes the document of one source row (delete by rowid, then insert the current text). */
function refreshDocument(index: IndexName, sourceTable: string, idExpression: string): string {
  return [
    `DELETE FROM "${index}" WHERE rowid = (SELECT rowid FROM "${sourceTable}" WHERE "id" = ${idExpression});`,
    insertDocument(index, `s."id" = ${idExpression}`),
  ].join("\n  ");
}

type TriggerDefinition = { name: string; sql: string };

function trigger(name: string, event: string, body: string[]): TriggerDefinition {
  return { name, sql: `CREATE TRIGGER "${name}" ${event} BEGIN\n  ${body.join("\n  ")}\nEND;` };
}

/** A document whose text lives in its own row (ticket subject, message body). */
function ownRowTriggers(index: IndexName, table: string, column: string): TriggerDefinition[] {
  const insertNew = `INSERT INTO "${index}"(rowid, ${indexes[index].columns[0]}) VALUES (new.rowid, new."${column}");`;
  return [
    trigger(`${index}_after_insert`, `AFTER INSERT ON "${table}"`, [insertNew]),
    trigger(`${index}_after_update`, `AFTER UPDATE OF "${column}" ON "${table}" WHEN old."${column}" IS NOT new."${column}"`, [
      `DELETE FROM "${index}" WHERE rowid = old.rowid;`,
      insertNew,
    ]),
    trigger(`${index}_after_delete`, `AFTER DELETE ON "${table}"`, [`DELETE FROM "${index}" WHERE rowid = old.rowid;`]),
  ];
}

/** A document made of a parent row and its children (a contact and its addresses). */
function parentChildTriggers(
  index: IndexName,
  parent: { table: string; columns: string[] },
  child: { table: string; foreignKey: string; columns: string[] },
): TriggerDefinition[] {
  const parentChanged = parent.columns.map((column) => `old."${column}" IS NOT new."${column}"`).join(" OR ");
  const childChanged = [...child.columns, child.foreignKey].map((column) => `old."${column}" IS NOT new."${column}"`).join(" OR ");
  const childColumns = [...child.columns, child.foreignKey].map((column) => `"${column}"`).join(", ");
  return [
    trigger(`${index}_after_insert`, `AFTER INSERT ON "${parent.table}"`, [insertDocument(index, "s.rowid = new.rowid")]),
    trigger(
      `${index}_after_update`,
      `AFTER UPDATE OF ${parent.columns.map((column) => `"${column}"`).join(", ")} ON "${parent.table}" WHEN ${parentChanged}`,
      [`DELETE FROM "${index}" WHERE rowid = old.rowid;`, insertDocument(index, "s.rowid = new.rowid")],
    ),
    trigger(`${index}_after_delete`, `AFTER DELETE ON "${parent.table}"`, [`DELETE FROM "${index}" WHERE rowid = old.rowid;`]),
    trigger(`${index}_${child.table.toLowerCase()}_after_insert`, `AFTER INSERT ON "${child.table}"`, [
      refreshDocument(index, parent.table, `new."${child.foreignKey}"`),
    ]),
    trigger(`${index}_${child.table.toLowerCase()}_after_update`, `AFTER UPDATE OF ${childColumns} ON "${child.table}" WHEN ${childChanged}`, [
      refreshDocument(index, parent.table, `old."${child.foreignKey}"`),
      refreshDocument(index, parent.table, `new."${child.foreignKey}"`),
    ]),
    trigger(`${index}_${child.table.toLowerCase()}_after_delete`, `AFTER DELETE ON "${child.table}"`, [
      refreshDocument(index, parent.table, `old."${child.foreignKey}"`),
    ]),
  ];
}

const triggers: TriggerDefinition[] = [
  ...ownRowTriggers("search_ticket", "Ticket", "subject"),
  ...ownRowTriggers("search_message", "Message", "bodyText"),
  ...parentChildTriggers(
    "search_contact",
    { table: "Contact", columns: ["firstName", "lastName"] },
    { table: "ContactEmail", foreignKey: "contactId", columns: ["address"] },
  ),
  ...parentChildTriggers(
    "search_company",
    { table: "Company", columns: ["name"] },
    { table: "CompanyDomain", foreignKey: "companyId", columns: ["domain"] },
  ),
];

/**
 * The SQL of the search index, used by the migration that created it, by later migrations
 * that rebuild a source table, and by the large-dataset loader (which drops the triggers,
 * bulk-loads, then rebuilds: much faster than indexing row by row).
 */
export const searchIndexSql = {
  createTables: indexNames
    .map(
      (index) =>
        `CREATE VIRTUAL TABLE "${index}" USING fts5(${indexes[index].columns.join(", ")}, ` +
        `content='', contentless_delete=1, tokenize='${TOKENIZER}', prefix='${PREFIX_INDEXES}');`,
    )
    .join("\n"),
  createTriggers: triggers.map((definition) => definition.sql).join("\n\n"),
  dropTriggers: triggers.map((definition) => `DROP TRIGGER IF EXISTS "${definition.name}";`).join("\n"),
  triggerNames: triggers.map((definition) => definition.name),
  /** Empties and refills the given indexes from their source tables, then merges the index b-trees. */
  rebuild(only: readonly IndexName[] = indexNames): string {
    return only
      .map((index) =>
        [
          `INSERT INTO "${index}"("${index}") VALUES ('delete-all');`,
          insertDocument(index, "1"),
          `INSERT INTO "${index}"("${index}") VALUES ('optimize');`,
        ].join("\n"),
      )
      .join("\n");
  },
  indexNames,
};

/**
 * Prisma's SQLite migrations change a table by creating `new_X`, copying the rows, dropping X
 * and renaming. That drops X's triggers, renumbers its rowids, and the rename fails while a
 * trigger elsewhere still names X. A migration that does this to a source table of the index
 * therefore drops the search triggers first, then recreates them and rebuilds the indexes fed
 * by that table. `npm run db:migration` applies this to every migration it writes.
 */
export function withSearchIndexRepair(migrationSql: string): string {
  const rebuilt = searchSourceTables.filter((table) =>
    new RegExp(`DROP TABLE\\s+"?${table}"?\\s*;|ALTER TABLE\\s+"?[^"\\s]+"?\\s+RENAME TO\\s+"?${table}"?\\s*;`, "i").test(migrationSql),
  );
  if (rebuilt.length === 0) return migrationSql;
  const affected = indexNames.filter((index) => indexes[index].sources.some((source) => (rebuilt as string[]).includes(source)));
  return [
    `-- Search index (app/lib/search/sqlite-fts.server.ts): ${rebuilt.join(", ")} rebuilt below, so the`,
    "-- search triggers are dropped first and recreated, with the affected indexes, at the end.",
    searchIndexSql.dropTriggers,
    "",
    migrationSql.trimEnd(),
    "",
    "-- Search index: triggers back, and the documents of the rebuilt tables indexed again.",
    searchIndexSql.createTriggers,
    searchIndexSql.rebuild(affected),
    "",
  ].join("\n");
}

// ───────────────────────────── queries ─────────────────────────────

/** At most this many words of a query are used. */
const MAX_TERMS = 8;
/** Words shorter than this match whole words only ("pc"); longer ones also match as prefixes. */
const MIN_PREFIX_LENGTH = 3;

/**
 * Words that say nothing on their own ("mot de passe" is searched as mot + passe). They are
 * dropped only when the query has other words: "de" alone is still searched.
 */
const STOP_WORDS = new Set([
  "a", "à", "au", "aux", "ce", "ces", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les", "par", "pour", "sur", "un", "une",
  "the", "of", "to",
]);

/**
 * A query in FTS5 syntax, in two forms. `exact` matches the words as typed; `prefix` also
 * matches words that start with them (null when no word is long enough to be a prefix).
 * Reading exact matches first is what keeps common words fast: a prefix query makes FTS5 merge
 * the doclists of every term sharing the prefix before it can return a row.
 */
export type FtsQuery = { exact: string; prefix: string | null };

/**
 * The user's words as FTS5 expressions that cannot inject syntax: each word becomes a quoted
 * string (FTS5 tokenizes it into a phrase: "marie.dupont@x.fr" stays one unit), `"` doubled,
 * with a trailing `*` in the prefix form. Operators typed by the user (OR, NOT, NEAR, column:,
 * parentheses, *) are plain words inside quotes. Null when nothing is searchable.
 */
export function toFtsQuery(input: string): FtsQuery | null {
  const words = input
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  const meaningful = words.filter((word) => !STOP_WORDS.has(word.toLowerCase().replace(/['’]$/, "")));
  const kept = (meaningful.length > 0 ? meaningful : words).slice(0, MAX_TERMS);
  if (kept.length === 0) return null;
  const quoted = kept.map((word) => {
    const tokens = word.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
    const last = tokens[tokens.length - 1] ?? "";
    return { phrase: `"${word.replaceAll('"', '""')}"`, prefixable: [...last].length >= MIN_PREFIX_LENGTH };
  });
  const exact = quoted.map((word) => word.phrase).join(" ");
  const prefix = quoted.some((word) => word.prefixable) ? quoted.map((word) => (word.prefixable ? `${word.phrase}*` : word.phrase)).join(" ") : null;
  return { exact, prefix };
}

/**
 * A match on one FTS table: the matched row and its bm25 score (lower is better). Ticket
 * matches carry the ticket's group and assignee, so the domain can check them once more with
 * the helpdesk's own rule (canReadTicket).
 */
type TicketPlacement = { ticketId: string; groupId: string | null; assigneeId: string | null };
export type TicketSubjectMatch = TicketPlacement & { rowid: number; score: number };
export type MessageMatch = TicketPlacement & { rowid: number; score: number; messageId: string; internal: boolean };
export type EntityMatch = { rowid: number; score: number; id: string };

/**
 * The tickets a restricted reader may open, as the candidate queries filter them: those of
 * `groupIds`, and those assigned to `assigneeId`. The domain builds it from the same reader as
 * canReadTicket (visibleTicketsWhere's rule); absent for readers who see every ticket.
 */
export type TicketScope = { groupIds: readonly string[]; assigneeId: string };

/** Where the next window starts: opaque to callers, returned by the previous window. */
export type MatchCursor = { phase: "exact" | "prefix"; beforeRowid: number };

export type MatchWindow = {
  /** How many of the newest matches to read (the window). */
  take: number;
  /** The previous window's `next`; absent for the first window. */
  cursor?: MatchCursor | null;
};

/**
 * A window restricted to a ticket scope: `take` of the newest matches in scope, looking at no
 * more than `scan` matches (in scope or not) of each phase, so that a word common in other
 * groups' tickets costs a bounded time.
 */
export type ScopedMatchWindow = MatchWindow & { scope?: TicketScope | null; scan?: number };

/** A window of matches, and where the next one starts (null: there are no more). */
export type MatchPage<T> = { matches: T[]; next: MatchCursor | null };

const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : (value as number));
const TOP = Number.MAX_SAFE_INTEGER;

/** One read of a phase: the rows, and the rowid below which the phase goes on (null: it is over). */
type Read<T> = { rows: T[]; before: number | null };

/**
 * Matches are read newest first (FTS5 walks its doclist in rowid order and stops at the
 * window), and bm25 is computed for those rows only: the cost is bounded however common the
 * word is. The domain ranks the window by score.
 *
 * Exact matches come first; while they fill whole windows, prefixes are never expanded. When
 * they do not, the window is completed with the prefix matches (exact matches kept, so a rare
 * exact word is never pushed out by more recent words that merely start like it). In a scoped
 * window, "filling" means that the exact matches did not run out within the scan bound.
 */
async function windowed<T extends { rowid: number; score: number }>(
  query: FtsQuery,
  window: MatchWindow,
  read: (expression: string, beforeRowid: number) => Promise<Read<T>>,
): Promise<MatchPage<T>> {
  const cursor = window.cursor ?? null;
  const next = (page: Read<T>, phase: MatchCursor["phase"]) => (page.before === null ? null : { phase, beforeRowid: page.before });
  if (cursor?.phase === "prefix") {
    const page = await read(query.prefix!, cursor.beforeRowid);
    return { matches: page.rows, next: next(page, "prefix") };
  }
  const exact = await read(query.exact, cursor?.beforeRowid ?? TOP);
  if (exact.before !== null || !query.prefix) return { matches: exact.rows, next: next(exact, "exact") };
  const prefixed = await read(query.prefix, TOP);
  const byRowid = new Map(prefixed.rows.map((row) => [row.rowid, row]));
  for (const row of exact.rows) {
    const other = byRowid.get(row.rowid);
    if (!other || row.score < other.score) byRowid.set(row.rowid, row);
  }
  return { matches: [...byRowid.values()].sort((a, b) => b.rowid - a.rowid), next: next(prefixed, "prefix") };
}

/**
 * Reads `take` matches below `beforeRowid`, newest first. Unscoped, every match counts and the
 * phase goes on below the last one when the window is full. Scoped, a first statement finds the
 * floor: the rowid of the `scan`-th newest match (any ticket), from FTS5 rowids alone (about
 * 0.1 ms per 1,000 matches; looking up each match's ticket is what costs); the window's
 * statement then stops there, and only matches in scope get a bm25 score. A short window above
 * an existing floor means the bound was hit: the phase goes on below the floor.
 */
async function readMatches<T extends { rowid: number }>(
  index: IndexName,
  window: ScopedMatchWindow,
  expression: string,
  beforeRowid: number,
  statement: (bounds: string, scope: string) => string,
): Promise<Read<T>> {
  const take = window.take;
  const scope = window.scope ?? null;
  let floor: number | null = null;
  if (scope) {
    const scan = Math.max(take, Math.trunc(window.scan ?? take));
    const [row] = await db().$queryRawUnsafe<Array<{ rowid: unknown }>>(
      `SELECT rowid FROM "${index}" WHERE "${index}" MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`,
      expression,
      beforeRowid,
      scan - 1,
    );
    floor = row ? asNumber(row.rowid) : null;
  }
  const sql = scope ? statement(`f.rowid < ? AND f.rowid >= ?`, ` AND ${scopeSql(scope)}`) : statement("f.rowid < ?", "");
  const params = scope ? [expression, beforeRowid, floor ?? 0, ...scopeParams(scope), take] : [expression, beforeRowid, take];
  const rows = (await db().$queryRawUnsafe<Array<T & { rowid: unknown }>>(sql, ...params)).map((row) => ({ ...row, rowid: asNumber(row.rowid) }));
  if (rows.length === take) return { rows, before: rows[rows.length - 1].rowid };
  return { rows, before: floor };
}

/** The scope as SQL on the ticket alias t, and its parameters (ids are bound, never inlined). */
function scopeSql(scope: TicketScope): string {
  const assigned = `t."assigneeId" = ?`;
  if (scope.groupIds.length === 0) return assigned;
  return `(t."groupId" IN (${scope.groupIds.map(() => "?").join(", ")}) OR ${assigned})`;
}

function scopeParams(scope: TicketScope): unknown[] {
  return [...scope.groupIds, scope.assigneeId];
}

export async function matchTicketSubjects(query: FtsQuery, window: ScopedMatchWindow): Promise<MatchPage<TicketSubjectMatch>> {
  return windowed(query, window, (expression, beforeRowid) =>
    readMatches<TicketSubjectMatch>(
      "search_ticket",
      window,
      expression,
      beforeRowid,
      (bounds, scope) =>
        `SELECT f.rowid AS rowid, bm25("search_ticket") AS score, t."id" AS ticketId, t."groupId" AS groupId, t."assigneeId" AS assigneeId
           FROM "search_ticket" f JOIN "Ticket" t ON t.rowid = f.rowid
          WHERE "search_ticket" MATCH ? AND ${bounds}${scope}
          ORDER BY f.rowid DESC LIMIT ?`,
    ),
  );
}

export async function matchMessages(query: FtsQuery, window: ScopedMatchWindow & { includeInternal: boolean }): Promise<MatchPage<MessageMatch>> {
  const page = await windowed(query, window, (expression, beforeRowid) =>
    readMatches<Omit<MessageMatch, "internal"> & { visibility: string }>(
      "search_message",
      window,
      expression,
      beforeRowid,
      (bounds, scope) =>
        `SELECT f.rowid AS rowid, bm25("search_message") AS score, m."id" AS messageId, m."ticketId" AS ticketId, m."visibility" AS visibility,
                t."groupId" AS groupId, t."assigneeId" AS assigneeId
           FROM "search_message" f JOIN "Message" m ON m.rowid = f.rowid JOIN "Ticket" t ON t."id" = m."ticketId"
          WHERE "search_message" MATCH ? AND ${bounds}${window.includeInternal ? "" : ` AND m."visibility" = 'public'`}${scope}
          ORDER BY f.rowid DESC LIMIT ?`,
    ),
  );
  return { ...page, matches: page.matches.map(({ visibility, ...row }) => ({ ...row, internal: visibility !== "public" })) };
}

/** Contacts: names weigh three times as much as addresses. */
export async function matchContacts(query: FtsQuery, window: MatchWindow): Promise<MatchPage<EntityMatch>> {
  return matchEntities("search_contact", "Contact", "3.0, 1.0", query, window);
}

/** Companies: the name weighs three times as much as the domains. */
export async function matchCompanies(query: FtsQuery, window: MatchWindow): Promise<MatchPage<EntityMatch>> {
  return matchEntities("search_company", "Company", "3.0, 1.0", query, window);
}

async function matchEntities(index: IndexName, table: string, weights: string, query: FtsQuery, window: MatchWindow): Promise<MatchPage<EntityMatch>> {
  return windowed(query, window, async (expression, beforeRowid) => {
    const rows = await readMatches<EntityMatch>(
      index,
      { take: window.take },
      expression,
      beforeRowid,
      (bounds) =>
        `SELECT f.rowid AS rowid, bm25("${index}", ${weights}) AS score, s."id" AS id
           FROM "${index}" f JOIN "${table}" s ON s.rowid = f.rowid
          WHERE "${index}" MATCH ? AND ${bounds}
          ORDER BY f.rowid DESC LIMIT ?`,
    );
    return { rows: rows.rows.map((row) => ({ rowid: row.rowid, score: row.score, id: row.id })), before: rows.before };
  });
}
