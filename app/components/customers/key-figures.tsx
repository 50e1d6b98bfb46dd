import type { Translate } from "~/lib/i18n/translate";
import { useI18n } from "../i18n";

export type KeyFiguresView = {
  openTickets: number;
  ticketsLast90Days: number;
  averageFirstResponseMinutes: number | null;
  respondedTickets: number;
  lastContactAt: string | Date | null;
};

/** "45 min", "3 h 20 min", "2 j 4 h" */
export function formatDuration(minutes: number, t: Translate): string {
  if (minutes < 60) return t("customers.duration.minutes", { minutes });
  if (minutes < 24 * 60) return t("customers.duration.hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return t("customers.duration.days", { days: Math.floor(minutes / (24 * 60)), hours: Math.floor((minutes % (24 * 60)) / 60) });
}

/** The four figures at the top of a contact or company page. */
export function KeyFigures({ figures }: { figures: KeyFiguresView }) {
  const { t, format } = useI18n();
  const items = [
    { label: t("customers.figures.openTickets"), value: format.number(figures.openTickets), tone: figures.openTickets > 0 ? "text-amber-700" : "text-slate-900" },
    { label: t("customers.figures.last90Days"), value: format.number(figures.ticketsLast90Days) },
    {
      label: t("customers.figures.firstResponse"),
      value: figures.averageFirstResponseMinutes === null ? t("customers.figures.none") : formatDuration(figures.averageFirstResponseMinutes, t),
      note: figures.respondedTickets > 0 ? t("customers.figures.firstResponseOver", { count: figures.respondedTickets }) : undefined,
    },
    {
      label: t("customers.figures.lastContact"),
      value: figures.lastContactAt ? format.relative(figures.lastContactAt) : t("customers.figures.none"),
      note: figures.lastContactAt ? format.dateTime(figures.lastContactAt) : undefined,
    },
  ];
  return (
    <section aria-label={t("customers.figures.label")} className="mb-6">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {items.map((item) => (
          <div key={item.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-600">{item.label}</dt>
            <dd className={`mt-1 text-2xl font-semibold tabular-nums ${item.tone ?? "text-slate-900"}`}>{item.value}</dd>
            {item.note ? <dd className="mt-0.5 text-xs text-slate-500">{item.note}</dd> : null}
          </div>
        ))}
      </dl>
    </section>
  );
}
