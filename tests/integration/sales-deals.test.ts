import { beforeAll, describe, expect, it } from "vitest";
import { createDeal, moveDeal, updateDeal } from "~/domain/sales/deal-commands.server";
import { dealFormSchema, dealUpdateSchema } from "~/domain/sales/deal-schemas";
import { companyDeals, dealConflictSnapshot, KANBAN_PAGE_SIZE, listDeals, loadDealPage, loadKanban, loadKanbanColumn } from "~/domain/sales/deal-queries.server";
import { DealConflictError } from "~/domain/sales/deal-stage-moves.server";
import type { SalesViewer } from "~/domain/sales/sales-access";
import type { DealFilters } from "~/domain/sales/deal-filters";
import { db } from "~/lib/db.server";
import { aCompany, aContact } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";
import { aDeal, viewerOf } from "../support/sales-deals-factories.ts";
import { watchEvents } from "../support/events.ts";

const noFilters: DealFilters = { ownerId: null, closePeriod: null, source: null };
const at = (iso: string) => new Date(`${iso}Z`);

let rep: SalesViewer;
let otherRep: SalesViewer;
let manager: SalesViewer;
let technician: SalesViewer;
let marketing: SalesViewer;
let company: { id: string };
let contact: { id: string };
let strangerContact: { id: string };

beforeAll(async () => {
  rep = viewerOf(await aUser({ role: "sales", name: "Rémi Vendeur" }));
  otherRep = viewerOf(await aUser({ role: "sales", name: "Océane Vendeuse" }));
  manager = viewerOf(await aUser({ role: "manager", name: "Diane Direction" }));
  technician = viewerOf(await aUser({ role: "technician" }));
  marketing = viewerOf(await aUser({ role: "marketing" }));
  company = await aCompany({ name: "Fromagerie Vidal" });
  contact = await aContact({ firstName: "Louis", lastName: "Vidal", companyId: company.id });
  strangerContact = await aContact({ firstName: "Ana", lastName: "Ailleurs", companyId: (await aCompany()).id });
});


const form = (fields: Record<string, string>) => dealFormSchema.parse({ title: "Cave d'affinage", companyId: company.id, ownerId: rep.id, source: "trade_show", ...fields });

