import { beforeAll, describe, expect, it } from "vitest";
import { mergeCompanies } from "~/domain/customers/merge.server";
import { reportContext } from "~/domain/reporting/dashboard.server";
import { reportDrillDowns } from "~/domain/reporting/report-drill-downs.server";
import { periodContaining, type ReportPeriod } from "~/domain/reporting/report-period";
import type { Figure, ReportViewer, SectionData } from "~/domain/reporting/report-section";
import { salesSection } from "~/domain/reporting/sections/sales.server";
import { db } from "~/lib/db.server";
import { aCompany } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";
import { aDeal } from "../support/sales-deals-factories.ts";
import { DAY, aQuote, anInstant, anOrder, daysOf, inDays, localDay, seeded, yearEarlier } from "../support/reporting-sales-factories.ts";

/**
 * The "Ventes" section against brute force: every deal, quote, order and activity read back and
 * counted in plain code by its workspace day (Intl's time-zone data), over generated data with
 * dates an hour either side of local month starts, periods across the March and October clock
 * changes, a deleted company (its records gone), deleted orders, and two merged companies. Each
 * drill-down lists exactly what its figure counts (and sums).
 */

const now = new Date("2026-11-18T10:00:00Z");
let manager: ReportViewer;
let reps: ReportViewer[];
let technician: ReportViewer;
let marketing: ReportViewer;
const asViewer = (user: { id: string; role: string; restrictToGroups: boolean }): ReportViewer => ({ id: user.id, role: user.role, restrictToGroups: user.restrictToGroups });

const periods: Record<string, ReportPeriod> = {
  "March 2026 (clocks forward on the 29th)": periodContaining("month", { year: 2026, month: 3, day: 10 }),
  "the week of the October change": periodContaining("week", { year: 2026, month: 10, day: 25 }),
  "Q4 2026 (current)": periodContaining("quarter", { year: 2026, month: 11, day: 18 }),
  "2026": periodContaining("year", { year: 2026, month: 1, day: 1 }),
  "custom 2025-10-20 → 2026-02-03": { kind: "custom", first: { year: 2025, month: 10, day: 20 }, last: { year: 2026, month: 2, day: 3 } },
};

beforeAll(async () => {
  manager = asViewer(await aUser({ role: "manager" }));
  reps = [asViewer(await aUser({ role: "sales", name: "Anne" })), asViewer(await aUser({ role: "sales", name: "Bruno" }))];
  technician = asViewer(await aUser({ role: "technician" }));
  marketing = asViewer(await aUser({ role: "marketing" }));
  const owners = [...reps, manager];
  const companies = await Promise.all(Array.from({ length: 12 }, (_, index) => aCompany({ name: `Client ${String(index).padStart(2, "0")}` })));
  const next = seeded(1212);
  const start = new Date("2024-09-01T00:00:00Z");
  const span = 820;
  const stages = ["stage_qualification", "stage_proposal", "stage_negotiation", "stage_won", "stage_lost"];
  for (let index = 0; index < 260; index += 1) {
    const ownerId = owners[index % owners.length]!.id;
    const companyId = companies[Math.floor(next() * companies.length)]!.id;
    const stageId = stages[Math.floor(next() * stages.length)]!;
    const createdAt = anInstant(next, start, span - 60);
    const closing = new Date(Math.min(now.getTime() - 1000, createdAt.getTime() + Math.floor(next() * 90 * DAY)));
    await aDeal(
      { companyId, ownerId, stageId, amountCents: Math.floor(next() * 2_000_000) + 1, createdAt, expectedCloseDate: next() < 0.15 ? null : anInstant(next, new Date("2026-09-01T00:00:00Z"), 200), closedAt: stageId === "stage_won" || stageId === "stage_lost" ? (next() < 0.3 ? anInstant(next, start, span) : closing) : null },
      { history: false },
    );
  }
  for (let index = 0; index < 320; index += 1) {
    const ownerId = owners[index % owners.length]!.id;
    const companyId = companies[Math.floor(next() * companies.length)]!.id;
    const sentAt = next() < 0.1 ? null : anInstant(next, start, span);
    const acceptedAt = sentAt && next() < 0.45 ? new Date(sentAt.getTime() + Math.floor(next() * 20 * DAY)) : null;
    const amount = Math.floor(next() * 3_000_000) + 100;
    const quote = await aQuote({ companyId, ownerId, sentAt, acceptedAt, totalExclCents: amount });
    if (acceptedAt) await anOrder({ quoteId: quote.id, companyId, ownerId, orderedAt: next() < 0.5 ? acceptedAt : anInstant(next, start, span), totalExclCents: amount });
  }
  // This week's agenda (and around it): tasks and appointments, some done, some calls.
  for (let index = 0; index < 60; index += 1) {
    await db().activity.create({
      data: {
        kind: ["task", "appointment", "call", "task"][index % 4]!,
        subject: `Activité ${index}`,
        ownerId: owners[index % owners.length]!.id,
        startsAt: new Date(now.getTime() + Math.floor((next() * 16 - 8) * DAY)),
        doneAt: next() < 0.25 ? now : null,
        companyId: companies[index % companies.length]!.id,
      },
    });
  }
  // Deleted records: a company (its deals, quotes and orders go with it) and a few orders.
  await db().company.delete({ where: { id: companies[11]!.id } });
  const doomed = await db().order.findMany({ take: 5, orderBy: { id: "asc" }, select: { id: true } });
  await db().order.deleteMany({ where: { id: { in: doomed.map((order) => order.id) } } });
  // Two companies merged: the merged one's history moves to the kept one.
  await mergeCompanies({ keepId: companies[0]!.id, mergeId: companies[1]!.id, actorId: manager.id });
}, 120_000);

