import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ArticleTitleLink } from "~/components/knowledge/article-title-link";
import { Button, ButtonLink } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { Badge, EmptyState, PageHeader, Table, Td, Th } from "~/components/ui/layout";
import { can } from "~/domain/identity/permissions";
import { listArticlesForStaff } from "~/domain/knowledge/article-queries.server";
import { listCategoriesForAuthors } from "~/domain/knowledge/categories.server";
import { categoryName } from "~/domain/knowledge/category-names";
import { articleListQuerySchema } from "~/domain/knowledge/knowledge-schemas";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Base de connaissances · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:knowledge");
  const writer = can(user, "update:knowledge");
  const query = articleListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [articles, categories] = await Promise.all([
    listArticlesForStaff({
      state: query.etat ?? null,
      visibility: query.audience ?? null,
      categoryId: query.categorie || null,
      language: query.langue ?? null,
      text: query.q ?? "",
      writer,
    }),
    listCategoriesForAuthors(),
  ]);
  return {
    writer,
    filters: { etat: query.etat ?? "", audience: query.audience ?? "", categorie: query.categorie ?? "", langue: query.langue ?? "", q: query.q ?? "" },
    articles,
    categories: categories.map((category) => ({ id: category.id, depth: category.depth, translations: category.translations.map(({ language, name }) => ({ language, name })) })),
  };
}

const stateTones = { draft: "amber", published: "green", archived: "slate" } as const;

export default function KnowledgeListPage() {
  const { writer, filters, articles, categories } = useLoaderData<typeof loader>();
  const { t, format, locale } = useI18n();
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("knowledge.list.title")}
        description={t("knowledge.list.description")}
        actions={
          writer ? (
            <ButtonLink to="/connaissances/articles/nouveau" variant="primary">
              {t("knowledge.list.new")}
            </ButtonLink>
          ) : null
        }
      />
      {!writer ? <p className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700">{t("knowledge.list.readOnly")}</p> : null}
      <Form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-7 lg:items-end" role="search">
        <TextField label={t("knowledge.list.search")} name="q" type="search" defaultValue={filters.q} placeholder={t("knowledge.list.searchPlaceholder")} className="lg:col-span-2" />
        {writer ? (
          <SelectField
            label={t("knowledge.filter.state")}
            name="etat"
            defaultValue={filters.etat}
            options={[
              { value: "", label: t("knowledge.filter.stateCurrent") },
              { value: "draft", label: t("knowledge.state.draft") },
              { value: "published", label: t("knowledge.state.published") },
              { value: "archived", label: t("knowledge.state.archived") },
            ]}
          />
        ) : null}
        <SelectField
          label={t("knowledge.filter.visibility")}
          name="audience"
          defaultValue={filters.audience}
          options={[
            { value: "", label: t("knowledge.filter.all") },
            { value: "public", label: t("knowledge.visibility.public") },
            { value: "internal", label: t("knowledge.visibility.internal") },
          ]}
        />
        <SelectField
          label={t("knowledge.filter.category")}
          name="categorie"
          defaultValue={filters.categorie}
          options={[
            { value: "", label: t("knowledge.filter.all") },
            ...categories.map((category) => ({ value: category.id, label: `${category.depth ? "— " : ""}${categoryName(category, locale)}` })),
          ]}
        />
        <SelectField
          label={t("knowledge.filter.language")}
          name="langue"
          defaultValue={filters.langue}
          options={[
            { value: "", label: t("knowledge.filter.all") },
            { value: "fr", label: t("knowledge.language.fr") },
            { value: "en", label: t("knowledge.language.en") },
          ]}
        />
        <Button type="submit" variant="secondary">
          {t("knowledge.filter.apply")}
        </Button>
      </Form>
      <p className="text-sm text-slate-600" aria-live="polite">
        {t("knowledge.list.count", { count: articles.length })}
      </p>
      {articles.length === 0 ? (
        <EmptyState>{t("knowledge.list.empty")}</EmptyState>
      ) : (
        <Table caption={t("knowledge.list.title")}>
          <thead>
            <tr>
              <Th>{t("knowledge.column.title")}</Th>
              <Th>{t("knowledge.column.category")}</Th>
              <Th>{t("knowledge.column.state")}</Th>
              <Th>{t("knowledge.column.audience")}</Th>
              <Th>{t("knowledge.column.languages")}</Th>
              <Th>{t("knowledge.column.author")}</Th>
              <Th>{t("knowledge.column.lastReviewed")}</Th>
            </tr>
          </thead>
          <tbody>
            {articles.map((article) => {
              return (
                <tr key={article.id}>
                  <Td>
                    <ArticleTitleLink article={article} />
                    {article.reviewDue && article.state !== "archived" ? (
                      <span className="ml-2">
                        <Badge tone="amber">{t("knowledge.list.reviewDue")}</Badge>
                      </span>
                    ) : null}
                  </Td>
                  <Td>{categoryName({ translations: article.categoryNames }, locale)}</Td>
                  <Td>
                    <Badge tone={stateTones[article.state]}>{t(`knowledge.state.${article.state}`)}</Badge>
                  </Td>
                  <Td>{t(`knowledge.visibility.${article.visibility}`)}</Td>
                  <Td>{article.translations.map((translation) => translation.language.toUpperCase()).join(" · ")}</Td>
                  <Td>{article.authorName ?? "—"}</Td>
                  <Td>{article.lastReviewedAt ? format.date(article.lastReviewedAt) : t("knowledge.list.never")}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
