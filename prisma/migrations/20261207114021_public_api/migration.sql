-- CreateTable
CREATE TABLE "ApiIdempotencyKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'processing',
    "status" INTEGER,
    "headers" TEXT NOT NULL DEFAULT '{}',
    "body" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ApiIdempotencyKey_createdAt_idx" ON "ApiIdempotencyKey"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiIdempotencyKey_tokenId_key_key" ON "ApiIdempotencyKey"("tokenId", "key");

-- CreateIndex
CREATE INDEX "Company_updatedAt_id_idx" ON "Company"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Contact_updatedAt_id_idx" ON "Contact"("updatedAt", "id");

