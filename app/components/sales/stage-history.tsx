import { useDuration } from "../helpdesk/use-duration";
import { useI18n } from "../i18n";

export type StageHistoryItem = {
  id: string;
  at: string | Date;
  from: { name: string } | null;
  to: { name: string; kind: string };
  actorName: string | null;
  durationMs: number | null;
  current: boolean;
};

/** Who moved the deal, when, from which stage to which, and how long it stayed there. */
export function StageHistory({ entries }: { entries: StageHistoryItem[] }) {
  const { t, format } = useI18n();
  const duration = useDuration();
  if (entries.length === 0) return <p className="text-sm text-slate-600">{t("sales.history.empty")}</p>;
  return (
    <ol className="space-y-3" data-testid="stage-history">
      {[...entries].reverse().map((entry) => (
        <li key={entry.id} className="border-l-2 border-slate-200 pl-3 text-sm">
          <p className="text-slate-900">
            {entry.from ? t("sales.history.moved", { from: entry.from.name, to: entry.to.name }) : t("sales.history.created", { to: entry.to.name })}
          </p>
          <p className="text-xs text-slate-500">
            {format.dateTime(entry.at)} · {entry.actorName ?? t("sales.history.system")}
            {entry.durationMs !== null
              ? ` · ${entry.current ? t("sales.history.sinceFor", { duration: duration(new Date(0), new Date(entry.durationMs)) }) : t("sales.history.stayed", { duration: duration(new Date(0), new Date(entry.durationMs)) })}`
              : null}
          </p>
        </li>
      ))}
    </ol>
  );
}
