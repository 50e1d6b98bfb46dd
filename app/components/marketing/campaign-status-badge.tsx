import { isCampaignStatus } from "~/domain/marketing/campaigns/campaign-status";
import { useI18n } from "../i18n";
import { Badge, type BadgeTone } from "../ui/layout";

const tones: Record<string, BadgeTone> = { draft: "slate", scheduled: "blue", sending: "amber", paused: "amber", sent: "green", cancelled: "red" };

export function CampaignStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <Badge tone={tones[status] ?? "slate"}>{isCampaignStatus(status) ? t(`campaign.status.${status}`) : status}</Badge>;
}
