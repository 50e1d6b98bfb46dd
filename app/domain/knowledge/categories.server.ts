import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { knowledgeLanguages, MAX_SLUG_LENGTH, SLUG_PATTERN, slugify, type KnowledgeLanguage } from "./knowledge-vocabulary";

/**
 * The help centre's categories: a name, slug and description in French and in English, and at
 * most one level of sub-categories (a category is either top-level or inside a top-level one).
 * A category holding articles or sub-categories cannot be deleted.
 */

export const MAX_CATEGORY_NAME_LENGTH = 120;
export const MAX_CATEGORY_DESCRIPTION_LENGTH = 500;

export type CategoryTranslationInput = { language: KnowledgeLanguage; name: string; slug?: string; description: string };

export type CategoryInput = {
  actorId: string;
  parentId: string | null;
  /** One per language of the interface (French and English). */
  translations: CategoryTranslationInput[];
};

function field(name: string, language: string) {
  return `${name}_${language}`;
}

function cleanCategoryTranslations(translations: CategoryTranslationInput[]) {
  return knowledgeLanguages.map((language) => {
    const translation = translations.find((candidate) => candidate.language === language);
    const name = (translation?.name ?? "").trim();
    const slug = (translation?.slug ?? "").trim().toLowerCase();
    const description = (translation?.description ?? "").trim();
    if (!name) throw new DomainError("knowledge.category.nameRequired", field("name", language));
    if (name.length > MAX_CATEGORY_NAME_LENGTH) throw new DomainError("knowledge.category.nameTooLong", field("name", language));
    if (description.length > MAX_CATEGORY_DESCRIPTION_LENGTH) throw new DomainError("knowledge.category.descriptionTooLong", field("description", language));
    if (slug && (slug.length > MAX_SLUG_LENGTH || !SLUG_PATTERN.test(slug))) throw new DomainError("knowledge.article.slugInvalid", field("slug", language));
    return { language, name, slug, description };
  });
}

