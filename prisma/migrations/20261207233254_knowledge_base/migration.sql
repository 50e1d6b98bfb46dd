-- CreateTable
CREATE TABLE "KnowledgeCategory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "parentId" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "KnowledgeCategory_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "KnowledgeCategory" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeCategoryTranslation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "categoryId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "KnowledgeCategoryTranslation_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "KnowledgeCategory" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeArticle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "categoryId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "visibility" TEXT NOT NULL DEFAULT 'public',
    "authorId" TEXT,
    "reviewEveryMonths" INTEGER,
    "lastReviewedAt" DATETIME,
    "reviewRemindedAt" DATETIME,
    "publishedAt" DATETIME,
    "archivedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "KnowledgeArticle_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "KnowledgeCategory" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "KnowledgeArticle_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeArticleTranslation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "bodyHtml" TEXT NOT NULL DEFAULT '',
    "bodyText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "KnowledgeArticleTranslation_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KnowledgeArticle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeArticleVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "snapshot" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "restoredFrom" INTEGER,
    "authorId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KnowledgeArticleVersion_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KnowledgeArticle" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "KnowledgeArticleVersion_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeSlugRedirect" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KnowledgeSlugRedirect_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KnowledgeArticle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeFeedback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "useful" BOOLEAN NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KnowledgeFeedback_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KnowledgeArticle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeArticleDailyFigure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "views" INTEGER NOT NULL DEFAULT 0,
    "insertions" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "KnowledgeArticleDailyFigure_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KnowledgeArticle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeDeflection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KnowledgeDeflection_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KnowledgeArticle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeSearchMiss" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "query" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstSearchedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSearchedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "KnowledgeImage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "storedPath" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KnowledgeImage_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- AddColumn (hand-written: a new column with a default needs no table rebuild)
ALTER TABLE "User" ADD COLUMN "writesKnowledge" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "KnowledgeCategory_parentId_position_idx" ON "KnowledgeCategory"("parentId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeCategoryTranslation_categoryId_language_key" ON "KnowledgeCategoryTranslation"("categoryId", "language");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeCategoryTranslation_language_slug_key" ON "KnowledgeCategoryTranslation"("language", "slug");

-- CreateIndex
CREATE INDEX "KnowledgeArticle_state_visibility_categoryId_idx" ON "KnowledgeArticle"("state", "visibility", "categoryId");

-- CreateIndex
CREATE INDEX "KnowledgeArticle_authorId_idx" ON "KnowledgeArticle"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeArticleTranslation_articleId_language_key" ON "KnowledgeArticleTranslation"("articleId", "language");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeArticleTranslation_language_slug_key" ON "KnowledgeArticleTranslation"("language", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeArticleVersion_articleId_number_key" ON "KnowledgeArticleVersion"("articleId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeSlugRedirect_language_slug_key" ON "KnowledgeSlugRedirect"("language", "slug");

-- CreateIndex
CREATE INDEX "KnowledgeFeedback_articleId_createdAt_idx" ON "KnowledgeFeedback"("articleId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeArticleDailyFigure_articleId_day_key" ON "KnowledgeArticleDailyFigure"("articleId", "day");

-- CreateIndex
CREATE INDEX "KnowledgeDeflection_createdAt_idx" ON "KnowledgeDeflection"("createdAt");

-- CreateIndex
CREATE INDEX "KnowledgeDeflection_articleId_idx" ON "KnowledgeDeflection"("articleId");

-- CreateIndex
CREATE INDEX "KnowledgeSearchMiss_lastSearchedAt_idx" ON "KnowledgeSearchMiss"("lastSearchedAt");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeSearchMiss_query_language_source_key" ON "KnowledgeSearchMiss"("query", "language", "source");


-- The help centre's own search index (app/lib/search/sqlite-knowledge-fts.server.ts): separate
-- from the workspace search, so no ticket text can be found from /aide.
CREATE VIRTUAL TABLE "search_knowledge" USING fts5(title, summary, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='3 4');

CREATE TRIGGER "search_knowledge_after_insert" AFTER INSERT ON "KnowledgeArticleTranslation" BEGIN
  INSERT INTO "search_knowledge"(rowid, title, summary, body) SELECT s.rowid, s."title", s."summary", s."bodyText" FROM "KnowledgeArticleTranslation" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_knowledge_after_update" AFTER UPDATE OF "title", "summary", "bodyText" ON "KnowledgeArticleTranslation" WHEN old."title" IS NOT new."title" OR old."summary" IS NOT new."summary" OR old."bodyText" IS NOT new."bodyText" BEGIN
  DELETE FROM "search_knowledge" WHERE rowid = old.rowid;
  INSERT INTO "search_knowledge"(rowid, title, summary, body) SELECT s.rowid, s."title", s."summary", s."bodyText" FROM "KnowledgeArticleTranslation" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_knowledge_after_delete" AFTER DELETE ON "KnowledgeArticleTranslation" BEGIN
  DELETE FROM "search_knowledge" WHERE rowid = old.rowid;
END;
