import { Link, useLocation } from "@remix-run/react";
import { useI18n } from "../i18n";
import { buttonClasses } from "../ui/button";

/** Previous / next links for a paged list, keeping the current filters; `param` names the page in the address (two lists on one page). */
export function Pager({ page, pageCount, param = "page" }: { page: number; pageCount: number; param?: string }) {
  const { t } = useI18n();
  const location = useLocation();
  if (pageCount <= 1) return null;
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    if (target <= 1) params.delete(param);
    else params.set(param, String(target));
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}`;
  };
  return (
    <nav aria-label={t("customers.pager.label")} className="mt-4 flex items-center justify-between gap-3">
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className={buttonClasses("secondary", "sm")} rel="prev">
          {t("common.previous")}
        </Link>
      ) : (
        <span />
      )}
      <p className="text-sm text-slate-600">{t("customers.pager.page", { page, count: pageCount })}</p>
      {page < pageCount ? (
        <Link to={hrefFor(page + 1)} className={buttonClasses("secondary", "sm")} rel="next">
          {t("common.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
