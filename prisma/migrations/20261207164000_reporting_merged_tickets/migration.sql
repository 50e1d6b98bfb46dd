-- The merged tickets alone (usually few): a manager's interventions done are counted from the
-- interventions' index, leaving out those of merged tickets through this small set rather than
-- looking every intervention's ticket up (9.5 ms a quarter instead of 2.8 on the large dataset).
CREATE INDEX "Ticket_merged_idx" ON "Ticket"("id") WHERE "mergedIntoId" IS NOT NULL;
