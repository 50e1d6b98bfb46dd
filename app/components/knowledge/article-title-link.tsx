import { Link } from "@remix-run/react";
import { useI18n } from "../i18n";

type TitledArticle = { id: string; translations: ReadonlyArray<{ language: string; title: string }> };

/** An article's title in the reader's language (else its first version), linking to its staff page. */
export function ArticleTitleLink({ article }: { article: TitledArticle }) {
  const { t, locale } = useI18n();
  const main = article.translations.find((translation) => translation.language === locale) ?? article.translations[0];
  return (
    <Link to={`/connaissances/articles/${article.id}`} className="font-medium text-brand-700 hover:underline">
      {main?.title ?? t("knowledge.list.untitled")}
    </Link>
  );
}
