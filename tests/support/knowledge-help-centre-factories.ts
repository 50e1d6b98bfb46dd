import { db } from "~/lib/db.server";
import { aKnowledgeArticle, aKnowledgeCategory } from "./knowledge-factories.ts";

let sequence = 0;
const unique = () => `${++sequence}-${Date.now().toString(36)}`;

/** A category with known slugs in both languages (optionally under a parent). */
export async function aHelpCentreCategory(input: { nameFr?: string; nameEn?: string; parentId?: string | null } = {}) {
  const { id } = await aKnowledgeCategory(input);
  const translations = await db().knowledgeCategoryTranslation.findMany({ where: { categoryId: id }, select: { language: true, slug: true, name: true } });
  const of = (language: string) => translations.find((translation) => translation.language === language)!;
  return { id, fr: of("fr"), en: of("en") };
}

/** An article with French and English versions at known slugs; `key` makes the words unique. */
export async function aHelpCentreArticle(
  input: {
    key?: string;
    titleFr?: string;
    titleEn?: string | null;
    state?: "draft" | "published" | "archived";
    visibility?: "public" | "internal";
    categoryId?: string;
    bodyHtml?: string;
  } = {},
) {
  const key = input.key ?? unique();
  const slugFr = `article-fr-${key}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const slugEn = `article-en-${key}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const { id } = await aKnowledgeArticle({
    state: input.state,
    visibility: input.visibility,
    categoryId: input.categoryId,
    fr: { title: input.titleFr ?? `Article ${key}`, slug: slugFr, summary: `Résumé ${key}`, bodyText: `Corps ${key}`, bodyHtml: input.bodyHtml },
    en: input.titleEn === null ? undefined : { title: input.titleEn ?? `Article ${key} (en)`, slug: slugEn, summary: `Summary ${key}`, bodyText: `Body ${key}` },
  });
  return { id, slugFr, slugEn };
}

/** A former slug of an article's version, as the authoring side keeps on a rename. */
export async function aFormerSlug(articleId: string, language: "fr" | "en", slug: string) {
  await db().knowledgeSlugRedirect.create({ data: { articleId, language, slug } });
}
