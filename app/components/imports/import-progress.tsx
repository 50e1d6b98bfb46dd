import { useI18n } from "../i18n";

/** The run's progress: an accessible progress bar (rows recorded of the file's rows) and the figures in words. */
export function ImportProgress({ doneRows, totalRows }: { doneRows: number; totalRows: number }) {
  const { t, format } = useI18n();
  const percent = totalRows === 0 ? 100 : Math.min(100, Math.floor((doneRows / totalRows) * 100));
  const text = t("importWizard.progress.valueText", { percent, done: format.number(doneRows), total: format.number(totalRows) });
  return (
    <div className="my-4 space-y-1">
      <div
        role="progressbar"
        aria-label={t("importWizard.progress.label")}
        aria-valuemin={0}
        aria-valuemax={totalRows}
        aria-valuenow={doneRows}
        aria-valuetext={text}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-slate-700" aria-live="polite">
        {text}
      </p>
    </div>
  );
}
