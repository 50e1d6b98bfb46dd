/** The Support area's queue views, shared by the query layer and the tabs. */
export const queueViews = ["open", "waiting", "unassigned", "mine"] as const;
export type QueueView = (typeof queueViews)[number];
