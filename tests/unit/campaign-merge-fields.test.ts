import { describe, expect, it } from "vitest";
import { textFromHtml, trackedLinks, withOpenPixel, withTrackedLinks } from "~/domain/marketing/campaigns/campaign-content";
import { contactMergeValues, mergeRecipient, unknownMergeFields, type MergeValues } from "~/domain/marketing/campaigns/merge-fields";

const camille: MergeValues = contactMergeValues({ firstName: "Camille", lastName: "Durand", email: "camille@exemple.test", companyName: "<script>alert(1)</script> & Fils" });
const nobody: MergeValues = contactMergeValues({ firstName: "", lastName: "", email: "x@exemple.test", companyName: null });

describe("mergeRecipient", () => {
  const cases: Array<{ name: string; template: string; values: MergeValues; mode: "html" | "text" | "header"; expected: string }> = [
    { name: "a value replaces its field", template: "Bonjour {{contact.firstName|client}} !", values: camille, mode: "html", expected: "Bonjour Camille !" },
    { name: "a missing value takes its fallback", template: "Bonjour {{contact.firstName|Madame, Monsieur}} !", values: nobody, mode: "html", expected: "Bonjour Madame, Monsieur !" },
    { name: "no value and no fallback: empty, never undefined", template: "Bonjour {{contact.firstName}}!", values: {}, mode: "text", expected: "Bonjour !" },
    { name: "spaces around the name and the fallback", template: "{{ contact.lastName | Client }}", values: nobody, mode: "text", expected: "Client" },
    { name: "hostile values are escaped in HTML", template: "<p>{{company.name|}}</p>", values: camille, mode: "html", expected: "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Fils</p>" },
    { name: "raw in the text part", template: "{{company.name}}", values: camille, mode: "text", expected: "<script>alert(1)</script> & Fils" },
    { name: "full name", template: "{{contact.fullName|Client}}", values: camille, mode: "text", expected: "Camille Durand" },
    { name: "full name falls back when both names are empty", template: "{{contact.fullName|Client}}", values: nobody, mode: "text", expected: "Client" },
    { name: "headers lose line breaks", template: "{{contact.firstName}}", values: { "contact.firstName": "A\r\nBcc: x@y" }, mode: "header", expected: "A Bcc: x@y" },
    { name: "unknown fields stay as written", template: "{{contact.age|3}}", values: camille, mode: "text", expected: "{{contact.age|3}}" },
    { name: "the unsubscribe placeholder without a URL stays", template: "{{unsubscribeUrl}}", values: camille, mode: "html", expected: "{{unsubscribeUrl}}" },
  ];
  it.each(cases)("$name", ({ template, values, mode, expected }) => expect(mergeRecipient(template, values, mode)).toBe(expected));

  it("fills the unsubscribe URL, escaped in HTML", () => {
    expect(mergeRecipient('<a href="{{unsubscribeUrl}}">x</a>', camille, "html", { unsubscribeUrl: "https://a.test/d/t?a=1&b=2" })).toBe('<a href="https://a.test/d/t?a=1&amp;b=2">x</a>');
  });
});

describe("unknownMergeFields", () => {
  const cases: Array<{ source: string; expected: Array<{ line: number; field: string }> }> = [
    { source: "Bonjour {{contact.firstName|x}}\n{{company.name}} {{unsubscribeUrl}}", expected: [] },
    { source: "ligne 1\nBonjour {{contact.prenom|x}}", expected: [{ line: 2, field: "contact.prenom" }] },
    { source: "a {{contact.firstName\nb", expected: [{ line: 1, field: "{{" }] },
    { source: "{{a}}\n\n{{company.name}}{{b.c|d}}", expected: [{ line: 1, field: "a" }, { line: 3, field: "b.c" }] },
  ];
  it.each(cases)("$source", ({ source, expected }) => expect(unknownMergeFields(source)).toEqual(expected));
});

describe("links, pixel and text", () => {
  const html = `<html><body><a href="https://a.test/x?a=1&amp;b=2">A</a> <a href="mailto:x@y.test">m</a> <a href='tel:+33'>t</a>
    <a class="b" href="http://b.test/">B</a> <a href="{{unsubscribeUrl}}">Se désinscrire</a> <a href="https://c.test/?e={{contact.email}}">C</a> <a href="#top">top</a></body></html>`;

  it("numbers http(s) links only, in order, decoded", () => {
    expect(trackedLinks(html)).toEqual([{ position: 1, url: "https://a.test/x?a=1&b=2" }, { position: 2, url: "http://b.test/" }]);
  });

  it("rewrites the same links in the same order", () => {
    const rewritten = withTrackedLinks(html, (position) => `https://suivi.test/${position}`);
    expect(rewritten).toContain('href="https://suivi.test/1"');
    expect(rewritten).toContain('class="b" href="https://suivi.test/2"');
    expect(rewritten).toContain('href="mailto:x@y.test"');
    expect(rewritten).toContain('href="{{unsubscribeUrl}}"');
    expect(rewritten).not.toContain("https://suivi.test/3");
  });

  it("puts the pixel before </body>", () => {
    expect(withOpenPixel("<body>x</body>", "https://p.test/o")).toBe('<body>x<img src="https://p.test/o" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" /></body>');
  });

  it("makes readable text", () => {
    expect(textFromHtml(`<head><style>p{}</style></head><body><div style="display:none">pré</div><p>Bonjour&nbsp;Camille,</p><p><a href="https://a.test/?x=1&amp;y=2">Voir</a><br/>L&#39;équipe</p></body>`)).toBe(
      "Bonjour Camille,\n\nVoir (https://a.test/?x=1&y=2)\nL'équipe",
    );
  });
});
