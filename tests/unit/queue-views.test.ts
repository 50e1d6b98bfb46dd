import { describe, expect, it } from "vitest";
import { createdRange, effectiveStatuses, parseQueueSearch, queueSearchString } from "~/domain/helpdesk/queue-views";

const parse = (query: string) => parseQueueSearch(new URLSearchParams(query));

describe("queue URLs", () => {
  it("reads the view and the filters, and writes them back the same way", () => {
    const search = parse("vue=waiting&priorite=urgent&type=incident&canal=phone&groupe=g1&assigne=none&etiquette=R%C3%A9seau&societe=c1&du=2026-03-01&au=2026-03-31");
    expect(search.view).toBe("waiting");
    expect(search.filters).toEqual({
      priority: "urgent",
      type: "incident",
      channel: "phone",
      groupId: "g1",
      assigneeId: "none",
      tag: "réseau",
      companyId: "c1",
      createdFrom: "2026-03-01",
      createdTo: "2026-03-31",
    });
    expect(search.errors).toEqual({});
    const again = parse(queueSearchString(search.view, search.filters).slice(1));
    expect(again.filters).toEqual(search.filters);
  });

  it("falls back to the open tickets and reports what it cannot apply", () => {
    const search = parse("vue=everything&statut=lost&priorite=urgent&du=2026-02-30&au=yesterday");
    expect(search.view).toBe("open");
    expect(search.filters).toEqual({ priority: "urgent" });
    expect(search.errors).toEqual({ status: "validation.choose", createdFrom: "helpdesk.filters.invalidDate", createdTo: "helpdesk.filters.invalidDate" });
    expect(search.raw.status).toBe("lost");
  });

  it("refuses a date range that ends before it starts", () => {
    const search = parse("du=2026-03-10&au=2026-03-01");
    expect(search.filters).toEqual({ createdFrom: "2026-03-10" });
    expect(search.errors).toEqual({ createdTo: "helpdesk.filters.dateOrder" });
  });

  it("keeps one page cursor, the next one first, and ignores malformed ones", () => {
    expect(parse("apres=abc_DEF-1&avant=xyz")).toMatchObject({ after: "abc_DEF-1", before: null });
    expect(parse("avant=xyz")).toMatchObject({ after: null, before: "xyz" });
    expect(parse("apres=%3Cscript%3E")).toMatchObject({ after: null, before: null });
    expect(queueSearchString("open", {}, { after: "a1" })).toBe("?apres=a1");
    expect(queueSearchString("mine", { priority: "high" }, { before: "b2" })).toBe("?vue=mine&priorite=high&avant=b2");
  });

  it("narrows a view's statuses with the status filter", () => {
    expect(effectiveStatuses("open", {})).toEqual(["new", "open", "pending_customer", "on_hold"]);
    expect(effectiveStatuses("open", { status: "on_hold" })).toEqual(["on_hold"]);
    expect(effectiveStatuses("solved", { status: "open" })).toEqual([]);
  });

  it("reads creation days in Paris time, the last day included", () => {
    expect(createdRange({ createdFrom: "2026-01-15", createdTo: "2026-01-15" })).toEqual({
      gte: new Date("2026-01-14T23:00:00.000Z"),
      lt: new Date("2026-01-15T23:00:00.000Z"),
    });
    expect(createdRange({ createdFrom: "2026-07-01" })).toEqual({ gte: new Date("2026-06-30T22:00:00.000Z") });
  });
});
