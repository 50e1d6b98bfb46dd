-- A ticket's merge and placement read from its id alone (no table row): the service section joins
-- the interventions done in a period to their tickets through it (22 ms a quarter through the rows).
-- CreateIndex
CREATE INDEX "Ticket_report_placement_idx" ON "Ticket"("id", "mergedIntoId", "groupId", "assigneeId");

