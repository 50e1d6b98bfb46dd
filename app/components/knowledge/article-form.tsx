import { Form } from "@remix-run/react";
import { useState } from "react";
import { CsrfField } from "~/components/csrf-field";
import { useI18n } from "~/components/i18n";
import { Button } from "~/components/ui/button";
import { CheckboxField, FormAlert, SelectField, TextField, TextareaField } from "~/components/ui/field";
import { knowledgeLanguages, type KnowledgeLanguage } from "~/domain/knowledge/knowledge-vocabulary";
import type { FieldErrors } from "~/lib/forms";
import { ArticleBodyEditor } from "./article-body-editor";

export type ArticleFormValues = Record<string, string>;
export type CategoryOption = { id: string; depth: 0 | 1; name: string };

const SUMMARY_LIMIT = 300;

/** The article form: settings, then both languages side by side (stacked on a phone). */
export function ArticleForm({
  mode,
  values,
  fieldErrors,
  formError,
  categories,
  publicUrls,
}: {
  mode: "new" | "edit";
  values: ArticleFormValues;
  fieldErrors?: FieldErrors;
  formError?: string | null;
  categories: CategoryOption[];
  publicUrls?: Partial<Record<KnowledgeLanguage, string>>;
}) {
  const { t } = useI18n();
  const error = (name: string) => (fieldErrors?.[name] ? t(fieldErrors[name]!) : null);
  return (
    <Form method="post" className="space-y-6" noValidate>
      <CsrfField />
      <input type="hidden" name="intent" value="save" />
      {mode === "edit" ? <input type="hidden" name="version" value={values.version ?? ""} /> : null}
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
        <legend className="px-1 text-sm font-semibold text-slate-800">{t("knowledge.editor.settings")}</legend>
        <SelectField
          label={t("knowledge.field.category")}
          name="categoryId"
          defaultValue={values.categoryId ?? ""}
          error={error("categoryId")}
          options={categories.map((category) => ({ value: category.id, label: `${category.depth ? "— " : ""}${category.name}` }))}
        />
        <SelectField
          label={t("knowledge.field.visibility")}
          name="visibility"
          defaultValue={values.visibility ?? "public"}
          error={error("visibility")}
          hint={t("knowledge.field.visibilityHint")}
          options={[
            { value: "public", label: t("knowledge.visibility.public") },
            { value: "internal", label: t("knowledge.visibility.internal") },
          ]}
        />
        <TextField
          label={t("knowledge.field.reviewEvery")}
          name="reviewEveryMonths"
          type="number"
          inputMode="numeric"
          min={1}
          max={60}
          defaultValue={values.reviewEveryMonths ?? ""}
          error={error("reviewEveryMonths")}
          hint={t("knowledge.field.reviewEveryHint")}
        />
        {mode === "new" ? <CheckboxField label={t("knowledge.field.publishNow")} name="publishNow" defaultChecked={values.publishNow === "on"} /> : null}
      </fieldset>
      <p className="text-sm text-slate-600">{t("knowledge.editor.languageHint")}</p>
      <div className="grid gap-6 xl:grid-cols-2">
        {knowledgeLanguages.map((language) => (
          <fieldset key={language} className="min-w-0 space-y-4 rounded-lg border border-slate-200 bg-white p-4" lang={language}>
            <legend className="px-1 text-sm font-semibold text-slate-800">{t(`knowledge.editor.version.${language}`)}</legend>
            <TextField label={t("knowledge.field.title")} name={`title_${language}`} defaultValue={values[`title_${language}`] ?? ""} error={error(`title_${language}`)} maxLength={200} />
            <TextField
              label={t("knowledge.field.slug")}
              name={`slug_${language}`}
              defaultValue={values[`slug_${language}`] ?? ""}
              error={error(`slug_${language}`)}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              hint={publicUrls?.[language] ? t("knowledge.field.slugHint", { url: publicUrls[language]! }) : t("knowledge.field.slugHintNew")}
            />
            <SummaryField language={language} defaultValue={values[`summary_${language}`] ?? ""} error={error(`summary_${language}`)} />
            <ArticleBodyEditor
              name={`bodyHtml_${language}`}
              label={t("knowledge.field.body")}
              languageLabel={t(`knowledge.language.${language}`)}
              defaultValue={values[`bodyHtml_${language}`] ?? ""}
              hint={t("knowledge.field.bodyHint")}
              error={error(`bodyHtml_${language}`)}
            />
          </fieldset>
        ))}
      </div>
      <Button type="submit" variant="primary">
        {mode === "new" ? t("knowledge.editor.create") : t("knowledge.editor.save")}
      </Button>
    </Form>
  );
}

function SummaryField({ language, defaultValue, error }: { language: KnowledgeLanguage; defaultValue: string; error: string | null }) {
  const { t } = useI18n();
  const [length, setLength] = useState(defaultValue.length);
  return (
    <TextareaField
      label={t("knowledge.field.summary")}
      name={`summary_${language}`}
      rows={2}
      defaultValue={defaultValue}
      error={error ?? (length > SUMMARY_LIMIT ? t("knowledge.article.summaryTooLong") : null)}
      hint={<span aria-live="polite">{t("knowledge.field.summaryCount", { count: length })}</span>}
      onChange={(event) => setLength(event.currentTarget.value.length)}
    />
  );
}
