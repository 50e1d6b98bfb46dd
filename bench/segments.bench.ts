/**
 * Segment count on the large dataset (200,000 contacts): a mixed service + sales segment
 * (« industrie ET (aucun ticket depuis 90 jours OU dernière évaluation bonne) ET au moins
 * 1 000 € signés sur 12 mois ») counted by the domain (compiled predicate, run through Prisma)
 * against a hand-written SQL of the same question run with better-sqlite3, in the same run.
 *
 * Run by bench/index.ts in a child process whose DATABASE_URL is the large file, which it only
 * reads. Standalone: DATABASE_URL=file:data/large.db node --import tsx bench/segments.bench.ts
 */
import Database from "better-sqlite3";
import type { SegmentDefinition } from "~/domain/marketing/segments/segment-definition";
import { countSegment } from "~/domain/marketing/segments/segment-evaluation.server";
import { monthsBefore } from "~/domain/marketing/segments/conditions/sales-conditions";
import { sqliteFilePath } from "~/lib/database-url";
import { databaseReady, disconnectDatabase } from "~/lib/db.server";
import { sqliteDateTime } from "~/lib/sqlite.server";
import { measure, reportRatio } from "./harness.ts";

const ITERATIONS = Number(process.env.SEGMENT_BENCH_ITERATIONS ?? 30);
const databaseUrl = process.env.DATABASE_URL ?? "";
const raw = new Database(sqliteFilePath(databaseUrl), { readonly: true });
raw.pragma("cache_size = -32000");
await databaseReady();

// The dataset's own "now": its latest ticket, so "the last 90 days" has tickets in it.
const latest = raw.prepare(`SELECT max("createdAt") AS at FROM "Ticket"`).get() as { at: string | null };
const now = latest.at ? new Date(latest.at) : new Date();

export const mixedSegment: SegmentDefinition = {
  match: "all",
  groups: [
    { match: "all", conditions: [{ kind: "company.sector", params: { sectors: ["industry"] } }] },
    {
      match: "any",
      conditions: [
        { kind: "service.tickets", params: { comparison: "none", days: 90 } },
        { kind: "service.lastRating", params: { rating: "good" } },
      ],
    },
    { match: "all", conditions: [{ kind: "sales.wonAmount", params: { minEuros: 1000, months: 12 } }] },
  ],
};

const rawStatement = raw.prepare(`
  SELECT count(*) AS contacts
    FROM "Contact" c JOIN "Company" co ON co."id" = c."companyId"
   WHERE co."sector" = 'industry'
     AND (NOT EXISTS (SELECT 1 FROM "Ticket" t WHERE t."requesterId" = c."id" AND t."mergedIntoId" IS NULL AND t."createdAt" >= ?)
          OR (SELECT r."rating" FROM "SatisfactionRating" r WHERE r."contactId" = c."id" ORDER BY r."createdAt" DESC, r."id" DESC LIMIT 1) = 'good')
     AND c."companyId" IN (SELECT d."companyId" FROM "Deal" d JOIN "PipelineStage" ps ON ps."id" = d."stageId"
                            WHERE ps."kind" = 'won' AND d."closedAt" >= ? GROUP BY d."companyId" HAVING sum(d."amountCents") >= 100000)`);
const rawArgs = [sqliteDateTime(new Date(now.getTime() - 90 * 86_400_000)), sqliteDateTime(monthsBefore(now, 12))];
const rawCount = () => Number((rawStatement.get(...rawArgs) as { contacts: number }).contacts);

const domainCount = await countSegment(mixedSegment, now);
const expected = rawCount();
const total = (raw.prepare(`SELECT count(*) AS n FROM "Contact"`).get() as { n: number }).n;
console.log(`\n# Segment count on the large dataset (${total.toLocaleString("en")} contacts): ${domainCount.toLocaleString("en")} contacts match (raw SQL: ${expected.toLocaleString("en")})`);
if (domainCount !== expected) throw new Error(`The segment counts ${domainCount} contacts, its raw SQL ${expected}: they must agree.`);

const domain = await measure("segment count (domain, compiled SQL)", () => countSegment(mixedSegment, now), { iterations: ITERATIONS, warmup: 3 });
const baseline = await measure("hand-written SQL (better-sqlite3)", async () => rawCount(), { iterations: ITERATIONS, warmup: 3 });
reportRatio("Mixed service + sales segment count", domain, baseline);

raw.close();
await disconnectDatabase();
