/**
 * Who may do what, in one place. Read by loaders and actions (which refuse) and by the UI
 * (which hides). Permissions read `action:entity:access`; access is the widest scope granted:
 * `own` (records the user owns or is assigned), `group` (records of the user's groups), `any`.
 */

export const roles = ["admin", "technician", "sales", "marketing", "manager"] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

type Action = "create" | "read" | "update" | "delete" | "manage" | "export";
/**
 * `deal` covers the sales records of a portfolio: deals, activities, visit reports, quotes,
 * orders and contracts; `own` means the records the user owns. `product` is the price list.
 * `import` is bringing data in from a file (which kinds a role may import: imports/import-entities.ts).
 * `privacy` is GDPR work on a person: `read` builds their access archive, `delete` erases them and
 * sets the retention period. `export:<entity>` downloads a list as a file: the data leaves the
 * application, so it is a right of its own, narrower than reading the list on screen.
 * `knowledge` is the knowledge base: `read` the internal articles (published public ones are
 * read by anyone, signed in or not), `update` write, publish, archive and restore articles and
 * categories (managers, administrators, and the technicians marked as authors).
 */
type Entity = "ticket" | "customer" | "deal" | "product" | "campaign" | "report" | "user" | "setting" | "audit" | "import" | "privacy" | "knowledge";
export type Access = "own" | "group" | "any";
export type Permission = `${Action}:${Entity}:${Access}`;
export type PermissionRequest = `${Action}:${Entity}` | Permission;

const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: [
    "create:ticket:any", "read:ticket:any", "update:ticket:any",
    "create:customer:any", "read:customer:any", "update:customer:any", "delete:customer:any",
    "create:deal:any", "read:deal:any", "update:deal:any", "read:product:any", "manage:product:any",
    "create:campaign:any", "read:campaign:any", "update:campaign:any", "read:report:any",
    "manage:user:any", "manage:setting:any", "read:audit:any",
    "create:import:any", "export:customer:any", "export:ticket:any", "export:deal:any", "export:campaign:any",
    "read:privacy:any", "delete:privacy:any",
    "read:knowledge:any", "update:knowledge:any",
  ],
  technician: [
    "create:ticket:any", "read:ticket:any", "update:ticket:any",
    "create:customer:any", "read:customer:any", "update:customer:any",
    // Support sees a company's deals and contracts before it answers; it does not change them.
    "read:deal:any",
    // The dashboard's service figures of their groups' tickets and their own (reporting/sections/service-scope.server.ts).
    "read:report:group",
    // Internal articles; writing them is for the technicians marked as authors (writesKnowledge).
    "read:knowledge:any",
  ],
  sales: [
    // Sales read the service history before they call; they do not work tickets.
    "read:ticket:any",
    "create:customer:any", "read:customer:any", "update:customer:any",
    "create:deal:own", "read:deal:own", "update:deal:own", "read:product:any",
    // Their own dashboard: their pipeline, forecast, agenda and orders (the sections count their records).
    "read:report:own",
    // Campaign results (what their customers received and what followed); never the recipients in bulk (update:campaign).
    "read:campaign:any",
    // Their own portfolio as a file (deals, quotes, orders they own).
    "export:deal:own",
    "read:knowledge:any",
  ],
  // Marketing builds segments and writes, sends and measures campaigns; it reads customers, never changes their service or sales records.
  // It imports contacts (with their company) and exports customer lists and campaign results.
  marketing: ["read:customer:any", "create:campaign:any", "read:campaign:any", "update:campaign:any", "create:import:any", "export:customer:any", "export:campaign:any", "read:knowledge:any"],
  manager: [
    "create:ticket:any", "read:ticket:any", "update:ticket:any",
    "create:customer:any", "read:customer:any", "update:customer:any",
    "create:deal:any", "read:deal:any", "update:deal:any", "read:product:any", "manage:product:any",
    "create:campaign:any", "read:campaign:any", "update:campaign:any", "read:report:any", "read:audit:any",
    "create:import:any", "export:customer:any", "export:ticket:any", "export:deal:any", "export:campaign:any",
    // A person's access archive; erasure stays with administrators.
    "read:privacy:any",
    "read:knowledge:any", "update:knowledge:any",
  ],
};

/**
 * What an API token may do on its user's behalf: a token acts as its user, narrowed to its
 * scopes (a "tickets:read" token of a technician reads the tickets the technician may read, and
 * changes nothing).
 */
export const apiScopes = ["tickets:read", "tickets:write", "customers:read", "customers:write", "sales:read", "sales:write", "marketing:read", "webhooks:manage"] as const;
export type ApiScope = (typeof apiScopes)[number];

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === "string" && (apiScopes as readonly string[]).includes(value);
}

