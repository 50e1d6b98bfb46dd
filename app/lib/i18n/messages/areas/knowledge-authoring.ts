import { defineMessages } from "../define";

/** Messages of the knowledge base's staff side: articles, editor, categories, versions, figures. Keys are prefixed with "knowledge.". */
export const knowledgeAuthoringMessages = defineMessages({
  fr: {
    "knowledge.title": "Base de connaissances",
  },
  en: {
    "knowledge.title": "Knowledge base",
  },
});
