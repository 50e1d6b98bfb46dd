-- The outbox carries attachments (a quote's PDF): a JSON list of stored files
-- [{ sha256, filename, contentType }], sent by outbox-delivery.server.ts.
-- Prisma's diff rebuilds the table for this; SQLite adds a NOT NULL column with a constant
-- default in place, without copying a large outbox.
ALTER TABLE "OutboundEmail" ADD COLUMN "attachments" TEXT NOT NULL DEFAULT '[]';
