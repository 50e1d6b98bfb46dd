import { createArticle, type ArticleTranslationInput } from "~/domain/knowledge/articles.server";
import { aKnowledgeCategory } from "./knowledge-factories.ts";
import { aUser } from "./factories.ts";

let sequence = 0;

/** A knowledge author (a technician marked as writing the knowledge base). */
export async function anAuthor() {
  return aUser({ role: "technician", writesKnowledge: true });
}

/** An article written through the authoring domain (version 1 in its history). */
export async function anAuthoredArticle(input: {
  actorId: string;
  categoryId?: string;
  state?: "draft" | "published";
  visibility?: "public" | "internal";
  reviewEveryMonths?: number | null;
  translations?: ArticleTranslationInput[];
}) {
  sequence += 1;
  const categoryId = input.categoryId ?? (await aKnowledgeCategory()).id;
  return createArticle({
    actorId: input.actorId,
    categoryId,
    visibility: input.visibility ?? "public",
    reviewEveryMonths: input.reviewEveryMonths ?? null,
    state: input.state ?? "draft",
    translations: input.translations ?? [
      { language: "fr", title: `Article ${sequence} ${Date.now().toString(36)}`, summary: "Résumé.", bodyHtml: "<p>Texte.</p>" },
    ],
  });
}
