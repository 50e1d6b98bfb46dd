import { describe, expect, it } from "vitest";
import { reportContext } from "~/domain/reporting/dashboard.server";
import { periodContaining } from "~/domain/reporting/report-period";
import { loyaltySection } from "~/domain/reporting/sections/loyalty.server";
import { salesSection } from "~/domain/reporting/sections/sales.server";
import { aCompany } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";
import { aQuote, anOrder } from "../support/reporting-sales-factories.ts";

/** A workspace without sales shows no sales or loyalty section rather than zeros; the first order brings both. */
describe("sections of a workspace without sales", () => {
  it("are left out until there is something to count", async () => {
    const manager = await aUser({ role: "manager" });
    const context = reportContext(manager, periodContaining("month", { year: 2026, month: 11, day: 1 }), new Date("2026-11-18T10:00:00Z"));
    expect(await salesSection.load(context)).toBeNull();
    expect(await loyaltySection.load(context)).toBeNull();
    const company = await aCompany();
    const quote = await aQuote({ companyId: company.id, ownerId: manager.id, sentAt: new Date("2026-11-02T10:00:00Z"), acceptedAt: new Date("2026-11-03T10:00:00Z"), totalExclCents: 120_000 });
    await anOrder({ quoteId: quote.id, companyId: company.id, ownerId: manager.id, orderedAt: new Date("2026-11-03T10:00:00Z"), totalExclCents: 120_000 });
    const sales = await salesSection.load(context);
    expect(sales?.figures.find((figure) => figure.id === "sales.orderIntake")?.value).toBe(120_000);
    expect((await loyaltySection.load(context))?.figures.find((figure) => figure.id === "loyalty.activeCustomers")?.value).toBe(1);
  });
});
