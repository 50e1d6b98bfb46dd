import { can, type PermissionSubject } from "~/domain/identity/permissions";

/**
 * What can be imported from a file, and who may import which. Every import needs
 * `create:import`; each kind also needs the right to create its records, so marketing (which
 * holds `create:import` but not `create:customer`) imports contacts only, with their company on
 * the same row, and an API token imports what its scopes allow.
 */

export const importEntities = ["companies", "contacts", "products", "deals"] as const;
export type ImportEntity = (typeof importEntities)[number];

export function isImportEntity(value: unknown): value is ImportEntity {
  return typeof value === "string" && (importEntities as readonly string[]).includes(value);
}

/** The right, besides `create:import`, that each kind of import needs (contacts need none: marketing imports them). */
const entityRight = {
  companies: "create:customer",
  contacts: null,
  products: "manage:product",
  deals: "create:deal",
} as const satisfies Record<ImportEntity, Parameters<typeof can>[1] | null>;

/** True when the user may import records of this kind. */
export function mayImport(user: PermissionSubject, entity: ImportEntity): boolean {
  if (!can(user, "create:import")) return false;
  const right = entityRight[entity];
  return right === null || can(user, right);
}

/** The kinds the user may import, in the wizard's order (empty when they may import nothing). */
export function importableEntities(user: PermissionSubject): ImportEntity[] {
  return importEntities.filter((entity) => mayImport(user, entity));
}
