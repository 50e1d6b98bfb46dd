import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "~/components/csrf-field";
import { ErrorPage } from "~/components/error-page";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { CheckboxField, FormAlert, SelectField, TextField, TextareaField } from "~/components/ui/field";
import { Card, EmptyState, PageHeader } from "~/components/ui/layout";
import { DomainError } from "~/domain/errors";
import { flatValues } from "~/domain/knowledge/article-form-values";
import { categoryName } from "~/domain/knowledge/category-names";
import { createCategory, deleteCategory, listCategoriesForAuthors, shiftCategory, updateCategory } from "~/domain/knowledge/categories.server";
import { categoryFormSchema, categoryTranslationsFromForm } from "~/domain/knowledge/knowledge-schemas";
import { knowledgeLanguages } from "~/domain/knowledge/knowledge-vocabulary";
import { redirectWithToast, requireUser } from "~/lib/auth.server";
import { readProtectedForm } from "~/lib/csrf.server";
import { parseForm, submittedValues, type FieldErrors } from "~/lib/forms";
import type { MessageKey } from "~/lib/i18n/messages/fr";

export const meta: MetaFunction = () => [{ title: "Catégories · Base de connaissances · Comptoir" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "update:knowledge");
  const categories = await listCategoriesForAuthors();
  return {
    categories: categories.map((category) => ({
      id: category.id,
      parentId: category.parentId,
      depth: category.depth,
      translations: category.translations,
      articles: category._count.articles,
      children: category._count.children,
    })),
  };
}

type Refusal = { intent: string; categoryId: string | null; fieldErrors: FieldErrors; values: Record<string, string>; formError: MessageKey | null };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "update:knowledge");
  const form = await readProtectedForm(request);
  const intent = String(form.get("intent") ?? "");
  const categoryId = String(form.get("categoryId") ?? "") || null;
  const refuse = (refusal: Partial<Refusal>, status = 400) =>
    data<Refusal>({ intent, categoryId, fieldErrors: {}, values: flatValues(submittedValues(form)), formError: null, ...refusal }, { status });
  try {
    switch (intent) {
      case "create":
      case "update": {
        const parsed = parseForm(form, categoryFormSchema);
        if (!parsed.ok) return refuse({ fieldErrors: parsed.fieldErrors });
        const input = { actorId: user.id, parentId: parsed.data.parentId, translations: categoryTranslationsFromForm(parsed.data) };
        if (intent === "create") {
          await createCategory(input);
          return redirectWithToast("/connaissances/categories", { kind: "success", message: "knowledge.categories.created" });
        }
        if (!categoryId) throw data({ reason: "bad_request" }, { status: 400 });
        await updateCategory({ ...input, categoryId });
        return redirectWithToast("/connaissances/categories", { kind: "success", message: "knowledge.categories.saved" });
      }
      case "up":
      case "down":
        if (!categoryId) throw data({ reason: "bad_request" }, { status: 400 });
        await shiftCategory({ actorId: user.id, categoryId, direction: intent });
        return redirectWithToast("/connaissances/categories", { kind: "success", message: "knowledge.categories.moved" });
      case "delete":
        if (!categoryId) throw data({ reason: "bad_request" }, { status: 400 });
        if (form.get("confirm") !== "on") return refuse({ fieldErrors: { confirm: "validation.required" } });
        await deleteCategory({ actorId: user.id, categoryId });
        return redirectWithToast("/connaissances/categories", { kind: "success", message: "knowledge.categories.deleted" });
      default:
        throw data({ reason: "bad_intent" }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof DomainError) return refuse(error.field ? { fieldErrors: { [error.field]: error.code } } : { formError: error.code }, 409);
    throw error;
  }
}

type CategoryRow = ReturnType<typeof useLoaderData<typeof loader>>["categories"][number];

export default function CategoriesPage() {
  const { categories } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const tops = categories.filter((category) => category.depth === 0);
  return (
    <div className="space-y-6">
      <PageHeader title={t("knowledge.categories.title")} description={t("knowledge.categories.description")} />
      {categories.length === 0 ? <EmptyState>{t("knowledge.categories.empty")}</EmptyState> : null}
      <ul className="space-y-3">
        {categories.map((category) => (
          <li key={category.id} className={category.depth ? "ml-6 sm:ml-10" : undefined}>
            <CategoryCard category={category} tops={tops} refusal={refusal?.categoryId === category.id ? refusal : null} />
          </li>
        ))}
      </ul>
      <Card title={t("knowledge.categories.new")}>
        <CategoryFields
          intent="create"
          tops={tops}
          values={refusal?.intent === "create" ? refusal.values : {}}
          fieldErrors={refusal?.intent === "create" ? refusal.fieldErrors : {}}
          formError={refusal?.intent === "create" && refusal.formError ? t(refusal.formError) : null}
          submitLabel={t("knowledge.categories.create")}
          locale={locale}
        />
      </Card>
    </div>
  );
}

