-- CreateTable
CREATE TABLE "MarketingConsent" (
    "address" TEXT NOT NULL PRIMARY KEY,
    "contactId" TEXT,
    "state" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "basis" TEXT NOT NULL DEFAULT '',
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedById" TEXT,
    CONSTRAINT "MarketingConsent_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MarketingConsent_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MarketingConsentChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "address" TEXT NOT NULL,
    "contactId" TEXT,
    "previousState" TEXT,
    "state" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "basis" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "campaignId" TEXT,
    "actorId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MarketingConsentChange_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MarketingConsentChange_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MarketingConsentChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "definition" TEXT NOT NULL,
    "createdById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Segment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "fromName" TEXT NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "replyTo" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "preheader" TEXT NOT NULL DEFAULT '',
    "language" TEXT NOT NULL DEFAULT 'fr',
    "mjml" TEXT NOT NULL DEFAULT '',
    "text" TEXT NOT NULL DEFAULT '',
    "textEdited" BOOLEAN NOT NULL DEFAULT false,
    "excludeOpenIncidents" BOOLEAN NOT NULL DEFAULT true,
    "ratePerMinute" INTEGER NOT NULL DEFAULT 600,
    "costCents" INTEGER,
    "attributionDays" INTEGER NOT NULL DEFAULT 90,
    "scheduledAt" DATETIME,
    "renderedHtml" TEXT,
    "renderedText" TEXT,
    "exclusionCounts" TEXT NOT NULL DEFAULT '{}',
    "recipientCount" INTEGER NOT NULL DEFAULT 0,
    "launchedAt" DATETIME,
    "launchedById" TEXT,
    "finishedAt" DATETIME,
    "cancelledAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_launchedById_fkey" FOREIGN KEY ("launchedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CampaignSegment" (
    "campaignId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,

    PRIMARY KEY ("campaignId", "segmentId"),
    CONSTRAINT "CampaignSegment_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignSegment_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CampaignRecipient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "contactId" TEXT,
    "address" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "exclusionReason" TEXT,
    "mergeValues" TEXT NOT NULL DEFAULT '{}',
    "emailMessageId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "leaseUntil" DATETIME,
    "sentAt" DATETIME,
    "bouncedAt" DATETIME,
    "bounceDiagnostic" TEXT NOT NULL DEFAULT '',
    "firstOpenedAt" DATETIME,
    "opens" INTEGER NOT NULL DEFAULT 0,
    "firstClickedAt" DATETIME,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "unsubscribedAt" DATETIME,
    "complainedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CampaignRecipient_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignRecipient_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CampaignLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    CONSTRAINT "CampaignLink_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CampaignLinkClick" (
    "recipientId" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "firstClickedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clicks" INTEGER NOT NULL DEFAULT 1,

    PRIMARY KEY ("recipientId", "linkId"),
    CONSTRAINT "CampaignLinkClick_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "CampaignRecipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignLinkClick_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "CampaignLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CampaignReply" (
    "ticketId" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CampaignReply_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignReply_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignReply_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "CampaignRecipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MarketingConsent_contactId_idx" ON "MarketingConsent"("contactId");

-- CreateIndex
CREATE INDEX "MarketingConsent_state_idx" ON "MarketingConsent"("state");

-- CreateIndex
CREATE INDEX "MarketingConsentChange_address_at_idx" ON "MarketingConsentChange"("address", "at");

-- CreateIndex
CREATE INDEX "MarketingConsentChange_contactId_at_idx" ON "MarketingConsentChange"("contactId", "at");

-- CreateIndex
CREATE INDEX "MarketingConsentChange_campaignId_idx" ON "MarketingConsentChange"("campaignId");

-- CreateIndex
CREATE INDEX "Segment_archivedAt_name_idx" ON "Segment"("archivedAt", "name");

-- CreateIndex
CREATE INDEX "Campaign_status_scheduledAt_idx" ON "Campaign"("status", "scheduledAt");

-- CreateIndex
CREATE INDEX "Campaign_launchedAt_idx" ON "Campaign"("launchedAt");

-- CreateIndex
CREATE INDEX "CampaignSegment_segmentId_idx" ON "CampaignSegment"("segmentId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRecipient_emailMessageId_key" ON "CampaignRecipient"("emailMessageId");

-- CreateIndex
CREATE INDEX "CampaignRecipient_campaignId_status_idx" ON "CampaignRecipient"("campaignId", "status");

-- CreateIndex
CREATE INDEX "CampaignRecipient_contactId_idx" ON "CampaignRecipient"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRecipient_campaignId_address_key" ON "CampaignRecipient"("campaignId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignLink_campaignId_position_key" ON "CampaignLink"("campaignId", "position");

-- CreateIndex
CREATE INDEX "CampaignLinkClick_linkId_idx" ON "CampaignLinkClick"("linkId");

-- CreateIndex
CREATE INDEX "CampaignReply_campaignId_idx" ON "CampaignReply"("campaignId");

-- CreateIndex
CREATE INDEX "CampaignReply_recipientId_idx" ON "CampaignReply"("recipientId");


-- Consent recorded before this migration (Contact.marketingConsent, for the contact's addresses)
-- becomes the address's state, with its first history line; addresses that bounced for good
-- (ContactEmail.bouncedAt, found by the helpdesk's DSN detection) are suppressed.
INSERT INTO "MarketingConsent" ("address", "contactId", "state", "source", "basis", "changedAt")
SELECT e."address", e."contactId",
       CASE WHEN e."bouncedAt" IS NOT NULL THEN 'bounced' ELSE 'opt_in' END,
       CASE WHEN e."bouncedAt" IS NOT NULL THEN 'bounce'
            WHEN c."consentSource" = 'web_form' THEN 'form'
            WHEN c."consentSource" IN ('portal', 'import') THEN c."consentSource"
            ELSE 'manual' END,
       CASE WHEN e."bouncedAt" IS NULL THEN c."consentSource" ELSE '' END,
       COALESCE(e."bouncedAt", c."consentAt", c."updatedAt")
FROM "ContactEmail" e JOIN "Contact" c ON c."id" = e."contactId"
WHERE c."marketingConsent" = 1 OR e."bouncedAt" IS NOT NULL;

INSERT INTO "MarketingConsentChange" ("id", "address", "contactId", "previousState", "state", "source", "basis", "note", "at")
SELECT 'mc_' || lower(hex(randomblob(12))), "address", "contactId", NULL, "state", "source", "basis", 'migration', "changedAt"
FROM "MarketingConsent";
