import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { companyDeals } from "./deal-queries.server";
import type { SalesViewer } from "./sales-access";
import { loadServiceHistory } from "./service-history.server";

/**
 * The sales side of a company page in one read (app/components/sales/company-sales-section.tsx):
 * where the company stands (prospect, client, former client), its deals the viewer may read
 * (open ones first), and its service history for whoever reads tickets. Null for a company that
 * does not exist.
 */
export async function loadCompanySales(viewer: SalesViewer, companyId: string, now = new Date()) {
  const [company, deals, service] = await Promise.all([
    db().company.findUnique({ where: { id: companyId }, select: { id: true, lifecycleStage: true, prospectSource: true, clientSince: true, lostAt: true, lostReason: true } }),
    companyDeals(viewer, companyId),
    loadServiceHistory(viewer, companyId, now),
  ]);
  if (!company) return null;
  const { id, ...lifecycle } = company;
  return { companyId: id, lifecycle, deals, canCreateDeal: can(viewer, "create:deal"), service };
}
export type CompanySales = NonNullable<Awaited<ReturnType<typeof loadCompanySales>>>;
