import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { HelpCentreErrorBoundary } from "~/components/help-centre/help-centre-error";
import { HelpCentreFrame, helpCentreMeta } from "~/components/help-centre/help-centre-frame";
import { Highlighted, HelpCentreSearchBox } from "~/components/help-centre/search-box";
import { useI18n } from "~/components/i18n";
import { cleanQuery, helpCentrePaths } from "~/domain/knowledge/help-centre-rules";
import { recordSearchMiss, searchKnowledge } from "~/domain/knowledge/knowledge-search.server";
import { helpCentreLanguage, helpCentreSeo, suggestionsLimiter } from "~/lib/help-centre/help-centre-route.server";
import { locales } from "~/lib/i18n/locales";
import { translator } from "~/lib/i18n/translate";

export const meta: MetaFunction<typeof loader> = ({ data }) => [...helpCentreMeta(data?.seo), { name: "robots", content: "noindex, follow" }];

/** The help centre's search page (the search box's plain GET): published public articles only; a search that finds nothing is counted. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const language = helpCentreLanguage(params.lang);
  const query = cleanQuery(new URL(request.url).searchParams.get("q"));
  const limited = query !== "" && suggestionsLimiter().hit(context.clientAddress).limited;
  if (limited) throw data({ reason: "rate_limited" }, { status: 429, headers: { "Retry-After": "60" } });
  const results = query ? await searchKnowledge({ text: query, audience: "public", language, take: 30 }) : [];
  if (query && results.length === 0) await recordSearchMiss({ text: query, language, source: "help_centre" });
  const t = translator(language);
  return {
    language,
    query,
    results: results.map((result) => ({ articleId: result.articleId, title: result.title, path: helpCentrePaths.article(language, result.slug), excerpt: result.excerpt })),
    seo: helpCentreSeo({
      language,
      title: `${query ? t("helpCentre.search.resultsFor", { query }) : t("helpCentre.search.title")} · ${t("helpCentre.title")}`,
      description: t("helpCentre.description"),
      path: helpCentrePaths.search(language),
      versions: locales.map((other) => ({ language: other, path: helpCentrePaths.search(other) })),
    }),
  };
}

export default function HelpCentreSearchPage() {
  const { language, query, results } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const other = locales.find((option) => option !== language) ?? "fr";
  return (
    <HelpCentreFrame language={language} switchTo={helpCentrePaths.search(other, query)} crumbs={[{ label: t("helpCentre.title"), to: `/aide/${language}` }, { label: t("helpCentre.search.title") }]}>
      <HelpCentreSearchBox language={language} defaultQuery={query} />
      <section aria-labelledby="results" className="mt-8">
        <h1 id="results" className="text-xl font-semibold text-slate-900">
          {query ? t("helpCentre.search.resultsFor", { query }) : t("helpCentre.search.title")}
        </h1>
        {!query ? (
          <p className="mt-2 text-slate-600">{t("helpCentre.search.empty")}</p>
        ) : results.length === 0 ? (
          <p className="mt-2 text-slate-600">
            {t("helpCentre.search.none", { query })}{" "}
            <a href={language === "en" ? "/demande?lang=en" : "/demande"} className="font-medium text-brand-700 hover:underline">
              {t("helpCentre.contactLink")}
            </a>
          </p>
        ) : (
          <>
            <p className="mt-1 text-sm text-slate-600">{t("helpCentre.search.count", { count: results.length })}</p>
            <ul className="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
              {results.map((result) => (
                <li key={result.articleId} className="p-4">
                  <Link to={result.path} className="font-medium text-brand-700 hover:underline">
                    {result.title}
                  </Link>
                  <p className="mt-1 text-sm text-slate-600">
                    <Highlighted parts={result.excerpt} />
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </HelpCentreFrame>
  );
}

export function ErrorBoundary() {
  return <HelpCentreErrorBoundary />;
}
