import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { countQuotes } from "~/lib/sqlite-quote-tallies.server";
import type { ReportRange } from "../report-period";
import type { Figure, ReportContext } from "../report-section";
import type { DrillDownPage } from "../report-drill-down";
import { contextRanges } from "./sales-scope";

/**
 * Quotes sent in a period (their `sentAt`: the first sending, kept whatever happened after) and
 * quotes accepted in it (their `acceptedAt`), for the quote's owner. Counts over the indexes
 * (sentAt, ownerId) and (acceptedAt, ownerId) (app/lib/sqlite-quote-tallies.server.ts); the lists
 * with the same filter through Prisma.
 */

type Owner = { ownerId?: string };
export type QuoteMoment = "sent" | "accepted";

function quotesWhere(owner: Owner, moment: QuoteMoment, range: ReportRange): Prisma.QuoteWhereInput {
  const when = { gte: range.from, lt: range.to };
  return moment === "sent" ? { ...owner, sentAt: when } : { ...owner, acceptedAt: when };
}

export async function loadQuotes(context: ReportContext, owner: Owner): Promise<Figure[]> {
  const ranges = contextRanges(context);
  const count = (moment: QuoteMoment, range: ReportRange) => countQuotes({ moment, from: range.from, to: range.to, ownerId: owner.ownerId ?? null });
  const [sent, sentBefore, sentLastYear, accepted, acceptedBefore, acceptedLastYear] = await Promise.all([
    count("sent", ranges.period),
    count("sent", ranges.previous),
    count("sent", ranges.lastYear),
    count("accepted", ranges.period),
    count("accepted", ranges.previous),
    count("accepted", ranges.lastYear),
  ]);
  return [
    { id: "sales.quotesSent", label: "reporting.sales.quotesSent", hint: "reporting.sales.quotesSent.hint", format: "count", value: sent, previous: sentBefore, lastYear: sentLastYear, trend: "up", drillDown: true },
    { id: "sales.quotesAccepted", label: "reporting.sales.quotesAccepted", hint: "reporting.sales.quotesAccepted.hint", format: "count", value: accepted, previous: acceptedBefore, lastYear: acceptedLastYear, trend: "up", drillDown: true },
  ];
}

export async function listQuotes(context: ReportContext, owner: Owner, moment: QuoteMoment, page: { offset: number; limit: number | null }): Promise<DrillDownPage> {
  const where = quotesWhere(owner, moment, contextRanges(context).period);
  const order: Prisma.QuoteOrderByWithRelationInput[] = moment === "sent" ? [{ sentAt: "desc" }, { id: "desc" }] : [{ acceptedAt: "desc" }, { id: "desc" }];
  const [total, quotes] = await Promise.all([
    db().quote.count({ where }),
    db().quote.findMany({
      where,
      orderBy: order,
      skip: page.offset,
      ...(page.limit === null ? {} : { take: page.limit }),
      select: { id: true, number: true, sentAt: true, acceptedAt: true, totalExclCents: true, company: { select: { name: true } }, owner: { select: { name: true } } },
    }),
  ]);
  return {
    title: moment === "sent" ? "reporting.sales.quotesSent.list" : "reporting.sales.quotesAccepted.list",
    description: moment === "sent" ? "reporting.sales.quotesSent.hint" : "reporting.sales.quotesAccepted.hint",
    columns: [
      { key: "number", label: "reporting.sales.column.quote", format: "text" },
      { key: "at", label: moment === "sent" ? "reporting.sales.column.sentAt" : "reporting.sales.column.acceptedAt", format: "date" },
      { key: "company", label: "reporting.sales.column.company", format: "text" },
      { key: "owner", label: "reporting.sales.column.owner", format: "text" },
      { key: "amount", label: "reporting.sales.column.amountExcl", format: "cents" },
    ],
    rows: quotes.map((quote) => ({
      cells: {
        number: quote.number,
        at: (moment === "sent" ? quote.sentAt : quote.acceptedAt)?.toISOString() ?? null,
        company: quote.company.name,
        owner: quote.owner.name,
        amount: quote.totalExclCents,
      },
      href: `/ventes/devis/${quote.id}`,
    })),
    total,
  };
}
