import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { ApiReferenceDocument } from "~/components/api/api-reference";
import { apiReference } from "~/lib/api/reference.server";
import { apiEndpoints } from "~/lib/api/v1/index.server";
import { getCurrentUser } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { isLocale } from "~/lib/i18n/locales";
import { resolveLocale } from "~/lib/i18n/request-locale.server";
import stylesheet from "~/tailwind.css?url";

/**
 * /api/docs: the public API's reference, rendered by our own code from its OpenAPI document as
 * static HTML with our stylesheet (no CDN, no script: nothing to hydrate). Public, since it
 * describes the API and holds no data. French or English: ?lang=, else the reader's language.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const requested = new URL(request.url).searchParams.get("lang");
  const locale = isLocale(requested) ? requested : await resolveLocale(request, await getCurrentUser(request));
  const html = renderToStaticMarkup(
    <ApiReferenceDocument locale={locale} reference={apiReference(apiEndpoints, locale)} rateLimit={env().API_REQUESTS_PER_MINUTE} stylesheet={stylesheet} />,
  );
  return new Response(`<!DOCTYPE html>${html}`, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=300", "Content-Language": locale, Vary: "Accept-Language, Cookie" },
  });
}
