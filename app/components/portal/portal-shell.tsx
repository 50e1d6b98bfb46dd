import { Form, isRouteErrorResponse, Link, NavLink, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { LocaleSwitch } from "~/components/shell/locale-switch";
import { buttonClasses } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";

export type PortalShellCustomer = { name: string; companyName: string | null };

/** The customer portal's frame: its own header and navigation, never the staff shell. */
export function PortalShell({ customer, children }: { customer: PortalShellCustomer | null; children: ReactNode }) {
  const { t } = useI18n();
  const link = ({ isActive }: { isActive: boolean }) =>
    cn("rounded-md px-3 py-2 text-sm font-medium", isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900");
  return (
    <div className="min-h-full bg-slate-50">
      <a href="#contenu" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("app.skipToContent")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link to="/portail" className="flex items-baseline gap-2">
            <span className="text-lg font-bold tracking-tight text-brand-700">{t("app.name")}</span>
            <span className="text-sm text-slate-500">{t("portal.nav.portal")}</span>
          </Link>
          <div className="flex items-center gap-3">
            {customer ? (
              <span className="hidden text-right text-sm sm:block">
                <span className="block font-medium text-slate-900">{customer.name}</span>
                {customer.companyName ? <span className="block text-xs text-slate-500">{customer.companyName}</span> : null}
              </span>
            ) : null}
            <LocaleSwitch />
          </div>
        </div>
        {customer ? (
          <nav className="mx-auto flex max-w-5xl flex-wrap items-center gap-1 px-4 pb-2" aria-label={t("portal.nav.label")}>
            <NavLink to="/portail" end className={link}>
              {t("portal.nav.requests")}
            </NavLink>
            <NavLink to="/portail/nouvelle-demande" className={link}>
              {t("portal.nav.newRequest")}
            </NavLink>
            <NavLink to="/portail/compte" className={link}>
              {t("portal.nav.account")}
            </NavLink>
            <Form method="post" action="/portail/deconnexion" className="ml-auto">
              <CsrfField />
              <button type="submit" className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                {t("portal.nav.signOut")}
              </button>
            </Form>
          </nav>
        ) : null}
      </header>
      <main id="contenu" className="mx-auto max-w-5xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}

/** 403 / 404 / 500 in the portal: same words as the staff error page, with the way back to the portal. */
export function PortalErrorPage({ home = "/portail" }: { home?: string }) {
  const error = useRouteError();
  const { t } = useI18n();
  let status = 500;
  let title = t("errors.serverTitle");
  let text = t("portal.errors.serverText");
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const reason = (error.data as { reason?: string } | null)?.reason;
    if (status === 403) {
      title = t("errors.forbiddenTitle");
      text = reason === "csrf" ? t("errors.csrfText") : t("errors.forbiddenText");
    } else if (status === 404) {
      title = t("errors.notFoundTitle");
      text = t("portal.errors.notFound");
    } else if (status === 413) {
      title = t("portal.errors.tooLargeTitle");
      text = t("portal.errors.tooLarge");
    } else if (status === 429) {
      text = t("errors.tooManyRequests");
    }
  }
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-testid="error-page" data-status={status}>
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-3 text-slate-600">{text}</p>
      <Link to={home} className={buttonClasses("secondary", "md", "mt-8")}>
        {t("portal.errors.back")}
      </Link>
    </div>
  );
}
