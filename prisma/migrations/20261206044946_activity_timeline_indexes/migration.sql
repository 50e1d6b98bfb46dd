-- DropIndex
DROP INDEX "Activity_companyId_createdAt_id_idx";

-- DropIndex
DROP INDEX "Activity_contactId_createdAt_id_idx";

-- CreateIndex
CREATE INDEX "Activity_companyId_startsAt_id_idx" ON "Activity"("companyId", "startsAt", "id");

-- CreateIndex
CREATE INDEX "Activity_contactId_startsAt_id_idx" ON "Activity"("contactId", "startsAt", "id");

