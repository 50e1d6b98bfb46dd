import { db } from "~/lib/db.server";

let sequence = 0;
const unique = () => `${++sequence}-${Date.now().toString(36)}`;

/** A category with its French and English names. */
export async function aKnowledgeCategory(input: { nameFr?: string; nameEn?: string; parentId?: string | null } = {}) {
  const id = unique();
  return db().knowledgeCategory.create({
    data: {
      parentId: input.parentId ?? null,
      translations: {
        create: [
          { language: "fr", name: input.nameFr ?? `Catégorie ${id}`, slug: `categorie-${id}` },
          { language: "en", name: input.nameEn ?? `Category ${id}`, slug: `category-${id}` },
        ],
      },
    },
    select: { id: true },
  });
}

type Version = { title: string; summary?: string; bodyText?: string; bodyHtml?: string; slug?: string };

/**
 * An article written straight into the tables (for search and read-side tests; the authoring
 * domain's own tests go through its commands). Versions per language: { fr, en }.
 */
export async function aKnowledgeArticle(input: {
  fr?: Version;
  en?: Version;
  state?: "draft" | "published" | "archived";
  visibility?: "public" | "internal";
  categoryId?: string;
}) {
  const categoryId = input.categoryId ?? (await aKnowledgeCategory()).id;
  const id = unique();
  const versions = (["fr", "en"] as const).flatMap((language) => {
    const version = input[language];
    if (!version) return [];
    const bodyText = version.bodyText ?? "";
    return [
      {
        language,
        title: version.title,
        slug: version.slug ?? `${language}-article-${id}`,
        summary: version.summary ?? "",
        bodyText,
        bodyHtml: version.bodyHtml ?? (bodyText ? `<p>${bodyText}</p>` : ""),
      },
    ];
  });
  const state = input.state ?? "published";
  return db().knowledgeArticle.create({
    data: {
      categoryId,
      state,
      visibility: input.visibility ?? "public",
      publishedAt: state === "published" ? new Date() : null,
      translations: { create: versions },
    },
    select: { id: true },
  });
}
