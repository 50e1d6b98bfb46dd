import type { TicketReader } from "~/domain/helpdesk/ticket-access.server";

/**
 * Room names. A socket joins the rooms of what its user may see:
 * - `user:<id>` and `session:<id>`: everything addressed to the person (notifications) or to one
 *   sign-in (revocation);
 * - `tickets:all` when the user reads every ticket, `tickets:group:<id>` for each of their groups
 *   when they are restricted to them, `tickets:assignee:<id>` when they read any ticket at all
 *   (tickets assigned to them);
 * - `ticket:<id>` while the ticket page is open, after an access check (presence, messages).
 * Rooms only pick candidates: each recipient is checked against the ticket again before sending.
 */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  allTickets: "tickets:all",
  group: (groupId: string) => `tickets:group:${groupId}`,
  assignee: (userId: string) => `tickets:assignee:${userId}`,
  ticket: (ticketId: string) => `ticket:${ticketId}`,
};

/** The ticket-list rooms a reader belongs to. */
export function readerRooms(reader: TicketReader): string[] {
  switch (reader.access) {
    case "any":
      return [rooms.allTickets, rooms.assignee(reader.id)];
    case "group":
      return [...reader.groupIds.map(rooms.group), rooms.assignee(reader.id)];
    case "own":
      return [rooms.assignee(reader.id)];
    default:
      return [];
  }
}

/** The rooms whose members may be allowed to see a ticket in its current state. */
export function ticketAudienceRooms(ticket: { groupId: string | null; assigneeId: string | null }): string[] {
  const audience = [rooms.allTickets];
  if (ticket.groupId) audience.push(rooms.group(ticket.groupId));
  if (ticket.assigneeId) audience.push(rooms.assignee(ticket.assigneeId));
  return audience;
}

export function isTicketListRoom(room: string): boolean {
  return room === rooms.allTickets || room.startsWith("tickets:group:") || room.startsWith("tickets:assignee:");
}
