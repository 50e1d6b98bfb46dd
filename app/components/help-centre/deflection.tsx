import { useState } from "react";
import { useI18n } from "~/components/i18n";
import { Button, buttonClasses } from "~/components/ui/button";
import type { Locale } from "~/lib/i18n/locales";
import { Highlighted, useSuggestions } from "./search-box";

export type DeflectionChannel = "web_form" | "portal";
export type Deflected = { title: string; url: string };

/**
 * Deflection under the subject field of the request form and the portal's new request: as the
 * customer types (at least 3 characters, debounced), up to 5 public articles in the form's
 * language; « Ça répond à ma question » counts a deflection (POST /aide/reponse-trouvee, with the
 * form's own proof: its signed token, or the portal's CSRF token) and the page shows a thank-you
 * instead of the form. It exists only with JavaScript: without it, the form is unchanged.
 */
export function DeflectionSuggestions({
  subject,
  language,
  channel,
  proof,
  onAnswered,
}: {
  subject: string;
  language: Locale;
  channel: DeflectionChannel;
  proof: { name: "jeton" | "csrf"; value: string };
  onAnswered: (deflected: Deflected) => void;
}) {
  const { t } = useI18n();
  const { suggestions } = useSuggestions(subject, { language, source: channel, minLength: 3, take: 5 });
  const [failed, setFailed] = useState(false);
  const [sending, setSending] = useState<string | null>(null);

  async function answered(articleId: string) {
    setSending(articleId);
    setFailed(false);
    try {
      const body = new FormData();
      body.set(proof.name, proof.value);
      body.set("articleId", articleId);
      body.set("channel", channel);
      body.set("language", language);
      const response = await fetch("/aide/reponse-trouvee", { method: "POST", body, headers: { Accept: "application/json" } });
      const result = (await response.json()) as { ok: boolean; title?: string; url?: string };
      if (!response.ok || !result.ok || !result.title || !result.url) throw new Error("refused");
      onAnswered({ title: result.title, url: result.url });
    } catch {
      setFailed(true);
    } finally {
      setSending(null);
    }
  }

  return (
    <div aria-live="polite" data-testid="deflection">
      {suggestions.length > 0 ? (
        <section aria-labelledby="deflection-title" className="rounded-md border border-brand-100 bg-brand-50 p-3">
          <h2 id="deflection-title" className="text-sm font-semibold text-slate-900">
            {t("helpCentre.deflection.title")}
          </h2>
          <ul className="mt-2 space-y-2">
            {suggestions.map((suggestion) => (
              <li key={suggestion.articleId} className="rounded bg-white p-2 text-sm">
                <a href={suggestion.url} target="_blank" rel="noopener" className="font-medium text-brand-700 hover:underline">
                  {suggestion.title}
                  <span className="sr-only"> {t("helpCentre.deflection.opensInNewTab")}</span>
                </a>
                <p className="mt-0.5 text-slate-600">
                  <Highlighted parts={suggestion.excerpt} />
                </p>
                <Button size="sm" variant="secondary" className="mt-2" disabled={sending !== null} onClick={() => void answered(suggestion.articleId)}>
                  {t("helpCentre.deflection.answered")}
                </Button>
              </li>
            ))}
          </ul>
          {failed ? (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {t("helpCentre.deflection.failed")}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/** What replaces the form once an article answered the question: no request was sent. */
export function DeflectionThanks({ deflected, onContinue }: { deflected: Deflected; onContinue: () => void }) {
  const { t } = useI18n();
  return (
    <div role="status" className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 p-5 text-emerald-950" data-testid="deflection-thanks">
      <h2 className="text-lg font-semibold">{t("helpCentre.deflection.thanksTitle")}</h2>
      <p>{t("helpCentre.deflection.thanksText")}</p>
      <p>
        <a href={deflected.url} className="font-medium text-brand-700 underline">
          {deflected.title}
        </a>
      </p>
      <button type="button" className={buttonClasses("secondary", "sm")} onClick={onContinue}>
        {t("helpCentre.deflection.newRequest")}
      </button>
    </div>
  );
}
