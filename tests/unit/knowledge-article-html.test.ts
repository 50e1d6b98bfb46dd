import { describe, expect, it } from "vitest";
import { articleHtmlToText, sanitizeArticleHtml } from "~/domain/knowledge/article-html.server";

const clean = (html: string) => sanitizeArticleHtml(html).html;

describe("article HTML: hostile input is cleaned, never kept", () => {
  it.each([
    ["an image with an error handler", `<img src=x onerror=alert(1)>`, ""],
    ["a javascript: link", `<a href="javascript:alert(1)">clic</a>`, "clic"],
    ["a javascript: link hidden by whitespace and case", `<a href=" JaVa\tScRiPt:alert(1)">clic</a>`, "clic"],
    ["a data: link", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, "x"],
    ["a script", `<script>alert(1)</script><p>texte</p>`, "<p>texte</p>"],
    ["an iframe", `<iframe src="https://evil.example"></iframe><p>après</p>`, "<p>après</p>"],
    ["an svg with onload", `<svg onload=alert(1)><circle r="4"/></svg>ok`, "ok"],
    ["event handlers, ids, classes and styles", `<p onclick="x()" id="y" class="z" style="position:fixed">t</p>`, "<p>t</p>"],
    ["a style element", `<style>body{display:none}</style><p>t</p>`, "<p>t</p>"],
    ["a form", `<form action="https://evil.example"><input name="p"><button>Go</button></form><p>t</p>`, "<p>t</p>"],
    ["a protocol-relative link", `<a href="//evil.example/x">x</a>`, "x"],
    ["a relative link outside the help centre", `<a href="/admin/utilisateurs">x</a>`, "x"],
    ["an http image (https only)", `<img src="http://cdn.example/a.png" alt="a">`, ""],
    ["a data: image", `<img src="data:image/png;base64,iVBORw0KGgo=">`, ""],
    ["an image path that is not ours", `<img src="/support/pieces-jointes/abc">`, ""],
  ])("%s", (_name, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it("cleans a Word paste: mso styles, classes, spans, <o:p> and conditional comments go, the text stays", () => {
    const word = `<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style>p.MsoNormal{mso-style-parent:"";margin:0cm;}</style>
<p class=MsoNormal style='mso-margin-top-alt:auto;mso-margin-bottom-alt:auto'><span style='font-family:"Calibri",sans-serif;mso-fareast-language:FR'>Redémarrez <b>l'imprimante</b><o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Ouvrez le capot<o:p></o:p></p>`;
    const result = sanitizeArticleHtml(word);
    expect(result.html).not.toMatch(/mso|class=|style|<span|o:p|xml|Calibri/i);
    expect(result.html).toContain("<p>Redémarrez <strong>l'imprimante</strong></p>");
    expect(result.html).toContain("Ouvrez le capot");
    expect(result.text).toContain("Redémarrez l'imprimante");
  });

  it("keeps the article elements and the attributes they need", () => {
    const html =
      `<h2>Titre</h2><h3>Sous-titre</h3><h4>Détail</h4><p><strong>g</strong> <em>i</em> <u>s</u> <s>b</s><br />suite</p>` +
      `<ul><li>un</li></ul><ol><li>deux</li></ol><pre><code>x &lt; y</code></pre><blockquote><p>cité</p></blockquote><hr />` +
      `<table><thead><tr><th colspan="2">A</th></tr></thead><tbody><tr><td rowspan="2">b</td><td>c</td></tr></tbody></table>` +
      `<p><img src="/aide/images/clx123abc" alt="capture" /><img src="https://cdn.example/a.png" /></p>`;
    expect(clean(html)).toBe(html);
  });

  it("maps pasted markup to its article equivalent and marks external links", () => {
    expect(clean(`<h1>T</h1><b>g</b><i>i</i><strike>b</strike><h6>d</h6>`)).toBe("<h2>T</h2><strong>g</strong><em>i</em><s>b</s><h4>d</h4>");
    expect(clean(`<div><p>a</p><p>b</p></div><div>c</div>`)).toBe("<p>a</p><p>b</p><p>c</p>");
    expect(clean(`<a href="https://example.com/x" target="_self" rel="opener">e</a>`)).toBe(`<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">e</a>`);
    expect(clean(`<a href="/aide/fr/articles/imprimante" target="_blank">i</a>`)).toBe(`<a href="/aide/fr/articles/imprimante">i</a>`);
    expect(clean(`<a href="mailto:support@exemple.fr">m</a>`)).toBe(`<a href="mailto:support@exemple.fr">m</a>`);
    expect(clean(`<td colspan="abc" rowspan="3">x</td>`)).toContain(`<td rowspan="3">x</td>`);
  });

  it("changes nothing when cleaning clean HTML again", () => {
    const inputs = [`<div><p>a</p></div><ul><li>x<ol><li>y</li></ol></li></ul>`, `<p>a &amp; b &lt;c&gt;</p><pre><code>  indent\n    more</code></pre>`];
    for (const input of inputs) {
      const once = clean(input);
      expect(clean(once)).toBe(once);
    }
  });
});

describe("article HTML as plain text", () => {
  it.each([
    ["paragraphs", "<p>Un</p><p>Deux</p>", "Un\n\nDeux"],
    ["line breaks", "<p>Un<br />Deux</p>", "Un\nDeux"],
    ["lists", "<p>Étapes :</p><ol><li>ouvrir</li><li>fermer</li></ol><ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>", "Étapes :\n\n1. ouvrir\n2. fermer\n\n- a\n- b\n  - c"],
    ["entities", "<p>a &amp; b &lt;c&gt; &quot;d&quot;</p>", 'a & b <c> "d"'],
    ["external links keep their address", `<p><a href="https://exemple.fr/doc">la doc</a></p>`, "la doc (https://exemple.fr/doc)"],
    ["a link showing its own address", `<p><a href="https://exemple.fr/">https://exemple.fr/</a></p>`, "https://exemple.fr/"],
    ["code keeps its indentation", "<pre><code>if (a) {\n  b();\n}</code></pre>", "if (a) {\n  b();\n}"],
    ["tables", "<table><tr><th>Nom</th><th>Valeur</th></tr><tr><td>a</td><td>1</td></tr></table>", "Nom | Valeur\na | 1"],
    ["images by their alternative text", `<p>Voir <img src="/aide/images/x1" alt="capture" /></p>`, "Voir [capture]"],
  ])("%s", (_name, html, text) => {
    expect(articleHtmlToText(html)).toBe(text);
  });
});
