import type { ImportCounts } from "~/domain/imports/import-jobs.server";
import { useI18n } from "../i18n";

/** Rows created, updated, merged, skipped and rejected so far, as a definition list. */
export function ImportCountsList({ counts }: { counts: ImportCounts }) {
  const { t, format } = useI18n();
  const entries = (["created", "updated", "merged", "skipped", "rejected"] as const).map((outcome) => [outcome, counts[outcome]] as const);
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="import-counts">
      {entries.map(([outcome, value]) => (
        <div key={outcome} className="rounded-md bg-slate-50 px-3 py-2">
          <dt className="text-xs text-slate-600">{t(`import.outcome.${outcome}`)}</dt>
          <dd className="text-lg font-semibold tabular-nums text-slate-900" data-testid={`import-count-${outcome}`}>
            {format.number(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