const scopeGrants: Record<ApiScope, ReadonlyArray<`${Action}:${Entity}`>> = {
  "tickets:read": ["read:ticket"],
  "tickets:write": ["read:ticket", "create:ticket", "update:ticket"],
  "customers:read": ["read:customer"],
  "customers:write": ["read:customer", "create:customer", "update:customer", "delete:customer", "create:import"],
  "sales:read": ["read:deal", "read:product"],
  "sales:write": ["read:deal", "create:deal", "update:deal", "read:product", "manage:product"],
  "marketing:read": ["read:campaign"],
  // Webhook endpoints are workspace settings: what Administration › Webhooks requires, so only an administrator's token can hold it.
  "webhooks:manage": ["manage:setting"],
};

/**
 * `scopes` is set for a request made with an API token; people in the interface have none.
 * `writesKnowledge` marks a technician as a knowledge-base author.
 */
export type PermissionSubject = { role: string; restrictToGroups: boolean; writesKnowledge?: boolean; scopes?: readonly ApiScope[] };

/** What a flag on the user adds to their role. */
function grantsOf(user: PermissionSubject): readonly Permission[] {
  const role = user.role as Role;
  const knowledgeAuthor = user.writesKnowledge === true && role === "technician";
  return knowledgeAuthor ? [...rolePermissions[role], "update:knowledge:any"] : rolePermissions[role];
}

const accessRank: Record<Access, number> = { own: 0, group: 1, any: 2 };

/**
 * The permissions a user holds: their role's, narrowed to their groups for tickets when
 * restricted, and to the token's scopes for an API request.
 */
export function permissionsOf(user: PermissionSubject): Permission[] {
  if (!isRole(user.role)) return [];
  const granted = user.scopes ? new Set(user.scopes.flatMap((scope) => scopeGrants[scope] ?? [])) : null;
  return grantsOf(user)
    .filter((permission) => granted === null || granted.has(permission.split(":").slice(0, 2).join(":") as `${Action}:${Entity}`))
    .map((permission) =>
      user.restrictToGroups && permission.includes(":ticket:") ? (permission.replace(/:any$/, ":group") as Permission) : permission,
    );
}

/**
 * The scopes a user can use: those whose own grants (a write scope's writes, a read scope's
 * reads) their role holds. A token never promises what its user cannot do.
 */
export function usefulScopesFor(user: PermissionSubject): ApiScope[] {
  return apiScopes.filter((scope) => {
    const own = scope.endsWith(":write") ? scopeGrants[scope].filter((grant) => !grant.startsWith("read:")) : scopeGrants[scope];
    return own.some((grant) => can({ role: user.role, restrictToGroups: user.restrictToGroups, writesKnowledge: user.writesKnowledge }, grant));
  });
}

/** The widest access the user has for `action:entity`, or null when none. */
export function accessFor(user: PermissionSubject, request: `${Action}:${Entity}`): Access | null {
  let best: Access | null = null;
  for (const permission of permissionsOf(user)) {
    const [action, entity, access] = permission.split(":") as [Action, Entity, Access];
    if (`${action}:${entity}` !== request) continue;
    if (best === null || accessRank[access] > accessRank[best]) best = access;
  }
  return best;
}

/** True when the user holds the permission, at the requested access or wider. */
export function can(user: PermissionSubject, request: PermissionRequest): boolean {
  const [action, entity, access] = request.split(":") as [Action, Entity, Access | undefined];
  const granted = accessFor(user, `${action}:${entity}`);
  if (granted === null) return false;
  return access === undefined || accessRank[granted] >= accessRank[access];
}

/** The areas of the staff shell; each is shown only to users who hold its permission. */
export const areas = [
  { id: "support", path: "/support", permission: "update:ticket" },
  { id: "clients", path: "/clients", permission: "read:customer" },
  { id: "sales", path: "/ventes", permission: "update:deal" },
  { id: "marketing", path: "/marketing", permission: "read:campaign" },
  { id: "knowledge", path: "/connaissances", permission: "read:knowledge" },
  { id: "dashboard", path: "/tableau-de-bord", permission: "read:report" },
  { id: "admin", path: "/admin", permission: "manage:user" },
] as const satisfies ReadonlyArray<{ id: string; path: string; permission: PermissionRequest }>;
export type Area = (typeof areas)[number];
export type AreaId = Area["id"];

export function areasFor(user: PermissionSubject): Area[] {
  return areas.filter((area) => can(user, area.permission));
}

/** Where a user lands after signing in: their first area. */
export function homePathFor(user: PermissionSubject): string {
  return areasFor(user)[0]?.path ?? "/compte";
}
