import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import type { ReportRange } from "../report-period";
import { forEachRange, type ServicePart, type ServicePartInput, serviceFigure, share } from "./service-common.server";

/** Ratings given in the period (their first submission) on the viewer's tickets (not merged), as they stand now. */
export function ratingsWhere(ticketsWhere: Prisma.TicketWhereInput, range: ReportRange): Prisma.SatisfactionRatingWhereInput {
  return { createdAt: { gte: range.from, lt: range.to }, ticket: ticketsWhere };
}

/** Satisfaction: the share of good ratings among those given in the period, and how many were given. */
export async function serviceSatisfaction({ ranges, ticketsWhere }: ServicePartInput): Promise<ServicePart> {
  const ratings = await forEachRange(ranges, async (range) => {
    const rows = await db().satisfactionRating.groupBy({ by: ["rating"], where: ratingsWhere(ticketsWhere, range), _count: { _all: true } });
    const count = (rating: string) => rows.find((row) => row.rating === rating)?._count._all ?? 0;
    return { good: count("good"), bad: count("bad"), all: rows.reduce((sum, row) => sum + row._count._all, 0) };
  });
  const of = (pick: (value: typeof ratings.current) => number | null) => ({ value: pick(ratings.current), previous: pick(ratings.previous), lastYear: pick(ratings.lastYear) });
  return {
    figures: [
      serviceFigure("service.satisfaction", "reporting.service.satisfaction", { format: "ratio", trend: "up", hint: "reporting.service.satisfaction.hint" }, of((value) => share(value.good, value.all))),
      serviceFigure("service.ratings", "reporting.service.ratings", { format: "count", trend: "neutral", drillDown: true }, of((value) => value.all)),
      serviceFigure("service.bad-ratings", "reporting.service.badRatings", { format: "count", trend: "down", drillDown: true }, of((value) => value.bad)),
    ],
    charts: [],
    tables: [],
  };
}
