import { helpCentreSitemap } from "~/domain/knowledge/help-centre.server";
import { escapeHtml } from "~/lib/html-sanitizer.server";
import { absoluteUrl } from "~/lib/help-centre/help-centre-route.server";
import { locales } from "~/lib/i18n/locales";

/**
 * /aide/sitemap.xml: every published public article and category in each language it exists
 * in, with its hreflang alternates (xhtml:link) and last modification date, for search engines.
 */
export async function loader() {
  const entries = await helpCentreSitemap(locales);
  const url = (path: string) => escapeHtml(absoluteUrl(path));
  const body = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`,
    ...entries.map((entry) =>
      [
        `  <url>`,
        `    <loc>${url(entry.path)}</loc>`,
        `    <lastmod>${entry.lastModified.toISOString()}</lastmod>`,
        ...entry.alternates.map((alternate) => `    <xhtml:link rel="alternate" hreflang="${alternate.language}" href="${url(alternate.path)}"/>`),
        ...(entry.alternates.length > 0
          ? [`    <xhtml:link rel="alternate" hreflang="x-default" href="${url((entry.alternates.find((alternate) => alternate.language === "fr") ?? entry.alternates[0]).path)}"/>`]
          : []),
        `  </url>`,
      ].join("\n"),
    ),
    `</urlset>`,
    ``,
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=600" } });
}
