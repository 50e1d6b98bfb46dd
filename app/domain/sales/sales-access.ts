import { accessFor, type PermissionSubject } from "~/domain/identity/permissions";

/**
 * The record rule for sales records (deals, activities, visit reports, quotes, orders,
 * contracts): with `any` access a user reaches every record, with `own` only the records
 * whose owner field is theirs. Every sales query and command goes through these, and a record
 * outside the rule is "not found" (never "forbidden": no existence leak).
 */
export type SalesViewer = PermissionSubject & { id: string };

type SalesAction = "read" | "update" | "create";

/** The owner filter for a query over a sales table, or null when the user has no such access. */
export function ownedRecordsWhere(viewer: SalesViewer, action: SalesAction = "read"): { ownerId?: string } | null {
  const access = accessFor(viewer, `${action}:deal`);
  if (access === null) return null;
  return access === "any" ? {} : { ownerId: viewer.id };
}

/** True when the user may act on a record owned by `ownerId`. */
export function canActOnOwned(viewer: SalesViewer, ownerId: string, action: SalesAction): boolean {
  const access = accessFor(viewer, `${action}:deal`);
  if (access === null) return false;
  return access === "any" || ownerId === viewer.id;
}

/** Who may own sales records: with `any` access the user may give a record to anyone, else only to themselves. */
export function mayAssignOwner(viewer: SalesViewer, ownerId: string): boolean {
  return canActOnOwned(viewer, ownerId, "create");
}
