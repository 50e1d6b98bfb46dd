-- Search index (app/lib/search/sqlite-fts.server.ts): Company rebuilt below, so the
-- search triggers are dropped first and recreated, with the affected indexes, at the end.
DROP TRIGGER IF EXISTS "search_ticket_after_insert";
DROP TRIGGER IF EXISTS "search_ticket_after_update";
DROP TRIGGER IF EXISTS "search_ticket_after_delete";
DROP TRIGGER IF EXISTS "search_message_after_insert";
DROP TRIGGER IF EXISTS "search_message_after_update";
DROP TRIGGER IF EXISTS "search_message_after_delete";
DROP TRIGGER IF EXISTS "search_contact_after_insert";
DROP TRIGGER IF EXISTS "search_contact_after_update";
DROP TRIGGER IF EXISTS "search_contact_after_delete";
DROP TRIGGER IF EXISTS "search_contact_contactemail_after_insert";
DROP TRIGGER IF EXISTS "search_contact_contactemail_after_update";
DROP TRIGGER IF EXISTS "search_contact_contactemail_after_delete";
DROP TRIGGER IF EXISTS "search_company_after_insert";
DROP TRIGGER IF EXISTS "search_company_after_update";
DROP TRIGGER IF EXISTS "search_company_after_delete";
DROP TRIGGER IF EXISTS "search_company_companydomain_after_insert";
DROP TRIGGER IF EXISTS "search_company_companydomain_after_update";
DROP TRIGGER IF EXISTS "search_company_companydomain_after_delete";