async function settleCategorySlug(tx: TransactionClient, input: { categoryId: string | null; language: string; slug: string; name: string; current?: string }) {
  const takenByOther = async (slug: string) => {
    const found = await tx.knowledgeCategoryTranslation.findUnique({ where: { language_slug: { language: input.language, slug } }, select: { categoryId: true } });
    return found !== null && found.categoryId !== input.categoryId;
  };
  const wanted = input.slug || input.current || "";
  if (wanted) {
    if (await takenByOther(wanted)) throw new DomainError("knowledge.category.slugTaken", field("slug", input.language));
    return wanted;
  }
  const base = slugify(input.name) || "categorie";
  for (let attempt = 1; ; attempt += 1) {
    const suffix = attempt === 1 ? "" : `-${attempt}`;
    const candidate = `${base.slice(0, MAX_SLUG_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!(await takenByOther(candidate))) return candidate;
  }
}

/** A parent must be a top-level category (one level of sub-categories), and not the category itself. */
async function checkParent(tx: TransactionClient, categoryId: string | null, parentId: string | null) {
  if (!parentId) return;
  if (parentId === categoryId) throw new DomainError("knowledge.category.parentItself", "parentId");
  const parent = await tx.knowledgeCategory.findUnique({ where: { id: parentId }, select: { parentId: true } });
  if (!parent) throw new DomainError("knowledge.category.parentUnknown", "parentId");
  if (parent.parentId) throw new DomainError("knowledge.category.tooDeep", "parentId");
  if (categoryId) {
    const children = await tx.knowledgeCategory.count({ where: { parentId: categoryId } });
    if (children > 0) throw new DomainError("knowledge.category.hasChildrenCannotNest", "parentId");
  }
}

async function nextPosition(tx: TransactionClient, parentId: string | null) {
  const last = await tx.knowledgeCategory.findFirst({ where: { parentId }, orderBy: { position: "desc" }, select: { position: true } });
  return (last?.position ?? -1) + 1;
}

export async function createCategory(input: CategoryInput): Promise<{ id: string }> {
  const translations = cleanCategoryTranslations(input.translations);
  return transactionWithEvents(async (tx) => {
    await checkParent(tx, null, input.parentId);
    const category = await tx.knowledgeCategory.create({ data: { parentId: input.parentId, position: await nextPosition(tx, input.parentId) }, select: { id: true } });
    for (const translation of translations) {
      const slug = await settleCategorySlug(tx, { categoryId: category.id, language: translation.language, slug: translation.slug, name: translation.name });
      await tx.knowledgeCategoryTranslation.create({ data: { categoryId: category.id, language: translation.language, name: translation.name, slug, description: translation.description } });
    }
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge_category.created", entityType: "knowledge_category", entityId: category.id, details: { names: translations.map((t) => t.name), parentId: input.parentId } });
    return category;
  });
}

/** Renames a category (names, slugs, descriptions) and, when `parentId` differs, moves it. */
export async function updateCategory(input: CategoryInput & { categoryId: string }): Promise<void> {
  const translations = cleanCategoryTranslations(input.translations);
  await transactionWithEvents(async (tx) => {
    const category = await tx.knowledgeCategory.findUnique({ where: { id: input.categoryId }, select: { parentId: true, translations: { select: { id: true, language: true, slug: true } } } });
    if (!category) throw new DomainError("errors.notFound");
    if (category.parentId !== input.parentId) {
      await checkParent(tx, input.categoryId, input.parentId);
      await tx.knowledgeCategory.update({ where: { id: input.categoryId }, data: { parentId: input.parentId, position: await nextPosition(tx, input.parentId) } });
    }
    for (const translation of translations) {
      const existing = category.translations.find((candidate) => candidate.language === translation.language);
      const slug = await settleCategorySlug(tx, { categoryId: input.categoryId, language: translation.language, slug: translation.slug, name: translation.name, current: existing?.slug });
      await tx.knowledgeCategoryTranslation.upsert({
        where: { categoryId_language: { categoryId: input.categoryId, language: translation.language } },
        create: { categoryId: input.categoryId, language: translation.language, name: translation.name, slug, description: translation.description },
        update: { name: translation.name, slug, description: translation.description },
      });
    }
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge_category.updated", entityType: "knowledge_category", entityId: input.categoryId, details: { names: translations.map((t) => t.name), parentId: input.parentId } });
  });
}

/** Moves a category to the top level or under a top-level category (at the end of its new siblings). */
export async function moveCategory(input: { actorId: string; categoryId: string; parentId: string | null }): Promise<void> {
  await transactionWithEvents(async (tx) => {
    const category = await tx.knowledgeCategory.findUnique({ where: { id: input.categoryId }, select: { parentId: true } });
    if (!category) throw new DomainError("errors.notFound");
    if (category.parentId === input.parentId) return;
    await checkParent(tx, input.categoryId, input.parentId);
    await tx.knowledgeCategory.update({ where: { id: input.categoryId }, data: { parentId: input.parentId, position: await nextPosition(tx, input.parentId) } });
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge_category.moved", entityType: "knowledge_category", entityId: input.categoryId, details: { from: category.parentId, to: input.parentId } });
  });
}

/** Moves a category one place up or down among its siblings. */
export async function shiftCategory(input: { actorId: string; categoryId: string; direction: "up" | "down" }): Promise<void> {
  const category = await db().knowledgeCategory.findUnique({ where: { id: input.categoryId }, select: { parentId: true } });
  if (!category) throw new DomainError("errors.notFound");
  const siblings = await db().knowledgeCategory.findMany({ where: { parentId: category.parentId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true } });
  const ids = siblings.map((sibling) => sibling.id);
  const index = ids.indexOf(input.categoryId);
  const target = input.direction === "up" ? index - 1 : index + 1;
  if (target < 0 || target >= ids.length) return;
  [ids[index], ids[target]] = [ids[target], ids[index]];
  await reorderCategories({ actorId: input.actorId, parentId: category.parentId, orderedIds: ids });
}

/** Sets the order of a parent's sub-categories (or of the top-level ones): every sibling, once. */
export async function reorderCategories(input: { actorId: string; parentId: string | null; orderedIds: string[] }): Promise<void> {
  await transactionWithEvents(async (tx) => {
    const siblings = await tx.knowledgeCategory.findMany({ where: { parentId: input.parentId }, select: { id: true } });
    const expected = new Set(siblings.map((sibling) => sibling.id));
    if (input.orderedIds.length !== expected.size || new Set(input.orderedIds).size !== expected.size || input.orderedIds.some((id) => !expected.has(id))) {
      throw new DomainError("knowledge.category.orderIncomplete");
    }
    for (const [position, id] of input.orderedIds.entries()) await tx.knowledgeCategory.update({ where: { id }, data: { position } });
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge_category.reordered", entityType: "knowledge_category", entityId: input.parentId ?? "top", details: { orderedIds: input.orderedIds } });
  });
}

/** Deletes an empty category: one holding articles (in any state) or sub-categories is refused. */
export async function deleteCategory(input: { actorId: string; categoryId: string }): Promise<void> {
  await transactionWithEvents(async (tx) => {
    const category = await tx.knowledgeCategory.findUnique({
      where: { id: input.categoryId },
      select: { _count: { select: { articles: true, children: true } }, translations: { select: { name: true } } },
    });
    if (!category) throw new DomainError("errors.notFound");
    if (category._count.articles > 0) throw new DomainError("knowledge.category.holdsArticles");
    if (category._count.children > 0) throw new DomainError("knowledge.category.holdsCategories");
    await tx.knowledgeCategory.delete({ where: { id: input.categoryId } });
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge_category.deleted", entityType: "knowledge_category", entityId: input.categoryId, details: { names: category.translations.map((t) => t.name) } });
  });
}

/** Every category for the staff pages: top-level ones in order, each followed by its sub-categories. */
export async function listCategoriesForAuthors() {
  const categories = await db().knowledgeCategory.findMany({
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      parentId: true,
      position: true,
      translations: { select: { language: true, name: true, slug: true, description: true } },
      _count: { select: { articles: true, children: true } },
    },
  });
  const tops = categories.filter((category) => !category.parentId);
  return tops.flatMap((top) => [
    { ...top, depth: 0 as const },
    ...categories.filter((child) => child.parentId === top.id).map((child) => ({ ...child, depth: 1 as const })),
  ]);
}

export type AuthorCategory = Awaited<ReturnType<typeof listCategoriesForAuthors>>[number];
