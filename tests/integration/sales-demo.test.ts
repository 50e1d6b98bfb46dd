import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { seedDemoWorkspace } from "../../prisma/seed/demo-workspace.ts";

const NOW = new Date("2026-11-26T10:37:00.000Z"); // a Thursday morning

describe("demo workspace: sales", () => {
  beforeAll(async () => {
    await seedDemoWorkspace(db(), { passwordHash: "$2a$04$demo-hash-for-tests", now: NOW });
  }, 60_000);

  it("fills every open stage of the pipeline, and closes some deals won and some lost with a reason", async () => {
    const deals = await db().deal.findMany({ select: { stage: { select: { id: true, kind: true } }, closedAt: true, lossReasonId: true, amountCents: true, stageChanges: { select: { fromStageId: true, toStageId: true, at: true }, orderBy: { at: "asc" } } } });
    const byStage = new Map<string, number>();
    for (const deal of deals) byStage.set(deal.stage.id, (byStage.get(deal.stage.id) ?? 0) + 1);
    for (const stage of ["stage_qualification", "stage_proposal", "stage_negotiation", "stage_won", "stage_lost"]) expect(byStage.get(stage) ?? 0).toBeGreaterThan(0);
    for (const deal of deals) {
      expect(deal.amountCents).toBeGreaterThan(0);
      expect(deal.stageChanges[0]?.fromStageId).toBeNull();
      expect(deal.stageChanges.at(-1)?.toStageId).toBe(deal.stage.id);
      expect(deal.closedAt !== null).toBe(deal.stage.kind !== "open");
      expect(deal.lossReasonId !== null).toBe(deal.stage.kind === "lost");
    }
  });

  it("gives each won deal its accepted quote and order, numbered per year from 0001 in date order, with the counters where the next continues, totals exact", async () => {
    const orders = await db().order.findMany({
      include: { quote: { include: { lines: true } }, deal: { select: { stage: { select: { kind: true } }, createdAt: true } }, company: { select: { lifecycleStage: true, createdAt: true } } },
      orderBy: { orderedAt: "asc" },
    });
    expect(await db().order.count()).toBe(await db().deal.count({ where: { stage: { kind: "won" } } }));
    // Gapless per year, in date order (CMD-2025-0001…, then CMD-2026-0001…).
    const byYear = new Map<number, string[]>();
    for (const order of orders) {
      const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Europe/Paris", year: "numeric" }).format(order.orderedAt));
      byYear.set(year, [...(byYear.get(year) ?? []), order.number]);
    }
    for (const [year, numbers] of byYear) expect(numbers, String(year)).toEqual(numbers.map((_, index) => `CMD-${year}-${String(index + 1).padStart(4, "0")}`));
    expect([...byYear.keys()]).toEqual([2025, 2026]);
    for (const order of orders) {
      expect(order.deal!.createdAt >= order.company.createdAt).toBe(true);
      expect(order.quote.status).toBe("accepted");
      expect(order.deal?.stage.kind).toBe("won");
      expect(order.company.lifecycleStage).toBe("client");
      expect(order.quote.lines.reduce((sum, line) => sum + line.totalExclCents, 0)).toBe(order.totalExclCents);
      expect(order.totalInclCents).toBe(order.totalExclCents + order.totalVatCents);
    }
    const quotes2026 = await db().quote.count({ where: { number: { startsWith: "DEV-2026-" } } });
    expect(await db().counter.findUnique({ where: { name: "quote:2026" } })).toMatchObject({ value: quotes2026 });
    expect(await db().counter.findUnique({ where: { name: "order:2026" } })).toMatchObject({ value: byYear.get(2026)!.length });
    expect(await db().counter.findUnique({ where: { name: "order:2025" } })).toMatchObject({ value: byYear.get(2025)!.length });
  });

  it("has a sales history: orders in most of the last fifteen months, and the months of this quarter a year earlier", async () => {
    const orders = await db().order.findMany({ select: { orderedAt: true } });
    const months = new Set(orders.map((order) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit" }).format(order.orderedAt)));
    expect(months.size).toBeGreaterThanOrEqual(12);
    // Last year's October and November (the comparison of the current quarter).
    expect(months.has("2025-10") && months.has("2025-11")).toBe(true);
    const lost = await db().deal.count({ where: { stage: { kind: "lost" } } });
    const won = await db().deal.count({ where: { stage: { kind: "won" } } });
    expect(lost / (won + lost)).toBeGreaterThan(0.2);
    expect(lost / (won + lost)).toBeLessThan(0.5);
  });

  it("plans the rep's week: appointments on working days ahead, an overdue task, calls logged as done", async () => {
    const activities = await db().activity.findMany({ where: { owner: { email: "ventes@comptoir.test" } } });
    const appointments = activities.filter((activity) => activity.kind === "appointment");
    expect(appointments.length).toBeGreaterThanOrEqual(3);
    for (const appointment of appointments) {
      expect(appointment.endsAt!.getTime()).toBeGreaterThan(appointment.startsAt.getTime());
      expect(appointment.doneAt).toBeNull();
    }
    expect(activities.some((activity) => activity.kind === "task" && activity.doneAt === null && activity.startsAt < NOW)).toBe(true);
    expect(activities.filter((activity) => activity.kind === "call" && activity.doneAt !== null).length).toBeGreaterThan(0);
    const step = await db().visitReportNextStep.findFirst({ where: { taskId: { not: null } }, include: { task: true } });
    expect(step?.task?.subject).toBe(step?.text);
  });

  it("has a quote awaiting the customer's answer and a draft, on open deals, totals exact", async () => {
    const open = await db().quote.findMany({ where: { status: { in: ["sent", "draft"] } }, include: { lines: true, deal: { select: { stage: { select: { kind: true } } } } }, orderBy: { number: "asc" } });
    // The newest quotes of the year, after those of the won deals.
    const counter = await db().counter.findUniqueOrThrow({ where: { name: "quote:2026" } });
    // ...except the demo campaign's won quote (prisma/seed/campaigns-demo.ts), written after them.
    const last = { value: counter.value - (await db().quote.count({ where: { id: "demo_quote_campaign_winter" } })) };
    const pad = (value: number) => String(value).padStart(4, "0");
    expect(open.map((quote) => [quote.number, quote.status])).toEqual([[`DEV-2026-${pad(last.value - 1)}`, "sent"], [`DEV-2026-${pad(last.value)}`, "draft"]]);
    for (const quote of open) {
      expect(quote.deal?.stage.kind).toBe("open");
      expect(quote.validUntil.getTime()).toBeGreaterThan(NOW.getTime());
      expect(quote.lines.reduce((sum, line) => sum + line.totalExclCents, 0)).toBe(quote.totalExclCents);
      expect(quote.totalInclCents).toBe(quote.totalExclCents + quote.totalVatCents);
    }
    expect(JSON.parse(open[0]!.sellerSnapshot)).toMatchObject({ legalName: "Comptoir Informatique Services" });
    expect(JSON.parse(open[0]!.customerSnapshot).contactEmail).toContain("@");
  });

  it("puts each running contract's renewal task on the rep's agenda, and the Premium contract's own SLA targets", async () => {
    const tasks = await db().activity.findMany({ where: { contractId: { not: null } }, select: { contractId: true, kind: true, startsAt: true, contract: { select: { endDate: true, cancelledAt: true } } } });
    expect(tasks.map((task) => task.contractId).sort()).toEqual(["demo_contract_1", "demo_contract_2", "demo_contract_3"]);
    for (const task of tasks) {
      expect(task.kind).toBe("task");
      expect(task.contract?.cancelledAt).toBeNull();
      expect(Math.round((task.contract!.endDate.getTime() - task.startsAt.getTime()) / 86_400_000)).toBe(60);
    }
    expect(tasks.find((task) => task.contractId === "demo_contract_2")!.startsAt.getTime()).toBeLessThan(NOW.getTime());
    const policies = await db().slaPolicy.findMany({ where: { contractId: "demo_contract_1" }, orderBy: { priority: "asc" } });
    expect(policies.map((policy) => [policy.priority, policy.firstResponseMinutes])).toEqual([["high", 60], ["urgent", 30]]);
  });

  it("has contracts active, to renew and cancelled, and a price list with several VAT rates", async () => {
    const statuses = (await db().contract.findMany({ select: { status: true } })).map((contract) => contract.status).sort();
    expect(statuses).toEqual(["active", "active", "cancelled", "to_renew"]);
    const rates = new Set((await db().product.findMany({ select: { vatRateBps: true } })).map((product) => product.vatRateBps));
    expect(rates).toEqual(new Set([2000, 1000, 550]));
  });
});
