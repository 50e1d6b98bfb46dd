import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { archiveArticle, createArticle, publishArticle } from "~/domain/knowledge/articles.server";
import { createCategory, deleteCategory, listCategoriesForAuthors, moveCategory, reorderCategories, shiftCategory, updateCategory } from "~/domain/knowledge/categories.server";
import { findServableImage, uploadArticleImage } from "~/domain/knowledge/images.server";
import { db } from "~/lib/db.server";
import { fileStorePath } from "~/lib/files.server";
import fs from "node:fs";
import { anAuthor } from "../support/knowledge-authoring-factories.ts";

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error("expected a DomainError");
}

let sequence = 0;
const names = (fr: string, en = `${fr} (en)`) => [
  { language: "fr" as const, name: fr, description: "" },
  { language: "en" as const, name: en, description: "" },
];

describe("categories", () => {
  it("creates categories with a slug per language and one level of sub-categories at most", async () => {
    const author = await anAuthor();
    const run = `${++sequence}${Date.now().toString(36)}`;
    const top = await createCategory({ actorId: author.id, parentId: null, translations: names(`Facturation ${run}`, `Billing ${run}`) });
    const child = await createCategory({ actorId: author.id, parentId: top.id, translations: names(`Avoirs ${run}`) });
    const second = await createCategory({ actorId: author.id, parentId: null, translations: names(`Facturation ${run}`, `Billing ${run}`) });

    const slugs = await db().knowledgeCategoryTranslation.findMany({ where: { categoryId: { in: [top.id, second.id] } }, orderBy: [{ categoryId: "asc" }] });
    expect(slugs.filter((t) => t.language === "fr").map((t) => t.slug).sort()).toEqual([`facturation-${run}`, `facturation-${run}-2`]);

    expect(await refusal(createCategory({ actorId: author.id, parentId: child.id, translations: names(`Trop profond ${run}`) }))).toBe("knowledge.category.tooDeep");
    expect(await refusal(moveCategory({ actorId: author.id, categoryId: top.id, parentId: second.id }))).toBe("knowledge.category.hasChildrenCannotNest");
    expect(await refusal(moveCategory({ actorId: author.id, categoryId: second.id, parentId: second.id }))).toBe("knowledge.category.parentItself");
    expect(await refusal(createCategory({ actorId: author.id, parentId: null, translations: [{ language: "fr", name: "Sans anglais", description: "" }] }))).toBe("knowledge.category.nameRequired");
    expect(await refusal(updateCategory({ actorId: author.id, categoryId: second.id, parentId: null, translations: [
      { language: "fr", name: "x", slug: `facturation-${run}`, description: "" },
      { language: "en", name: "y", description: "" },
    ] }))).toBe("knowledge.category.slugTaken");

    await moveCategory({ actorId: author.id, categoryId: second.id, parentId: top.id });
    const listed = (await listCategoriesForAuthors()).filter((c) => [top.id, child.id, second.id].includes(c.id));
    expect(listed.map((c) => [c.id, c.depth])).toEqual([[top.id, 0], [child.id, 1], [second.id, 1]]);

    await shiftCategory({ actorId: author.id, categoryId: second.id, direction: "up" });
    const reordered = (await listCategoriesForAuthors()).filter((c) => c.parentId === top.id).map((c) => c.id);
    expect(reordered).toEqual([second.id, child.id]);
    expect(await refusal(reorderCategories({ actorId: author.id, parentId: top.id, orderedIds: [child.id] }))).toBe("knowledge.category.orderIncomplete");
  });

  it("refuses to delete a category holding articles (even archived) or sub-categories", async () => {
    const author = await anAuthor();
    const run = `${++sequence}${Date.now().toString(36)}`;
    const top = await createCategory({ actorId: author.id, parentId: null, translations: names(`Matériel ${run}`) });
    const child = await createCategory({ actorId: author.id, parentId: top.id, translations: names(`Écrans ${run}`) });
    const { id } = await createArticle({ actorId: author.id, categoryId: child.id, visibility: "public", reviewEveryMonths: null, translations: [{ language: "fr", title: "Écran noir", summary: "", bodyHtml: "" }] });
    await archiveArticle({ actorId: author.id, articleId: id });

    expect(await refusal(deleteCategory({ actorId: author.id, categoryId: top.id }))).toBe("knowledge.category.holdsCategories");
    expect(await refusal(deleteCategory({ actorId: author.id, categoryId: child.id }))).toBe("knowledge.category.holdsArticles");
    await db().knowledgeArticle.delete({ where: { id } });
    await deleteCategory({ actorId: author.id, categoryId: child.id });
    await deleteCategory({ actorId: author.id, categoryId: top.id });
    expect(await db().knowledgeCategory.count({ where: { id: { in: [top.id, child.id] } } })).toBe(0);
    expect(await db().auditLog.count({ where: { entityId: top.id, action: "knowledge_category.deleted" } })).toBe(1);
  });
});

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("IHDR fake image body " + Math.random())]);