describe("deal commands", () => {
  it("creates a deal on the first open stage, with its creation as the first stage change, and announces it", async () => {
    const recorded = await watchEvents();
    const now = at("2026-04-02T08:30:00");
    const { id } = await createDeal(rep, form({ contactId: contact.id, amount: "12 500,50", expectedCloseDate: "2026-05-15", notes: "Deux caves" }), now);
    const deal = await db().deal.findUniqueOrThrow({ where: { id }, include: { stageChanges: true } });
    expect(deal).toMatchObject({
      stageId: "stage_qualification",
      amountCents: 1_250_050,
      contactId: contact.id,
      ownerId: rep.id,
      createdById: rep.id,
      source: "trade_show",
      campaignId: null,
      version: 1,
      closedAt: null,
      createdAt: now,
      stageChangedAt: now,
    });
    expect(deal.expectedCloseDate?.toISOString()).toBe("2026-05-15T10:00:00.000Z");
    expect(deal.stageChanges).toEqual([expect.objectContaining({ fromStageId: null, toStageId: "stage_qualification", actorId: rep.id, at: now })]);
    expect((await recorded.read("deal.saved")).map((event) => event.payload)).toEqual([{ dealId: id, actorId: rep.id, created: true }]);
  });

  it("lets a rep own only their own deals, a manager give one to any sales rep", async () => {
    await expect(createDeal(rep, form({ ownerId: otherRep.id }))).rejects.toMatchObject({ code: "sales.deal.validation.ownerNotAllowed", field: "ownerId" });
    await expect(createDeal(manager, form({ ownerId: technician.id }))).rejects.toMatchObject({ code: "sales.deal.validation.ownerNotSales", field: "ownerId" });
    const { id } = await createDeal(manager, form({ ownerId: otherRep.id }));
    expect((await db().deal.findUniqueOrThrow({ where: { id } })).ownerId).toBe(otherRep.id);
    await expect(createDeal(technician, form({ ownerId: technician.id }))).rejects.toMatchObject({ code: "errors.forbiddenText" });
  });

  it("refuses a contact of another company and saves nothing", async () => {
    const before = await db().deal.count();
    await expect(createDeal(rep, form({ contactId: strangerContact.id }))).rejects.toMatchObject({ code: "sales.deal.validation.contactNotOfCompany", field: "contactId" });
    expect(await db().deal.count()).toBe(before);
  });

  it("saves fields over the version loaded, and refuses a save over a colleague's newer one", async () => {
    const deal = await aDeal({ companyId: company.id, ownerId: rep.id, amountCents: 100_000 });
    const recorded = await watchEvents();
    const loaded = { title: deal.title, companyId: company.id, ownerId: rep.id, amount: "1 000", source: "other", version: "1" };
    expect(await updateDeal(rep, deal.id, dealUpdateSchema.parse({ ...loaded, amount: "1 500" }))).toEqual({ changes: ["amountCents"] });
    expect(await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ amountCents: 150_000, version: 2 });
    expect(await updateDeal(rep, deal.id, dealUpdateSchema.parse({ ...loaded, amount: "1 500", version: "2" }))).toEqual({ changes: [] });

    const stale = updateDeal(rep, deal.id, dealUpdateSchema.parse({ ...loaded, title: "Nouveau titre" }));
    await expect(stale).rejects.toBeInstanceOf(DealConflictError);
    expect(await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ title: deal.title, version: 2 });
    expect((await recorded.read("deal.saved")).map((event) => event.payload)).toEqual([{ dealId: deal.id, actorId: rep.id, created: false }]);

    const snapshot = await dealConflictSnapshot(deal.id, { ownerId: rep.id, loaded_ownerId: rep.id });
    expect(snapshot).toMatchObject({ version: 2, stageName: "Qualification", current: { amount: "1 500", title: deal.title } });
    expect(snapshot?.names[rep.id]).toBe("Rémi Vendeur");
  });

  it("treats another rep's deal as not found, for changes and moves alike", async () => {
    const deal = await aDeal({ companyId: company.id, ownerId: otherRep.id });
    await expect(updateDeal(rep, deal.id, dealUpdateSchema.parse({ title: "X", companyId: company.id, ownerId: rep.id, version: "1" }))).rejects.toMatchObject({ code: "errors.notFound" });
    await expect(moveDeal(rep, { dealId: deal.id, toStageId: "stage_proposal", expectedVersion: 1 })).rejects.toMatchObject({ code: "errors.notFound" });
    await expect(moveDeal(technician, { dealId: deal.id, toStageId: "stage_proposal", expectedVersion: 1 })).rejects.toMatchObject({ code: "errors.notFound" });
    expect(await db().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({ stageId: "stage_qualification", version: 1 });
  });

  it("moves a deal and announces the move after commit, not a move to the same stage", async () => {
    const deal = await aDeal({ companyId: company.id, ownerId: rep.id });
    const recorded = await watchEvents();
    await moveDeal(rep, { dealId: deal.id, toStageId: "stage_won", expectedVersion: 1 });
    await moveDeal(rep, { dealId: deal.id, toStageId: "stage_won", expectedVersion: 2 });
    expect((await recorded.read("deal.stage_changed")).map((event) => event.payload)).toEqual([{ dealId: deal.id, fromStageId: "stage_qualification", toStageId: "stage_won", toKind: "won", actorId: rep.id }]);
  });
});

