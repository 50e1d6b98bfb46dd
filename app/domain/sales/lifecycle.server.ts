import type { TransactionClient } from "~/lib/db.server";
import { lifecycleAfterOrder } from "./lifecycle";

/**
 * Called by the order commands inside their transaction: the company of a confirmed order
 * becomes a client (prospect or former client → client; clientSince = `at` when not set yet).
 * Returns true when the company changed.
 */
export async function markClientOnFirstOrderInTransaction(
  tx: TransactionClient,
  { companyId, at }: { companyId: string; at: Date },
): Promise<boolean> {
  const company = await tx.company.findUnique({
    where: { id: companyId },
    select: { lifecycleStage: true, clientSince: true },
  });
  if (!company) return false;
  const next = lifecycleAfterOrder(company, at);
  if (!next) return false;
  await tx.company.update({ where: { id: companyId }, data: next });
  return true;
}