async function section(viewer: ReportViewer, period: ReportPeriod): Promise<SectionData> {
  const data = await salesSection.load(reportContext(viewer, period, now));
  expect(data).not.toBeNull();
  return data!;
}

const figureOf = (data: SectionData, id: string): Figure => {
  const figure = data.figures.find((candidate) => candidate.id === id);
  if (!figure) throw new Error(`no figure ${id}`);
  return figure;
};

/** Everything counted plainly over the rows read back, for one owner or all. */
async function bruteForce(ownerId: string | null, period: ReportPeriod) {
  const where = ownerId ? { ownerId } : {};
  const [orders, quotes, deals, activities] = await Promise.all([
    db().order.findMany({ where, select: { orderedAt: true, totalExclCents: true, companyId: true } }),
    db().quote.findMany({ where, select: { sentAt: true, acceptedAt: true } }),
    db().deal.findMany({ where, select: { amountCents: true, closedAt: true, createdAt: true, stageId: true, stage: { select: { kind: true, probability: true } } } }),
    db().activity.findMany({ where, select: { kind: true, startsAt: true, doneAt: true } }),
  ]);
  const figures = (first: string, last: string) => {
    const taken = orders.filter((order) => inDays(order.orderedAt, first, last));
    const won = deals.filter((deal) => deal.stage.kind === "won" && inDays(deal.closedAt, first, last));
    const lost = deals.filter((deal) => deal.stage.kind === "lost" && inDays(deal.closedAt, first, last));
    const cycleMs = won.reduce((sum, deal) => sum + deal.closedAt!.getTime() - deal.createdAt.getTime(), 0);
    return {
      orders: taken.length,
      intake: taken.reduce((sum, order) => sum + order.totalExclCents, 0),
      won: won.length,
      lost: lost.length,
      winRate: won.length + lost.length === 0 ? null : won.length / (won.length + lost.length),
      cycle: won.length === 0 ? null : Math.round((cycleMs / won.length / DAY) * 10) / 10,
      sent: quotes.filter((quote) => inDays(quote.sentAt, first, last)).length,
      accepted: quotes.filter((quote) => inDays(quote.acceptedAt, first, last)).length,
      taken,
    };
  };
  const [first, last] = daysOf(period);
  const open = deals.filter((deal) => deal.stage.kind === "open");
  const week = daysOf(periodContaining("week", { year: 2026, month: 11, day: 18 }));
  return {
    figures,
    current: figures(first, last),
    openCount: open.length,
    openCents: open.reduce((sum, deal) => sum + deal.amountCents, 0),
    weighted: Math.round(open.reduce((sum, deal) => sum + deal.amountCents * deal.stage.probability, 0) / 100),
    byStage: (stageId: string) => open.filter((deal) => deal.stageId === stageId),
    agenda: activities.filter((activity) => (activity.kind === "task" || activity.kind === "appointment") && activity.doneAt === null && inDays(activity.startsAt, week[0], week[1])).length,
  };
}

