import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ArticleFigures } from "~/components/knowledge/article-figures";
import { ArticleForm } from "~/components/knowledge/article-form";
import { ArticleBodyView } from "~/components/knowledge/article-body-view";
import { Button } from "~/components/ui/button";
import { CheckboxField, FormAlert } from "~/components/ui/field";
import { Badge, Card, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { can } from "~/domain/identity/permissions";
import { sanitizeArticleHtml } from "~/domain/knowledge/article-html.server";
import { articleFormValues, flatValues } from "~/domain/knowledge/article-form-values";
import { articleFigures, getArticleForEditing } from "~/domain/knowledge/article-queries.server";
import { archiveArticle, markReviewed, publishArticle, unpublishArticle, updateArticle } from "~/domain/knowledge/articles.server";
import { listCategoriesForAuthors } from "~/domain/knowledge/categories.server";
import { categoryName } from "~/domain/knowledge/category-names";
import { articleFormSchema, translationsFromForm } from "~/domain/knowledge/knowledge-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Article · Comptoir" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "read:knowledge");
  const writer = can(user, "update:knowledge");
  const article = await getArticleForEditing(params.articleId ?? "");
  // Readers (sales, marketing, technicians who do not write) see published articles only.
  if (!article || (!writer && article.state !== "published")) throw notFound();
  const days = new URL(request.url).searchParams.get("periode") === "90" ? 90 : 30;
  const [categories, figures] = await Promise.all([listCategoriesForAuthors(), writer ? articleFigures(article.id, days) : Promise.resolve(null)]);
  const translations = article.translations
    .sort((left, right) => (left.language === "fr" ? -1 : right.language === "fr" ? 1 : 0))
    // Shown as stored, sanitised once more on the way out in case a row was written around the domain.
    .map((translation) => ({ ...translation, bodyHtml: sanitizeArticleHtml(translation.bodyHtml).html }));
  return {
    writer,
    days: days as 30 | 90,
    article: {
      id: article.id,
      state: article.state as "draft" | "published" | "archived",
      visibility: article.visibility as "public" | "internal",
      version: article.version,
      authorName: article.author?.name ?? null,
      lastReviewedAt: article.lastReviewedAt?.toISOString() ?? null,
      publishedAt: article.publishedAt?.toISOString() ?? null,
      reviewDue: article.reviewDue,
      categoryId: article.categoryId,
      translations,
    },
    values: writer ? articleFormValues({ ...article, translations }) : null,
    publicUrls: Object.fromEntries(translations.map((translation) => [translation.language, `/aide/${translation.language}/articles/${translation.slug}`])),
    categories: categories.map((category) => ({ id: category.id, depth: category.depth, translations: category.translations.map(({ language, name }) => ({ language, name })) })),
    figures,
  };
}

