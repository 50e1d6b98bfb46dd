-- CreateIndex
CREATE INDEX "Order_orderedAt_companyId_ownerId_idx" ON "Order"("orderedAt", "companyId", "ownerId");

