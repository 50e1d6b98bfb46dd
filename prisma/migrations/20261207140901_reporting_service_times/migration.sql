-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "firstResponseBusinessMinutes" INTEGER;
ALTER TABLE "Ticket" ADD COLUMN "resolutionBusinessMinutes" INTEGER;
ALTER TABLE "Ticket" ADD COLUMN "serviceTimesFirstRespondedAt" DATETIME;
ALTER TABLE "Ticket" ADD COLUMN "serviceTimesSolvedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Ticket_report_created_idx" ON "Ticket"("createdAt", "mergedIntoId", "groupId", "assigneeId", "type", "channel");

-- CreateIndex
CREATE INDEX "Ticket_report_solved_idx" ON "Ticket"("solvedAt", "mergedIntoId", "groupId", "assigneeId", "createdAt", "type", "channel", "resolutionBusinessMinutes");

-- CreateIndex
CREATE INDEX "Ticket_report_responded_idx" ON "Ticket"("firstRespondedAt", "mergedIntoId", "groupId", "assigneeId", "firstResponseBusinessMinutes");

-- CreateIndex
CREATE INDEX "Ticket_report_first_response_due_idx" ON "Ticket"("firstResponseDueAt", "mergedIntoId", "groupId", "assigneeId", "firstRespondedAt");

-- CreateIndex
CREATE INDEX "Ticket_report_resolution_due_idx" ON "Ticket"("resolutionDueAt", "mergedIntoId", "groupId", "assigneeId", "solvedAt", "slaPausedSince");

-- CreateIndex
CREATE INDEX "Intervention_status_endsAt_ticketId_idx" ON "Intervention"("status", "endsAt", "ticketId");

-- CreateIndex
CREATE INDEX "SatisfactionRating_createdAt_rating_ticketId_idx" ON "SatisfactionRating"("createdAt", "rating", "ticketId");


-- Tickets whose service times are out of date (their first response or solution date moved since
-- they were computed): a partial index that holds only those, so the catch-up before a report
-- finds them in one probe (app/lib/sqlite-service-report.server.ts, staleServiceTimesSql).
CREATE INDEX "Ticket_service_times_stale_idx" ON "Ticket"("id")
  WHERE "firstRespondedAt" IS NOT "serviceTimesFirstRespondedAt" OR "solvedAt" IS NOT "serviceTimesSolvedAt";