-- CreateTable
CREATE TABLE "PipelineStage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "probability" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'open',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DealLossReason" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Deal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "contactId" TEXT,
    "ownerId" TEXT NOT NULL,
    "stageId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL DEFAULT 0,
    "expectedCloseDate" DATETIME,
    "source" TEXT NOT NULL DEFAULT 'other',
    "campaignId" TEXT,
    "lossReasonId" TEXT,
    "lossNote" TEXT NOT NULL DEFAULT '',
    "closedAt" DATETIME,
    "stageChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notes" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Deal_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Deal_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Deal_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Deal_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "PipelineStage" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Deal_lossReasonId_fkey" FOREIGN KEY ("lossReasonId") REFERENCES "DealLossReason" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DealStageChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dealId" TEXT NOT NULL,
    "fromStageId" TEXT,
    "toStageId" TEXT NOT NULL,
    "actorId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DealStageChange_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DealStageChange_fromStageId_fkey" FOREIGN KEY ("fromStageId") REFERENCES "PipelineStage" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "DealStageChange_toStageId_fkey" FOREIGN KEY ("toStageId") REFERENCES "PipelineStage" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "DealStageChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "mode" TEXT,
    "location" TEXT NOT NULL DEFAULT '',
    "doneAt" DATETIME,
    "remindedAt" DATETIME,
    "companyId" TEXT,
    "contactId" TEXT,
    "dealId" TEXT,
    "ticketId" TEXT,
    "contractId" TEXT,
    "createdById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Activity_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Activity_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Activity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Activity_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Activity_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Activity_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VisitReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "companyId" TEXT NOT NULL,
    "contactId" TEXT,
    "dealId" TEXT,
    "activityId" TEXT,
    "authorId" TEXT NOT NULL,
    "visitedAt" DATETIME NOT NULL,
    "attendees" TEXT NOT NULL DEFAULT '',
    "objectives" TEXT NOT NULL DEFAULT '',
    "discussion" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "VisitReport_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VisitReport_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "VisitReport_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "VisitReport_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "VisitReport_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VisitReportNextStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "dueDate" DATETIME,
    "taskId" TEXT,
    CONSTRAINT "VisitReportNextStep_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "VisitReport" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VisitReportNextStep_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Activity" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VisitReportTicket" (
    "reportId" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,

    PRIMARY KEY ("reportId", "ticketId"),
    CONSTRAINT "VisitReportTicket_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "VisitReport" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VisitReportTicket_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "unit" TEXT NOT NULL DEFAULT 'unit',
    "unitPriceCents" INTEGER NOT NULL,
    "vatRateBps" INTEGER NOT NULL DEFAULT 2000,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Quote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "contactId" TEXT,
    "dealId" TEXT,
    "ownerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "issueDate" DATETIME NOT NULL,
    "validUntil" DATETIME NOT NULL,
    "paymentTerms" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "customerSnapshot" TEXT NOT NULL DEFAULT '{}',
    "sellerSnapshot" TEXT NOT NULL DEFAULT '{}',
    "totalExclCents" INTEGER NOT NULL DEFAULT 0,
    "totalVatCents" INTEGER NOT NULL DEFAULT 0,
    "totalInclCents" INTEGER NOT NULL DEFAULT 0,
    "sentAt" DATETIME,
    "sentEmailId" TEXT,
    "acceptedAt" DATETIME,
    "refusedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Quote_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Quote_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Quote_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Quote_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuoteLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "quoteId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "productId" TEXT,
    "reference" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL,
    "unit" TEXT NOT NULL DEFAULT 'unit',
    "quantityMilli" INTEGER NOT NULL,
    "unitPriceCents" INTEGER NOT NULL,
    "discountBps" INTEGER NOT NULL DEFAULT 0,
    "vatRateBps" INTEGER NOT NULL,
    "totalExclCents" INTEGER NOT NULL,
    CONSTRAINT "QuoteLine_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "Quote" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuoteLine_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "quoteId" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "dealId" TEXT,
    "ownerId" TEXT NOT NULL,
    "orderedAt" DATETIME NOT NULL,
    "totalExclCents" INTEGER NOT NULL,
    "totalVatCents" INTEGER NOT NULL,
    "totalInclCents" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Order_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "Quote" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Order_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Order_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contract" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "companyId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startDate" DATETIME NOT NULL,
    "endDate" DATETIME NOT NULL,
    "yearlyAmountCents" INTEGER NOT NULL,
    "renewal" TEXT NOT NULL DEFAULT 'tacit',
    "reminderDays" INTEGER NOT NULL DEFAULT 60,
    "status" TEXT NOT NULL DEFAULT 'active',
    "cancelledAt" DATETIME,
    "cancellationReason" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contract_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Contract_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenEncrypted" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastFetchedAt" DATETIME,
    CONSTRAINT "CalendarFeed_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Company" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "size" TEXT,
    "street" TEXT NOT NULL DEFAULT '',
    "postalCode" TEXT NOT NULL DEFAULT '',
    "city" TEXT NOT NULL DEFAULT '',
    "country" TEXT NOT NULL DEFAULT 'FR',
    "phone" TEXT NOT NULL DEFAULT '',
    "website" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "customFields" TEXT NOT NULL DEFAULT '{}',
    "ownerId" TEXT,
    "lifecycleStage" TEXT NOT NULL DEFAULT 'prospect',
    "prospectSource" TEXT NOT NULL DEFAULT '',
    "clientSince" DATETIME,
    "lostAt" DATETIME,
    "lostReason" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Company_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Company" ("city", "country", "createdAt", "customFields", "id", "name", "notes", "ownerId", "phone", "postalCode", "sector", "size", "street", "updatedAt", "website") SELECT "city", "country", "createdAt", "customFields", "id", "name", "notes", "ownerId", "phone", "postalCode", "sector", "size", "street", "updatedAt", "website" FROM "Company";
DROP TABLE "Company";
ALTER TABLE "new_Company" RENAME TO "Company";
CREATE INDEX "Company_name_idx" ON "Company"("name");
CREATE INDEX "Company_lifecycleStage_ownerId_idx" ON "Company"("lifecycleStage", "ownerId");
CREATE TABLE "new_SlaPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "companyId" TEXT,
    "contractId" TEXT,
    "firstResponseMinutes" INTEGER NOT NULL,
    "resolutionMinutes" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SlaPolicy_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SlaPolicy_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SlaPolicy" ("active", "companyId", "createdAt", "firstResponseMinutes", "id", "name", "priority", "resolutionMinutes", "updatedAt") SELECT "active", "companyId", "createdAt", "firstResponseMinutes", "id", "name", "priority", "resolutionMinutes", "updatedAt" FROM "SlaPolicy";
