import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ArticleTitleLink } from "~/components/knowledge/article-title-link";
import { pillClasses } from "~/components/ui/filter-pills";
import { Card, EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { knowledgeStatistics } from "~/domain/knowledge/article-queries.server";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Statistiques · Base de connaissances · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "update:knowledge");
  const days = new URL(request.url).searchParams.get("periode") === "90" ? 90 : 30;
  return { days, ...(await knowledgeStatistics(days)) };
}

export default function KnowledgeStatisticsPage() {
  const { days, articles, misses, deflectionTotal } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("knowledge.stats.title")}
        description={t("knowledge.stats.description")}
        actions={
          <nav aria-label={t("knowledge.figures.period")} className="flex gap-2">
            {([30, 90] as const).map((period) => (
              <Link key={period} to={`?periode=${period}`} aria-current={period === days ? "page" : undefined} className={pillClasses(period === days)}>
                {t(period === 30 ? "knowledge.figures.period30" : "knowledge.figures.period90")}
              </Link>
            ))}
          </nav>
        }
      />
      <p className="text-sm text-slate-700">{t("knowledge.stats.deflectionTotal", { count: format.number(deflectionTotal) })}</p>
      <Card title={t("knowledge.stats.articles")}>
        {articles.length === 0 ? (
          <EmptyState>{t("knowledge.stats.noArticles")}</EmptyState>
        ) : (
          <Table caption={t("knowledge.stats.articles")}>
            <thead>
              <tr>
                <Th>{t("knowledge.column.title")}</Th>
                <Th className="text-right">{t("knowledge.figures.views")}</Th>
                <Th className="text-right">{t("knowledge.figures.useful")}</Th>
                <Th className="text-right">{t("knowledge.figures.notUseful")}</Th>
                <Th className="text-right">{t("knowledge.figures.insertions")}</Th>
                <Th className="text-right">{t("knowledge.figures.deflections")}</Th>
                <Th>{t("knowledge.figures.comments")}</Th>
              </tr>
            </thead>
            <tbody>
              {articles.map((article) => {
                return (
                  <tr key={article.id}>
                    <Td>
                      <ArticleTitleLink article={article} />
                    </Td>
                    <Td className="text-right tabular-nums">{format.number(article.views)}</Td>
                    <Td className="text-right tabular-nums">{format.number(article.useful)}</Td>
                    <Td className="text-right tabular-nums">{format.number(article.notUseful)}</Td>
                    <Td className="text-right tabular-nums">{format.number(article.insertions)}</Td>
                    <Td className="text-right tabular-nums">{format.number(article.deflections)}</Td>
                    <Td>
                      <ul className="space-y-1 text-xs">
                        {article.comments.map((comment) => (
                          <li key={comment.id}>
                            <span className="font-medium">{t(comment.useful ? "knowledge.figures.useful" : "knowledge.figures.notUseful")}</span> · {comment.comment}
                          </li>
                        ))}
                      </ul>
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title={t("knowledge.stats.misses")}>
        <p className="mb-3 text-sm text-slate-600">{t("knowledge.stats.missesHint")}</p>
        {misses.length === 0 ? (
          <EmptyState>{t("knowledge.stats.noMisses")}</EmptyState>
        ) : (
          <Table caption={t("knowledge.stats.misses")}>
            <thead>
              <tr>
                <Th>{t("knowledge.stats.query")}</Th>
                <Th>{t("knowledge.stats.source")}</Th>
                <Th>{t("knowledge.stats.language")}</Th>
                <Th className="text-right">{t("knowledge.stats.count")}</Th>
                <Th>{t("knowledge.stats.last")}</Th>
              </tr>
            </thead>
            <tbody>
              {misses.map((miss) => (
                <tr key={miss.id}>
                  <Td>{miss.query}</Td>
                  <Td>{t(`knowledge.source.${miss.source as "help_centre" | "web_form" | "portal" | "agent"}`)}</Td>
                  <Td>{miss.language.toUpperCase()}</Td>
                  <Td className="text-right tabular-nums">{format.number(miss.count)}</Td>
                  <Td>{format.dateTime(miss.lastSearchedAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
