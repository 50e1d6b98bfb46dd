import type { TimelineSource } from "../timeline-source.server";
import { ticketMessageEntries } from "./ticket-messages.server";

/** Public messages, both ways: what the customer wrote and what we answered. */
export const publicMessagesSource: TimelineSource = {
  kind: "message",
  entries: (query) => ticketMessageEntries(query, "message"),
};
