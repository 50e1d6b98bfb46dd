import { useLocation } from "@remix-run/react";
import { useId } from "react";
import { useI18n } from "~/components/i18n";
import { buttonClasses } from "~/components/ui/button";
import { CSV_DIALECT_PARAM, csvDialects } from "~/lib/csv-export";

/** Parameters of a list's URL that move through pages, not filters: an export leaves them out. */
const pagingParams = new Set(["page", "apres", "avant", CSV_DIALECT_PARAM]);

/**
 * "Export as CSV" for a list: a plain GET form (works without JavaScript, the browser downloads
 * the file) carrying the list's current filters, with the choice of separator.
 */
export function ExportForm({ action, className }: { action: string; className?: string }) {
  const { t } = useI18n();
  const location = useLocation();
  const selectId = useId();
  const filters = [...new URLSearchParams(location.search)].filter(([name, value]) => value !== "" && !pagingParams.has(name));
  return (
    <form method="get" action={action} className={className ?? "flex flex-wrap items-end gap-2"} aria-label={t("export.title")}>
      {filters.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      <div className="flex flex-col gap-1">
        <label htmlFor={selectId} className="text-xs font-medium text-slate-700">
          {t("export.format")}
        </label>
        <select id={selectId} name={CSV_DIALECT_PARAM} defaultValue="excel" className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          {csvDialects.map((dialect) => (
            <option key={dialect} value={dialect}>
              {t(`export.format.${dialect}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClasses("secondary", "sm")} title={t("export.hint")}>
        {t("export.button")}
      </button>
    </form>
  );
}