type Refusal = { intent: string; fieldErrors: FieldErrors; values: Record<string, string>; formError: MessageKey | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:knowledge");
  const article = await getArticleForEditing(params.articleId ?? "");
  if (!article) throw notFound();
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  const refuse = (refusal: Partial<Refusal>, status = 400) =>
    data<Refusal>({ intent, fieldErrors: {}, values: flatValues(submittedValues(form)), formError: null, ...refusal }, { status });
  const here = `/connaissances/articles/${article.id}`;
  const expectedVersion = Number(form.get("version") ?? article.version);
  const stateChange = { actorId: user.id, articleId: article.id, expectedVersion: Number.isInteger(expectedVersion) ? expectedVersion : article.version };

  try {
    switch (intent) {
      case "save": {
        const parsed = parseForm(form, articleFormSchema);
        if (!parsed.ok) return refuse({ fieldErrors: parsed.fieldErrors });
        await updateArticle({
          actorId: user.id,
          articleId: article.id,
          expectedVersion: parsed.data.version ?? article.version,
          categoryId: parsed.data.categoryId,
          visibility: parsed.data.visibility,
          reviewEveryMonths: parsed.data.reviewEveryMonths,
          translations: translationsFromForm(parsed.data),
        });
        return redirectWithToast(here, { kind: "success", message: "knowledge.editor.saved" });
      }
      case "publish":
        await publishArticle(stateChange);
        return redirectWithToast(here, { kind: "success", message: "knowledge.toast.published" });
      case "unpublish":
        if (form.get("confirm") !== "on") return refuse({ fieldErrors: { confirm: "validation.required" } });
        await unpublishArticle(stateChange);
        return redirectWithToast(here, { kind: "success", message: "knowledge.toast.unpublished" });
      case "archive":
        if (form.get("confirm") !== "on") return refuse({ fieldErrors: { confirm: "validation.required" } });
        await archiveArticle(stateChange);
        return redirectWithToast(here, { kind: "success", message: "knowledge.toast.archived" });
      case "reviewed":
        await markReviewed({ actorId: user.id, articleId: article.id });
        return redirectWithToast(here, { kind: "success", message: "knowledge.toast.reviewed" });
      default:
        throw data({ reason: "bad_intent" }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof DomainError) return refuse(error.field ? { fieldErrors: { [error.field]: error.code } } : { formError: error.code }, 409);
    throw error;
  }
}

const stateTones = { draft: "amber", published: "green", archived: "slate" } as const;

export default function ArticlePage() {
  const { writer, days, article, values, publicUrls, categories, figures } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { t, format, locale } = useI18n();
  const main = article.translations.find((translation) => translation.language === locale) ?? article.translations[0];
  const refusalOf = (intent: string) => (refusal?.intent === intent ? refusal : null);
  const saveRefusal = refusalOf("save");
  const stateFormError = refusal && refusal.intent !== "save" && refusal.formError ? t(refusal.formError) : null;

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/connaissances" className="text-brand-700 hover:underline">
          ← {t("knowledge.list.title")}
        </Link>
      </p>
      <PageHeader
        title={main?.title ?? t("knowledge.list.untitled")}
        actions={
          <>
            <Badge tone={stateTones[article.state]}>{t(`knowledge.state.${article.state}`)}</Badge>
            <Badge tone="blue">{t(`knowledge.visibility.${article.visibility}`)}</Badge>
            {article.reviewDue && article.state !== "archived" ? <Badge tone="amber">{t("knowledge.list.reviewDue")}</Badge> : null}
          </>
        }
      />
      <dl className="grid gap-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500">{t("knowledge.info.author")}</dt>
          <dd>{article.authorName ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("knowledge.info.lastReviewed")}</dt>
          <dd>{article.lastReviewedAt ? format.date(article.lastReviewedAt) : t("knowledge.list.never")}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("knowledge.info.publishedAt")}</dt>
          <dd>{article.publishedAt ? format.date(article.publishedAt) : "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("knowledge.info.version")}</dt>
          <dd>
            {article.version}
            {writer ? (
              <>
                {" · "}
                <Link to={`/connaissances/articles/${article.id}/historique`} className="text-brand-700 hover:underline">
                  {t("knowledge.actions.history")}
                </Link>
              </>
            ) : null}
          </dd>
        </div>
      </dl>

      {writer && values ? (
        <>
          <Card title={t("knowledge.actions.title")}>
            {stateFormError ? <FormAlert>{stateFormError}</FormAlert> : null}
            <div className="flex flex-wrap items-start gap-6">
              {article.state !== "published" ? (
                <StateForm intent="publish" version={article.version}>
                  <Button type="submit" variant="primary">
                    {t("knowledge.actions.publish")}
                  </Button>
                </StateForm>
              ) : null}
              <StateForm intent="reviewed" version={article.version}>
                <Button type="submit" variant="secondary">
                  {t("knowledge.actions.markReviewed")}
                </Button>
              </StateForm>
              {article.state === "published" ? (
                <StateForm intent="unpublish" version={article.version} className="max-w-sm space-y-2">
                  <CheckboxField
                    label={t("knowledge.actions.unpublishConfirm")}
                    name="confirm"
                    error={refusalOf("unpublish")?.fieldErrors.confirm ? t(refusalOf("unpublish")!.fieldErrors.confirm!) : null}
                  />
                  <Button type="submit" variant="secondary">
                    {t("knowledge.actions.unpublish")}
                  </Button>
                </StateForm>
              ) : null}
              {article.state !== "archived" ? (
                <StateForm intent="archive" version={article.version} className="max-w-sm space-y-2">
                  <CheckboxField
                    label={t("knowledge.actions.archiveConfirm")}
                    name="confirm"
                    error={refusalOf("archive")?.fieldErrors.confirm ? t(refusalOf("archive")!.fieldErrors.confirm!) : null}
                  />
                  <Button type="submit" variant="danger">
                    {t("knowledge.actions.archive")}
                  </Button>
                </StateForm>
              ) : null}
            </div>
          </Card>
          {figures ? <ArticleFigures figures={figures} days={days} linkFor={(period) => `?periode=${period}`} /> : null}
          <h2 className="text-lg font-semibold">{t("knowledge.editor.editTitle")}</h2>
          <ArticleForm
            key={article.version}
            mode="edit"
            values={saveRefusal?.values ?? values}
            fieldErrors={saveRefusal?.fieldErrors}
            formError={saveRefusal?.formError ? t(saveRefusal.formError) : null}
            categories={categories.map((category) => ({ id: category.id, depth: category.depth, name: categoryName(category, locale) }))}
            publicUrls={article.visibility === "public" ? publicUrls : undefined}
          />
        </>
      ) : (
        <div className="grid gap-6 xl:grid-cols-2">
          {article.translations.map((translation) => (
            <article key={translation.language} lang={translation.language} className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="text-xs font-semibold uppercase text-slate-500">{t(`knowledge.editor.version.${translation.language as "fr" | "en"}`)}</p>
              <h2 className="mt-1 text-xl font-semibold">{translation.title}</h2>
              {translation.summary ? <p className="mt-1 text-slate-600">{translation.summary}</p> : null}
              <ArticleBodyView html={translation.bodyHtml} className="mt-4" />
            </article>
          ))}
        </div>
      )}
    </div>
  );
}

function StateForm({ intent, version, className, children }: { intent: string; version: number; className?: string; children: React.ReactNode }) {
  return (
    <Form method="post" className={className}>
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      {children}
    </Form>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
