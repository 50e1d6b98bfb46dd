import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { visibleTicketsWhere, type TicketViewer } from "./ticket-access.server";

/** The attachment, if this staff member may read its ticket (ticket visibility rule, any message). */
export async function findVisibleAttachment(viewer: TicketViewer, attachmentId: string) {
  if (!attachmentId || attachmentId.length > 64 || !can(viewer, "read:ticket")) return null;
  return db().attachment.findFirst({
    where: { id: attachmentId, message: { ticket: await visibleTicketsWhere(viewer) } },
    select: { sha256: true, filename: true, contentType: true, size: true },
  });
}
