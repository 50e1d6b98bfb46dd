import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { contractInForceOn, contractStateOn } from "./contract-status";
import { quoteStatusOn } from "./quote-schemas";
import { ownedRecordsWhere, type SalesViewer } from "./sales-access";

/**
 * The company page's sales documents: its contracts not cancelled (ending soon first), its latest
 * quotes and orders, under the sales record rule. Null for viewers without sales access.
 */
export async function companySalesDocuments(viewer: SalesViewer, companyId: string, now = new Date()) {
  const rule = ownedRecordsWhere(viewer, "read");
  if (!rule) return null;
  const [contracts, quotes, orders] = await Promise.all([
    db().contract.findMany({
      where: { ...rule, companyId, cancelledAt: null },
      orderBy: [{ endDate: "asc" }, { id: "asc" }],
      take: 10,
      select: { id: true, title: true, startDate: true, endDate: true, renewal: true, reminderDays: true, cancelledAt: true, yearlyAmountCents: true },
    }),
    db().quote.findMany({
      where: { ...rule, companyId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 5,
      select: { id: true, number: true, status: true, validUntil: true, totalExclCents: true, createdAt: true },
    }),
    db().order.findMany({
      where: { ...rule, companyId },
      orderBy: [{ orderedAt: "desc" }, { id: "desc" }],
      take: 5,
      select: { id: true, number: true, orderedAt: true, totalExclCents: true },
    }),
  ]);
  return {
    canCreate: can(viewer, "create:deal"),
    contracts: contracts.map(({ startDate, renewal, reminderDays, cancelledAt, ...contract }) => ({
      ...contract,
      state: contractStateOn({ endDate: contract.endDate, reminderDays, cancelledAt }, now),
      inForce: contractInForceOn({ startDate, endDate: contract.endDate, renewal, reminderDays, cancelledAt }, now),
    })),
    quotes: quotes.map(({ validUntil, status, ...quote }) => ({ ...quote, status: quoteStatusOn({ status, validUntil }, now) })),
    orders,
  };
}
