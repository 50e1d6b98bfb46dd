-- A contact's timeline lists their deals, quotes and orders from an index each; a company's open
-- deals come from (companyId, closedAt, …) instead of a skip-scan of the forecast's index.

-- DropIndex (replaced by the ordered one below)
DROP INDEX "Deal_contactId_idx";

-- Orders keep the contact their quote was addressed to. Added in place, not by rebuilding the
-- table (a large order book would be copied for one nullable column); filled from the quotes.
ALTER TABLE "Order" ADD COLUMN "contactId" TEXT REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
UPDATE "Order" SET "contactId" = (SELECT "Quote"."contactId" FROM "Quote" WHERE "Quote"."id" = "Order"."quoteId");

-- CreateIndex
CREATE INDEX "Order_contactId_orderedAt_id_idx" ON "Order"("contactId", "orderedAt", "id");

-- CreateIndex
CREATE INDEX "Deal_companyId_closedAt_expectedCloseDate_id_idx" ON "Deal"("companyId", "closedAt", "expectedCloseDate", "id");

-- CreateIndex
CREATE INDEX "Deal_contactId_createdAt_id_idx" ON "Deal"("contactId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Quote_contactId_createdAt_id_idx" ON "Quote"("contactId", "createdAt", "id");
