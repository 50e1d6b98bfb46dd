import { describe, expect, it } from "vitest";
import { closePeriodRange, dealFiltersFromParams, dealFiltersToParams, dealListQueryFromParams, dealListQueryToParams } from "~/domain/sales/deal-filters";
import { dealFormSchema, dealMoveSchema, localDayInput } from "~/domain/sales/deal-schemas";
import { centsToGroupedInput } from "~/domain/sales/money";
import { pipelineRuleBroken, reorder, stageFormSchema, weightedCents } from "~/domain/sales/pipeline-rules";

const ZONE = "Europe/Paris";

describe("a deal's amount typed in euros", () => {
  const amount = (typed: string) => dealFormSchema.shape.amount.safeParse(typed);
  it.each([
    ["12 500,50", 1_250_050],
    ["12\u202f500,50\u00a0€", 1_250_050],
    ["12500.5", 1_250_050],
    ["12.500,50", 1_250_050],
    ["1 200 €", 120_000],
    ["0,07", 7],
    ["0,1", 10],
    ["007", 700],
    ["19 999 999,99", 1_999_999_999],
    ["20000000", 2_000_000_000],
    ["3,", 300],
    ["1 200 EUR", 120_000],
    ["", 0],
  ])("%s → %i cents", (typed, cents) => {
    expect(amount(typed)).toEqual({ success: true, data: cents });
  });

  it.each([
    ["12,345", "sales.money.ambiguous"],
    ["12.500", "sales.money.ambiguous"],
    ["1234,567", "sales.deal.validation.amountDecimals"],
    ["abc", "sales.deal.validation.amount"],
    ["-5", "sales.deal.validation.amount"],
    ["1,2,3", "sales.deal.validation.amount"],
    ["12.50.3,2", "sales.deal.validation.amount"],
    ["1e5", "sales.deal.validation.amount"],
    ["20 000 000,01", "sales.deal.validation.amountTooLarge"],
    ["99999999999", "sales.deal.validation.amountTooLarge"],
  ])("refuses %s (%s)", (typed, message) => {
    const parsed = amount(typed);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });

  it.each([
    [1_250_050, "12 500,50"],
    [120_000, "1 200"],
    [7, "0,07"],
    [0, ""],
    [2_000_000_000, "20 000 000"],
  ])("writes %i cents back as %s, which reads back the same", (cents, text) => {
    expect(centsToGroupedInput(cents)).toBe(text);
    if (text) expect(amount(text)).toEqual({ success: true, data: cents });
  });
});


describe("deal form", () => {
  const valid = { title: "Four à sole", companyId: "c1", ownerId: "u1", amount: "12 500,50", expectedCloseDate: "2026-03-31", source: "referral" };

  it("reads the amount in cents and the close day as midday in Paris", () => {
    const parsed = dealFormSchema.parse(valid);
    expect(parsed.amount).toBe(1_250_050);
    expect(parsed.expectedCloseDate?.toISOString()).toBe("2026-03-31T10:00:00.000Z");
    expect(localDayInput(parsed.expectedCloseDate)).toBe("2026-03-31");
    expect(parsed.contactId).toBeNull();
  });

  it.each([
    [{ title: "" }, "title", "validation.required"],
    [{ companyId: "" }, "companyId", "validation.required"],
    [{ amount: "12,345" }, "amount", "sales.money.ambiguous"],
    [{ amount: "1234,567" }, "amount", "sales.deal.validation.amountDecimals"],
    [{ amount: "beaucoup" }, "amount", "sales.deal.validation.amount"],
    [{ expectedCloseDate: "2026-02-30" }, "expectedCloseDate", "sales.deal.validation.date"],
    [{ source: "pigeon" }, "source", "validation.choose"],
  ])("refuses %o on %s", (change, field, message) => {
    const result = dealFormSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });

  it("needs the version a move was made from", () => {
    expect(dealMoveSchema.safeParse({ stageId: "s", version: "" }).success).toBe(false);
    expect(dealMoveSchema.parse({ stageId: "s", version: "3", lossReasonId: "" })).toMatchObject({ version: 3, lossReasonId: null, lossNote: "" });
  });
});

