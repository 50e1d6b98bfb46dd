-- CreateIndex
CREATE INDEX "SatisfactionRating_contactId_createdAt_idx" ON "SatisfactionRating"("contactId", "createdAt");