describe("article images", () => {
  it("stores a raster image under the data directory, typed from its bytes", async () => {
    const author = await anAuthor();
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("jfif " + Math.random())]);
    const uploaded = await uploadArticleImage({ actorId: author.id, fileName: "capture.jpg", content: jpeg });
    expect(uploaded.url).toBe(`/aide/images/${uploaded.id}`);
    const image = await db().knowledgeImage.findUniqueOrThrow({ where: { id: uploaded.id } });
    expect(image).toMatchObject({ contentType: "image/jpeg", sizeBytes: jpeg.length, uploadedById: author.id, fileName: "capture.jpg" });
    expect(fs.readFileSync(fileStorePath(image.sha256))).toEqual(jpeg);
    expect(image.storedPath.startsWith("files")).toBe(true);
  });

  it.each([
    ["an SVG named .png", "logo.png", Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`)],
    ["HTML named .png", "page.png", Buffer.from("<!doctype html><script>alert(1)</script>")],
    ["a real SVG", "logo.svg", Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)],
    ["a PNG named .html", "image.html", png],
    ["a PDF", "doc.png", Buffer.from("%PDF-1.7 ...")],
  ])("refuses %s", async (_name, fileName, content) => {
    const author = await anAuthor();
    const before = await db().knowledgeImage.count();
    expect(await refusal(uploadArticleImage({ actorId: author.id, fileName, content }))).toBe("knowledge.image.type");
    expect(await db().knowledgeImage.count()).toBe(before);
  });

  it("refuses an empty or oversized file", async () => {
    const author = await anAuthor();
    expect(await refusal(uploadArticleImage({ actorId: author.id, fileName: "a.png", content: Buffer.alloc(0) }))).toBe("knowledge.image.empty");
    const huge = Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]);
    expect(await refusal(uploadArticleImage({ actorId: author.id, fileName: "a.png", content: huge }))).toBe("knowledge.image.tooLarge");
  });

  it("serves an image to anyone once a published public article shows it, to staff otherwise", async () => {
    const author = await anAuthor();
    const run = `${++sequence}${Date.now().toString(36)}`;
    const category = await createCategory({ actorId: author.id, parentId: null, translations: names(`Images ${run}`) });
    const image = await uploadArticleImage({ actorId: author.id, fileName: "schema.png", content: png });
    const anonymous = { readsKnowledge: false };
    const staff = { readsKnowledge: true };
    expect(await findServableImage(image.id, anonymous)).toBeNull();
    expect(await findServableImage(image.id, staff)).toMatchObject({ contentType: "image/png", public: false });

    const body = `<p>Voir :</p><p><img src="${image.url}" alt="schéma"></p>`;
    const internal = await createArticle({ actorId: author.id, categoryId: category.id, visibility: "internal", reviewEveryMonths: null, state: "published", translations: [{ language: "fr", title: `Interne ${run}`, summary: "", bodyHtml: body }] });
    const draft = await createArticle({ actorId: author.id, categoryId: category.id, visibility: "public", reviewEveryMonths: null, translations: [{ language: "fr", title: `Brouillon ${run}`, summary: "", bodyHtml: body }] });
    expect(await findServableImage(image.id, anonymous)).toBeNull();

    await publishArticle({ actorId: author.id, articleId: draft.id });
    expect(await findServableImage(image.id, anonymous)).toMatchObject({ id: image.id, public: true });
    await archiveArticle({ actorId: author.id, articleId: draft.id });
    expect(await findServableImage(image.id, anonymous)).toBeNull();
    expect(await findServableImage("unknown", staff)).toBeNull();
    expect(await findServableImage("../../etc/passwd", staff)).toBeNull();
    expect(internal.id).toBeTruthy();
  });
});
