import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { afterCursor, type TimelineSource } from "../timeline-source.server";
import { customerSalesWhere } from "./sales-scope.server";

/** "Deal created": each deal of the customer, at its creation, with its amount and stage now. */
export const dealsSource: TimelineSource = {
  kind: "deal",
  async entries({ viewer, scope, before, take }) {
    const sales = customerSalesWhere(viewer, scope);
    if (!sales) return [];
    const deals = await db().deal.findMany({
      where: { AND: [sales, afterCursor("deal", "createdAt", before)] } as Prisma.DealWhereInput,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
      select: {
        id: true,
        title: true,
        amountCents: true,
        createdAt: true,
        source: true,
        stage: { select: { name: true, kind: true } },
        owner: { select: { id: true, name: true } },
      },
    });
    return deals.map((deal) => ({
      kind: "deal" as const,
      at: deal.createdAt,
      id: deal.id,
      title: deal.title,
      summary: "",
      link: `/ventes/affaires/${deal.id}`,
      actor: { kind: "user" as const, id: deal.owner.id, name: deal.owner.name },
      meta: { amountCents: String(deal.amountCents), stage: deal.stage.name, stageKind: deal.stage.kind, source: deal.source },
    }));
  },
};
