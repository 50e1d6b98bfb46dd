import type { TimelineSource } from "../timeline-source.server";
import { ticketMessageEntries } from "./ticket-messages.server";

/** Internal notes agents left on the customer's tickets (never shown to the customer). */
export const internalNotesSource: TimelineSource = {
  kind: "note",
  entries: (query) => ticketMessageEntries(query, "note"),
};
