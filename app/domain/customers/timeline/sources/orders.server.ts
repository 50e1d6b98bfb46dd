import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { afterCursor, type TimelineSource } from "../timeline-source.server";
import { customerSalesWhere } from "./sales-scope.server";

/** Orders, on the day they were taken. A contact's orders are those whose quote was addressed to them. */
export const ordersSource: TimelineSource = {
  kind: "order",
  async entries({ viewer, scope, before, take }) {
    const sales = customerSalesWhere(viewer, scope);
    if (!sales) return [];
    const orders = await db().order.findMany({
      where: { AND: [sales, afterCursor("order", "orderedAt", before)] } as Prisma.OrderWhereInput,
      orderBy: [{ orderedAt: "desc" }, { id: "desc" }],
      take,
      select: { id: true, number: true, orderedAt: true, totalExclCents: true, quote: { select: { number: true } }, owner: { select: { id: true, name: true } } },
    });
    return orders.map((order) => ({
      kind: "order" as const,
      at: order.orderedAt,
      id: order.id,
      title: order.number,
      summary: "",
      link: `/ventes/commandes/${order.id}`,
      actor: { kind: "user" as const, id: order.owner.id, name: order.owner.name },
      meta: { amountCents: String(order.totalExclCents), quote: order.quote.number },
    }));
  },
};
