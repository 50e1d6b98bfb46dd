import { beforeAll, describe, expect, it } from "vitest";
import { DealConflictError, moveDealInTransaction, wonStageIdInTransaction } from "~/domain/sales/deal-stage-moves.server";
import { db } from "~/lib/db.server";
import { aCompany } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";
import { aDeal } from "../support/sales-deals-factories.ts";

/** moveDealInTransaction: the one write path of a deal's stage (kanban, deal page, orders). */
describe("moving a deal between stages", () => {
  let rep: { id: string };
  let company: { id: string };
  const at = (iso: string) => new Date(`${iso}Z`);
  const move = (input: Parameters<typeof moveDealInTransaction>[1]) => db().$transaction((tx) => moveDealInTransaction(tx, input));
  const history = (dealId: string) =>
    db().dealStageChange.findMany({ where: { dealId }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { fromStageId: true, toStageId: true, actorId: true, at: true } });

  beforeAll(async () => {
    rep = await aUser({ role: "sales" });
    company = await aCompany({ name: "Boulangerie Morel" });
  });

  it("moves the deal, bumps its version and writes who moved it when", async () => {
    const deal = await aDeal({ companyId: company.id, ownerId: rep.id, createdAt: at("2026-02-01T09:00:00") });
    const result = await move({ dealId: deal.id, toStageId: "stage_proposal", actorId: rep.id, expectedVersion: 1, at: at("2026-02-03T10:00:00") });
    expect(result).toEqual({ dealId: deal.id, fromStageId: "stage_qualification", toStageId: "stage_proposal", toKind: "open", moved: true, version: 2 });
    expect(await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ stageId: "stage_proposal", version: 2, stageChangedAt: at("2026-02-03T10:00:00"), closedAt: null });
    expect(await history(deal.id)).toEqual([
      { fromStageId: null, toStageId: "stage_qualification", actorId: rep.id, at: at("2026-02-01T09:00:00") },
      { fromStageId: "stage_qualification", toStageId: "stage_proposal", actorId: rep.id, at: at("2026-02-03T10:00:00") },
    ]);
  });

  it("refuses a move made from a stale version and writes nothing", async () => {
    const deal = await aDeal({ companyId: company.id, ownerId: rep.id });
    await move({ dealId: deal.id, toStageId: "stage_proposal", actorId: rep.id, expectedVersion: 1 });
    const stale = move({ dealId: deal.id, toStageId: "stage_negotiation", actorId: rep.id, expectedVersion: 1 });
    await expect(stale).rejects.toBeInstanceOf(DealConflictError);
    await expect(stale).rejects.toMatchObject({ currentVersion: 2, code: "sales.deal.conflict" });
    expect(await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ stageId: "stage_proposal", version: 2 });
    expect(await history(deal.id)).toHaveLength(2);
  });

  it("refuses a lost stage without an active loss reason", async () => {
    const deal = await aDeal({ companyId: company.id, ownerId: rep.id });
    await expect(move({ dealId: deal.id, toStageId: "stage_lost", actorId: rep.id, expectedVersion: 1 })).rejects.toMatchObject({ code: "sales.deal.validation.lossReasonRequired", field: "lossReasonId" });
    const retired = await db().dealLossReason.create({ data: { label: "Ancienne raison", position: 99, active: false } });
    await expect(move({ dealId: deal.id, toStageId: "stage_lost", actorId: rep.id, expectedVersion: 1, lossReasonId: retired.id })).rejects.toMatchObject({ field: "lossReasonId" });
    expect(await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ stageId: "stage_qualification", version: 1, closedAt: null, lossReasonId: null });
    expect(await history(deal.id)).toHaveLength(1);
  });

  it("closes a lost deal with its reason, and reopening clears the closing date and the loss", async () => {
    const deal = await aDeal({ companyId: company.id, ownerId: rep.id });
    await move({ dealId: deal.id, toStageId: "stage_lost", actorId: rep.id, expectedVersion: 1, lossReasonId: "loss_competitor", lossNote: "  Moins cher de 8 %  ", at: at("2026-03-10T15:00:00") });
    expect(await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ closedAt: at("2026-03-10T15:00:00"), lossReasonId: "loss_competitor", lossNote: "Moins cher de 8 %" });

    const reopened = await move({ dealId: deal.id, toStageId: "stage_negotiation", actorId: rep.id, expectedVersion: 2, at: at("2026-03-12T09:00:00") });
    expect(reopened).toMatchObject({ fromStageId: "stage_lost", toKind: "open", version: 3 });
    expect(await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ stageId: "stage_negotiation", closedAt: null, lossReasonId: null, lossNote: "" });

    const won = await move({ dealId: deal.id, toStageId: await db().$transaction((tx) => wonStageIdInTransaction(tx)), actorId: null, at: at("2026-03-20T11:00:00") });
    expect(won).toMatchObject({ toStageId: "stage_won", toKind: "won", version: 4 });
    expect(await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ closedAt: at("2026-03-20T11:00:00"), lossReasonId: null });
    expect((await history(deal.id)).map((row) => `${row.fromStageId ?? "·"}→${row.toStageId}:${row.actorId ? "rep" : "system"}`)).toEqual([
      "·→stage_qualification:rep",
      "stage_qualification→stage_lost:rep",
      "stage_lost→stage_negotiation:rep",
      "stage_negotiation→stage_won:system",
    ]);
  });

  it("writes nothing when the deal already stands on the stage, and refuses an inactive stage", async () => {
    const deal = await aDeal({ companyId: company.id, ownerId: rep.id });
    expect(await move({ dealId: deal.id, toStageId: "stage_qualification", actorId: rep.id, expectedVersion: 1 })).toMatchObject({ moved: false, version: 1 });
    const retired = await db().pipelineStage.create({ data: { name: "Ancienne étape", probability: 20, position: 50, kind: "open", active: false } });
    await expect(move({ dealId: deal.id, toStageId: retired.id, actorId: rep.id, expectedVersion: 1 })).rejects.toMatchObject({ field: "stageId" });
    expect(await history(deal.id)).toHaveLength(1);
  });
});
