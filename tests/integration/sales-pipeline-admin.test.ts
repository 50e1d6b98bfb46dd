import { beforeAll, describe, expect, it } from "vitest";
import { lossReasonFormSchema, stageFormSchema } from "~/domain/sales/pipeline-rules";
import {
  activePipeline,
  createLossReason,
  createStage,
  deleteLossReason,
  deleteStage,
  loadPipelineSettings,
  moveLossReason,
  moveStage,
  updateLossReason,
  updateStage,
} from "~/domain/sales/pipeline.server";
import { db } from "~/lib/db.server";
import { aCompany } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";
import { aDeal } from "../support/sales-deals-factories.ts";

/** Administration → Pipeline: the stages and loss reasons, and the rules every change must keep. */
let admin: { id: string };
let rep: { id: string };
let company: { id: string };
const stage = (fields: Record<string, string>) => stageFormSchema.parse({ probability: "50", kind: "open", active: "on", ...fields });
const names = async () => (await db().pipelineStage.findMany({ orderBy: { position: "asc" }, select: { name: true } })).map((row) => row.name);
const audit = (action: string) => db().auditLog.findMany({ where: { action }, select: { actorId: true, entityId: true, details: true } });

beforeAll(async () => {
  admin = await aUser({ role: "admin" });
  rep = await aUser({ role: "sales" });
  company = await aCompany();
});

describe("pipeline stages", () => {
  it("adds a stage at the end, moves it up, and writes each change to the audit log", async () => {
    const { id } = await createStage(stage({ name: "Démonstration", probability: "55" }), admin.id);
    expect(await names()).toEqual(["Qualification", "Proposition", "Négociation", "Gagnée", "Perdue", "Démonstration"]);
    await moveStage(id, "up", admin.id);
    await moveStage(id, "up", admin.id);
    await moveStage(id, "up", admin.id);
    expect(await names()).toEqual(["Qualification", "Proposition", "Démonstration", "Négociation", "Gagnée", "Perdue"]);
    expect((await activePipeline()).stages.map((row) => row.name)).toEqual(["Qualification", "Proposition", "Démonstration", "Négociation", "Gagnée", "Perdue"]);
    expect(await moveStage((await db().pipelineStage.findFirstOrThrow({ where: { name: "Qualification" } })).id, "up", admin.id)).toBe(false);
    expect(await audit("pipeline.stage_created")).toEqual([expect.objectContaining({ actorId: admin.id, entityId: id })]);
    expect(await audit("pipeline.stage_moved")).toHaveLength(3);
  });

  it("keeps exactly one active won stage and one active lost stage, and one open stage at least", async () => {
    await expect(createStage(stage({ name: "Gagnée bis", kind: "won" }), admin.id)).rejects.toMatchObject({ code: "sales.pipeline.rules.oneWon" });
    await expect(updateStage("stage_lost", stage({ name: "Perdue", kind: "lost", active: "false" }), admin.id)).rejects.toMatchObject({ code: "sales.pipeline.rules.oneLost" });
    const open = await db().pipelineStage.findMany({ where: { kind: "open" }, select: { id: true, name: true } });
    for (const row of open.slice(0, -1)) await updateStage(row.id, stage({ name: row.name, active: "false" }), admin.id);
    const last = open[open.length - 1]!;
    await expect(updateStage(last.id, stage({ name: last.name, active: "false" }), admin.id)).rejects.toMatchObject({ code: "sales.pipeline.rules.needOpen" });
    // An inactive won stage can stand beside the active one.
    await createStage(stage({ name: "Gagnée (ancienne)", kind: "won", active: "false" }), admin.id);
    for (const row of open.slice(0, -1)) await updateStage(row.id, stage({ name: row.name }), admin.id);
    expect(await db().pipelineStage.count({ where: { name: "Gagnée bis" } })).toBe(0);
    expect((await db().pipelineStage.findUniqueOrThrow({ where: { id: "stage_lost" } })).active).toBe(true);
  });

  it("deactivates a stage deals stand on but neither deletes it nor changes its kind", async () => {
    await aDeal({ companyId: company.id, ownerId: rep.id, stageId: "stage_negotiation" });
    await expect(deleteStage("stage_negotiation", admin.id)).rejects.toMatchObject({ code: "sales.pipeline.rules.stageInUse" });
    await expect(updateStage("stage_negotiation", stage({ name: "Négociation", kind: "won" }), admin.id)).rejects.toMatchObject({ code: "sales.pipeline.rules.kindInUse", field: "kind" });
    await updateStage("stage_negotiation", stage({ name: "Négociation", probability: "75", active: "false" }), admin.id);
    expect(await db().pipelineStage.findUniqueOrThrow({ where: { id: "stage_negotiation" } })).toMatchObject({ active: false, probability: 75 });
    const settings = await loadPipelineSettings();
    expect(settings.stages.find((row) => row.id === "stage_negotiation")).toMatchObject({ dealCount: 1, deletable: false, active: false });
    expect((await activePipeline()).stages.map((row) => row.id)).not.toContain("stage_negotiation");
    const updates = await audit("pipeline.stage_updated");
    expect(JSON.parse(updates[updates.length - 1]!.details)).toMatchObject({ changes: ["probability", "active"] });
  });

  it("deletes a stage nothing ever used, and keeps one that only the history mentions", async () => {
    const unused = await createStage(stage({ name: "Jamais servie" }), admin.id);
    await deleteStage(unused.id, admin.id);
    expect(await db().pipelineStage.count({ where: { id: unused.id } })).toBe(0);
    expect(await audit("pipeline.stage_deleted")).toEqual([expect.objectContaining({ entityId: unused.id })]);

    const historic = await createStage(stage({ name: "Passée" }), admin.id);
    const deal = await aDeal({ companyId: company.id, ownerId: rep.id, stageId: historic.id });
    await db().deal.update({ where: { id: deal.id }, data: { stageId: "stage_qualification" } });
    await expect(deleteStage(historic.id, admin.id)).rejects.toMatchObject({ code: "sales.pipeline.rules.stageInUse" });
  });
});

describe("loss reasons", () => {
  it("adds, renames, orders and deactivates them; deletes only those no lost deal gives", async () => {
    const reason = await createLossReason(lossReasonFormSchema.parse({ label: "Délai trop long", active: "on" }), admin.id);
    await updateLossReason(reason.id, lossReasonFormSchema.parse({ label: "Délai de livraison trop long", active: "on" }), admin.id);
    await moveLossReason(reason.id, "up", admin.id);
    const labels = (await activePipeline()).lossReasons.map((row) => row.label);
    expect(labels.slice(-2)).toEqual(["Délai de livraison trop long", "Mauvais moment"]);

    await aDeal({ companyId: company.id, ownerId: rep.id, stageId: "stage_lost", lossReasonId: reason.id });
    await expect(deleteLossReason(reason.id, admin.id)).rejects.toMatchObject({ code: "sales.pipeline.rules.reasonInUse" });
    await updateLossReason(reason.id, lossReasonFormSchema.parse({ label: "Délai de livraison trop long" }), admin.id);
    expect((await activePipeline()).lossReasons.map((row) => row.id)).not.toContain(reason.id);

    const spare = await createLossReason(lossReasonFormSchema.parse({ label: "Doublon", active: "on" }), admin.id);
    await deleteLossReason(spare.id, admin.id);
    expect(await db().dealLossReason.count({ where: { id: spare.id } })).toBe(0);
    expect((await audit("pipeline.loss_reason_updated")).length).toBe(2);
  });
});
