-- DropIndex
DROP INDEX "Ticket_report_first_response_due_idx";

-- DropIndex
DROP INDEX "Ticket_report_resolution_due_sla_idx";

-- CreateIndex
CREATE INDEX "Ticket_report_first_response_due_list_idx" ON "Ticket"("firstResponseDueAt", "mergedIntoId", "groupId", "assigneeId", "firstRespondedAt", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_report_resolution_due_list_idx" ON "Ticket"("resolutionDueAt", "mergedIntoId", "groupId", "assigneeId", "solvedAt", "slaPausedSince", "firstResponseDueAt", "firstRespondedAt", "createdAt");

