import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { cleanQuery, helpCentrePaths } from "~/domain/knowledge/help-centre-rules";
import { suggestArticlesForSubject } from "~/domain/knowledge/help-centre.server";
import { recordSearchMiss, searchKnowledge } from "~/domain/knowledge/knowledge-search.server";
import { suggestionsLimiter } from "~/lib/help-centre/help-centre-route.server";
import { isLocale } from "~/lib/i18n/locales";

const publicSources = ["help_centre", "web_form", "portal"] as const;

/**
 * Search as you type and deflection suggestions, as JSON: published public articles only (the
 * knowledge base's own index), in the asked language. `settled=1` marks a query the visitor
 * stopped typing at: when it found nothing, it is counted among the searches to write for.
 * GET /aide/suggestions?q=&langue=fr&source=help_centre|web_form|portal&settled=1&nombre=5
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const decision = suggestionsLimiter().hit(context.clientAddress);
  if (decision.limited) return json({ error: "rate_limited", results: [] }, { status: 429, headers: { "Retry-After": String(decision.retryAfterSeconds) } });
  const params = new URL(request.url).searchParams;
  const language = params.get("langue");
  if (!isLocale(language)) return json({ error: "langue", results: [] }, { status: 400 });
  const source = publicSources.find((value) => value === params.get("source")) ?? "help_centre";
  const take = Math.min(10, Math.max(1, Number.parseInt(params.get("nombre") ?? "", 10) || 8));
  const query = cleanQuery(params.get("q"));
  // A request's subject is a sentence: the form and the portal also get articles matching some of its words.
  const found = !query
    ? []
    : source === "help_centre"
      ? await searchKnowledge({ text: query, audience: "public", language, take })
      : await suggestArticlesForSubject({ text: query, language, take });
  if (found.length === 0 && query && params.get("settled") === "1") await recordSearchMiss({ text: query, language, source });
  const results = found.map((result) => ({ articleId: result.articleId, title: result.title, url: helpCentrePaths.article(result.language, result.slug), excerpt: result.excerpt }));
  return json({ results }, { headers: { "Cache-Control": "no-store" } });
}
