import sanitizeHtml from "sanitize-html";

/**
 * An article's body as it is stored and shown: the editor's HTML (or a paste from Word or the
 * web, or HTML typed by hand without JavaScript) reduced to an allow-list of plain document
 * elements, every time it is saved. Nothing can run or dress up as our interface: no script,
 * style, class, id, event handler, frame, SVG or form; links only to http(s), mailto and the help
 * centre's own pages (/aide…); images only from our image store (/aide/images/{id}) or https.
 *
 * `text` is the same content as readable plain text with paragraph breaks: the search index,
 * and what the agent's composer inserts with "insert as text".
 */

export type ArticleHtml = { html: string; text: string };

const allowedTags = [
  "p", "h2", "h3", "h4", "strong", "em", "u", "s", "ul", "ol", "li", "a", "img", "pre", "code", "blockquote",
  "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
];

/** Elements dropped together with their content (anything else unknown keeps its text). */
const droppedWithContent = [
  "script", "style", "title", "head", "textarea", "option", "select", "noscript", "noembed", "noframes", "template",
  "xmp", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "button", "audio", "video",
  "canvas", "map", "datalist", "xml", "meta", "link", "base", "form", "input",
];

/** Pasted markup mapped to its article equivalent (the article's title is its h1). */
const renamed: Record<string, string> = {
  h1: "h2", h5: "h4", h6: "h4", b: "strong", i: "em", strike: "s", del: "s", div: "p", section: "p", article: "p",
  tfoot: "tbody", caption: "p",
};

