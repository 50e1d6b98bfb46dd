import { ownedRecordsWhere } from "~/domain/sales/sales-access";
import type { PermissionSubject } from "~/domain/identity/permissions";
import type { CustomerScope } from "../../key-figures.server";

/**
 * The filter every sales source of the timeline starts from: the customer's records (a company's,
 * or those linked to a contact) that the viewer may read — a rep their own, managers and support
 * all of them. Null when the viewer reads no sales records: the source then shows nothing.
 */
export function customerSalesWhere(viewer: PermissionSubject & { id: string }, scope: CustomerScope): { ownerId?: string; companyId?: string; contactId?: string } | null {
  const owned = ownedRecordsWhere(viewer, "read");
  if (owned === null) return null;
  return { ...owned, ...("contactId" in scope ? { contactId: scope.contactId } : { companyId: scope.companyId }) };
}

