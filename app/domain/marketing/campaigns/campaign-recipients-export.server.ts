import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import type { ListExport } from "~/domain/exports/list-export.server";
import { db } from "~/lib/db.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { Translate } from "~/lib/i18n/translate";

/**
 * The recipients of a campaign with their states, page by page (keyset on id) so an export of
 * tens of thousands of rows streams without holding them all. Only for people who may update
 * campaigns (marketing, managers): nobody else sees recipients' addresses in bulk. Each export is
 * audited.
 */

export type RecipientExportRow = {
  address: string;
  contact: string;
  company: string;
  status: string;
  exclusionReason: string | null;
  sentAt: Date | null;
  firstOpenedAt: Date | null;
  firstClickedAt: Date | null;
  unsubscribedAt: Date | null;
  bouncedAt: Date | null;
  replied: boolean;
};

const PAGE = 500;

export async function* campaignRecipientPages(campaignId: string): AsyncGenerator<RecipientExportRow[]> {
  let after: string | null = null;
  for (;;) {
    const rows: Array<{
      id: string;
      address: string;
      status: string;
      exclusionReason: string | null;
      sentAt: Date | null;
      firstOpenedAt: Date | null;
      firstClickedAt: Date | null;
      unsubscribedAt: Date | null;
      bouncedAt: Date | null;
      contact: { firstName: string; lastName: string; company: { name: string } | null } | null;
      _count: { replies: number };
    }> = await db().campaignRecipient.findMany({
      where: { campaignId, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: PAGE,
      select: {
        id: true,
        address: true,
        status: true,
        exclusionReason: true,
        sentAt: true,
        firstOpenedAt: true,
        firstClickedAt: true,
        unsubscribedAt: true,
        bouncedAt: true,
        contact: { select: { firstName: true, lastName: true, company: { select: { name: true } } } },
        _count: { select: { replies: true } },
      },
    });
    if (rows.length === 0) return;
    yield rows.map((row) => ({
      address: row.address,
      contact: row.contact ? `${row.contact.firstName} ${row.contact.lastName}`.trim() : "",
      company: row.contact?.company?.name ?? "",
      status: row.status,
      exclusionReason: row.exclusionReason,
      sentAt: row.sentAt,
      firstOpenedAt: row.firstOpenedAt,
      firstClickedAt: row.firstClickedAt,
      unsubscribedAt: row.unsubscribedAt,
      bouncedAt: row.bouncedAt,
      replied: row._count.replies > 0,
    }));
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].id;
  }
}

/** Records who exported which campaign's recipients; returns the campaign's name, or null when there is no such campaign. */
export async function auditRecipientExport(campaignId: string, actorId: string): Promise<string | null> {
  return transactionWithEvents(async (tx) => {
    const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { name: true, recipientCount: true } });
    if (!campaign) return null;
    await recordAudit(tx, { actorId, action: "campaign.recipients_exported", entityType: "campaign", entityId: campaignId, details: { name: campaign.name, recipients: campaign.recipientCount } });
    return campaign.name;
  });
}

/** The recipients as a list export: the columns of the results page's CSV, in the viewer's language. */
export function campaignRecipientExport(campaignId: string, t: Translate): ListExport<RecipientExportRow> {
  const column = (key: string, value: (row: RecipientExportRow) => string | Date | null) => ({ header: t(`campaignResults.csv.${key}` as MessageKey), value });
  return {
    list: "campaign-recipients",
    filters: { campaignId },
    pages: campaignRecipientPages(campaignId),
    columns: [
      column("address", (row) => row.address),
      column("contact", (row) => row.contact),
      column("company", (row) => row.company),
      column("status", (row) => t(`campaignResults.status.${row.status}` as MessageKey)),
      column("exclusionReason", (row) => (row.exclusionReason ? t(`campaignResults.exclusion.${row.exclusionReason}` as MessageKey) : "")),
      column("sent", (row) => row.sentAt),
      column("opened", (row) => row.firstOpenedAt),
      column("clicked", (row) => row.firstClickedAt),
      column("unsubscribed", (row) => row.unsubscribedAt),
      column("bounced", (row) => row.bouncedAt),
      column("replied", (row) => (row.replied ? t("campaignResults.yes") : t("campaignResults.no"))),
    ],
  };
}
