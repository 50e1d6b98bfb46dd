import { Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import type { CampaignReplyNotice as Notice } from "~/domain/marketing/campaigns/campaign-replies.server";

/** « Réponse à la campagne « … » » on a ticket opened by a reply to a campaign mail. */
export function CampaignReplyNotice({ notice }: { notice: Notice }) {
  const { t } = useI18n();
  if (!notice) return null;
  return (
    <p className="mt-2 text-sm text-violet-800" data-testid="campaign-reply-notice">
      {notice.campaignId ? (
        <>
          {t("campaignResults.replyBanner", { name: notice.name })} ·{" "}
          <Link to={`/marketing/campagnes/${notice.campaignId}/resultats`} className="font-medium underline">
            {t("campaignResults.replyBannerLink")}
          </Link>
        </>
      ) : (
        t("campaignResults.replyBannerPlain")
      )}
    </p>
  );
}
