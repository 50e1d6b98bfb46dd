import { db } from "~/lib/db.server";
import type { SalesViewer } from "~/domain/sales/sales-access";

/** Deals stream test data: deals written as they are, with the exact dates a test needs. */

let sequence = 0;

export const viewerOf = (user: { id: string; role: string; restrictToGroups: boolean }): SalesViewer => ({ id: user.id, role: user.role, restrictToGroups: user.restrictToGroups });

export type DealInput = Partial<{
  title: string;
  contactId: string | null;
  stageId: string;
  amountCents: number;
  expectedCloseDate: Date | null;
  source: string;
  createdAt: Date;
  stageChangedAt: Date;
  closedAt: Date | null;
  lossReasonId: string | null;
}> & { companyId: string; ownerId: string };

/** A deal as stored, with the first row of its stage history (its creation), unless told otherwise. */
export async function aDeal(input: DealInput, options: { history?: boolean } = {}) {
  sequence += 1;
  const stageId = input.stageId ?? "stage_qualification";
  const createdAt = input.createdAt ?? new Date(Date.UTC(2026, 0, 5, 9, 0, sequence % 60));
  const closed = stageId === "stage_won" || stageId === "stage_lost";
  const deal = await db().deal.create({
    data: {
      title: input.title ?? `Affaire ${sequence}`,
      companyId: input.companyId,
      contactId: input.contactId ?? null,
      ownerId: input.ownerId,
      stageId,
      amountCents: input.amountCents ?? 100_000,
      expectedCloseDate: input.expectedCloseDate ?? null,
      source: input.source ?? "other",
      createdAt,
      stageChangedAt: input.stageChangedAt ?? createdAt,
      closedAt: input.closedAt === undefined ? (closed ? (input.stageChangedAt ?? createdAt) : null) : input.closedAt,
      lossReasonId: input.lossReasonId ?? (stageId === "stage_lost" ? "loss_price" : null),
      createdById: input.ownerId,
    },
    select: { id: true, title: true, version: true, stageId: true },
  });
  if (options.history !== false) {
    await db().dealStageChange.create({ data: { dealId: deal.id, fromStageId: null, toStageId: stageId, actorId: input.ownerId, at: createdAt } });
  }
  return deal;
}
