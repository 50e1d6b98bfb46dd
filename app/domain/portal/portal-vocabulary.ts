/** Portal list filters and scopes, shared by the list page and the queries. */
export const portalListFilters = ["open", "closed", "all"] as const;
export type PortalListFilter = (typeof portalListFilters)[number];
export const portalListScopes = ["mine", "company"] as const;
export type PortalListScope = (typeof portalListScopes)[number];