/** The help centre's own image addresses. */
const ARTICLE_IMAGE_PATH = /^\/aide\/images\/[A-Za-z0-9_-]{1,64}$/;
/** Links inside the help centre (relative, no scheme, no protocol-relative //host). */
const HELP_CENTRE_PATH = /^\/aide(?:[/?#][^\s\\]*)?$/;

function cleaned(value: string | undefined): string {
  // Browsers ignore control characters and whitespace inside a scheme: so do we, before judging it.
  return (value ?? "").replace(/[\u0000-\u0020\u007f]/g, "");
}

function absoluteUrl(value: string, schemes: ReadonlySet<string>): string | null {
  try {
    const url = new URL(value);
    return schemes.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const linkSchemes = new Set(["http:", "https:", "mailto:"]);
const imageSchemes = new Set(["https:"]);

/** An href we keep: http(s) and mailto as absolute URLs, or a help-centre path. */
export function articleLinkTarget(href: string | undefined): { href: string; external: boolean } | null {
  const value = cleaned(href);
  if (!value) return null;
  if (value.startsWith("/")) return HELP_CENTRE_PATH.test(value) ? { href: value, external: false } : null;
  const absolute = absoluteUrl(value, linkSchemes);
  return absolute ? { href: absolute, external: !absolute.startsWith("mailto:") } : null;
}

/** An image source we keep: our image store or https. */
export function articleImageSource(src: string | undefined): string | null {
  const value = cleaned(src);
  if (!value) return null;
  if (value.startsWith("/")) return ARTICLE_IMAGE_PATH.test(value) ? value : null;
  return absoluteUrl(value, imageSchemes);
}

function span(value: string | undefined): string | undefined {
  const number = Number((value ?? "").trim());
  return Number.isInteger(number) && number >= 2 && number <= 100 ? String(number) : undefined;
}

const options: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: { a: ["href", "target", "rel"], img: ["src", "alt"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["https"] },
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  disallowedTagsMode: "discard",
  nonTextTags: droppedWithContent,
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    ...Object.fromEntries(Object.entries(renamed).map(([from, to]) => [from, () => ({ tagName: to, attribs: {} })])),
    a(_tagName, attribs): sanitizeHtml.Tag {
      const target = articleLinkTarget(attribs.href);
      // A link we refuse becomes its text (the "x" tag is not allowed: dropped, text kept).
      if (!target) return { tagName: "x", attribs: {} };
      return {
        tagName: "a",
        attribs: target.external ? { href: target.href, target: "_blank", rel: "noopener noreferrer" } : { href: target.href },
      };
    },
    img(_tagName, attribs): sanitizeHtml.Tag {
      const src = articleImageSource(attribs.src);
      if (!src) return { tagName: "x", attribs: {} };
      return { tagName: "img", attribs: { src, ...(attribs.alt ? { alt: attribs.alt.slice(0, 300) } : {}) } };
    },
    td: (_tagName, attribs) => ({ tagName: "td", attribs: cellSpans(attribs) }),
    th: (_tagName, attribs) => ({ tagName: "th", attribs: cellSpans(attribs) }),
  },
  exclusiveFilter(frame) {
    // Paragraphs and headings left empty by the cleaning (Word's <o:p>&nbsp;</o:p>, emptied <div>s).
    return ["p", "h2", "h3", "h4", "strong", "em", "u", "s", "blockquote"].includes(frame.tag) && !frame.text.replace(/\u00a0/g, " ").trim() && !frame.mediaChildren.length;
  },
};

function cellSpans(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const kept: sanitizeHtml.Attributes = {};
  const colspan = span(attribs.colspan);
  const rowspan = span(attribs.rowspan);
  if (colspan) kept.colspan = colspan;
  if (rowspan) kept.rowspan = rowspan;
  return kept;
}

/**
 * Cleans an article body. Two passes: the first maps pasted markup (a <div> around paragraphs
 * becomes a paragraph around paragraphs), the second lets the HTML parser close what cannot nest
 * and drops what that leaves empty, so cleaning clean HTML changes nothing.
 */
export function sanitizeArticleHtml(input: string): ArticleHtml {
  const once = sanitizeHtml(input, options);
  const html = sanitizeHtml(once, options).replace(/\n{3,}/g, "\n\n").trim();
  return { html, text: articleHtmlToText(html) };
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1]) : undefined;
}

/**
 * Sanitised article HTML as plain text: a blank line between blocks, "- " or "1. " before list
 * items, table cells separated by " | ", a link's address after its text when it differs.
 * Works on our own sanitiser's output only (known tags, quoted and escaped attributes).
 */
export function articleHtmlToText(html: string): string {
  const out: string[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let link: { href: string; start: number } | null = null;
  let inPre = false;
  const breakBlock = () => out.push("\n\n");
  for (const token of html.split(/(<[^>]*>)/)) {
    if (!token) continue;
    if (!token.startsWith("<")) {
      const text = decodeEntities(token);
      if (inPre) out.push(text);
      else {
        const previous = out.length > 0 ? out[out.length - 1] : "\n";
        const collapsed = text.replace(/\s+/g, " ");
        out.push(previous.endsWith("\n") || previous.endsWith(" ") ? collapsed.trimStart() : collapsed);
      }
      continue;
    }
    const match = /^<(\/?)([a-z0-9]+)/i.exec(token);
    if (!match) continue;
    const closing = match[1] === "/";
    const tag = match[2].toLowerCase();
    switch (tag) {
      case "p": case "h2": case "h3": case "h4": case "blockquote": case "table": case "hr":
        breakBlock();
        break;
      case "pre":
        inPre = !closing;
        breakBlock();
        break;
      case "br":
        out.push("\n");
        break;
      case "ul": case "ol":
        if (closing) lists.pop();
        else lists.push({ ordered: tag === "ol", next: 1 });
        // A nested list continues its item's lines; an outer one is a block of its own.
        if (lists.length === (closing ? 0 : 1)) breakBlock();
        break;
      case "li":
        if (!closing) {
          const list = lists[lists.length - 1];
          const indent = "  ".repeat(Math.max(0, lists.length - 1));
          out.push(`\n${indent}${list?.ordered ? `${list.next++}. ` : "- "}`);
        }
        break;
      case "tr":
        if (!closing) out.push("\n");
        break;
      case "td": case "th":
        if (closing) out.push(" | ");
        break;
      case "a":
        if (!closing) link = { href: attribute(token, "href") ?? "", start: out.length };
        else if (link) {
          const label = out.slice(link.start).join("").trim();
          const href = link.href.replace(/^mailto:/, "");
          if (href && label !== href && !link.href.startsWith("/")) out.push(` (${href})`);
          link = null;
        }
        break;
      case "img": {
        const alt = attribute(token, "alt");
        if (alt) out.push(`[${alt}]`);
        break;
      }
    }
  }
  return out
    .join("")
    .split("\n")
    .map((line) => line.replace(/ \| $/, "").replace(/[ \t]+$/g, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
