import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { MessageKey } from "~/lib/i18n/messages/fr";
import { useI18n } from "../i18n";
import { Button } from "../ui/button";
import { AgentArticleList, type AgentArticle } from "./agent-articles";
import { useHydrated } from "./reply-insertion";

/** Typing pauses: the first asks for results, the longer one marks the search as settled (a miss is then counted). */
const SEARCH_DELAY_MS = 300;
const SETTLED_DELAY_MS = 1500;

type SearchState =
  | { kind: "idle" }
  | { kind: "searching"; query: string }
  | { kind: "done"; query: string; results: AgentArticle[] }
  | { kind: "error"; message: MessageKey; seconds?: number };

/**
 * The reply composer's search of the knowledge base (GET /connaissances/suggestions), as you
 * type, with results to insert into the reply. It sits inside the reply form, so it has no
 * `name` (nothing of it is sent with the reply) and Enter searches instead of sending. Needs
 * JavaScript: without it the suggested articles beside the ticket remain.
 */
export function ComposerArticleSearch({ customerLanguage }: { customerLanguage: string }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const id = useId();
  const [text, setText] = useState("");
  const [state, setState] = useState<SearchState>({ kind: "idle" });
  const timers = useRef<number[]>([]);
  const latest = useRef(0);

  const clearTimers = () => {
    for (const timer of timers.current) window.clearTimeout(timer);
    timers.current = [];
  };
  useEffect(() => clearTimers, []);

  const search = async (query: string, settled: boolean) => {
    const trimmed = query.trim();
    if (!trimmed) {
      setState({ kind: "idle" });
      return null;
    }
    const request = ++latest.current;
    setState((current) => (current.kind === "done" && current.query === trimmed ? current : { kind: "searching", query: trimmed }));
    try {
      const params = new URLSearchParams({ q: trimmed, langue: customerLanguage });
      if (settled) params.set("settled", "1");
      const response = await fetch(`/connaissances/suggestions?${params}`, { headers: { Accept: "application/json" } });
      if (request !== latest.current) return null;
      if (response.status === 429) {
        const body = (await response.json()) as { retryAfterSeconds?: number };
        setState({ kind: "error", message: "knowledgeAgent.search.tooMany", seconds: body.retryAfterSeconds ?? 60 });
        return null;
      }
      if (!response.ok) throw new Error(`search ${response.status}`);
      const body = (await response.json()) as { results: AgentArticle[] };
      if (request !== latest.current) return null;
      setState({ kind: "done", query: trimmed, results: body.results });
      return body.results;
    } catch {
      if (request === latest.current) setState({ kind: "error", message: "knowledgeAgent.search.failed" });
      return null;
    }
  };

  const onChange = (value: string) => {
    setText(value);
    clearTimers();
    if (!value.trim()) {
      latest.current++;
      setState({ kind: "idle" });
      return;
    }
    timers.current.push(
      window.setTimeout(() => {
        void search(value, false).then((results) => {
          // Still nothing after a longer pause: the agent really looked for it; counted once.
          if (results && results.length === 0) timers.current.push(window.setTimeout(() => void search(value, true), SETTLED_DELAY_MS - SEARCH_DELAY_MS));
        });
      }, SEARCH_DELAY_MS),
    );
  };

  const searchNow = () => {
    clearTimers();
    void search(text, true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Inside the reply form: Enter must search, never send the reply.
    if (event.key === "Enter") {
      event.preventDefault();
      searchNow();
    }
  };

  if (!hydrated) return null;
  return (
    <div className="mt-4 rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="composer-article-search">
      <label htmlFor={`${id}-query`} className="block text-sm font-medium text-slate-800">
        {t("knowledgeAgent.search.label")}
      </label>
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {t("knowledgeAgent.search.hint", { language: t(customerLanguage === "en" ? "knowledgeAgent.language.en" : "knowledgeAgent.language.fr") })}
      </p>
      <div className="mt-1 flex gap-2">
        <input
          id={`${id}-query`}
          type="search"
          autoComplete="off"
          value={text}
          maxLength={200}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t("knowledgeAgent.search.placeholder")}
          aria-describedby={`${id}-hint ${id}-status`}
          className="block w-full min-w-0 flex-1 rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600"
        />
        <Button type="button" variant="secondary" onClick={searchNow}>
          {t("knowledgeAgent.search.button")}
        </Button>
      </div>
      <p id={`${id}-status`} className="mt-2 text-sm text-slate-600" role="status" aria-live="polite">
        {state.kind === "searching"
          ? t("knowledgeAgent.search.searching")
          : state.kind === "error"
            ? t(state.message, { seconds: state.seconds ?? 0 })
            : state.kind === "done"
              ? state.results.length === 0
                ? t("knowledgeAgent.search.none", { query: state.query })
                : t("knowledgeAgent.search.count", { count: state.results.length })
              : ""}
      </p>
      {state.kind === "done" && state.results.length > 0 ? (
        <div className="mt-2 rounded-md bg-white p-3 ring-1 ring-slate-200">
          <AgentArticleList articles={state.results} customerLanguage={customerLanguage} canInsert testId="composer-search-results" />
        </div>
      ) : null}
    </div>
  );
}