DROP TABLE "SlaPolicy";
ALTER TABLE "new_SlaPolicy" RENAME TO "SlaPolicy";
CREATE INDEX "SlaPolicy_contractId_idx" ON "SlaPolicy"("contractId");
CREATE UNIQUE INDEX "SlaPolicy_priority_companyId_key" ON "SlaPolicy"("priority", "companyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Deal_stageId_stageChangedAt_id_idx" ON "Deal"("stageId", "stageChangedAt", "id");

-- CreateIndex
CREATE INDEX "Deal_ownerId_stageId_stageChangedAt_id_idx" ON "Deal"("ownerId", "stageId", "stageChangedAt", "id");

-- CreateIndex
CREATE INDEX "Deal_stageId_expectedCloseDate_ownerId_amountCents_idx" ON "Deal"("stageId", "expectedCloseDate", "ownerId", "amountCents");

-- CreateIndex
CREATE INDEX "Deal_closedAt_stageId_idx" ON "Deal"("closedAt", "stageId");

-- CreateIndex
CREATE INDEX "Deal_companyId_createdAt_id_idx" ON "Deal"("companyId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Deal_contactId_idx" ON "Deal"("contactId");

-- CreateIndex
CREATE INDEX "DealStageChange_dealId_at_id_idx" ON "DealStageChange"("dealId", "at", "id");

-- CreateIndex
CREATE INDEX "Activity_ownerId_startsAt_id_idx" ON "Activity"("ownerId", "startsAt", "id");

-- CreateIndex
CREATE INDEX "Activity_doneAt_remindedAt_startsAt_idx" ON "Activity"("doneAt", "remindedAt", "startsAt");

-- CreateIndex
CREATE INDEX "Activity_companyId_createdAt_id_idx" ON "Activity"("companyId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Activity_contactId_createdAt_id_idx" ON "Activity"("contactId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Activity_dealId_startsAt_idx" ON "Activity"("dealId", "startsAt");

-- CreateIndex
CREATE INDEX "Activity_ticketId_idx" ON "Activity"("ticketId");

-- CreateIndex
CREATE INDEX "Activity_contractId_idx" ON "Activity"("contractId");

-- CreateIndex
CREATE UNIQUE INDEX "VisitReport_activityId_key" ON "VisitReport"("activityId");

-- CreateIndex
CREATE INDEX "VisitReport_companyId_visitedAt_id_idx" ON "VisitReport"("companyId", "visitedAt", "id");

-- CreateIndex
CREATE INDEX "VisitReport_contactId_visitedAt_id_idx" ON "VisitReport"("contactId", "visitedAt", "id");

-- CreateIndex
CREATE INDEX "VisitReport_dealId_idx" ON "VisitReport"("dealId");

-- CreateIndex
CREATE INDEX "VisitReport_authorId_visitedAt_idx" ON "VisitReport"("authorId", "visitedAt");

-- CreateIndex
CREATE UNIQUE INDEX "VisitReportNextStep_taskId_key" ON "VisitReportNextStep"("taskId");

-- CreateIndex
CREATE INDEX "VisitReportNextStep_reportId_position_idx" ON "VisitReportNextStep"("reportId", "position");

-- CreateIndex
CREATE INDEX "VisitReportTicket_ticketId_idx" ON "VisitReportTicket"("ticketId");

-- CreateIndex
CREATE UNIQUE INDEX "Product_reference_key" ON "Product"("reference");

-- CreateIndex
CREATE INDEX "Product_active_name_idx" ON "Product"("active", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Quote_number_key" ON "Quote"("number");

-- CreateIndex
CREATE INDEX "Quote_companyId_createdAt_id_idx" ON "Quote"("companyId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Quote_ownerId_status_createdAt_idx" ON "Quote"("ownerId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Quote_dealId_idx" ON "Quote"("dealId");

-- CreateIndex
CREATE INDEX "Quote_status_validUntil_idx" ON "Quote"("status", "validUntil");

-- CreateIndex
CREATE INDEX "QuoteLine_quoteId_position_idx" ON "QuoteLine"("quoteId", "position");

-- CreateIndex
CREATE INDEX "QuoteLine_productId_idx" ON "QuoteLine"("productId");

-- CreateIndex
CREATE UNIQUE INDEX "Order_number_key" ON "Order"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Order_quoteId_key" ON "Order"("quoteId");

-- CreateIndex
CREATE INDEX "Order_orderedAt_ownerId_totalExclCents_idx" ON "Order"("orderedAt", "ownerId", "totalExclCents");

-- CreateIndex
CREATE INDEX "Order_companyId_orderedAt_id_idx" ON "Order"("companyId", "orderedAt", "id");

-- CreateIndex
CREATE INDEX "Contract_companyId_status_idx" ON "Contract"("companyId", "status");

-- CreateIndex
CREATE INDEX "Contract_status_endDate_idx" ON "Contract"("status", "endDate");

-- CreateIndex
CREATE INDEX "Contract_cancelledAt_idx" ON "Contract"("cancelledAt");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_userId_key" ON "CalendarFeed"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- Search index: triggers back, and the documents of the rebuilt tables indexed again.
CREATE TRIGGER "search_ticket_after_insert" AFTER INSERT ON "Ticket" BEGIN
  INSERT INTO "search_ticket"(rowid, subject) VALUES (new.rowid, new."subject");
END;

CREATE TRIGGER "search_ticket_after_update" AFTER UPDATE OF "subject" ON "Ticket" WHEN old."subject" IS NOT new."subject" BEGIN
  DELETE FROM "search_ticket" WHERE rowid = old.rowid;
  INSERT INTO "search_ticket"(rowid, subject) VALUES (new.rowid, new."subject");
END;

CREATE TRIGGER "search_ticket_after_delete" AFTER DELETE ON "Ticket" BEGIN
  DELETE FROM "search_ticket" WHERE rowid = old.rowid;
END;

CREATE TRIGGER "search_message_after_insert" AFTER INSERT ON "Message" BEGIN
  INSERT INTO "search_message"(rowid, body) VALUES (new.rowid, new."bodyText");
END;

CREATE TRIGGER "search_message_after_update" AFTER UPDATE OF "bodyText" ON "Message" WHEN old."bodyText" IS NOT new."bodyText" BEGIN
  DELETE FROM "search_message" WHERE rowid = old.rowid;
  INSERT INTO "search_message"(rowid, body) VALUES (new.rowid, new."bodyText");
END;

CREATE TRIGGER "search_message_after_delete" AFTER DELETE ON "Message" BEGIN
  DELETE FROM "search_message" WHERE rowid = old.rowid;
END;

CREATE TRIGGER "search_contact_after_insert" AFTER INSERT ON "Contact" BEGIN
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_contact_after_update" AFTER UPDATE OF "firstName", "lastName" ON "Contact" WHEN old."firstName" IS NOT new."firstName" OR old."lastName" IS NOT new."lastName" BEGIN
  DELETE FROM "search_contact" WHERE rowid = old.rowid;
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_contact_after_delete" AFTER DELETE ON "Contact" BEGIN
  DELETE FROM "search_contact" WHERE rowid = old.rowid;
END;

CREATE TRIGGER "search_contact_contactemail_after_insert" AFTER INSERT ON "ContactEmail" BEGIN
  DELETE FROM "search_contact" WHERE rowid = (SELECT rowid FROM "Contact" WHERE "id" = new."contactId");
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s."id" = new."contactId";
END;

CREATE TRIGGER "search_contact_contactemail_after_update" AFTER UPDATE OF "address", "contactId" ON "ContactEmail" WHEN old."address" IS NOT new."address" OR old."contactId" IS NOT new."contactId" BEGIN
  DELETE FROM "search_contact" WHERE rowid = (SELECT rowid FROM "Contact" WHERE "id" = old."contactId");
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s."id" = old."contactId";
  DELETE FROM "search_contact" WHERE rowid = (SELECT rowid FROM "Contact" WHERE "id" = new."contactId");
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s."id" = new."contactId";
END;

CREATE TRIGGER "search_contact_contactemail_after_delete" AFTER DELETE ON "ContactEmail" BEGIN
  DELETE FROM "search_contact" WHERE rowid = (SELECT rowid FROM "Contact" WHERE "id" = old."contactId");
  INSERT INTO "search_contact"(rowid, name, emails) SELECT s.rowid, trim(s."firstName" || ' ' || s."lastName"), (SELECT group_concat(e."address", ' ') FROM "ContactEmail" e WHERE e."contactId" = s."id") FROM "Contact" s WHERE s."id" = old."contactId";
END;

CREATE TRIGGER "search_company_after_insert" AFTER INSERT ON "Company" BEGIN
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_company_after_update" AFTER UPDATE OF "name" ON "Company" WHEN old."name" IS NOT new."name" BEGIN
  DELETE FROM "search_company" WHERE rowid = old.rowid;
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s.rowid = new.rowid;
END;

CREATE TRIGGER "search_company_after_delete" AFTER DELETE ON "Company" BEGIN
  DELETE FROM "search_company" WHERE rowid = old.rowid;
END;

CREATE TRIGGER "search_company_companydomain_after_insert" AFTER INSERT ON "CompanyDomain" BEGIN
  DELETE FROM "search_company" WHERE rowid = (SELECT rowid FROM "Company" WHERE "id" = new."companyId");
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s."id" = new."companyId";
END;

CREATE TRIGGER "search_company_companydomain_after_update" AFTER UPDATE OF "domain", "companyId" ON "CompanyDomain" WHEN old."domain" IS NOT new."domain" OR old."companyId" IS NOT new."companyId" BEGIN
  DELETE FROM "search_company" WHERE rowid = (SELECT rowid FROM "Company" WHERE "id" = old."companyId");
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s."id" = old."companyId";
  DELETE FROM "search_company" WHERE rowid = (SELECT rowid FROM "Company" WHERE "id" = new."companyId");
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s."id" = new."companyId";
END;

CREATE TRIGGER "search_company_companydomain_after_delete" AFTER DELETE ON "CompanyDomain" BEGIN
  DELETE FROM "search_company" WHERE rowid = (SELECT rowid FROM "Company" WHERE "id" = old."companyId");
  INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE s."id" = old."companyId";
END;
INSERT INTO "search_company"("search_company") VALUES ('delete-all');
INSERT INTO "search_company"(rowid, name, domains) SELECT s.rowid, s."name", (SELECT group_concat(d."domain", ' ') FROM "CompanyDomain" d WHERE d."companyId" = s."id") FROM "Company" s WHERE 1;
INSERT INTO "search_company"("search_company") VALUES ('optimize');

-- Data step: the default pipeline and loss reasons, so that a fresh install can follow deals at
-- once. Administrators rename, reorder and reweight them in Administration → Ventes.
INSERT INTO "PipelineStage" ("id", "name", "probability", "position", "kind", "active", "createdAt", "updatedAt") VALUES
  ('stage_qualification', 'Qualification', 10, 1, 'open', 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('stage_proposal', 'Proposition', 40, 2, 'open', 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('stage_negotiation', 'Négociation', 70, 3, 'open', 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('stage_won', 'Gagnée', 100, 4, 'won', 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('stage_lost', 'Perdue', 0, 5, 'lost', 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));

INSERT INTO "DealLossReason" ("id", "label", "position", "active", "createdAt") VALUES
  ('loss_price', 'Prix trop élevé', 1, 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('loss_competitor', 'Concurrent retenu', 2, 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('loss_no_budget', 'Pas de budget', 3, 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('loss_no_decision', 'Pas de décision / projet abandonné', 4, 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  ('loss_timing', 'Mauvais moment', 5, 1, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));

-- Companies already served by the helpdesk before the sales side existed are customers.
UPDATE "Company" SET "lifecycleStage" = 'client', "clientSince" = "createdAt"
WHERE EXISTS (SELECT 1 FROM "Ticket" WHERE "Ticket"."companyId" = "Company"."id");
