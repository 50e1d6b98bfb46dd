import crypto from "node:crypto";
import sanitizeHtml from "sanitize-html";

/**
 * HTML from the outside world (email bodies) made safe to show inside the agent workspace, once,
 * before storage. An allow-list, never a deny-list:
 * - no script of any kind: no <script>, no event handlers, no javascript:/vbscript:/data: links,
 *   no CSS expressions, url() or escapes, no <style>, <base>, <meta>, <link>, forms or frames;
 * - nothing loads from elsewhere without consent: a remote <img> keeps its address in
 *   `data-remote-src` (the page swaps it into `src` only when the agent clicks "show images"),
 *   srcset and CSS backgrounds are removed;
 * - inline images are ours: `cid:` references become `data-cid` (resolved to our attachment URLs
 *   when displayed), and `data:` raster images are extracted to be stored as attachments;
 * - nothing can dress up as our interface: no class, id or position, links open in a new tab
 *   without referrer.
 */

export type EmbeddedImage = { contentId: string; contentType: string; content: Buffer };

export type SanitizedHtml = {
  html: string;
  /** The mail references remote images (blocked until the agent asks). */
  hasRemoteContent: boolean;
  /** Content-IDs of the inline images the HTML shows (without angle brackets). */
  referencedContentIds: string[];
  /** `data:` images pulled out of the HTML, to store as inline attachments under these Content-IDs. */
  embeddedImages: EmbeddedImage[];
};

const allowedTags = [
  "a", "abbr", "address", "article", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite", "code",
  "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer",
  "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
  "s", "samp", "section", "small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td",
  "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
];

/** Elements dropped together with their content (everything else unknown keeps its text). */
const droppedWithContent = [
  "script", "style", "title", "head", "textarea", "option", "select", "noscript", "noembed", "noframes", "template",
  "xmp", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "button", "audio", "video",
  "canvas", "map", "datalist",
];

const layoutAttributes = ["align", "valign", "width", "height", "bgcolor", "border", "dir", "lang", "title", "style"];

const allowedAttributes: Record<string, string[]> = {
  "*": ["dir", "lang", "title", "style", "align", "valign"],
  a: ["href", "target", "rel"],
  img: ["alt", "width", "height", "border", "hspace", "vspace", "data-cid", "data-remote-src", "data-blocked"],
  table: ["width", "border", "cellpadding", "cellspacing", "bgcolor", "summary"],
  td: ["width", "height", "colspan", "rowspan", "bgcolor", "nowrap", "scope"],
  th: ["width", "height", "colspan", "rowspan", "bgcolor", "nowrap", "scope"],
  tr: ["bgcolor", "height"],
  col: ["span", "width"],
  colgroup: ["span", "width"],
  font: ["color", "face", "size"],
  ol: ["start", "type", "reversed"],
  ul: ["type"],
  li: ["value"],
  hr: ["width", "size", "noshade"],
  time: ["datetime"],
  details: ["open"],
};

