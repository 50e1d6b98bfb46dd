import { markClientOnFirstOrderInTransaction } from "~/domain/sales/lifecycle.server";
import type { TransactionClient } from "~/lib/db.server";

/**
 * A merge keeps everything: the sales records of the merged contact or company (deals,
 * activities, visit reports, quotes, orders, and a company's contracts) move to the kept one
 * before the merged record is deleted — a company's deletion would otherwise take them with it
 * (cascade), a contact's would unlink them. Quotes already sent keep their own copy of the
 * customer as it was. A prospect that receives orders becomes a client from the first one.
 */
export type SalesRecordsMoved = { deals: number; activities: number; visitReports: number; quotes: number; orders: number; contracts: number };

export async function moveSalesRecordsInTransaction(tx: TransactionClient, kind: "contact" | "company", fromId: string, toId: string): Promise<SalesRecordsMoved> {
  if (kind === "contact") {
    const where = { contactId: fromId };
    const data = { contactId: toId };
    const [deals, activities, visitReports, quotes, orders] = [
      await tx.deal.updateMany({ where, data }),
      await tx.activity.updateMany({ where, data }),
      await tx.visitReport.updateMany({ where, data }),
      await tx.quote.updateMany({ where, data }),
      await tx.order.updateMany({ where, data }),
    ];
    return { deals: deals.count, activities: activities.count, visitReports: visitReports.count, quotes: quotes.count, orders: orders.count, contracts: 0 };
  }
  const where = { companyId: fromId };
  const data = { companyId: toId };
  const [deals, activities, visitReports, quotes, orders, contracts] = [
    await tx.deal.updateMany({ where, data }),
    await tx.activity.updateMany({ where, data }),
    await tx.visitReport.updateMany({ where, data }),
    await tx.quote.updateMany({ where, data }),
    await tx.order.updateMany({ where, data }),
    await tx.contract.updateMany({ where, data }),
  ];
  if (orders.count > 0) {
    const first = await tx.order.findFirst({ where: { companyId: toId }, orderBy: { orderedAt: "asc" }, select: { orderedAt: true } });
    if (first) await markClientOnFirstOrderInTransaction(tx, { companyId: toId, at: first.orderedAt });
  }
  return { deals: deals.count, activities: activities.count, visitReports: visitReports.count, quotes: quotes.count, orders: orders.count, contracts: contracts.count };
}
