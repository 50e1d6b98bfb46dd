import { useI18n } from "../i18n";
import { Card } from "../ui/layout";
import { AgentArticleList, type AgentArticle } from "./agent-articles";

/**
 * « Articles suggérés » beside the ticket: published articles (public and internal) matching the
 * ticket's subject and first customer message, in the customer's language first. Server-rendered:
 * without JavaScript the titles still link to the articles.
 */
export function SuggestedArticlesPanel({ articles, customerLanguage, canInsert }: { articles: AgentArticle[]; customerLanguage: string; canInsert: boolean }) {
  const { t } = useI18n();
  return (
    <div data-testid="suggested-articles">
      <Card title={t("knowledgeAgent.title")}>
        <p className="mb-3 text-xs text-slate-500">{t("knowledgeAgent.intro")}</p>
        {articles.length === 0 ? (
          <p className="text-sm text-slate-600">{t("knowledgeAgent.none")}</p>
        ) : (
          <AgentArticleList articles={articles} customerLanguage={customerLanguage} canInsert={canInsert} />
        )}
      </Card>
    </div>
  );
}