describe("sales figures against brute force", () => {
  it.each(Object.entries(periods))("for the team over %s", async (_name, period) => {
    const data = await section(manager, period);
    const plain = await bruteForce(null, period);
    const context = reportContext(manager, period, now);
    const previous = plain.figures(...daysOf(context.previous));
    const lastYear = plain.figures(...daysOf(context.lastYear));
    const expectations: Array<[string, keyof ReturnType<typeof plain.figures>]> = [
      ["sales.orders", "orders"],
      ["sales.orderIntake", "intake"],
      ["sales.dealsWon", "won"],
      ["sales.dealsLost", "lost"],
      ["sales.winRate", "winRate"],
      ["sales.averageCycle", "cycle"],
      ["sales.quotesSent", "sent"],
      ["sales.quotesAccepted", "accepted"],
    ];
    for (const [id, key] of expectations) {
      const figure = figureOf(data, id);
      expect(figure.value, id).toBe(plain.current[key]);
      expect(figure.previous, `${id} previous`).toBe(previous[key]);
      expect(figure.lastYear, `${id} last year`).toBe(lastYear[key]);
    }
    expect(plain.current.orders + plain.current.won + plain.current.sent).toBeGreaterThan(0);
    expect(figureOf(data, "sales.openDeals").value).toBe(plain.openCount);
    expect(figureOf(data, "sales.pipelineAmount").value).toBe(plain.openCents);
    expect(figureOf(data, "sales.pipelineWeighted").value).toBe(plain.weighted);
    // The agenda load is a rep's own figure.
    expect(data.figures.some((figure) => figure.id === "sales.agendaLoad")).toBe(false);

    // Order intake by month: each month's piece of the period, against the same days a year before; they add up.
    const chart = data.charts.find((candidate) => candidate.id === "sales.orderIntakeByMonth")!;
    for (const row of chart.rows) {
      const [first, last] = daysOf(period);
      const monthFirst = `${row.x}-01` < first ? first : `${row.x}-01`;
      const monthLast = [`${row.x}-31`, `${row.x}-30`, `${row.x}-29`, `${row.x}-28`].find((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day))!;
      const pieceLast = monthLast > last ? last : monthLast;
      expect(row.values.period, row.x).toBe(plain.figures(monthFirst, pieceLast).intake);
      expect(row.values.lastYear, `${row.x} last year`).toBe(plain.figures(yearEarlier(monthFirst), yearEarlier(pieceLast)).intake);
    }
    expect(chart.rows.reduce((sum, row) => sum + (row.values.period ?? 0), 0)).toBe(plain.current.intake);

    // Top customers: the companies with the largest intake, with their counts.
    const table = data.tables.find((candidate) => candidate.id === "sales.topCustomers")!;
    const perCompany = new Map<string, { orders: number; amount: number }>();
    for (const order of plain.current.taken) {
      const entry = perCompany.get(order.companyId) ?? { orders: 0, amount: 0 };
      perCompany.set(order.companyId, { orders: entry.orders + 1, amount: entry.amount + order.totalExclCents });
    }
    const expected = [...perCompany.entries()].sort((a, b) => b[1].amount - a[1].amount || a[0].localeCompare(b[0])).slice(0, 10);
    expect(table.rows.map((row) => [row.href, row.cells.orders, row.cells.amount])).toEqual(expected.map(([id, entry]) => [`/clients/societes/${id}`, entry.orders, entry.amount]));
    expect(table.total).toBe(perCompany.size);
  });

  it("counts a rep's own records only, and another rep's deal never", async () => {
    const period = periods["2026"]!;
    for (const rep of reps) {
      const data = await section(rep, period);
      const plain = await bruteForce(rep.id, period);
      expect(figureOf(data, "sales.orderIntake").value).toBe(plain.current.intake);
      expect(figureOf(data, "sales.dealsWon").value).toBe(plain.current.won);
      expect(figureOf(data, "sales.quotesSent").value).toBe(plain.current.sent);
      expect(figureOf(data, "sales.pipelineWeighted").value).toBe(plain.weighted);
      expect(figureOf(data, "sales.agendaLoad").value).toBe(plain.agenda);
      expect(plain.agenda).toBeGreaterThan(0);
      const won = await reportDrillDowns.get("sales.dealsWon")!.list(reportContext(rep, period, now), { offset: 0, limit: null });
      const owners = new Set(won.rows.map((row) => row.cells.owner));
      expect([...owners]).toEqual(owners.size === 0 ? [] : [rep.id === reps[0]!.id ? "Anne" : "Bruno"]);
    }
    // The forecast chart is the forecast's own numbers for the rep.
    const team = await section(manager, period);
    const own = await section(reps[0]!, period);
    const sum = (data: SectionData) => data.charts.find((chart) => chart.id === "sales.forecastByMonth")!.rows.reduce((total, row) => total + (row.values.weighted ?? 0), 0);
    expect(sum(own)).toBeLessThanOrEqual(sum(team));
  });

  it("is not shown to technicians or marketing, and their drill-downs are closed", async () => {
    for (const viewer of [technician, marketing]) {
      expect(salesSection.shownTo(viewer)).toBe(false);
      for (const drillDown of reportDrillDowns.values()) if (drillDown.id.startsWith("sales.")) expect(drillDown.shownTo(viewer)).toBe(false);
    }
    expect(salesSection.shownTo(reps[0]!)).toBe(true);
  });
});

