-- CreateIndex
CREATE INDEX "Ticket_priority_type_status_companyId_idx" ON "Ticket"("priority", "type", "status", "companyId");

-- CreateIndex
CREATE INDEX "Quote_sentAt_ownerId_idx" ON "Quote"("sentAt", "ownerId");

-- CreateIndex
CREATE INDEX "Quote_acceptedAt_ownerId_idx" ON "Quote"("acceptedAt", "ownerId");

