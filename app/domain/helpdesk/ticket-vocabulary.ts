/** The ticket vocabulary shared by the domain, the forms and the UI. */
export const ticketStatuses = ["new", "open", "pending_customer", "on_hold", "solved", "closed"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
/** Statuses where the ticket still needs work from us or the customer. */
export const unresolvedStatuses = ["new", "open", "pending_customer", "on_hold"] as const satisfies readonly TicketStatus[];

export const ticketPriorities = ["low", "normal", "high", "urgent"] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const ticketTypes = ["information", "incident", "complaint", "other"] as const;
export type TicketType = (typeof ticketTypes)[number];

export const ticketChannels = ["email", "web", "portal", "phone"] as const;
export type TicketChannel = (typeof ticketChannels)[number];

export const companySectors = ["industry", "commerce", "services"] as const;
export type CompanySector = (typeof companySectors)[number];