describe("pipeline rules", () => {
  const stage = (kind: string, active = true) => ({ kind, active });
  it.each([
    [[stage("open"), stage("won"), stage("lost")], null],
    [[stage("open", false), stage("won"), stage("lost")], "sales.pipeline.rules.needOpen"],
    [[stage("open"), stage("won"), stage("won"), stage("lost")], "sales.pipeline.rules.oneWon"],
    [[stage("open"), stage("won"), stage("won", false), stage("lost")], null],
    [[stage("open"), stage("lost")], "sales.pipeline.rules.oneWon"],
    [[stage("open"), stage("won"), stage("lost", false)], "sales.pipeline.rules.oneLost"],
    [[stage("open"), stage("won"), stage("lost"), stage("lost")], "sales.pipeline.rules.oneLost"],
  ])("%o → %s", (stages, broken) => {
    expect(pipelineRuleBroken(stages)).toBe(broken);
  });

  it("moves an item up or down, not past the ends", () => {
    const items = [{ id: "a" }, { id: "b" }, { id: "c" }];
    expect(reorder(items, "b", "up")).toEqual(["b", "a", "c"]);
    expect(reorder(items, "b", "down")).toEqual(["a", "c", "b"]);
    expect(reorder(items, "a", "up")).toBeNull();
    expect(reorder(items, "c", "down")).toBeNull();
    expect(reorder(items, "z", "up")).toBeNull();
  });

  it.each([
    [1_250_050, 40, 500_020],
    [333, 10, 33],
    [335, 10, 34],
    [1_000, 0, 0],
    [1_000, 100, 1_000],
  ])("weights %i cents at %i %% → %i", (amount, probability, weighted) => {
    expect(weightedCents(amount, probability)).toBe(weighted);
  });

  it.each([["101"], ["-1"], ["4,5"], [""]])("refuses a probability of %s", (probability) => {
    expect(stageFormSchema.safeParse({ name: "X", probability, kind: "open" }).success).toBe(false);
  });
});

describe("pipeline filters in the URL", () => {
  const manager = { id: "m", mayChooseOwner: true, owners: [{ id: "u1" }, { id: "u2" }] };
  const rep = { id: "r", mayChooseOwner: false, owners: [] };

  it("keeps a manager's owner and drops an unknown one; a rep sees their own", () => {
    expect(dealFiltersFromParams(new URLSearchParams("commercial=u2&cloture=trimestre&source=website"), manager)).toEqual({ ownerId: "u2", closePeriod: "this_quarter", source: "website" });
    expect(dealFiltersFromParams(new URLSearchParams("commercial=zz&cloture=nimporte&source=pigeon"), manager)).toEqual({ ownerId: null, closePeriod: null, source: null });
    expect(dealFiltersFromParams(new URLSearchParams("commercial=u1"), rep).ownerId).toBe("r");
  });

  it("writes the filters back the way it reads them", () => {
    const params = dealListQueryToParams(
      { ownerId: "u1", closePeriod: "overdue", source: "referral", status: "won", stageId: "s1", companyId: "c1", sort: "amount", direction: "asc", page: 3 },
      manager,
    );
    expect(dealListQueryFromParams(params, manager)).toEqual({ ownerId: "u1", closePeriod: "overdue", source: "referral", status: "won", stageId: "s1", companyId: "c1", sort: "amount", direction: "asc", page: 3 });
    expect(dealFiltersToParams({ ownerId: "r", closePeriod: null, source: null }, rep).toString()).toBe("");
  });

  it("defaults the list to the latest changes first", () => {
    expect(dealListQueryFromParams(new URLSearchParams(""), manager)).toMatchObject({ sort: "updated", direction: "desc", page: 1, status: null });
    expect(dealListQueryFromParams(new URLSearchParams("tri=titre"), manager)).toMatchObject({ sort: "title", direction: "asc" });
  });

  it.each([
    ["this_month", "2026-03-31T21:30:00Z", "2026-03-01T00:00:00.000+01:00", "2026-04-01T00:00:00.000+02:00"],
    ["next_month", "2026-01-15T12:00:00Z", "2026-02-01T00:00:00+01:00", "2026-03-01T00:00:00+01:00"],
    ["this_quarter", "2026-05-10T12:00:00Z", "2026-04-01T00:00:00+02:00", "2026-07-01T00:00:00+02:00"],
    ["next_quarter", "2026-11-10T12:00:00Z", "2027-01-01T00:00:00+01:00", "2027-04-01T00:00:00+02:00"],
    ["this_year", "2026-06-01T12:00:00Z", "2026-01-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00"],
  ] as const)("%s at %s runs from %s to %s (Paris time)", (period, now, from, to) => {
    const range = closePeriodRange(period, new Date(now), ZONE);
    expect(range).toEqual({ kind: "range", from: new Date(from), to: new Date(to), openOnly: false });
  });

  it("calls overdue what was expected before today, open deals only", () => {
    expect(closePeriodRange("overdue", new Date("2026-03-31T22:30:00Z"), ZONE)).toEqual({ kind: "range", from: null, to: new Date("2026-04-01T00:00:00+02:00"), openOnly: true });
    expect(closePeriodRange("undated", new Date(), ZONE)).toEqual({ kind: "undated" });
  });
});
