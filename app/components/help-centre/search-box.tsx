import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "~/components/i18n";
import { buttonClasses } from "~/components/ui/button";
import type { Locale } from "~/lib/i18n/locales";

export type Suggestion = { articleId: string; title: string; url: string; excerpt: Array<{ text: string; match: boolean }> };

const DEBOUNCE_MS = 200;
/** After this long without typing, a search that found nothing is counted as settled. */
const SETTLED_MS = 1500;

/**
 * Fetches suggestions for a query as it is typed: debounced, the latest answer wins, and once
 * typing stops for a while an empty result is sent again marked `settled=1` (the server counts it
 * among the searches that found nothing; each keystroke's prefix is never counted).
 */
export function useSuggestions(query: string, options: { language: Locale; source: "help_centre" | "web_form" | "portal"; minLength?: number; take?: number }) {
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [loaded, setLoaded] = useState(false);
  const latest = useRef(0);
  const minLength = options.minLength ?? 2;
  useEffect(() => {
    const text = query.trim();
    const request = ++latest.current;
    if (text.length < minLength) {
      setSuggestions([]);
      setLoaded(false);
      return;
    }
    const controller = new AbortController();
    const params = new URLSearchParams({ q: text, langue: options.language, source: options.source });
    if (options.take) params.set("nombre", String(options.take));
    const load = async (settled: boolean) => {
      if (settled) params.set("settled", "1");
      const response = await fetch(`/aide/suggestions?${params.toString()}`, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!response.ok) return null;
      return ((await response.json()) as { results: Suggestion[] }).results;
    };
    let settledTimer: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(() => {
      load(false)
        .then((results) => {
          if (request !== latest.current || !results) return;
          setSuggestions(results);
          setLoaded(true);
          if (results.length === 0) settledTimer = setTimeout(() => void load(true).catch(() => undefined), SETTLED_MS - DEBOUNCE_MS);
        })
        .catch(() => undefined);
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      if (settledTimer) clearTimeout(settledTimer);
      controller.abort();
    };
  }, [query, options.language, options.source, options.take, minLength]);
  return { suggestions, loaded };
}

/** Matched words in bold; text only, never HTML. */
export function Highlighted({ parts }: { parts: Array<{ text: string; match: boolean }> }) {
  return (
    <>
      {parts.map((part, index) => (part.match ? <mark key={index} className="bg-amber-100 font-semibold text-inherit">{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </>
  );
}

/**
 * The help centre's search box. Without JavaScript: a plain GET form to the search page. With
 * it: suggestions as you type in a listbox (combobox pattern: arrows move, Enter opens, Escape
 * closes; aria-activedescendant), the count announced in a polite live region.
 */
export function HelpCentreSearchBox({ language, defaultQuery = "" }: { language: Locale; defaultQuery?: string }) {
  const { t } = useI18n();
  const id = useId();
  const inputId = `${id}-q`;
  const listId = `${id}-list`;
  const [query, setQuery] = useState(defaultQuery);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [typed, setTyped] = useState(false);
  const { suggestions, loaded } = useSuggestions(typed ? query : "", { language, source: "help_centre" });
  const expanded = open && suggestions.length > 0;
  useEffect(() => setActive(-1), [suggestions]);

  return (
    <form method="get" action={`/aide/${language}/recherche`} role="search" className="relative">
      <label htmlFor={inputId} className="mb-1 block text-sm font-medium text-slate-800">
        {t("helpCentre.search.label")}
      </label>
      <div className="flex gap-2">
        <input
          id={inputId}
          name="q"
          type="search"
          autoComplete="off"
          maxLength={200}
          value={query}
          placeholder={t("helpCentre.search.placeholder")}
          className="block w-full rounded-md border-0 px-3 py-2 text-base text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          onChange={(event) => {
            setQuery(event.target.value);
            setTyped(true);
            setOpen(true);
          }}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onFocus={() => setOpen(true)}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown" && suggestions.length > 0) {
              event.preventDefault();
              setOpen(true);
              setActive((index) => (index + 1) % suggestions.length);
            } else if (event.key === "ArrowUp" && suggestions.length > 0) {
              event.preventDefault();
              setOpen(true);
              setActive((index) => (index <= 0 ? suggestions.length - 1 : index - 1));
            } else if (event.key === "Escape") {
              setOpen(false);
              setActive(-1);
            } else if (event.key === "Enter" && expanded && active >= 0) {
              event.preventDefault();
              window.location.assign(suggestions[active].url);
            }
          }}
        />
        <button type="submit" className={buttonClasses("primary", "md")}>
          {t("helpCentre.search.submit")}
        </button>
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label={t("helpCentre.search.label")}
        hidden={!expanded}
        className="absolute left-0 right-0 z-10 mt-1 max-h-96 overflow-auto rounded-md border border-slate-200 bg-white shadow-lg"
      >
        {suggestions.map((suggestion, index) => (
          <li
            key={suggestion.articleId}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? "bg-brand-50" : undefined}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => window.location.assign(suggestion.url)}
          >
            <a href={suggestion.url} tabIndex={-1} className="block px-3 py-2">
              <span className="block font-medium text-slate-900">{suggestion.title}</span>
              <span className="block text-sm text-slate-600">
                <Highlighted parts={suggestion.excerpt} />
              </span>
            </a>
          </li>
        ))}
      </ul>
      <div role="status" aria-live="polite" className="sr-only">
        {typed && loaded && open ? (suggestions.length > 0 ? t("helpCentre.suggestions.count", { count: suggestions.length }) : t("helpCentre.suggestions.none")) : ""}
      </div>
    </form>
  );
}
