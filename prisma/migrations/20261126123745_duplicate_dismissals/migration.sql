-- CreateTable
CREATE TABLE "DuplicateDismissal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "firstId" TEXT NOT NULL,
    "secondId" TEXT NOT NULL,
    "dismissedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "DuplicateDismissal_secondId_idx" ON "DuplicateDismissal"("secondId");

-- CreateIndex
CREATE UNIQUE INDEX "DuplicateDismissal_kind_firstId_secondId_key" ON "DuplicateDismissal"("kind", "firstId", "secondId");