describe("sales drill-downs list exactly what their figure counts", () => {
  it.each(Object.entries(periods))("over %s", async (_name, period) => {
    for (const viewer of [manager, reps[1]!]) {
      const context = reportContext(viewer, period, now);
      const data = await section(viewer, period);
      for (const figure of data.figures.filter((candidate) => candidate.drillDown)) {
        const drillDown = reportDrillDowns.get(figure.id);
        expect(drillDown, figure.id).toBeDefined();
        const all = await drillDown!.list(context, { offset: 0, limit: null });
        expect(all.rows).toHaveLength(all.total);
        const amounts = all.rows.reduce((sum, row) => sum + Number(row.cells.amount ?? 0), 0);
        if (figure.format === "count") expect(all.total, figure.id).toBe(figure.value);
        else if (figure.id === "sales.pipelineWeighted") expect(Math.abs(all.rows.reduce((sum, row) => sum + Number(row.cells.weighted), 0) - figure.value!)).toBeLessThanOrEqual(all.total);
        else if (figure.format === "cents") expect(amounts, figure.id).toBe(figure.value);
        else if (figure.id === "sales.winRate") expect(all.total).toBe(figureOf(data, "sales.dealsWon").value! + figureOf(data, "sales.dealsLost").value!);
        // A page is a slice of the whole list.
        const page = await drillDown!.list(context, { offset: 1, limit: 2 });
        expect(page.total).toBe(all.total);
        expect(page.rows).toEqual(all.rows.slice(1, 3));
      }
    }
  });

  it("a month's bar of the order intake opens that month's orders", async () => {
    const period = periods["Q4 2026 (current)"]!;
    const data = await section(manager, period);
    const chart = data.charts.find((candidate) => candidate.id === "sales.orderIntakeByMonth")!;
    expect(chart.rows.map((row) => row.x)).toEqual(["2026-10", "2026-11", "2026-12"]);
    expect(chart.rows[0]!.drillDown).toBe("/tableau-de-bord/detail/sales.orderIntake?periode=personnalisee&du=2026-10-01&au=2026-10-31");
    const october = await reportDrillDowns.get("sales.orderIntake")!.list(reportContext(manager, { kind: "custom", first: { year: 2026, month: 10, day: 1 }, last: { year: 2026, month: 10, day: 31 } }, now), { offset: 0, limit: null });
    const orders = await db().order.findMany({ select: { orderedAt: true, totalExclCents: true } });
    const plain = orders.filter((order) => localDay(order.orderedAt).startsWith("2026-10"));
    expect(october.total).toBe(plain.length);
    expect(october.rows.reduce((sum, row) => sum + Number(row.cells.amount), 0)).toBe(chart.rows[0]!.values.period);
    expect(plain.length).toBeGreaterThan(0);
  });
});
