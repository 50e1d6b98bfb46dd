/** Search vocabulary shared by the search page and the domain. */
export const searchGroups = ["tickets", "contacts", "companies"] as const;
export type SearchGroup = (typeof searchGroups)[number];

/** Longer queries are cut here (the search box has the same maxlength). */
export const MAX_QUERY_LENGTH = 200;
