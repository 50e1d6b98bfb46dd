import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchArticlesForAgent } from "~/domain/knowledge/agent-suggestions.server";
import { can } from "~/domain/identity/permissions";
import { requireUser } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { defaultLocale, isLocale } from "~/lib/i18n/locales";
import { rateLimiter } from "~/lib/rate-limit.server";

/** Searches per agent and minute: search as you type sends one request per pause, far below this. */
export const AGENT_SEARCH_RATE_LIMIT = { requests: 60, windowMs: 60_000 };

const noStore = { "Cache-Control": "private, no-store" };

/**
 * GET /connaissances/suggestions?q=&langue=&settled=1: the reply composer's search of the
 * knowledge base, as JSON (staff audience: published public and internal articles), each article
 * in the customer's language (`langue`) when it has that version. Rate-limited per user; a
 * settled search that found nothing is counted for the statistics (source "agent").
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // A JSON answer, not the error page: the composer's script reads it.
  if (!can(user, "read:knowledge")) return Response.json({ error: "forbidden" }, { status: 403, headers: noStore });
  const decision = rateLimiter("knowledge-agent-search:user", AGENT_SEARCH_RATE_LIMIT.requests, AGENT_SEARCH_RATE_LIMIT.windowMs).hit(user.id);
  if (decision.limited) {
    return Response.json(
      { error: "rate_limited", retryAfterSeconds: decision.retryAfterSeconds },
      { status: 429, headers: { ...noStore, "Retry-After": String(decision.retryAfterSeconds) } },
    );
  }
  const params = new URL(request.url).searchParams;
  const language = params.get("langue");
  const results = await searchArticlesForAgent({
    text: params.get("q") ?? "",
    customerLanguage: isLocale(language) ? language : defaultLocale,
    settled: params.get("settled") === "1",
  });
  const publicUrl = env().PUBLIC_URL;
  return Response.json(
    {
      results: results.map((result) => ({
        articleId: result.articleId,
        language: result.language,
        title: result.title,
        excerpt: result.excerpt,
        internal: result.internal,
        inOtherLanguage: result.inOtherLanguage,
        path: result.path,
        url: result.internal ? null : `${publicUrl}${result.path}`,
      })),
    },
    { headers: noStore },
  );
}
