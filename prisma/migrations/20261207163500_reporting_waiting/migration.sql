-- Customers waiting now, for the service section: the queue's index does not carry the merge, so
-- counting the unmerged ones read every unresolved ticket's row (29 ms on the large dataset).
-- CreateIndex
CREATE INDEX "Ticket_report_waiting_idx" ON "Ticket"("status", "lastCustomerMessageAt", "mergedIntoId", "lastAgentReplyAt", "groupId", "assigneeId");