describe("kanban", () => {
  let board: { id: string };
  let boardRep: SalesViewer;
  const now = at("2026-06-15T10:00:00");

  beforeAll(async () => {
    board = await aCompany({ name: "Tableau & Cie" });
    boardRep = viewerOf(await aUser({ role: "sales", name: "Bérénice Tableau" }));
    const mine = { companyId: board.id, ownerId: boardRep.id };
    // Open deals: 3 in qualification (one from the trade show), 1 in proposal; one of each closed recently, one lost long ago.
    await aDeal({ ...mine, title: "Q1", amountCents: 100_000, source: "trade_show", expectedCloseDate: at("2026-06-20T10:00:00"), stageChangedAt: at("2026-06-01T09:00:00") });
    await aDeal({ ...mine, title: "Q2", amountCents: 250_050, expectedCloseDate: at("2026-07-02T10:00:00"), stageChangedAt: at("2026-06-02T09:00:00") });
    await aDeal({ ...mine, title: "Q3", amountCents: 33_333, stageChangedAt: at("2026-06-03T09:00:00") });
    await aDeal({ ...mine, title: "P1", stageId: "stage_proposal", amountCents: 1_000_000, expectedCloseDate: at("2026-06-28T10:00:00"), stageChangedAt: at("2026-06-04T09:00:00") });
    await aDeal({ ...mine, title: "W1", stageId: "stage_won", amountCents: 500_000, stageChangedAt: at("2026-06-10T09:00:00") });
    await aDeal({ ...mine, title: "L-old", stageId: "stage_lost", amountCents: 700_000, stageChangedAt: at("2026-04-01T09:00:00") });
    await aDeal({ ...mine, title: "L-new", stageId: "stage_lost", amountCents: 80_000, stageChangedAt: at("2026-06-14T09:00:00") });
    await aDeal({ companyId: board.id, ownerId: manager.id, title: "M1", amountCents: 999_900, stageChangedAt: at("2026-06-05T09:00:00") });
  });

  const column = (kanban: Awaited<ReturnType<typeof loadKanban>>, stageId: string) => kanban!.columns.find((candidate) => candidate.stage.id === stageId)!;

  it("has a column per active stage in order, totals over the column's matching deals, weighted by probability", async () => {
    const kanban = await loadKanban(manager, { ...noFilters, ownerId: boardRep.id }, now);
    expect(kanban!.columns.map((candidate) => candidate.stage.name)).toEqual(["Qualification", "Proposition", "Négociation", "Gagnée", "Perdue"]);
    expect(column(kanban, "stage_qualification").cards.map((card) => card.title)).toEqual(["Q3", "Q2", "Q1"]);
    expect(column(kanban, "stage_qualification").totals).toEqual({ count: 3, amountCents: 383_383, weightedCents: 38_338 });
    expect(column(kanban, "stage_proposal").totals).toEqual({ count: 1, amountCents: 1_000_000, weightedCents: 400_000 });
    // Closed columns hold the last 30 days only.
    expect(column(kanban, "stage_lost").cards.map((card) => card.title)).toEqual(["L-new"]);
    expect(column(kanban, "stage_lost").totals).toEqual({ count: 1, amountCents: 80_000, weightedCents: 0 });
    expect(column(kanban, "stage_won").totals).toEqual({ count: 1, amountCents: 500_000, weightedCents: 500_000 });
  });

  it("filters by source and expected close period, totals included", async () => {
    const bySource = await loadKanban(manager, { ownerId: boardRep.id, closePeriod: null, source: "trade_show" }, now);
    expect(column(bySource, "stage_qualification").totals).toEqual({ count: 1, amountCents: 100_000, weightedCents: 10_000 });
    const thisMonth = await loadKanban(manager, { ownerId: boardRep.id, closePeriod: "this_month", source: null }, now);
    expect(column(thisMonth, "stage_qualification").cards.map((card) => card.title)).toEqual(["Q1"]);
    expect(column(thisMonth, "stage_proposal").totals.count).toBe(1);
    const undated = await loadKanban(manager, { ownerId: boardRep.id, closePeriod: "undated", source: null }, now);
    expect(column(undated, "stage_qualification").cards.map((card) => card.title)).toEqual(["Q3"]);
  });

  it("shows a rep their own deals only, whatever the filter says", async () => {
    const mine = await loadKanban(boardRep, { ...noFilters, ownerId: manager.id }, now);
    const titles = mine!.columns.flatMap((candidate) => candidate.cards.map((card) => card.title));
    expect(titles).not.toContain("M1");
    expect(titles).toEqual(expect.arrayContaining(["Q1", "P1", "W1"]));
    expect((await loadKanban(rep, noFilters, now))!.columns.flatMap((candidate) => candidate.cards.map((card) => card.title))).not.toContain("Q1");
    expect(await loadKanban(marketing, noFilters, now)).toBeNull();
  });

  it("pages a column by (stageChangedAt, id) without gaps or repeats, even with equal dates", async () => {
    const crowd = await aCompany({ name: "Foule SARL" });
    const heavy = viewerOf(await aUser({ role: "sales" }));
    const sameMoment = at("2026-06-10T12:00:00");
    const ids: string[] = [];
    for (let index = 0; index < KANBAN_PAGE_SIZE + 7; index += 1) {
      ids.push((await aDeal({ companyId: crowd.id, ownerId: heavy.id, stageId: "stage_negotiation", stageChangedAt: index % 3 === 0 ? sameMoment : new Date(sameMoment.getTime() - index * 60_000) })).id);
    }
    const first = column(await loadKanban(heavy, noFilters, now), "stage_negotiation");
    expect(first.cards).toHaveLength(KANBAN_PAGE_SIZE);
    expect(first.totals.count).toBe(KANBAN_PAGE_SIZE + 7);
    expect(first.nextCursor).not.toBeNull();
    const second = await loadKanbanColumn(heavy, noFilters, "stage_negotiation", first.nextCursor, now);
    expect(second!.nextCursor).toBeNull();
    const seen = [...first.cards, ...second!.cards].map((card) => card.id);
    expect(new Set(seen).size).toBe(ids.length);
    expect([...seen].sort()).toEqual([...ids].sort());
    const order = [...first.cards, ...second!.cards].map((card) => [card.stageChangedAt.getTime(), card.id] as const);
    expect(order).toEqual([...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1)));
    expect(await loadKanbanColumn(heavy, noFilters, "no_such_stage", null, now)).toBeNull();
  });
});

