import { beforeAll, describe, expect, it } from "vitest";
import { monthKey } from "~/domain/sales/calendar-months";
import { bucketOf, forecastPeriodFromParams, periodBoundaries, periodMonths, type ForecastAmounts } from "~/domain/sales/forecast";
import { loadForecast } from "~/domain/sales/forecast.server";
import type { SalesViewer } from "~/domain/sales/sales-access";
import { db } from "~/lib/db.server";
import { aCompany } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";
import { aDeal, viewerOf } from "../support/sales-deals-factories.ts";
import { seededRandom as random } from "../support/seeded-random.ts";

/**
 * The forecast's aggregates (SQL, grouped by owner, stage and month) against the same figures
 * computed plainly from every deal read back, on a few hundred deals spread over two years.
 */
const ZONE = "Europe/Paris";
const DAY = 86_400_000;
const now = new Date("2026-05-20T10:00:00Z");
let reps: SalesViewer[];
let manager: SalesViewer;

beforeAll(async () => {
  reps = [viewerOf(await aUser({ role: "sales", name: "Anne" })), viewerOf(await aUser({ role: "sales", name: "Bruno" })), viewerOf(await aUser({ role: "sales", name: "Chloé" }))];
  manager = viewerOf(await aUser({ role: "manager" }));
  const company = await aCompany();
  const next = random(42);
  const stages = ["stage_qualification", "stage_proposal", "stage_negotiation", "stage_won", "stage_lost"];
  const start = new Date("2025-06-01T00:00:00Z").getTime();
  for (let index = 0; index < 300; index += 1) {
    const stageId = stages[Math.floor(next() * stages.length)]!;
    const createdAt = new Date(start + Math.floor(next() * 330 * DAY) + Math.floor(next() * DAY));
    // Close dates and closings around month ends on purpose (local midnight is not UTC midnight).
    const closing = new Date(createdAt.getTime() + Math.floor(next() * 120 * DAY) + (next() < 0.3 ? 22.5 * 3_600_000 : 0));
    await aDeal(
      {
        companyId: company.id,
        ownerId: reps[index % 3]!.id,
        stageId,
        amountCents: Math.floor(next() * 5_000_000) + 1,
        createdAt,
        expectedCloseDate: next() < 0.1 ? null : closing,
        stageChangedAt: closing,
        closedAt: stageId === "stage_won" || stageId === "stage_lost" ? closing : null,
      },
      { history: false },
    );
  }
});

type Plain = { byMonth: Record<string, ForecastAmounts>; won: number; lost: number; cycleMs: number };

async function plainForecast(query: string, ownerId: string | null): Promise<Plain & { months: string[] }> {
  const period = forecastPeriodFromParams(new URLSearchParams(query), now, ZONE);
  const months = periodMonths(period).map(monthKey);
  const boundaries = periodBoundaries(period, ZONE);
  const deals = await db().deal.findMany({ where: ownerId ? { ownerId } : {}, select: { amountCents: true, expectedCloseDate: true, closedAt: true, createdAt: true, stage: { select: { kind: true, probability: true } } } });
  const plain: Plain = { byMonth: Object.fromEntries(months.map((key) => [key, { openCount: 0, openCents: 0, weightedExact: 0, weightedCents: 0, wonCount: 0, wonCents: 0 }])), won: 0, lost: 0, cycleMs: 0 };
  for (const deal of deals) {
    if (deal.stage.kind === "open" && deal.expectedCloseDate) {
      const bucket = bucketOf(deal.expectedCloseDate, boundaries);
      if (bucket !== null) {
        const month = plain.byMonth[months[bucket]!]!;
        month.openCount += 1;
        month.openCents += deal.amountCents;
        month.weightedExact += deal.amountCents * deal.stage.probability;
        month.weightedCents = Math.round(month.weightedExact / 100);
      }
    }
    if (deal.closedAt && bucketOf(deal.closedAt, boundaries) !== null) {
      if (deal.stage.kind === "won") {
        const month = plain.byMonth[months[bucketOf(deal.closedAt, boundaries)!]!]!;
        month.wonCount += 1;
        month.wonCents += deal.amountCents;
        plain.won += 1;
        plain.cycleMs += deal.closedAt.getTime() - deal.createdAt.getTime();
      } else if (deal.stage.kind === "lost") plain.lost += 1;
    }
  }
  return { ...plain, months };
}

describe("forecast aggregates", () => {
  it.each([["periode=trimestre"], ["periode=annee"], ["periode=personnalisee&de=2025-07&a=2026-08"]])("match a plain computation for the team (%s)", async (query) => {
    const period = forecastPeriodFromParams(new URLSearchParams(query), now, ZONE);
    const forecast = await loadForecast(manager, { period, ownerId: null });
    const plain = await plainForecast(query, null);
    expect(forecast!.months).toEqual(plain.months);
    expect(forecast!.team.byMonth).toEqual(plain.byMonth);
    expect(forecast!.team.won).toBe(plain.won);
    expect(forecast!.team.lost).toBe(plain.lost);
    expect(forecast!.team.winRate).toBe(plain.won + plain.lost === 0 ? null : plain.won / (plain.won + plain.lost));
    expect(forecast!.team.averageCycleDays).toBe(plain.won === 0 ? null : Math.round((plain.cycleMs / plain.won / DAY) * 10) / 10);
    // Each owner's lines add up to the team (exactly, before rounding).
    const summed = forecast!.owners.reduce((sum, owner) => sum + owner.total.weightedExact, 0);
    expect(summed).toBe(forecast!.team.total.weightedExact);
    expect(forecast!.team.total.weightedCents).toBe(Math.round(Object.values(plain.byMonth).reduce((sum, month) => sum + month.weightedExact, 0) / 100));
    expect(forecast!.team.total.openCount).toBeGreaterThan(0);
  });

  it("gives a rep their own figures only, and a manager one owner when asked", async () => {
    const query = "periode=personnalisee&de=2025-06&a=2026-12";
    const period = forecastPeriodFromParams(new URLSearchParams(query), now, ZONE);
    const own = await loadForecast(reps[1]!, { period, ownerId: reps[0]!.id });
    const plain = await plainForecast(query, reps[1]!.id);
    expect(own!.owners.map((owner) => owner.name)).toEqual(["Bruno"]);
    expect(own!.team.byMonth).toEqual(plain.byMonth);
    const narrowed = await loadForecast(manager, { period, ownerId: reps[2]!.id });
    expect(narrowed!.team.byMonth).toEqual((await plainForecast(query, reps[2]!.id)).byMonth);
    expect(own!.undated.count).toBe(await db().deal.count({ where: { ownerId: reps[1]!.id, expectedCloseDate: null, stage: { kind: "open" } } }));
  });

  it("has nothing for someone who reads no deals", async () => {
    const marketing = viewerOf(await aUser({ role: "marketing" }));
    expect(await loadForecast(marketing, { period: forecastPeriodFromParams(new URLSearchParams(""), now, ZONE), ownerId: null })).toBeNull();
  });
});
