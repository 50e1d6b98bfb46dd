import { Form, useLocation } from "@remix-run/react";
import { locales } from "~/lib/i18n/locales";
import { CsrfField } from "../csrf-field";
import { useI18n } from "../i18n";
import { cn } from "../ui/cn";

/** FR / EN switch; remembered on the account when signed in, in a cookie otherwise. */
export function LocaleSwitch({ tone = "light" }: { tone?: "light" | "dark" }) {
  const { locale, t } = useI18n();
  const location = useLocation();
  return (
    <Form method="post" action="/langue" className="flex items-center gap-1" aria-label={t("common.language")}>
      <CsrfField />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {locales.map((option) => (
        <button
          key={option}
          type="submit"
          name="locale"
          value={option}
          lang={option}
          aria-pressed={option === locale}
          title={t(`locale.${option}`)}
          className={cn(
            "rounded px-2 py-1 text-xs font-semibold uppercase",
            tone === "dark"
              ? option === locale ? "bg-white/20 text-white" : "text-slate-300 hover:text-white"
              : option === locale ? "bg-slate-200 text-slate-900" : "text-slate-500 hover:text-slate-900",
          )}
        >
          {option}
        </button>
      ))}
    </Form>
  );
}
