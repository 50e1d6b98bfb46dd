import { knowledgeLanguages } from "./knowledge-vocabulary";

/** An article as the form's field values (the form shows what is stored, or what was typed). */
export function articleFormValues(article: {
  categoryId: string;
  visibility: string;
  reviewEveryMonths: number | null;
  version?: number;
  translations: { language: string; title: string; slug: string; summary: string; bodyHtml: string }[];
}): Record<string, string> {
  const values: Record<string, string> = {
    categoryId: article.categoryId,
    visibility: article.visibility,
    reviewEveryMonths: article.reviewEveryMonths === null ? "" : String(article.reviewEveryMonths),
    ...(article.version !== undefined ? { version: String(article.version) } : {}),
  };
  for (const language of knowledgeLanguages) {
    const translation = article.translations.find((candidate) => candidate.language === language);
    values[`title_${language}`] = translation?.title ?? "";
    values[`slug_${language}`] = translation?.slug ?? "";
    values[`summary_${language}`] = translation?.summary ?? "";
    values[`bodyHtml_${language}`] = translation?.bodyHtml ?? "";
  }
  return values;
}

/** Submitted values as plain strings (a repeated name keeps its first value). */
export function flatValues(values: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Array.isArray(value) ? (value[0] ?? "") : value]));
}
