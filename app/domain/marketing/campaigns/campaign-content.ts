/**
 * What the sender does to a campaign's rendered HTML, pure so both the launch (which numbers the
 * links) and the sender (which rewrites them) read the HTML the same way:
 * - the tracked links: every `href` to an http(s) address, in document order, numbered from 1;
 *   `mailto:`, `tel:`, anchors, the unsubscribe placeholder and addresses built from merge fields
 *   are left alone;
 * - the open pixel, added before `</body>`;
 * - the plain-text part generated from the HTML (until the marketer edits it).
 */

const hrefPattern = /(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2/gis;

function decodeAttribute(value: string): string {
  return value
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

function isTrackable(rawHref: string): boolean {
  const href = rawHref.trim();
  return /^https?:\/\//i.test(href) && !href.includes("{{");
}

/** The tracked links of a rendered campaign, by position (1-based), as the browser would follow them. */
export function trackedLinks(html: string): Array<{ position: number; url: string }> {
  const links: Array<{ position: number; url: string }> = [];
  for (const match of html.matchAll(hrefPattern)) {
    if (isTrackable(match[3])) links.push({ position: links.length + 1, url: decodeAttribute(match[3].trim()) });
  }
  return links;
}

/** The HTML with each tracked link replaced by its redirect (same positions as trackedLinks). */
export function withTrackedLinks(html: string, redirect: (position: number) => string): string {
  let position = 0;
  return html.replace(hrefPattern, (whole, start: string, quote: string, href: string) => {
    if (!isTrackable(href)) return whole;
    position += 1;
    return `${start}${quote}${redirect(position)}${quote}`;
  });
}

/** `fragment` just before `</body>` (or at the end of a fragment without one). */
export function beforeBodyEnd(html: string, fragment: string): string {
  const index = html.toLowerCase().lastIndexOf("</body>");
  return index === -1 ? `${html}${fragment}` : `${html.slice(0, index)}${fragment}${html.slice(index)}`;
}

/** The open pixel just before `</body>`. */
export function withOpenPixel(html: string, pixelUrl: string): string {
  return beforeBodyEnd(html, `<img src="${pixelUrl}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`);
}

const entityMap: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " ", apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower in entityMap) return entityMap[lower];
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(Number(lower.slice(1)));
    return whole;
  });
}

/**
 * A readable plain-text version of an HTML mail: blocks become paragraphs, links keep their
 * address in brackets, the head, styles and the preheader's hidden text are dropped.
 */
export function textFromHtml(html: string): string {
  const body = html
    .replace(/<head\b[\s\S]*?<\/head>/gi, "")
    .replace(/<style\b[\s\S]*?<\/style>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<div\b[^>]*display\s*:\s*none[^>]*>[\s\S]*?<\/div>/gi, "");
  const withLinks = body.replace(/<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a>/gi, (_whole, _quote: string, href: string, inner: string) => {
    const label = inner.replace(/<[^>]+>/g, "").trim();
    const target = decodeAttribute(href.trim());
    if (!label) return target;
    return label === target || /^(mailto|tel):/i.test(target) ? label : `${label} (${target})`;
  });
  const text = decodeEntities(
    withLinks
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<\/(p|div|h[1-6]|tr|li|table|section)>/gi, "\n\n")
      .replace(/<li\b[^>]*>/gi, "- ")
      .replace(/<[^>]+>/g, ""),
  );
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The preheader as the hidden first text of the body (mail clients show it next to the subject). */
export function withPreheader(html: string, preheader: string): string {
  if (!preheader.trim()) return html;
  const hidden = `<div style="display:none;max-height:0;overflow:hidden;opacity:0">${preheader}</div>`;
  const match = /<body\b[^>]*>/i.exec(html);
  return match ? `${html.slice(0, match.index + match[0].length)}${hidden}${html.slice(match.index + match[0].length)}` : `${hidden}${html}`;
}
