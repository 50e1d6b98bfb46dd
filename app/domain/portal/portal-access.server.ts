import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";

/**
 * What a customer may see in the portal, in one place: their own tickets, and their company's
 * when an agent made them "company manager"; of those tickets, only public messages and their
 * attachments. Every portal query goes through these filters. A refusal looks exactly like a
 * missing record (404) and is logged as a warning with who asked for what.
 */

export type PortalViewer = { contactId: string; companyId: string | null; companyManager: boolean };

export function portalTicketsWhere(viewer: PortalViewer): Prisma.TicketWhereInput {
  if (viewer.companyManager && viewer.companyId) return { OR: [{ requesterId: viewer.contactId }, { companyId: viewer.companyId }] };
  return { requesterId: viewer.contactId };
}

/** Only public messages ever reach the portal. */
export const portalMessagesWhere = { visibility: "public" } as const satisfies Prisma.MessageWhereInput;

/** Logs a refused portal access: a warning (probing or a stale link), never an error. */
export function logPortalRefusal(viewer: PortalViewer | null, what: string): void {
  console.warn(`[portal] refused: contact ${viewer?.contactId ?? "anonymous"} asked for ${what}`);
}

/** The ticket's id when the viewer may see ticket number `number`; null (and a warning) otherwise. */
export async function visiblePortalTicketId(viewer: PortalViewer, number: number): Promise<string | null> {
  if (!Number.isSafeInteger(number) || number <= 0) {
    logPortalRefusal(viewer, `ticket #${number}`);
    return null;
  }
  const ticket = await db().ticket.findFirst({ where: { AND: [{ number }, portalTicketsWhere(viewer)] }, select: { id: true } });
  if (!ticket) logPortalRefusal(viewer, `ticket #${number}`);
  return ticket?.id ?? null;
}

/**
 * An attachment the viewer may download: it belongs to a public message of a ticket they may
 * see. Anything else (another customer's, an internal note's, an unknown id) is null.
 */
export async function findPortalAttachment(viewer: PortalViewer, attachmentId: string) {
  const attachment = await db().attachment.findFirst({
    where: { id: attachmentId, message: { ...portalMessagesWhere, ticket: portalTicketsWhere(viewer) } },
    select: { id: true, sha256: true, filename: true, contentType: true, size: true },
  });
  if (!attachment) logPortalRefusal(viewer, `attachment ${attachmentId}`);
  return attachment;
}
