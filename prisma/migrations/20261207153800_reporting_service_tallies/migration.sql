-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "serviceTallySignature" TEXT;

-- CreateTable
CREATE TABLE "ServiceTally" (
    "measure" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "tickets" INTEGER NOT NULL,

    PRIMARY KEY ("measure", "day", "key")
);

-- CreateTable
CREATE TABLE "ServiceTimeTally" (
    "duration" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "tickets" INTEGER NOT NULL,

    PRIMARY KEY ("duration", "bucket", "day", "minutes")
);

-- CreateTable
CREATE TABLE "ServiceTallyRemoval" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "signature" TEXT NOT NULL
);


-- Tickets whose fields differ from those last counted in the service tallies (a ticket created,
-- answered, solved, reopened, merged, moved, or whose service times were computed): a partial
-- index holding only those, so the catch-up before a report finds them in one probe. The
-- expression is the one of app/lib/sqlite-service-tally.server.ts (ticketTallySignatureSql).
CREATE INDEX "Ticket_service_tally_stale_idx" ON "Ticket"("id")
  WHERE "serviceTallySignature" IS NOT (coalesce("createdAt", '') || '|' || coalesce("solvedAt", '') || '|' || coalesce("firstRespondedAt", '') || '|' || coalesce("firstResponseDueAt", '') || '|' || coalesce("resolutionDueAt", '') || '|' || ("mergedIntoId" IS NULL) || '|' || coalesce("groupId", '') || '|' || coalesce("assigneeId", '') || '|' || coalesce("type", '') || '|' || coalesce("channel", '') || '|' || coalesce("firstResponseBusinessMinutes", '') || '|' || coalesce("resolutionBusinessMinutes", ''));

-- Tickets whose SLA outcome is not final yet (a target due and not answered / solved): counted
-- live at each report (their outcome depends on the time), every other ticket from the tallies.
CREATE INDEX "Ticket_sla_unsettled_idx" ON "Ticket"("firstResponseDueAt", "resolutionDueAt", "firstRespondedAt", "solvedAt", "slaPausedSince", "mergedIntoId", "groupId", "assigneeId")
  WHERE ("firstRespondedAt" IS NULL AND "firstResponseDueAt" IS NOT NULL) OR ("solvedAt" IS NULL AND "resolutionDueAt" IS NOT NULL);

-- A deleted ticket's counted fields, to be taken off the tallies at the next catch-up.
CREATE TRIGGER "Ticket_service_tally_removed" AFTER DELETE ON "Ticket"
  WHEN OLD."serviceTallySignature" IS NOT NULL
BEGIN
  INSERT INTO "ServiceTallyRemoval" ("signature") VALUES (OLD."serviceTallySignature");
END;
