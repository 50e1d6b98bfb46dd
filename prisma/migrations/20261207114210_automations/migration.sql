-- CreateTable
CREATE TABLE "AutomationRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "conditions" TEXT NOT NULL DEFAULT '{"all":[],"any":[]}',
    "actions" TEXT NOT NULL DEFAULT '[]',
    "createdById" TEXT,
    "updatedById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AutomationRule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AutomationRule_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AutomationRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ruleId" TEXT NOT NULL,
    "runKey" TEXT NOT NULL,
    "ticketId" TEXT,
    "dealId" TEXT,
    "outcome" TEXT NOT NULL,
    "actions" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AutomationRun_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AutomationRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AutomationRun_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AutomationRun_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AutomationMail" (
    "ruleId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "ticketId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("ruleId", "contactId", "day"),
    CONSTRAINT "AutomationMail_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AutomationRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AutomationMail_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AutomationRule_active_trigger_position_idx" ON "AutomationRule"("active", "trigger", "position");

-- CreateIndex
CREATE INDEX "AutomationRun_ruleId_at_idx" ON "AutomationRun"("ruleId", "at");

-- CreateIndex
CREATE INDEX "AutomationRun_ticketId_at_idx" ON "AutomationRun"("ticketId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "AutomationRun_ruleId_runKey_key" ON "AutomationRun"("ruleId", "runKey");

-- CreateIndex
CREATE INDEX "AutomationMail_contactId_idx" ON "AutomationMail"("contactId");

