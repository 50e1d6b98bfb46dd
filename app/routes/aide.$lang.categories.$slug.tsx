import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { HelpCentreErrorBoundary } from "~/components/help-centre/help-centre-error";
import { ArticleList, HelpCentreFrame, helpCentreMeta } from "~/components/help-centre/help-centre-frame";
import { useI18n } from "~/components/i18n";
import { helpCentreCategoryPage } from "~/domain/knowledge/help-centre.server";
import { helpCentrePaths } from "~/domain/knowledge/help-centre-rules";
import { helpCentreLanguage, helpCentreSeo } from "~/lib/help-centre/help-centre-route.server";
import { notFound } from "~/lib/http.server";
import { translator } from "~/lib/i18n/translate";

export const meta: MetaFunction<typeof loader> = ({ data }) => helpCentreMeta(data?.seo);

/** A category of the help centre: its sub-categories and published public articles. */
export async function loader({ params }: LoaderFunctionArgs) {
  const language = helpCentreLanguage(params.lang);
  const page = await helpCentreCategoryPage(language, params.slug ?? "");
  if (!page) throw notFound();
  const t = translator(language);
  const alternate = page.alternates[0] ?? null;
  return {
    language,
    page,
    switchTo: alternate ? helpCentrePaths.category(alternate.language, alternate.slug) : null,
    seo: helpCentreSeo({
      language,
      title: `${page.category.name} · ${t("helpCentre.title")}`,
      description: page.category.description || t("helpCentre.description"),
      path: helpCentrePaths.category(language, page.category.slug),
      versions: page.alternates.map((other) => ({ language: other.language, path: helpCentrePaths.category(other.language, other.slug) })),
    }),
  };
}

export default function HelpCentreCategoryPage() {
  const { language, page, switchTo } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const crumbs = [
    { label: t("helpCentre.title"), to: `/aide/${language}` },
    ...(page.parent ? [{ label: page.parent.name, to: helpCentrePaths.category(language, page.parent.slug) }] : []),
    { label: page.category.name },
  ];
  return (
    <HelpCentreFrame language={language} switchTo={switchTo} crumbs={crumbs}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{page.category.name}</h1>
      {page.category.description ? <p className="mt-2 text-slate-600">{page.category.description}</p> : null}
      {page.children.length > 0 ? (
        <section aria-labelledby="sub-categories" className="mt-6">
          <h2 id="sub-categories" className="text-lg font-semibold text-slate-900">
            {t("helpCentre.subCategories")}
          </h2>
          <ul className="mt-2 space-y-1">
            {page.children.map((child) => (
              <li key={child.id}>
                <Link to={helpCentrePaths.category(language, child.slug)} className="font-medium text-brand-700 hover:underline">
                  {child.name}
                </Link>{" "}
                <span className="text-sm text-slate-500">{`(${t("helpCentre.articleCount", { count: child.articleCount })})`}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="mt-6">
        {page.articles.length > 0 ? <ArticleList language={language} articles={page.articles} /> : <p className="text-slate-600">{t("helpCentre.categoryEmpty")}</p>}
      </div>
    </HelpCentreFrame>
  );
}

export function ErrorBoundary() {
  return <HelpCentreErrorBoundary />;
}
