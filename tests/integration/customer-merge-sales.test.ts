import { describe, expect, it } from "vitest";
import { mergeCompanies, mergeContacts } from "~/domain/customers/merge.server";
import { db } from "~/lib/db.server";
import { aCompany, aContact } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";

/**
 * Merging customer records keeps their sales history: a merged company's deals, activities, visit
 * reports, quotes, orders and contracts (its deletion would cascade to them), a merged contact's
 * deals, activities, reports, quotes and orders (its deletion would unlink them).
 */

let sequence = 0;
async function salesHistoryOf(input: { companyId: string; contactId: string; ownerId: string }) {
  sequence += 1;
  const deal = await db().deal.create({ data: { title: `Affaire ${sequence}`, companyId: input.companyId, contactId: input.contactId, ownerId: input.ownerId, stageId: "stage_won", closedAt: new Date() } });
  const activity = await db().activity.create({ data: { kind: "call", subject: "Appel", ownerId: input.ownerId, startsAt: new Date(), companyId: input.companyId, contactId: input.contactId, dealId: deal.id } });
  const report = await db().visitReport.create({ data: { companyId: input.companyId, contactId: input.contactId, dealId: deal.id, authorId: input.ownerId, visitedAt: new Date() } });
  const quote = await db().quote.create({
    data: { number: `DEV-1990-${sequence}`, companyId: input.companyId, contactId: input.contactId, dealId: deal.id, ownerId: input.ownerId, status: "accepted", issueDate: new Date(), validUntil: new Date(), totalExclCents: 100_00, totalVatCents: 20_00, totalInclCents: 120_00 },
  });
  const order = await db().order.create({
    data: { number: `CMD-1990-${sequence}`, quoteId: quote.id, companyId: input.companyId, contactId: input.contactId, dealId: deal.id, ownerId: input.ownerId, orderedAt: new Date("2026-03-02T10:00:00Z"), totalExclCents: 100_00, totalVatCents: 20_00, totalInclCents: 120_00 },
  });
  const contract = await db().contract.create({ data: { companyId: input.companyId, ownerId: input.ownerId, title: "Maintenance", startDate: new Date(), endDate: new Date(Date.now() + 365 * 86_400_000), yearlyAmountCents: 180_000 } });
  return { deal, activity, report, quote, order, contract };
}

describe("merging customers keeps their sales history", () => {
  it("moves a merged company's deals, activities, visit reports, quotes, orders and contracts, and the kept prospect becomes a client", async () => {
    const rep = await aUser({ role: "sales" });
    const kept = await aCompany({ name: "Fromagerie Morel" });
    const merged = await aCompany({ name: "Fromagerie Morel (doublon)" });
    const contact = await aContact({ companyId: merged.id });
    const history = await salesHistoryOf({ companyId: merged.id, contactId: contact.id, ownerId: rep.id });
    expect((await db().company.findUniqueOrThrow({ where: { id: kept.id } })).lifecycleStage).toBe("prospect");

    const result = await mergeCompanies({ keepId: kept.id, mergeId: merged.id, actorId: rep.id });
    expect(result.moved).toMatchObject({ deals: 1, activities: 1, visitReports: 1, quotes: 1, orders: 1, contracts: 1 });
    expect(await db().company.findUnique({ where: { id: merged.id } })).toBeNull();
    for (const [table, id] of [
      ["deal", history.deal.id],
      ["activity", history.activity.id],
      ["visitReport", history.report.id],
      ["quote", history.quote.id],
      ["order", history.order.id],
      ["contract", history.contract.id],
    ] as const) {
      const row = await (db()[table] as unknown as { findUnique(args: { where: { id: string } }): Promise<{ companyId: string } | null> }).findUnique({ where: { id } });
      expect(row?.companyId, table).toBe(kept.id);
    }
    const company = await db().company.findUniqueOrThrow({ where: { id: kept.id } });
    expect(company.lifecycleStage).toBe("client");
    expect(company.clientSince).toEqual(new Date("2026-03-02T10:00:00Z"));
  });

  it("moves a merged contact's deals, activities, visit reports, quotes and orders to the kept contact", async () => {
    const rep = await aUser({ role: "sales" });
    const company = await aCompany();
    const kept = await aContact({ companyId: company.id, firstName: "Léa", lastName: "Morel" });
    const merged = await aContact({ companyId: company.id, firstName: "Lea", lastName: "Morel" });
    const history = await salesHistoryOf({ companyId: company.id, contactId: merged.id, ownerId: rep.id });

    const result = await mergeContacts({ keepId: kept.id, mergeId: merged.id, actorId: rep.id });
    expect(result.moved).toMatchObject({ deals: 1, activities: 1, visitReports: 1, quotes: 1, orders: 1 });
    expect((await db().deal.findUniqueOrThrow({ where: { id: history.deal.id } })).contactId).toBe(kept.id);
    expect((await db().activity.findUniqueOrThrow({ where: { id: history.activity.id } })).contactId).toBe(kept.id);
    expect((await db().visitReport.findUniqueOrThrow({ where: { id: history.report.id } })).contactId).toBe(kept.id);
    expect((await db().quote.findUniqueOrThrow({ where: { id: history.quote.id } })).contactId).toBe(kept.id);
    expect((await db().order.findUniqueOrThrow({ where: { id: history.order.id } })).contactId).toBe(kept.id);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "contact.merged", entityId: kept.id } });
    expect(JSON.parse(audit.details).moved).toMatchObject({ deals: 1, quotes: 1, orders: 1 });
  });
});