describe("deals list and pages", () => {
  it("sorts and filters the list by status, a page at a time", async () => {
    const listed = await aCompany({ name: "Liste SA" });
    const owner = viewerOf(await aUser({ role: "sales" }));
    await aDeal({ companyId: listed.id, ownerId: owner.id, title: "Bêta", amountCents: 300 });
    await aDeal({ companyId: listed.id, ownerId: owner.id, title: "Alpha", amountCents: 200, stageId: "stage_won" });
    await aDeal({ companyId: listed.id, ownerId: owner.id, title: "Gamma", amountCents: 100, stageId: "stage_lost" });
    const query = { ...noFilters, status: null, stageId: null, companyId: listed.id, page: 1 } as const;
    const byTitle = await listDeals(owner, { ...query, sort: "title", direction: "asc" });
    expect(byTitle!.deals.map((deal) => deal.title)).toEqual(["Alpha", "Bêta", "Gamma"]);
    expect((await listDeals(owner, { ...query, sort: "amount", direction: "desc" }))!.deals.map((deal) => deal.title)).toEqual(["Bêta", "Alpha", "Gamma"]);
    expect((await listDeals(owner, { ...query, status: "open", sort: "title", direction: "asc" }))!.deals.map((deal) => deal.title)).toEqual(["Bêta"]);
    const paged = await listDeals(owner, { ...query, sort: "title", direction: "asc", page: 2 }, new Date(), 2);
    expect(paged).toMatchObject({ total: 3, page: 2, pageCount: 2 });
    expect(paged!.deals.map((deal) => deal.title)).toEqual(["Gamma"]);
    expect((await listDeals(rep, { ...query, sort: "title", direction: "asc" }))!.total).toBe(0);
  });

  it("gives the deal page its history with durations and the linked records the viewer may read", async () => {
    const deal = await aDeal({ companyId: company.id, ownerId: rep.id, createdAt: at("2026-05-01T08:00:00") });
    await moveDeal(rep, { dealId: deal.id, toStageId: "stage_proposal", expectedVersion: 1 }, at("2026-05-04T08:00:00"));
    await db().activity.create({ data: { kind: "call", subject: "Appel de relance", ownerId: rep.id, startsAt: at("2026-05-05T09:00:00"), companyId: company.id, dealId: deal.id } });
    await db().activity.create({ data: { kind: "task", subject: "Tâche du manager", ownerId: manager.id, startsAt: at("2026-05-06T09:00:00"), companyId: company.id, dealId: deal.id } });
    await db().visitReport.create({ data: { companyId: company.id, dealId: deal.id, authorId: rep.id, visitedAt: at("2026-05-07T10:00:00"), objectives: "Visite de la cave" } });
    const quote = await db().quote.create({
      data: { number: "DEV-2026-0042", companyId: company.id, dealId: deal.id, ownerId: rep.id, issueDate: at("2026-05-08T00:00:00"), validUntil: at("2026-06-08T00:00:00"), totalExclCents: 1_000 },
    });
    await db().order.create({ data: { number: "CMD-2026-0042", quoteId: quote.id, companyId: company.id, dealId: deal.id, ownerId: rep.id, orderedAt: at("2026-05-09T00:00:00"), totalExclCents: 1_000, totalVatCents: 200, totalInclCents: 1_200 } });

    const page = await loadDealPage(rep, deal.id, at("2026-05-10T08:00:00"));
    expect(page!.history.map((entry) => [entry.from?.name ?? null, entry.to.name, entry.durationMs, entry.current])).toEqual([
      [null, "Qualification", 3 * 86_400_000, false],
      ["Qualification", "Proposition", 6 * 86_400_000, true],
    ]);
    expect(page!.activities.map((activity) => activity.subject)).toEqual(["Appel de relance"]);
    expect(page!.visitReports.map((report) => report.objectives)).toEqual(["Visite de la cave"]);
    expect(page!.quotes.map((row) => row.number)).toEqual(["DEV-2026-0042"]);
    expect(page!.orders.map((row) => row.number)).toEqual(["CMD-2026-0042"]);
    expect(page!.canEdit).toBe(true);

    const asManager = await loadDealPage(manager, deal.id);
    expect(asManager!.activities.map((activity) => activity.subject)).toEqual(["Tâche du manager", "Appel de relance"]);
    expect((await loadDealPage(technician, deal.id))!.canEdit).toBe(false);
    expect(await loadDealPage(otherRep, deal.id)).toBeNull();
    expect(await loadDealPage(marketing, deal.id)).toBeNull();
  });

  it("lists a company's deals open first, as the viewer may see them", async () => {
    const shop = await aCompany({ name: "Épicerie fine" });
    await aDeal({ companyId: shop.id, ownerId: rep.id, title: "Ouverte tard", expectedCloseDate: at("2026-09-01T10:00:00") });
    await aDeal({ companyId: shop.id, ownerId: rep.id, title: "Ouverte tôt", expectedCloseDate: at("2026-07-01T10:00:00") });
    await aDeal({ companyId: shop.id, ownerId: rep.id, title: "Gagnée", stageId: "stage_won" });
    await aDeal({ companyId: shop.id, ownerId: otherRep.id, title: "D'un collègue" });
    const deals = await companyDeals(rep, shop.id);
    expect([...deals!.open, ...deals!.closed].map((deal) => deal.title)).toEqual(["Ouverte tôt", "Ouverte tard", "Gagnée"]);
    expect(deals!.openCount).toBe(2);
    expect((await companyDeals(manager, shop.id))!.openCount).toBe(3);
    expect(await companyDeals(marketing, shop.id)).toBeNull();
  });
});
