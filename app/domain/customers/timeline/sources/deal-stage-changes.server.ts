import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { afterCursor, type TimelineSource } from "../timeline-source.server";
import { customerSalesWhere } from "./sales-scope.server";

/** A deal moved on the pipeline (won and lost included), by whom; the creation is the deals source's. */
export const dealStageChangesSource: TimelineSource = {
  kind: "deal_stage",
  async entries({ viewer, scope, before, take }) {
    const sales = customerSalesWhere(viewer, scope);
    if (!sales) return [];
    const changes = await db().dealStageChange.findMany({
      where: { AND: [{ deal: sales, fromStageId: { not: null } }, afterCursor("deal_stage", "at", before)] } as Prisma.DealStageChangeWhereInput,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take,
      select: {
        id: true,
        at: true,
        deal: { select: { id: true, title: true, amountCents: true, lossNote: true, lossReason: { select: { label: true } } } },
        fromStage: { select: { name: true } },
        toStage: { select: { name: true, kind: true } },
        actor: { select: { id: true, name: true } },
      },
    });
    return changes.map((change) => ({
      kind: "deal_stage" as const,
      at: change.at,
      id: change.id,
      title: change.deal.title,
      summary: change.toStage.kind === "lost" ? [change.deal.lossReason?.label, change.deal.lossNote].filter(Boolean).join(" — ") : "",
      link: `/ventes/affaires/${change.deal.id}`,
      actor: change.actor ? { kind: "user" as const, id: change.actor.id, name: change.actor.name } : null,
      meta: { from: change.fromStage?.name ?? "", to: change.toStage.name, stageKind: change.toStage.kind, amountCents: String(change.deal.amountCents) },
    }));
  },
};
