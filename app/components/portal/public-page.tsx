import { Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "~/components/i18n";
import { cn } from "~/components/ui/cn";
import { locales } from "~/lib/i18n/locales";

/**
 * FR / EN as plain links (`?lang=`): they work inside an iframe on a customer's site, where a
 * language cookie may be refused and a cross-site post would be.
 */
export function PublicLocaleLinks() {
  const { locale, t } = useI18n();
  const location = useLocation();
  return (
    <nav className="flex items-center gap-1" aria-label={t("common.language")}>
      {locales.map((option) => {
        const params = new URLSearchParams(location.search);
        params.set("lang", option);
        return (
          <Link
            key={option}
            to={`${location.pathname}?${params.toString()}`}
            lang={option}
            hrefLang={option}
            aria-current={option === locale ? "true" : undefined}
            title={t(`locale.${option}`)}
            className={cn(
              "rounded px-2 py-1 text-xs font-semibold uppercase",
              option === locale ? "bg-slate-200 text-slate-900" : "text-slate-500 hover:text-slate-900",
            )}
          >
            {option}
          </Link>
        );
      })}
    </nav>
  );
}

/** The customer-facing frame: no staff shell; in an iframe, no header at all. */
export function PublicPage({ embedded = false, children }: { embedded?: boolean; children: ReactNode }) {
  const { t } = useI18n();
  if (embedded) {
    return (
      <main className="mx-auto max-w-3xl bg-white px-4 py-4">
        <div className="mb-2 flex justify-end">
          <PublicLocaleLinks />
        </div>
        {children}
      </main>
    );
  }
  return (
    <div className="min-h-full bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between px-4 py-3">
          <Link to="/demande" className="text-lg font-bold tracking-tight text-brand-700">
            {t("app.name")}
          </Link>
          <div className="flex items-center gap-4">
            <Link to="/portail" className="text-sm font-medium text-slate-700 hover:text-slate-900">
              {t("portal.nav.portal")}
            </Link>
            <PublicLocaleLinks />
          </div>
        </div>
      </header>
      <main id="contenu" className="mx-auto max-w-3xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
