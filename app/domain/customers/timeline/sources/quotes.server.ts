import type { Prisma } from "~/generated/prisma/client";
import { quoteStatusOn } from "~/domain/sales/quote-schemas";
import { db } from "~/lib/db.server";
import { afterCursor, type TimelineSource } from "../timeline-source.server";
import { customerSalesWhere } from "./sales-scope.server";

/** Quotes, at their creation, with their number, state now (a sent quote past its validity reads "expired") and total. */
export const quotesSource: TimelineSource = {
  kind: "quote",
  async entries({ viewer, scope, before, take }) {
    const sales = customerSalesWhere(viewer, scope);
    if (!sales) return [];
    const quotes = await db().quote.findMany({
      where: { AND: [sales, afterCursor("quote", "createdAt", before)] } as Prisma.QuoteWhereInput,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: { id: true, number: true, status: true, validUntil: true, createdAt: true, totalExclCents: true, totalInclCents: true, owner: { select: { id: true, name: true } } },
    });
    return quotes.map((quote) => ({
      kind: "quote" as const,
      at: quote.createdAt,
      id: quote.id,
      title: quote.number,
      summary: "",
      link: `/ventes/devis/${quote.id}`,
      actor: { kind: "user" as const, id: quote.owner.id, name: quote.owner.name },
      meta: { status: quoteStatusOn(quote, new Date()), amountCents: String(quote.totalExclCents), totalInclCents: String(quote.totalInclCents) },
    }));
  },
};
