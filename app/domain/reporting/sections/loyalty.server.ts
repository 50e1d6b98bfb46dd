import { db } from "~/lib/db.server";
import type { DrillDown } from "../report-drill-down";
import type { Figure, ReportContext, ReportSection, SectionData } from "../report-section";
import { churnOver, listContractsAtStart, listLostContracts, LOST_CUSTOMERS_SHOWN, lostCustomers } from "./loyalty-churn.server";
import { activeCustomers, customersWithCriticalIncident, listActiveCustomers, listCustomersWithCriticalIncident } from "./loyalty-customers.server";
import { contextRanges, salesOwnerFilter, seesSalesFigures } from "./sales-scope";

/**
 * The "Fidélisation" section: the churn rate with the contracts and customers lost, the active
 * customers, and the customers with an open critical incident now. Definitions in
 * docs/reporting.md "## Fidélisation". Shown to the people who work the sales area; a rep's
 * figures are their own contracts, orders and companies.
 */
export const loyaltySection: ReportSection = {
  id: "loyalty",
  shownTo: seesSalesFigures,
  async load(context: ReportContext): Promise<SectionData | null> {
    const owner = salesOwnerFilter(context.viewer);
    // Without any contract or order there is no customer to keep or lose: no section rather than zeros.
    if (!owner || !(await workspaceHasCustomers())) return null;
    const ranges = contextRanges(context);
    const [churn, churnBefore, churnLastYear, active, activeBefore, activeLastYear, critical] = await Promise.all([
      churnOver(owner, ranges.period, context.now),
      churnOver(owner, ranges.previous, context.now),
      churnOver(owner, ranges.lastYear, context.now),
      activeCustomers(owner, ranges.period, context.now),
      activeCustomers(owner, ranges.previous, context.now),
      activeCustomers(owner, ranges.lastYear, context.now),
      customersWithCriticalIncident(context.viewer, owner),
    ]);
    const lost = await lostCustomers(context.viewer, churn, { offset: 0, limit: LOST_CUSTOMERS_SHOWN });
    const customersLost = (value: typeof churn) => value.lost.filter((entry) => entry.customerLost).length;
    const figures: Figure[] = [
      { id: "loyalty.churnRate", label: "reporting.loyalty.churnRate", hint: "reporting.loyalty.churnRate.hint", format: "ratio", value: churn.rate, previous: churnBefore.rate, lastYear: churnLastYear.rate, trend: "down", drillDown: true },
      { id: "loyalty.contractsLost", label: "reporting.loyalty.contractsLost", hint: "reporting.loyalty.contractsLost.hint", format: "count", value: churn.lost.length, previous: churnBefore.lost.length, lastYear: churnLastYear.lost.length, trend: "down", drillDown: true },
      { id: "loyalty.contractsAtStart", label: "reporting.loyalty.contractsAtStart", hint: "reporting.loyalty.contractsAtStart.hint", format: "count", value: churn.atStart, previous: churnBefore.atStart, lastYear: churnLastYear.atStart, trend: "up", drillDown: true },
      { id: "loyalty.lostCustomers", label: "reporting.loyalty.lostCustomers", hint: "reporting.loyalty.lostCustomers.hint", format: "count", value: customersLost(churn), previous: customersLost(churnBefore), lastYear: customersLost(churnLastYear), trend: "down", drillDown: true },
      { id: "loyalty.activeCustomers", label: "reporting.loyalty.activeCustomers", hint: "reporting.loyalty.activeCustomers.hint", format: "count", value: active, previous: activeBefore, lastYear: activeLastYear, trend: "up", drillDown: true },
      { id: "loyalty.criticalCustomers", label: "reporting.loyalty.criticalCustomers", hint: "reporting.loyalty.criticalCustomers.hint", format: "count", value: critical, previous: null, lastYear: null, trend: "down", drillDown: true },
    ];
    return {
      id: "loyalty",
      title: "reporting.loyalty.title",
      figures,
      charts: [],
      tables: [{ id: "loyalty.lostCustomers", title: "reporting.loyalty.lostCustomers.table", columns: lost.columns, rows: lost.rows, total: lost.total }],
    };
  },
};

async function workspaceHasCustomers(): Promise<boolean> {
  const [contract, order] = await Promise.all([db().contract.findFirst({ select: { id: true } }), db().order.findFirst({ select: { id: true } })]);
  return contract !== null || order !== null;
}

function loyaltyDrillDown(id: string, list: DrillDown["list"] extends (context: ReportContext, page: infer Page) => infer Result ? (context: ReportContext, owner: { ownerId?: string }, page: Page) => Result : never): DrillDown {
  return {
    id,
    shownTo: seesSalesFigures,
    async list(context, page) {
      const owner = salesOwnerFilter(context.viewer);
      if (!owner) return { title: "reporting.loyalty.title", columns: [], rows: [], total: 0 };
      return list(context, owner, page);
    },
  };
}

export const loyaltyDrillDowns: DrillDown[] = [
  loyaltyDrillDown("loyalty.churnRate", (context, owner, page) => listLostContracts(context, owner, contextRanges(context).period, page)),
  loyaltyDrillDown("loyalty.contractsLost", (context, owner, page) => listLostContracts(context, owner, contextRanges(context).period, page)),
  loyaltyDrillDown("loyalty.contractsAtStart", (context, owner, page) => listContractsAtStart(owner, contextRanges(context).period, page)),
  loyaltyDrillDown("loyalty.lostCustomers", async (context, owner, page) => {
    const churn = await churnOver(owner, contextRanges(context).period, context.now);
    const lost = await lostCustomers(context.viewer, churn, page);
    return { title: "reporting.loyalty.lostCustomers.table", description: "reporting.loyalty.lostCustomers.hint", ...lost };
  }),
  loyaltyDrillDown("loyalty.activeCustomers", (context, owner, page) => listActiveCustomers(owner, contextRanges(context).period, context.now, page)),
  loyaltyDrillDown("loyalty.criticalCustomers", (context, owner, page) => listCustomersWithCriticalIncident(context.viewer, owner, page)),
];
