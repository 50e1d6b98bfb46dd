import type { MetaDescriptor } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "~/components/i18n";
import { locales, type Locale } from "~/lib/i18n/locales";

/** What a help centre loader hands to its `meta` (built on the server: help-centre-route.server.ts). */
export type HelpCentreSeoData = {
  language: Locale;
  title: string;
  description: string;
  canonical: string;
  alternates: Array<{ hrefLang: string; href: string }>;
};

/** Title, meta description, canonical URL, hreflang alternates and Open Graph of a help centre page. */
export function helpCentreMeta(seo: HelpCentreSeoData | undefined, type: "website" | "article" = "website"): MetaDescriptor[] {
  if (!seo) return [{ title: "Comptoir" }];
  return [
    { title: seo.title },
    { name: "description", content: seo.description },
    { tagName: "link", rel: "canonical", href: seo.canonical },
    ...seo.alternates.map((alternate) => ({ tagName: "link", rel: "alternate", hrefLang: alternate.hrefLang, href: alternate.href })),
    { property: "og:type", content: type },
    { property: "og:title", content: seo.title },
    { property: "og:description", content: seo.description },
    { property: "og:url", content: seo.canonical },
    { property: "og:locale", content: seo.language === "en" ? "en_GB" : "fr_FR" },
  ];
}

export type Crumb = { label: string; to?: string };

/**
 * The public frame of the help centre: no staff shell, the help centre's name, a link to the
 * request form, and the switch to the same page in the other language (`switchTo`; the other
 * language's home when this page has no version there).
 */
export function HelpCentreFrame({ language, switchTo, crumbs, children }: { language: Locale; switchTo?: string | null; crumbs?: Crumb[]; children: ReactNode }) {
  const { t } = useI18n();
  const other = locales.find((option) => option !== language) ?? "fr";
  const switchTarget = switchTo ?? `/aide/${other}`;
  return (
    <div className="min-h-full bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link to={`/aide/${language}`} className="text-lg font-bold tracking-tight text-brand-700">
            {t("helpCentre.title")}
          </Link>
          <nav className="flex items-center gap-4 text-sm" aria-label={t("common.language")}>
            <Link to={language === "en" ? "/demande?lang=en" : "/demande"} className="font-medium text-slate-700 hover:text-slate-900">
              {t("helpCentre.contactLink")}
            </Link>
            <a href={switchTarget} lang={other} hrefLang={other} className="rounded px-2 py-1 text-xs font-semibold uppercase text-slate-600 ring-1 ring-slate-300 hover:text-slate-900">
              <span aria-hidden="true">{other}</span>
              <span className="sr-only">{t("helpCentre.otherLanguageHome")}</span>
            </a>
          </nav>
        </div>
      </header>
      <main id="contenu" className="mx-auto max-w-3xl px-4 py-6 sm:py-8">
        {crumbs && crumbs.length > 0 ? <Breadcrumbs crumbs={crumbs} /> : null}
        {children}
      </main>
    </div>
  );
}

function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("helpCentre.breadcrumbs")} className="mb-4 text-sm text-slate-600">
      <ol className="flex flex-wrap items-center gap-1">
        {crumbs.map((crumb, index) => (
          <li key={`${index}-${crumb.label}`} className="flex items-center gap-1">
            {index > 0 ? <span aria-hidden="true">›</span> : null}
            {crumb.to ? (
              <Link to={crumb.to} className="underline-offset-2 hover:underline">
                {crumb.label}
              </Link>
            ) : (
              <span aria-current="page" className="text-slate-900">
                {crumb.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A list of article links with their summaries. */
export function ArticleList({ language, articles }: { language: Locale; articles: Array<{ articleId: string; title: string; slug: string; summary: string }> }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {articles.map((article) => (
        <li key={article.articleId} className="p-4">
          <Link to={`/aide/${language}/articles/${encodeURIComponent(article.slug)}`} className="font-medium text-brand-700 hover:underline">
            {article.title}
          </Link>
          {article.summary ? <p className="mt-1 text-sm text-slate-600">{article.summary}</p> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The help centre's error page: 410 for an archived article (links to its category and the
 * help centre's home), the usual 404 / 429 / 500 otherwise, inside the public frame.
 */
export function HelpCentreErrorPage({ language, gone }: { language: Locale; gone: { title: string; category: { name: string; slug: string } | null } | null }) {
  const { t } = useI18n();
  if (!gone) return null;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6" data-testid="error-page" data-status={410}>
      <p className="text-sm font-semibold text-brand-700">410</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t("helpCentre.gone.title")}</h1>
      <p className="mt-3 text-slate-600">{t("helpCentre.gone.text", { title: gone.title })}</p>
      <ul className="mt-6 space-y-2">
        {gone.category ? (
          <li>
            <Link to={`/aide/${language}/categories/${encodeURIComponent(gone.category.slug)}`} className="font-medium text-brand-700 hover:underline">
              {t("helpCentre.gone.category", { name: gone.category.name })}
            </Link>
          </li>
        ) : null}
        <li>
          <Link to={`/aide/${language}`} className="font-medium text-brand-700 hover:underline">
            {t("helpCentre.home")}
          </Link>
        </li>
      </ul>
    </div>
  );
}
