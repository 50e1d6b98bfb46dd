import { useRouteLoaderData } from "@remix-run/react";
import { useState } from "react";
import { articleLinkText } from "~/domain/knowledge/agent-suggestions";
import type { ExcerptPart } from "~/domain/search/excerpt";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { loader as rootLoader } from "~/root";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { Badge } from "../ui/layout";
import { useHydrated, useInsertIntoReply } from "./reply-insertion";

/** An article offered to the agent (suggested for the ticket, or found by the composer's search). */
export type AgentArticle = {
  articleId: string;
  language: string;
  title: string;
  excerpt: ExcerptPart[];
  internal: boolean;
  inOtherLanguage: boolean;
  /** Where staff read it (the help centre's page). */
  path: string;
};

const languageName = (language: string): MessageKey => (language === "en" ? "knowledgeAgent.language.en" : "knowledgeAgent.language.fr");

/**
 * A list of articles: each title opens the article (a plain link: works without JavaScript),
 * with « Insérer le lien » (public articles only) and « Insérer le texte » when a reply box is
 * on the page. Insertions are announced to screen readers.
 */
export function AgentArticleList({
  articles,
  customerLanguage,
  canInsert,
  testId,
}: {
  articles: AgentArticle[];
  customerLanguage: string;
  canInsert: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <ul className="divide-y divide-slate-100" data-testid={testId}>
      {articles.map((article) => (
        <li key={article.articleId} className="py-3 first:pt-0 last:pb-0" data-testid="agent-article" data-article-id={article.articleId}>
          <div className="flex flex-wrap items-center gap-2">
            <a
              href={article.path}
              target="_blank"
              rel="noopener"
              lang={article.language}
              className="font-medium text-brand-700 hover:underline"
              aria-label={t("knowledgeAgent.readArticle", { title: article.title })}
            >
              {article.title}
            </a>
            {article.internal ? <Badge tone="amber">{t("knowledgeAgent.internal")}</Badge> : null}
          </div>
          {article.excerpt.length > 0 ? (
            <p className="mt-1 text-sm text-slate-600" lang={article.language}>
              {article.excerpt.map((part, index) =>
                part.match ? (
                  <mark key={index} className="rounded-sm bg-amber-100 px-0.5 text-slate-900">
                    {part.text}
                  </mark>
                ) : (
                  <span key={index}>{part.text}</span>
                ),
              )}
            </p>
          ) : null}
          {article.inOtherLanguage ? (
            <p className="mt-1 text-xs text-slate-500">
              {t("knowledgeAgent.otherLanguage", { language: t(languageName(customerLanguage)), other: t(languageName(article.language)) })}
            </p>
          ) : null}
          {article.internal ? <p className="mt-1 text-xs text-amber-800">{t("knowledgeAgent.internalWarning")}</p> : null}
          {canInsert ? <InsertButtons article={article} customerLanguage={customerLanguage} /> : null}
        </li>
      ))}
    </ul>
  );
}

type InsertionAnswer = { title: string; url: string | null; text: string; html: string; language: string; internal: boolean };

function InsertButtons({ article, customerLanguage }: { article: AgentArticle; customerLanguage: string }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const insertIntoReply = useInsertIntoReply();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  if (!hydrated) return null;

  const insert = async (form: "link" | "text") => {
    setBusy(true);
    setStatus(null);
    try {
      const body = new FormData();
      body.set("csrf", root?.csrfToken ?? "");
      body.set("langue", customerLanguage);
      const response = await fetch(`/connaissances/articles/${encodeURIComponent(article.articleId)}/insertion`, { method: "POST", body, headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`insertion ${response.status}`);
      const answer = (await response.json()) as InsertionAnswer;
      const text = form === "link" && answer.url ? articleLinkText({ title: answer.title, url: answer.url, language: answer.language }) : answer.text;
      const inserted = insertIntoReply(text);
      setStatus(inserted ? { ok: true, text: t("knowledgeAgent.inserted", { title: answer.title }) } : { ok: false, text: t("knowledgeAgent.insertNeedsComposer") });
    } catch {
      setStatus({ ok: false, text: t("knowledgeAgent.insertFailed") });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="mt-2">
      <div className="flex flex-wrap gap-2">
        {article.internal ? null : (
          <Button size="sm" variant="secondary" disabled={busy} onClick={() => insert("link")} aria-label={t("knowledgeAgent.insertLinkOf", { title: article.title })}>
            {t("knowledgeAgent.insertLink")}
          </Button>
        )}
        <Button size="sm" variant="secondary" disabled={busy} onClick={() => insert("text")} aria-label={t("knowledgeAgent.insertTextOf", { title: article.title })}>
          {t("knowledgeAgent.insertText")}
        </Button>
      </div>
      <p className={status?.ok === false ? "mt-1 text-xs text-red-700" : "mt-1 text-xs text-emerald-800"} role="status" aria-live="polite">
        {status?.text ?? ""}
      </p>
    </div>
  );
}
