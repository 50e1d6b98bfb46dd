import { Form } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { REPORT_PERIOD_KINDS, type ReportPeriodKind } from "~/domain/reporting/report-period";
import type { MessageKey } from "~/lib/i18n/messages/fr";

const paramOf: Record<ReportPeriodKind, string> = { week: "semaine", month: "mois", quarter: "trimestre", year: "annee", custom: "personnalisee" };

/** The period as links (this week … this year) and a form for chosen dates; everything stays in the address. */
export function PeriodPicker({ kind, first, last }: { kind: ReportPeriodKind; first: string; last: string }) {
  const { t } = useI18n();
  return (
    <div className="mb-6 flex flex-wrap items-end gap-4" role="group" aria-label={t("reporting.period")}>
      <nav className="flex flex-wrap gap-1" aria-label={t("reporting.period")}>
        {REPORT_PERIOD_KINDS.filter((option) => option !== "custom").map((option) => (
          <a
            key={option}
            href={`?periode=${paramOf[option]}`}
            aria-current={kind === option ? "true" : undefined}
            className={
              kind === option
                ? "rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white"
                : "rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            }
          >
            {t(`reporting.period.${option}` as MessageKey)}
          </a>
        ))}
      </nav>
      <Form method="get" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="periode" value="personnalisee" />
        <label className="text-sm text-slate-700">
          <span className="block">{t("reporting.period.from")}</span>
          <input type="date" name="du" defaultValue={first} required className="rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300" />
        </label>
        <label className="text-sm text-slate-700">
          <span className="block">{t("reporting.period.to")}</span>
          <input type="date" name="au" defaultValue={last} required className="rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300" />
        </label>
        <Button type="submit" variant={kind === "custom" ? "primary" : "secondary"} size="sm">
          {t("reporting.period.apply")}
        </Button>
      </Form>
    </div>
  );
}
