import { z } from "zod";
import { articleStates, articleVisibilities, knowledgeLanguages } from "./knowledge-vocabulary";

/**
 * The knowledge base's staff forms, shared by the actions (which validate) and the pages (which
 * show the errors next to the fields). Deeper rules (slugs, lengths, categories) are the domain's.
 */

const optionalText = z.string().trim().default("");

/** "" → null; otherwise a whole number of months (the domain checks the range). */
const reviewEveryMonths = z
  .string()
  .trim()
  .default("")
  .refine((value) => value === "" || /^\d{1,3}$/.test(value), "knowledge.article.reviewEveryInvalid")
  .transform((value) => (value === "" ? null : Number(value)));

const translationFields = Object.fromEntries(
  knowledgeLanguages.flatMap((language) => [
    [`title_${language}`, optionalText],
    [`slug_${language}`, optionalText],
    [`summary_${language}`, optionalText],
    [`bodyHtml_${language}`, z.string().default("")],
  ]),
) as Record<`${"title" | "slug" | "summary" | "bodyHtml"}_${(typeof knowledgeLanguages)[number]}`, z.ZodDefault<z.ZodString>>;

export const articleFormSchema = z.object({
  categoryId: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required"),
  visibility: z.enum(articleVisibilities, { errorMap: () => ({ message: "knowledge.article.visibilityUnknown" }) }),
  reviewEveryMonths,
  publishNow: z.literal("on").optional(),
  version: z.coerce.number().int().nonnegative().optional(),
  ...translationFields,
});
export type ArticleForm = z.infer<typeof articleFormSchema>;

/** The language versions of a submitted article form, in the domain's shape. */
export function translationsFromForm(form: ArticleForm) {
  return knowledgeLanguages.map((language) => ({
    language,
    title: form[`title_${language}`],
    slug: form[`slug_${language}`],
    summary: form[`summary_${language}`],
    bodyHtml: form[`bodyHtml_${language}`],
  }));
}

export const articleListQuerySchema = z.object({
  etat: z.enum(articleStates).optional().catch(undefined),
  audience: z.enum(articleVisibilities).optional().catch(undefined),
  categorie: z.string().max(64).optional().catch(undefined),
  langue: z.enum(knowledgeLanguages).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
});

export const categoryFormSchema = z.object({
  parentId: z.string().trim().default("").transform((value) => value || null),
  ...(Object.fromEntries(
    knowledgeLanguages.flatMap((language) => [
      [`name_${language}`, optionalText],
      [`slug_${language}`, optionalText],
      [`description_${language}`, optionalText],
    ]),
  ) as Record<`${"name" | "slug" | "description"}_${(typeof knowledgeLanguages)[number]}`, z.ZodDefault<z.ZodString>>),
});
export type CategoryForm = z.infer<typeof categoryFormSchema>;

export function categoryTranslationsFromForm(form: CategoryForm) {
  return knowledgeLanguages.map((language) => ({
    language,
    name: form[`name_${language}`],
    slug: form[`slug_${language}`],
    description: form[`description_${language}`],
  }));
}
