import { activeFilters } from "~/domain/exports/list-exports";
import type { ListExport } from "~/domain/exports/list-export.server";
import type { Translate } from "~/lib/i18n/translate";
import { listCampaigns } from "./campaign-queries.server";

type CampaignExportRow = Awaited<ReturnType<typeof listCampaigns>>[number];

/** The campaigns list as CSV: the screen's campaigns, latest change first (figures per campaign are on its results page and its recipients' CSV). */
export function campaignListExport(t: Translate): ListExport<CampaignExportRow> {
  async function* pages() {
    const campaigns = await listCampaigns(1000);
    if (campaigns.length > 0) yield campaigns;
  }
  return {
    list: "campaigns",
    filters: activeFilters({}),
    pages: pages(),
    columns: [
      { header: t("campaign.list.name"), value: (campaign) => campaign.name },
      { header: t("campaign.list.status"), value: (campaign) => t(`campaign.status.${campaign.status as "draft"}`) },
      { header: t("campaign.list.segments"), value: (campaign) => campaign.segments.map((segment) => segment.name).join(", ") },
      { header: t("export.col.scheduledAt"), value: (campaign) => campaign.scheduledAt },
      { header: t("export.col.launchedAt"), value: (campaign) => campaign.launchedAt },
      { header: t("export.col.finishedAt"), value: (campaign) => campaign.finishedAt },
      { header: t("campaign.list.recipients"), value: (campaign) => (campaign.launchedAt ? campaign.recipientCount : null) },
    ],
  };
}
