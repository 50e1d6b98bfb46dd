import type { Prisma } from "~/generated/prisma/client";
import { can } from "~/domain/identity/permissions";
import { db } from "~/lib/db.server";
import { afterCursor, type TimelineSource } from "../timeline-source.server";

/**
 * "Received the campaign": each campaign mail that left for the customer (a contact's, or the
 * contacts' of a company), at its sending, with what the person did with it (first open, first
 * click, unsubscribe, bounce) as facts the UI shows. Only for people who read campaigns
 * (marketing, managers, sales: the results are theirs to read); technicians see none.
 */
export const campaignDeliveriesSource: TimelineSource = {
  kind: "campaign",
  async entries({ viewer, scope, before, take }) {
    if (!can(viewer, "read:campaign")) return [];
    const whose: Prisma.CampaignRecipientWhereInput = "contactId" in scope ? { contactId: scope.contactId } : { contact: { companyId: scope.companyId } };
    const deliveries = await db().campaignRecipient.findMany({
      where: { AND: [whose, { sentAt: { not: null } }, afterCursor("campaign", "sentAt", before)] } as Prisma.CampaignRecipientWhereInput,
      orderBy: [{ sentAt: "desc" }, { id: "desc" }],
      take,
      select: {
        id: true,
        sentAt: true,
        firstOpenedAt: true,
        firstClickedAt: true,
        unsubscribedAt: true,
        bouncedAt: true,
        campaign: { select: { id: true, name: true } },
        contact: { select: { id: true, firstName: true, lastName: true } },
      },
    });
    return deliveries.map((delivery) => {
      const meta: Record<string, string> = {};
      if (delivery.firstOpenedAt) meta.openedAt = delivery.firstOpenedAt.toISOString();
      if (delivery.firstClickedAt) meta.clickedAt = delivery.firstClickedAt.toISOString();
      if (delivery.unsubscribedAt) meta.unsubscribedAt = delivery.unsubscribedAt.toISOString();
      if (delivery.bouncedAt) meta.bouncedAt = delivery.bouncedAt.toISOString();
      return {
        kind: "campaign" as const,
        at: delivery.sentAt!,
        id: delivery.id,
        title: delivery.campaign.name,
        summary: "",
        link: `/marketing/campagnes/${delivery.campaign.id}/resultats`,
        actor: null,
        meta,
      };
    });
  },
};