function CategoryCard({ category, tops, refusal }: { category: CategoryRow; tops: CategoryRow[]; refusal: Refusal | null }) {
  const { t, locale } = useI18n();
  const name = categoryName(category, locale);
  const values: Record<string, string> = { parentId: category.parentId ?? "" };
  for (const translation of category.translations) {
    values[`name_${translation.language}`] = translation.name;
    values[`slug_${translation.language}`] = translation.slug;
    values[`description_${translation.language}`] = translation.description;
  }
  const stateError = refusal && refusal.intent !== "update" && refusal.formError ? t(refusal.formError) : null;
  return (
    <details className="rounded-lg border border-slate-200 bg-white shadow-sm" open={refusal !== null}>
      <summary className="flex cursor-pointer flex-wrap items-center justify-between gap-2 px-4 py-3">
        <span className="font-medium text-slate-900">{name}</span>
        <span className="text-sm text-slate-500">{t("knowledge.categories.articles", { count: category.articles })}</span>
      </summary>
      <div className="space-y-4 border-t border-slate-200 p-4">
        {stateError ? <FormAlert>{stateError}</FormAlert> : null}
        <div className="flex flex-wrap gap-2">
          {(["up", "down"] as const).map((direction) => (
            <Form method="post" key={direction}>
              <CsrfField />
              <input type="hidden" name="intent" value={direction} />
              <input type="hidden" name="categoryId" value={category.id} />
              <Button type="submit" variant="secondary" size="sm" aria-label={t(direction === "up" ? "knowledge.categories.up" : "knowledge.categories.down", { name })}>
                {direction === "up" ? "↑" : "↓"}
              </Button>
            </Form>
          ))}
        </div>
        <CategoryFields
          intent="update"
          categoryId={category.id}
          tops={tops.filter((top) => top.id !== category.id)}
          values={refusal?.intent === "update" ? refusal.values : values}
          fieldErrors={refusal?.intent === "update" ? refusal.fieldErrors : {}}
          formError={refusal?.intent === "update" && refusal.formError ? t(refusal.formError) : null}
          submitLabel={t("knowledge.categories.save")}
          locale={locale}
        />
        {category.articles === 0 && category.children === 0 ? (
          <Form method="post" className="max-w-md space-y-2 border-t border-slate-200 pt-4">
            <CsrfField />
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="categoryId" value={category.id} />
            <CheckboxField label={t("knowledge.categories.deleteConfirm")} name="confirm" error={refusal?.intent === "delete" && refusal.fieldErrors.confirm ? t(refusal.fieldErrors.confirm) : null} />
            <Button type="submit" variant="danger" size="sm">
              {t("knowledge.categories.delete")}
            </Button>
          </Form>
        ) : null}
      </div>
    </details>
  );
}

function CategoryFields({
  intent,
  categoryId,
  tops,
  values,
  fieldErrors,
  formError,
  submitLabel,
  locale,
}: {
  intent: "create" | "update";
  categoryId?: string;
  tops: CategoryRow[];
  values: Record<string, string>;
  fieldErrors: FieldErrors;
  formError: string | null;
  submitLabel: string;
  locale: string;
}) {
  const { t } = useI18n();
  const error = (name: string) => (fieldErrors[name] ? t(fieldErrors[name]!) : null);
  return (
    <Form method="post" className="space-y-4" noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      {categoryId ? <input type="hidden" name="categoryId" value={categoryId} /> : null}
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <SelectField
        label={t("knowledge.categories.parent")}
        name="parentId"
        defaultValue={values.parentId ?? ""}
        error={error("parentId")}
        options={[{ value: "", label: t("knowledge.categories.parentNone") }, ...tops.map((top) => ({ value: top.id, label: categoryName(top, locale) }))]}
        className="max-w-md"
      />
      <div className="grid gap-4 md:grid-cols-2">
        {knowledgeLanguages.map((language) => {
          const languageName = t(`knowledge.language.${language}`);
          return (
            <fieldset key={language} className="min-w-0 space-y-3" lang={language}>
              <legend className="sr-only">{languageName}</legend>
              <TextField label={t("knowledge.categories.name", { language: languageName })} name={`name_${language}`} defaultValue={values[`name_${language}`] ?? ""} error={error(`name_${language}`)} maxLength={120} />
              <TextField
                label={t("knowledge.categories.slug", { language: languageName })}
                name={`slug_${language}`}
                defaultValue={values[`slug_${language}`] ?? ""}
                error={error(`slug_${language}`)}
                hint={t("knowledge.field.slugHintNew")}
              />
              <TextareaField label={t("knowledge.categories.descriptionField", { language: languageName })} name={`description_${language}`} rows={2} defaultValue={values[`description_${language}`] ?? ""} error={error(`description_${language}`)} />
            </fieldset>
          );
        })}
      </div>
      <Button type="submit" variant={intent === "create" ? "primary" : "secondary"}>
        {submitLabel}
      </Button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
