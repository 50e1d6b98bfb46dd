/**
 * The raw SQL objects on Ticket that Prisma's schema cannot declare and the service section relies
 * on (ADR 014): partial indexes (stale service times and tallies, SLA targets not given, merged
 * tickets) and the trigger that keeps a deleted ticket's tally signature. A migration that rebuilds
 * the Ticket table (Prisma's "RedefineTables": create new, copy, drop, rename) loses them, the
 * trigger silently: `npm run db:migration` appends them again (scripts/new-migration.ts).
 * No database access here, so the migration script can load it.
 */

/** The fields a ticket is counted under, as one text; the partial index's expression. */
export const ticketTallySignatureSql = `(coalesce("createdAt", '') || '|' || coalesce("solvedAt", '') || '|' || coalesce("firstRespondedAt", '') || '|' || coalesce("firstResponseDueAt", '') || '|' || coalesce("resolutionDueAt", '') || '|' || ("mergedIntoId" IS NULL) || '|' || coalesce("groupId", '') || '|' || coalesce("assigneeId", '') || '|' || coalesce("type", '') || '|' || coalesce("channel", '') || '|' || coalesce("firstResponseBusinessMinutes", '') || '|' || coalesce("resolutionBusinessMinutes", ''))`;

export const serviceReportTicketSql = [
  `CREATE INDEX IF NOT EXISTS "Ticket_service_times_stale_idx" ON "Ticket"("id")
  WHERE "firstRespondedAt" IS NOT "serviceTimesFirstRespondedAt" OR "solvedAt" IS NOT "serviceTimesSolvedAt";`,
  `CREATE INDEX IF NOT EXISTS "Ticket_service_tally_stale_idx" ON "Ticket"("id")
  WHERE "serviceTallySignature" IS NOT ${ticketTallySignatureSql};`,
  `CREATE INDEX IF NOT EXISTS "Ticket_sla_first_response_live_idx" ON "Ticket"("firstResponseDueAt", "mergedIntoId", "resolutionDueAt", "solvedAt")
  WHERE "firstRespondedAt" IS NULL AND "firstResponseDueAt" IS NOT NULL;`,
  `CREATE INDEX IF NOT EXISTS "Ticket_sla_resolution_live_idx" ON "Ticket"("resolutionDueAt", "mergedIntoId", "slaPausedSince", "firstResponseDueAt", "firstRespondedAt")
  WHERE "solvedAt" IS NULL AND "resolutionDueAt" IS NOT NULL;`,
  `CREATE INDEX IF NOT EXISTS "Ticket_merged_idx" ON "Ticket"("id") WHERE "mergedIntoId" IS NOT NULL;`,
  `CREATE TRIGGER IF NOT EXISTS "Ticket_service_tally_removed" AFTER DELETE ON "Ticket"
  WHEN OLD."serviceTallySignature" IS NOT NULL
BEGIN
  INSERT INTO "ServiceTallyRemoval" ("signature") VALUES (OLD."serviceTallySignature");
END;`,
].join("\n");

/** The migration, with the service section's indexes and trigger on Ticket recreated when it rebuilds Ticket. */
export function withServiceReportRepair(migrationSql: string): string {
  if (!/DROP TABLE\s+"?Ticket"?\s*;|ALTER TABLE\s+"?[^"\s]+"?\s+RENAME TO\s+"?Ticket"?\s*;/i.test(migrationSql)) return migrationSql;
  return [
    migrationSql.trimEnd(),
    "",
    "-- The service section's partial indexes and trigger (app/lib/sqlite-service-tally-schema.ts): Ticket was rebuilt above.",
    serviceReportTicketSql,
    "",
  ].join("\n");
}
