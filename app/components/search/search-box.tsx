import { Form, useLocation } from "@remix-run/react";
import { useEffect, useId } from "react";
import { useI18n } from "../i18n";
import { cn } from "../ui/cn";

/** The workspace search, in the shell: leads to /recherche?q=... */
export function ShellSearchBox({ className }: { className?: string }) {
  const { t } = useI18n();
  const id = useId();
  const location = useLocation();
  const current = location.pathname === "/recherche" ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  return (
    <Form method="get" action="/recherche" role="search" className={cn("relative", className)}>
      <label htmlFor={id} className="sr-only">
        {t("search.label")}
      </label>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="pointer-events-none absolute left-2.5 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
        <circle cx="11" cy="11" r="6" />
        <path d="m20 20-4.5-4.5" />
      </svg>
      <input
        key={current}
        id={id}
        name="q"
        type="search"
        defaultValue={current}
        maxLength={200}
        autoComplete="off"
        enterKeyHint="search"
        placeholder={t("search.placeholder")}
        title={t("search.shortcut")}
        aria-keyshortcuts="/"
        data-shell-search=""
        className="block w-full rounded-md border-0 bg-white/10 py-2 pl-8 pr-8 text-sm text-white placeholder:text-slate-400 ring-1 ring-inset ring-white/20 focus:bg-white/15 focus:outline-none focus:ring-2 focus:ring-white"
      />
      <kbd aria-hidden="true" className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded border border-white/25 px-1.5 font-sans text-xs text-slate-300">
        /
      </kbd>
    </Form>
  );
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** "/" anywhere outside a field focuses the shell's search box (the one on screen). */
export function useSearchShortcut() {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || isEditable(event.target)) return;
      const input = [...document.querySelectorAll<HTMLInputElement>("input[data-shell-search]")].find((element) => element.getClientRects().length > 0);
      if (!input) return;
      event.preventDefault();
      input.focus();
      input.select();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