/** A CSS value with nothing that can run or load: no url(), expression(), escapes, @import, behaviors. */
const safeCssValue = /^(?!.*(?:url\s*\(|expression|javascript|vbscript|behavior|binding|image-set|@import|\\|\/\*))[#%(),.\-!/'"+\w\s]*$/i;
const safe = [safeCssValue];
const allowedStyleProperties = [
  "color", "background-color", "font", "font-family", "font-size", "font-style", "font-weight", "font-variant",
  "text-align", "text-decoration", "text-transform", "text-indent", "letter-spacing", "word-spacing", "line-height",
  "white-space", "word-break", "word-wrap", "overflow-wrap", "vertical-align", "direction",
  "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
  "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
  "border", "border-top", "border-right", "border-bottom", "border-left", "border-color", "border-style", "border-width",
  "border-collapse", "border-spacing", "border-radius",
  "width", "min-width", "max-width", "height", "min-height", "max-height",
  "list-style-type", "table-layout", "caption-side", "empty-cells",
];
const allowedStyles: Record<string, Record<string, RegExp[]>> = {
  "*": {
    ...Object.fromEntries(allowedStyleProperties.map((property) => [property, safe])),
    display: [/^(?:block|inline|inline-block|table|table-row|table-cell|table-row-group|table-header-group|table-footer-group|list-item|none)$/i],
  },
};

const linkSchemes = new Set(["http:", "https:", "mailto:", "tel:"]);
const embeddableImageTypes = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
/** Embedded data: images larger than this are dropped (they would bloat the stored HTML). */
const MAX_EMBEDDED_IMAGE_BYTES = 5 * 1024 * 1024;

/** "cid:abc@x" / "<abc@x>" → "abc@x" (the form used to match an attachment's Content-ID). */
export function normaliseContentId(value: string | null | undefined): string {
  return (value ?? "").trim().replace(/^cid:/i, "").replace(/^<|>$/g, "").trim();
}

function absoluteUrl(value: string | undefined, allowed: Set<string>): string | null {
  if (!value) return null;
  // Browsers ignore control characters and whitespace inside a scheme: so do we, before judging it.
  const cleaned = value.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  try {
    const url = new URL(cleaned);
    return allowed.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function numeric(value: string | undefined): string | undefined {
  return value && /^\d{1,4}%?$/.test(value.trim()) ? value.trim() : undefined;
}

export function sanitizeEmailHtml(input: string): SanitizedHtml {
  let hasRemoteContent = false;
  const referenced = new Set<string>();
  const embeddedImages: EmbeddedImage[] = [];
  const embeddedByHash = new Map<string, string>();

  const keepLayout = (attribs: sanitizeHtml.Attributes) => {
    const kept: sanitizeHtml.Attributes = {};
    for (const name of layoutAttributes) if (attribs[name] !== undefined) kept[name] = attribs[name];
    return kept;
  };

  const html = sanitizeHtml(input, {
    allowedTags,
    allowedAttributes,
    allowedStyles,
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ["href", "src", "cite", "data-remote-src"],
    allowProtocolRelative: false,
    allowedClasses: {},
    disallowedTagsMode: "discard",
    nonTextTags: droppedWithContent,
    enforceHtmlBoundary: false,
    parseStyleAttributes: true,
    transformTags: {
      a(tagName, attribs) {
        const href = absoluteUrl(attribs.href, linkSchemes);
        const next: sanitizeHtml.Attributes = { ...keepLayout(attribs) };
        if (href) Object.assign(next, { href, target: "_blank", rel: "noopener noreferrer nofollow" });
        return { tagName, attribs: next };
      },
      img(tagName, attribs) {
        const next: sanitizeHtml.Attributes = {
          ...keepLayout(attribs),
          ...(attribs.alt !== undefined ? { alt: attribs.alt } : {}),
        };
        for (const name of ["width", "height"] as const) {
          const value = numeric(attribs[name]);
          if (value) next[name] = value;
          else delete next[name];
        }
        const source = (attribs.src ?? "").trim();
        if (/^cid:/i.test(source)) {
          const contentId = normaliseContentId(source);
          if (contentId) {
            next["data-cid"] = contentId;
            referenced.add(contentId);
          }
        } else if (/^data:/i.test(source)) {
          const match = /^data:([\w/+.-]+);base64,([A-Za-z0-9+/=\s]+)$/i.exec(source);
          const contentType = match?.[1].toLowerCase();
          const content = match ? Buffer.from(match[2].replace(/\s+/g, ""), "base64") : null;
          if (contentType && content && embeddableImageTypes.has(contentType) && content.length > 0 && content.length <= MAX_EMBEDDED_IMAGE_BYTES) {
            const hash = crypto.createHash("sha256").update(content).digest("hex");
            let contentId = embeddedByHash.get(hash);
            if (!contentId) {
              contentId = `embedded-${hash.slice(0, 24)}@comptoir`;
              embeddedByHash.set(hash, contentId);
              embeddedImages.push({ contentId, contentType, content });
            }
            next["data-cid"] = contentId;
            referenced.add(contentId);
          } else {
            next["data-blocked"] = "data";
          }
        } else {
          const remote = absoluteUrl(source, new Set(["http:", "https:"]));
          if (remote) {
            next["data-remote-src"] = remote;
            hasRemoteContent = true;
          } else if (source) {
            next["data-blocked"] = "source";
          }
        }
        return { tagName, attribs: next };
      },
    },
    exclusiveFilter(frame) {
      // An image with nothing to show (no source we accept and no text) is noise.
      return frame.tag === "img" && !frame.attribs["data-cid"] && !frame.attribs["data-remote-src"] && !frame.attribs.alt;
    },
  });

  return { html: html.trim(), hasRemoteContent, referencedContentIds: [...referenced], embeddedImages };
}

/** Plain text shown as HTML-safe text (for templates and previews). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]!);
}
