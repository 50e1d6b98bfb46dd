import { useI18n } from "../i18n";

/** The sending progress: one accessible progress bar (sent + failed of total) and the figures in words. */
export function CampaignProgress({ sent, failed, total }: { sent: number; failed: number; total: number }) {
  const { t, format } = useI18n();
  const done = sent + failed;
  const percent = total === 0 ? 100 : Math.min(100, Math.round((done / total) * 100));
  const label = t("campaign.progress.label");
  return (
    <div className="my-4 space-y-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={t("campaign.progress.valueText", { percent, sent: format.number(sent), failed: format.number(failed), total: format.number(total) })}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-slate-700" aria-live="polite">
        {t("campaign.progress.valueText", { percent, sent: format.number(sent), failed: format.number(failed), total: format.number(total) })}
      </p>
    </div>
  );
}
