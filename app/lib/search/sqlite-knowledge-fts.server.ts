import { db } from "~/lib/db.server";
import type { FtsQuery } from "./sqlite-fts.server";

/**
 * The knowledge base's own full-text index on SQLite FTS5: one document per language version of
 * an article (title, summary, body text), kept in sync by triggers on
 * KnowledgeArticleTranslation. It is a separate FTS table from the workspace search
 * (sqlite-fts.server.ts) on purpose: the help centre queries this table and only this table, so
 * no ticket, note or contact text can ever be found from /aide. Every SQLite-only statement of
 * the knowledge search is here; a PostgreSQL deployment replaces this file. See
 * docs/knowledge-base.md.
 *
 * Same choices as the workspace index: contentless with contentless_delete (the text stays in
 * the Prisma table), unicode61 with remove_diacritics 2 ("etiquette" finds "étiquette"), prefix
 * indexes for search as you type.
 */

const TABLE = "search_knowledge";
const SOURCE = "KnowledgeArticleTranslation";
const COLUMNS = ["title", "summary", "body"] as const;
/** bm25 weights of title, summary and body: a word in the title says most about the article. */
const WEIGHTS = "8.0, 3.0, 1.0";

const documentOf = (where: string) =>
  `SELECT s.rowid, s."title", s."summary", s."bodyText" FROM "${SOURCE}" s WHERE ${where}`;
const insertDocument = (where: string) => `INSERT INTO "${TABLE}"(rowid, ${COLUMNS.join(", ")}) ${documentOf(where)};`;

const triggers = [
  {
    name: `${TABLE}_after_insert`,
    sql: `CREATE TRIGGER "${TABLE}_after_insert" AFTER INSERT ON "${SOURCE}" BEGIN\n  ${insertDocument("s.rowid = new.rowid")}\nEND;`,
  },
  {
    name: `${TABLE}_after_update`,
    sql:
      `CREATE TRIGGER "${TABLE}_after_update" AFTER UPDATE OF "title", "summary", "bodyText" ON "${SOURCE}" ` +
      `WHEN old."title" IS NOT new."title" OR old."summary" IS NOT new."summary" OR old."bodyText" IS NOT new."bodyText" BEGIN\n` +
      `  DELETE FROM "${TABLE}" WHERE rowid = old.rowid;\n  ${insertDocument("s.rowid = new.rowid")}\nEND;`,
  },
  {
    name: `${TABLE}_after_delete`,
    sql: `CREATE TRIGGER "${TABLE}_after_delete" AFTER DELETE ON "${SOURCE}" BEGIN\n  DELETE FROM "${TABLE}" WHERE rowid = old.rowid;\nEND;`,
  },
];

/** The SQL of the index: used by its migration, by later migrations that rebuild the source table, and by bulk loaders. */
export const knowledgeIndexSql = {
  createTable:
    `CREATE VIRTUAL TABLE "${TABLE}" USING fts5(${COLUMNS.join(", ")}, ` +
    `content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='3 4');`,
  createTriggers: triggers.map((trigger) => trigger.sql).join("\n\n"),
  dropTriggers: triggers.map((trigger) => `DROP TRIGGER IF EXISTS "${trigger.name}";`).join("\n"),
  rebuild: [`INSERT INTO "${TABLE}"("${TABLE}") VALUES ('delete-all');`, insertDocument("1"), `INSERT INTO "${TABLE}"("${TABLE}") VALUES ('optimize');`].join("\n"),
};

/** Like withSearchIndexRepair: a migration that rebuilds the source table keeps the index right. */
export function withKnowledgeIndexRepair(migrationSql: string): string {
  const rebuilt = new RegExp(`DROP TABLE\\s+"?${SOURCE}"?\\s*;|ALTER TABLE\\s+"?[^"\\s]+"?\\s+RENAME TO\\s+"?${SOURCE}"?\\s*;`, "i").test(migrationSql);
  if (!rebuilt) return migrationSql;
  return [
    `-- Knowledge index (app/lib/search/sqlite-knowledge-fts.server.ts): ${SOURCE} is rebuilt below.`,
    knowledgeIndexSql.dropTriggers,
    "",
    migrationSql.trimEnd(),
    "",
    knowledgeIndexSql.createTriggers,
    knowledgeIndexSql.rebuild,
    "",
  ].join("\n");
}

/**
 * Who is searching: `public` finds published public articles only (the help centre, the request
 * form, the portal); `staff` also finds published internal ones (the agent's ticket page);
 * `authors` finds drafts too, never archived articles (the knowledge-base list).
 */
export type KnowledgeAudience = "public" | "staff" | "authors";

export type KnowledgeMatch = { translationId: string; articleId: string; language: string; score: number };

const audienceSql: Record<KnowledgeAudience, string> = {
  public: `a."state" = 'published' AND a."visibility" = 'public'`,
  staff: `a."state" = 'published'`,
  authors: `a."state" IN ('draft', 'published')`,
};

/**
 * The best `take` language versions matching the query, best first (bm25, lower is better).
 * Words of three letters or more match as prefixes, so the word being typed already finds.
 * `language` keeps one language's versions; null keeps both.
 */
export async function matchKnowledge(
  query: FtsQuery,
  options: { audience: KnowledgeAudience; language: string | null; take: number },
): Promise<KnowledgeMatch[]> {
  const params: unknown[] = [query.prefix ?? query.exact];
  let languageSql = "";
  if (options.language) {
    languageSql = ` AND t."language" = ?`;
    params.push(options.language);
  }
  params.push(Math.max(1, Math.min(100, Math.trunc(options.take))));
  const rows = await db().$queryRawUnsafe<Array<{ translationId: string; articleId: string; language: string; score: number }>>(
    `SELECT t."id" AS translationId, t."articleId" AS articleId, t."language" AS language, bm25("${TABLE}", ${WEIGHTS}) AS score
       FROM "${TABLE}" f JOIN "${SOURCE}" t ON t.rowid = f.rowid JOIN "KnowledgeArticle" a ON a."id" = t."articleId"
      WHERE "${TABLE}" MATCH ? AND ${audienceSql[options.audience]}${languageSql}
      ORDER BY score LIMIT ?`,
    ...params,
  );
  return rows.map((row) => ({ ...row, score: Number(row.score) }));
}
