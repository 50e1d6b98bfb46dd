-- CreateIndex
CREATE INDEX "Ticket_company_figures_idx" ON "Ticket"("companyId", "status", "groupId", "assigneeId", "createdAt", "firstRespondedAt", "id");

-- CreateIndex
CREATE INDEX "Ticket_requester_figures_idx" ON "Ticket"("requesterId", "status", "groupId", "assigneeId", "createdAt", "firstRespondedAt", "id");

