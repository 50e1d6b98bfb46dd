import { defineMessages } from "../define";

/** Messages of the knowledge base's staff side: articles, editor, categories, versions, figures. Keys are prefixed with "knowledge.". */
export const knowledgeAuthoringMessages = defineMessages({
  fr: {
    "knowledge.title": "Base de connaissances",
    "knowledge.article.languageUnknown": "Cette langue n'est pas proposée.",
    "knowledge.article.languageTwice": "Une langue ne peut avoir qu'une version.",
    "knowledge.article.languageRequired": "Écrivez l'article dans au moins une langue.",
    "knowledge.article.titleRequired": "Donnez un titre à cette version.",
    "knowledge.article.titleTooLong": "Le titre ne doit pas dépasser 200 caractères.",
    "knowledge.article.summaryTooLong": "Le résumé ne doit pas dépasser 300 caractères.",
    "knowledge.article.bodyTooLong": "Le texte de l'article est trop long.",
    "knowledge.article.slugInvalid": "L'adresse ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets (par exemple imprimante-bloquee).",
    "knowledge.article.slugTaken": "Un autre article utilise déjà cette adresse dans cette langue.",
    "knowledge.article.visibilityUnknown": "Choisissez une audience : public ou interne.",
    "knowledge.article.reviewEveryInvalid": "Indiquez un nombre de mois entre 1 et 60, ou laissez vide.",
    "knowledge.article.categoryUnknown": "Choisissez une catégorie existante.",
    "knowledge.article.changedMeanwhile": "Quelqu'un d'autre a modifié cet article entre-temps. Rechargez la page pour voir ses changements ; votre texte est conservé ci-dessous.",
  },
  en: {
    "knowledge.title": "Knowledge base",
    "knowledge.article.languageUnknown": "This language is not offered.",
    "knowledge.article.languageTwice": "A language can only have one version.",
    "knowledge.article.languageRequired": "Write the article in at least one language.",
    "knowledge.article.titleRequired": "Give this version a title.",
    "knowledge.article.titleTooLong": "The title must not exceed 200 characters.",
    "knowledge.article.summaryTooLong": "The summary must not exceed 300 characters.",
    "knowledge.article.bodyTooLong": "The article's text is too long.",
    "knowledge.article.slugInvalid": "The address may only hold lower-case letters without accents, digits and hyphens (for instance printer-jammed).",
    "knowledge.article.slugTaken": "Another article already uses this address in this language.",
    "knowledge.article.visibilityUnknown": "Choose an audience: public or internal.",
    "knowledge.article.reviewEveryInvalid": "Enter a number of months between 1 and 60, or leave it empty.",
    "knowledge.article.categoryUnknown": "Choose an existing category.",
    "knowledge.article.changedMeanwhile": "Someone else changed this article in the meantime. Reload the page to see their changes; your text is kept below.",
  },
});
