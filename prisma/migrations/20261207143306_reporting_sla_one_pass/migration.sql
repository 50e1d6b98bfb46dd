-- DropIndex
DROP INDEX "Ticket_report_resolution_due_idx";

-- CreateIndex
CREATE INDEX "Ticket_report_resolution_due_sla_idx" ON "Ticket"("resolutionDueAt", "mergedIntoId", "groupId", "assigneeId", "solvedAt", "slaPausedSince", "firstResponseDueAt", "firstRespondedAt");

