import crypto from "node:crypto";
import { db } from "./db.server";

/**
 * The knowledge base's SQLite-only counter statements (ADR 002): one atomic "insert or add one"
 * per article and day, so concurrent page views never race on the (articleId, day) unique key.
 * A PostgreSQL deployment replaces this file (same ON CONFLICT syntax, its own id default).
 */

export async function addArticleView(articleId: string, day: string): Promise<void> {
  await db().$executeRawUnsafe(
    `INSERT INTO "KnowledgeArticleDailyFigure" ("id", "articleId", "day", "views", "insertions") VALUES (?, ?, ?, 1, 0)
     ON CONFLICT ("articleId", "day") DO UPDATE SET "views" = "views" + 1`,
    `kv${crypto.randomBytes(12).toString("hex")}`,
    articleId,
    day,
  );
}
