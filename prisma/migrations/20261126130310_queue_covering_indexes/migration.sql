-- DropIndex
DROP INDEX "Ticket_assigneeId_status_updatedAt_idx";

-- DropIndex
DROP INDEX "Ticket_groupId_status_updatedAt_idx";

-- DropIndex
DROP INDEX "Ticket_status_lastCustomerMessageAt_idx";

-- CreateIndex
CREATE INDEX "Ticket_assigneeId_status_updatedAt_id_idx" ON "Ticket"("assigneeId", "status", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Ticket_groupId_status_updatedAt_id_idx" ON "Ticket"("groupId", "status", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Ticket_status_lastCustomerMessageAt_lastAgentReplyAt_id_idx" ON "Ticket"("status", "lastCustomerMessageAt", "lastAgentReplyAt", "id");

