import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { visibleTicketsWhere, type TicketViewer } from "./ticket-access.server";

/**
 * The attachment, if this staff member may read its ticket (ticket visibility rule, any message);
 * with `publicOnly`, only an attachment of a public message (a reader who may not read internal
 * notes, such as a read-only API token, never gets a note's files).
 */
export async function findVisibleAttachment(viewer: TicketViewer, attachmentId: string, options: { publicOnly?: boolean } = {}) {
  if (!attachmentId || attachmentId.length > 64 || !can(viewer, "read:ticket")) return null;
  return db().attachment.findFirst({
    where: { id: attachmentId, message: { ticket: await visibleTicketsWhere(viewer), ...(options.publicOnly ? { visibility: "public" } : {}) } },
    select: { sha256: true, filename: true, contentType: true, size: true },
  });
}
