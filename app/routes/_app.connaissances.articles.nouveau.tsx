import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { ArticleForm } from "~/components/knowledge/article-form";
import { EmptyState, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { flatValues } from "~/domain/knowledge/article-form-values";
import { articleDraftFromMessage } from "~/domain/knowledge/article-queries.server";
import { createArticle } from "~/domain/knowledge/articles.server";
import { listCategoriesForAuthors } from "~/domain/knowledge/categories.server";
import { categoryName } from "~/domain/knowledge/category-names";
import { articleFormSchema, translationsFromForm } from "~/domain/knowledge/knowledge-schemas";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import { notFound } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Nouvel article · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "update:knowledge");
  const messageId = new URL(request.url).searchParams.get("message");
  const values: Record<string, string> = { visibility: "public", reviewEveryMonths: "12" };
  let fromTicket: number | null = null;
  if (messageId) {
    // Prefilled from an agent's reply: only from a ticket this user may read, else the same 404 as an unknown message.
    const draft = await articleDraftFromMessage(user, messageId);
    if (!draft) throw notFound();
    values[`title_${draft.language}`] = draft.title;
    values[`bodyHtml_${draft.language}`] = draft.bodyHtml;
    fromTicket = draft.ticketNumber;
  }
  const categories = await listCategoriesForAuthors();
  return { values, fromTicket, categories: categories.map((category) => ({ id: category.id, depth: category.depth, translations: category.translations.map(({ language, name }) => ({ language, name })) })) };
}

type Refusal = { fieldErrors: FieldErrors; values: Record<string, string>; formError: MessageKey | null };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:knowledge");
  const form = await readProtectedForm(request);
  const refuse = (refusal: Partial<Refusal>, status = 400) => data<Refusal>({ fieldErrors: {}, values: flatValues(submittedValues(form)), formError: null, ...refusal }, { status });
  const parsed = parseForm(form, articleFormSchema);
  if (!parsed.ok) return refuse({ fieldErrors: parsed.fieldErrors });
  try {
    const { id } = await createArticle({
      actorId: user.id,
      categoryId: parsed.data.categoryId,
      visibility: parsed.data.visibility,
      reviewEveryMonths: parsed.data.reviewEveryMonths,
      state: parsed.data.publishNow === "on" ? "published" : "draft",
      translations: translationsFromForm(parsed.data),
    });
    return redirectWithToast(`/connaissances/articles/${id}`, { kind: "success", message: "knowledge.editor.created" });
  } catch (error) {
    if (error instanceof DomainError) return refuse(error.field ? { fieldErrors: { [error.field]: error.code } } : { formError: error.code });
    throw error;
  }
}

export default function NewArticlePage() {
  const { values, fromTicket, categories } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { t, locale } = useI18n();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/connaissances" className="text-brand-700 hover:underline">
          ← {t("knowledge.list.title")}
        </Link>
      </p>
      <PageHeader title={t("knowledge.editor.newTitle")} />
      {fromTicket ? <p className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">{t("knowledge.editor.fromMessage", { number: fromTicket })}</p> : null}
      {categories.length === 0 ? (
        <EmptyState>
          <Link to="/connaissances/categories" className="text-brand-700 underline">
            {t("knowledge.editor.noCategory")}
          </Link>
        </EmptyState>
      ) : (
        <ArticleForm
          mode="new"
          values={refusal?.values ?? values}
          fieldErrors={refusal?.fieldErrors}
          formError={refusal?.formError ? t(refusal.formError) : null}
          categories={categories.map((category) => ({ id: category.id, depth: category.depth, name: categoryName(category, locale) }))}
        />
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
