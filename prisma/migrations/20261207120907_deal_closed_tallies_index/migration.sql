-- CreateIndex
CREATE INDEX "Deal_closed_tallies_idx" ON "Deal"("stageId", "closedAt", "ownerId", "amountCents", "createdAt");

