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
 * The user's words as an FTS5 expression that cannot inject syntax: each word becomes a quoted
 * string (FTS5 tokenizes it into a phrase: "marie.dupont@x.fr" stays one unit), `"` doubled,
 * with a trailing `*` so it also matches as a prefix. Operators typed by the user (OR, NOT,
 * NEAR, column:, parentheses, *) are plain words inside quotes. Null when nothing is searchable.
 */
export function toFtsQuery(input: string): string | null {
  const words = input
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, MAX_TERMS);
  if (words.length === 0) return null;
  return words
    .map((word) => {
      const tokens = word.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
      const last = tokens[tokens.length - 1] ?? "";
      const prefix = [...last].length >= MIN_PREFIX_LENGTH ? "*" : "";
      return `"${word.replaceAll('"', '""')}"${prefix}`;
    })
    .join(" ");
}

/** A match on one FTS table: the matched row and its bm25 score (lower is better). */
export type TicketSubjectMatch = { rowid: number; score: number; ticketId: string };
export type MessageMatch = { rowid: number; score: number; messageId: string; ticketId: string; internal: boolean };
export type EntityMatch = { rowid: number; score: number; id: string };

export type MatchWindow = {
  /** How many of the newest matches to read (the window). */
  take: number;
  /** Continue below this rowid (the previous window's last). */
  beforeRowid?: number;
};

const asNumber = (value: unknown) => (typeof value === "bigint" ? Number(value) : (value as number));

/**
 * Matches are read newest first (FTS5 walks its doclist in rowid order and stops at the
 * window), and bm25 is computed for those rows only: the cost is bounded however common the
 * word is. The domain ranks the window by score.
 */
export async function matchTicketSubjects(ftsQuery: string, window: MatchWindow): Promise<TicketSubjectMatch[]> {
  const rows = await db().$queryRawUnsafe<Array<{ rowid: unknown; score: number; ticketId: string }>>(
    `SELECT f.rowid AS rowid, bm25("search_ticket") AS score, t."id" AS ticketId
       FROM "search_ticket" f JOIN "Ticket" t ON t.rowid = f.rowid
      WHERE "search_ticket" MATCH ? AND f.rowid < ?
      ORDER BY f.rowid DESC LIMIT ?`,
    ftsQuery,
    window.beforeRowid ?? Number.MAX_SAFE_INTEGER,
    window.take,
  );
  return rows.map((row) => ({ rowid: asNumber(row.rowid), score: row.score, ticketId: row.ticketId }));
}

export async function matchMessages(ftsQuery: string, window: MatchWindow & { includeInternal: boolean }): Promise<MessageMatch[]> {
  const rows = await db().$queryRawUnsafe<Array<{ rowid: unknown; score: number; messageId: string; ticketId: string; visibility: string }>>(
    `SELECT f.rowid AS rowid, bm25("search_message") AS score, m."id" AS messageId, m."ticketId" AS ticketId, m."visibility" AS visibility
       FROM "search_message" f JOIN "Message" m ON m.rowid = f.rowid
      WHERE "search_message" MATCH ? AND f.rowid < ? ${window.includeInternal ? "" : `AND m."visibility" = 'public'`}
      ORDER BY f.rowid DESC LIMIT ?`,
    ftsQuery,
    window.beforeRowid ?? Number.MAX_SAFE_INTEGER,
    window.take,
  );
  return rows.map((row) => ({
    rowid: asNumber(row.rowid),
    score: row.score,
    messageId: row.messageId,
    ticketId: row.ticketId,
    internal: row.visibility !== "public",
  }));
}

/** Contacts: names weigh three times as much as addresses. */
export async function matchContacts(ftsQuery: string, window: MatchWindow): Promise<EntityMatch[]> {
  return matchEntities("search_contact", "Contact", "3.0, 1.0", ftsQuery, window);
}

/** Companies: the name weighs three times as much as the domains. */
export async function matchCompanies(ftsQuery: string, window: MatchWindow): Promise<EntityMatch[]> {
  return matchEntities("search_company", "Company", "3.0, 1.0", ftsQuery, window);
}

async function matchEntities(index: IndexName, table: string, weights: string, ftsQuery: string, window: MatchWindow): Promise<EntityMatch[]> {
  const rows = await db().$queryRawUnsafe<Array<{ rowid: unknown; score: number; id: string }>>(
    `SELECT f.rowid AS rowid, bm25("${index}", ${weights}) AS score, s."id" AS id
       FROM "${index}" f JOIN "${table}" s ON s.rowid = f.rowid
      WHERE "${index}" MATCH ? AND f.rowid < ?
      ORDER BY f.rowid DESC LIMIT ?`,
    ftsQuery,
    window.beforeRowid ?? Number.MAX_SAFE_INTEGER,
    window.take,
  );
  return rows.map((row) => ({ rowid: asNumber(row.rowid), score: row.score, id: row.id }));
}
