-- DropIndex
DROP INDEX "Ticket_status_lastCustomerMessageAt_lastAgentReplyAt_id_idx";

-- DropIndex
DROP INDEX "Message_authorContactId_createdAt_idx";

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "lastMessageAt" DATETIME;

-- Ticket.lastMessageAt from the messages already there, before its indexes exist (one sort per
-- index below instead of a b-tree update per row). Kept from now on by the triggers at the end.
UPDATE "Ticket" SET "lastMessageAt" = (SELECT max(m."createdAt") FROM "Message" m WHERE m."ticketId" = "Ticket"."id");

-- CreateIndex
CREATE INDEX "CompanyDomain_companyId_idx" ON "CompanyDomain"("companyId");

-- CreateIndex
CREATE INDEX "Ticket_status_lastCustomerMessageAt_id_lastAgentReplyAt_idx" ON "Ticket"("status", "lastCustomerMessageAt", "id", "lastAgentReplyAt");

-- CreateIndex
CREATE INDEX "Ticket_requesterId_lastMessageAt_id_idx" ON "Ticket"("requesterId", "lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Ticket_companyId_lastMessageAt_id_idx" ON "Ticket"("companyId", "lastMessageAt", "id");

-- CreateIndex
CREATE INDEX "Message_authorContactId_visibility_createdAt_id_idx" ON "Message"("authorContactId", "visibility", "createdAt", "id");

-- Ticket.lastMessageAt is kept by the database, whoever writes the message (app/lib/sqlite.server.ts,
-- lastMessageAtSql): never older than the newest message of the ticket.
CREATE TRIGGER "ticket_last_message_after_insert" AFTER INSERT ON "Message" BEGIN
  UPDATE "Ticket" SET "lastMessageAt" = new."createdAt"
     WHERE "id" = new."ticketId" AND ("lastMessageAt" IS NULL OR "lastMessageAt" < new."createdAt");
END;
CREATE TRIGGER "ticket_last_message_after_update" AFTER UPDATE OF "ticketId", "createdAt" ON "Message" BEGIN
  UPDATE "Ticket" SET "lastMessageAt" = new."createdAt"
     WHERE "id" = new."ticketId" AND ("lastMessageAt" IS NULL OR "lastMessageAt" < new."createdAt");
END;
