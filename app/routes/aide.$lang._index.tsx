import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { HelpCentreErrorBoundary } from "~/components/help-centre/help-centre-error";
import { ArticleList, HelpCentreFrame, helpCentreMeta } from "~/components/help-centre/help-centre-frame";
import { HelpCentreSearchBox } from "~/components/help-centre/search-box";
import { useI18n } from "~/components/i18n";
import { helpCentreCategoryTree, mostViewedArticles } from "~/domain/knowledge/help-centre.server";
import { helpCentreLanguage, helpCentreSeo } from "~/lib/help-centre/help-centre-route.server";
import { locales } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

export const meta: MetaFunction<typeof loader> = ({ data }) => helpCentreMeta(data?.seo);

/** The help centre's home in one language: search, categories with their counts, most read articles. */
export async function loader({ params }: LoaderFunctionArgs) {
  const language = helpCentreLanguage(params.lang);
  const t = translator(language);
  const [categories, mostViewed] = await Promise.all([helpCentreCategoryTree(language), mostViewedArticles(language)]);
  return {
    language,
    categories,
    mostViewed,
    seo: helpCentreSeo({
      language,
      title: `${t("helpCentre.title")} · Comptoir`,
      description: t("helpCentre.description"),
      path: `/aide/${language}`,
      versions: locales.map((other) => ({ language: other, path: `/aide/${other}` })),
      xDefaultPath: "/aide",
    }),
  };
}

export default function HelpCentreHome() {
  const { language, categories, mostViewed } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <HelpCentreFrame language={language}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{t("helpCentre.title")}</h1>
      <p className="mt-2 text-slate-600">{t("helpCentre.description")}</p>
      <div className="mt-6">
        <HelpCentreSearchBox language={language} />
      </div>

      <section aria-labelledby="categories" className="mt-10">
        <h2 id="categories" className="text-lg font-semibold text-slate-900">
          {t("helpCentre.categories")}
        </h2>
        <ul className="mt-3 grid gap-3 sm:grid-cols-2">
          {categories.map((category) => (
            <li key={category.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <Link to={`/aide/${language}/categories/${encodeURIComponent(category.slug)}`} className="font-medium text-brand-700 hover:underline">
                {category.name}
              </Link>{" "}
              <span className="text-sm text-slate-500">{`(${t("helpCentre.articleCount", { count: category.articleCount })})`}</span>
              {category.description ? <p className="mt-1 text-sm text-slate-600">{category.description}</p> : null}
              {category.children.length > 0 ? (
                <ul className="mt-2 space-y-1 text-sm">
                  {category.children.map((child) => (
                    <li key={child.id}>
                      <Link to={`/aide/${language}/categories/${encodeURIComponent(child.slug)}`} className="text-slate-700 hover:underline">
                        {child.name}
                      </Link>{" "}
                      <span className="text-slate-500">{`(${t("helpCentre.articleCount", { count: child.articleCount })})`}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {mostViewed.length > 0 ? (
        <section aria-labelledby="most-viewed" className="mt-10">
          <h2 id="most-viewed" className="mb-3 text-lg font-semibold text-slate-900">
            {t("helpCentre.mostViewed")}
          </h2>
          <ArticleList language={language} articles={mostViewed} />
        </section>
      ) : null}
    </HelpCentreFrame>
  );
}

export function ErrorBoundary() {
  return <HelpCentreErrorBoundary />;
}
