import mjml2html from "mjml";
import { describe, expect, it, vi } from "vitest";
import { acknowledgementEmail } from "~/emails/acknowledgement.mjml";
import { agentReplyEmail } from "~/emails/agent-reply.mjml";
import { portalLinkEmail } from "~/emails/portal-link.mjml";
import { quoteEmail } from "~/emails/quote.mjml";
import { ticketSolvedEmail } from "~/emails/ticket-solved.mjml";
import { mjButton, mjParagraphs, mjSection, renderEmail, renderEmailUncached, type EmailTemplate } from "~/lib/mail/render.server";

// Counts MJML compilations while keeping the real compiler.
vi.mock("mjml", async (importOriginal) => {
  const actual = await importOriginal<{ default: typeof mjml2html }>();
  return { default: vi.fn(actual.default) };
});

/**
 * renderEmail compiles each template structure once and fills the escaped values into the
 * compiled HTML; renderEmailUncached compiles every mail with its values inside, as before.
 * Both must give the same mail, byte for byte, whatever the values.
 */

const long = "Ligne de texte assez longue pour un vrai message, avec des accents : éèêàçùœ. ".repeat(80);
const tricky = [
  { name: "Marie <Dupont> & \"fils\" l'aîné", text: '<script>alert("x")</script> & \'quotes\' "double" <b>gras</b> &amp; &lt;déjà&gt;' },
  { name: "  Élodie Bérénice Œuvre  ", text: "Première ligne\nDeuxième ligne\r\n\r\nNouveau paragraphe\n\n\n   indenté   \n\tavec tabulation" },
  { name: "", text: long },
  { name: "$& $1 $$ $` $'", text: "Remplacements : $& $1 $$ $` $' et mjslot0n0z mjslotn1z {{nom}} ${x}" },
  { name: "</mj-text><mj-raw>x</mj-raw>", text: "</mj-text></mj-column></mj-section><mj-section><mj-column><mj-text>injection</mj-text>" },
  { name: "Zoé 👋\u200b", text: "Émoji 🎉, espace insécable\u00a0: oui, guillemets « français » et ‘anglais’ — fin." },
];
const overrides = [
  { publicUrl: "https://support.exemple.fr", brandName: "Support Exemple" },
  { publicUrl: 'https://support.exemple.fr/a?b=1&c="2"<x>', brandName: 'Dupont & Fils <"SARL">' },
];
const locales = ["fr", "en"];

type Case = { label: string; render: (engine: typeof renderEmail, locale: string, override: (typeof overrides)[number]) => ReturnType<typeof renderEmail> };

function casesFor(value: (typeof tricky)[number], index: number): Case[] {
  const rating = { good: `https://support.exemple.fr/avis/${index}?note=bien&t="${value.name}"`, bad: `https://support.exemple.fr/avis/${index}?note=mal&x=<y>` };
  const use = <Props,>(template: EmailTemplate<Props>, props: Props): Case["render"] => (engine, locale, override) => engine(template, props, locale, override);
  return [
    { label: "acknowledgement", render: use(acknowledgementEmail, { ticketNumber: 1234 + index, subject: `Re: TR: ${value.text} [#12]`, requesterName: value.name }) },
    { label: "agent reply, text", render: use(agentReplyEmail, { ticketNumber: 9, subject: value.text, agentName: value.name, bodyText: value.text, solved: false }) },
    { label: "agent reply, empty text", render: use(agentReplyEmail, { ticketNumber: 9, subject: "", agentName: "", bodyText: "", solved: false }) },
    {
      label: "agent reply, HTML, solved with rating",
      render: use(agentReplyEmail, {
        ticketNumber: 10,
        subject: value.text,
        agentName: value.name,
        bodyText: value.text,
        bodyHtml: `\n  <p>Bonjour <b>${value.name.replace(/[<>&"]/g, "")}</b>,</p><ul><li>un</li></ul><a href="https://exemple.fr/?a=1&amp;b=2">lien</a>\n`,
        solved: true,
        rating,
      }),
    },
    { label: "agent reply, solved without rating", render: use(agentReplyEmail, { ticketNumber: 11, subject: value.text, agentName: value.name, bodyText: value.text, solved: true, rating: null }) },
    { label: "ticket solved", render: use(ticketSolvedEmail, { ticketNumber: 5, subject: value.text, requesterName: value.name }) },
    { label: "ticket solved with rating", render: use(ticketSolvedEmail, { ticketNumber: 6, subject: value.text, requesterName: value.name, rating }) },
    { label: "portal link", render: use(portalLinkEmail, { firstName: value.name, url: `https://support.exemple.fr/portail/lien?t=${index}&u="${value.name}"`, expiresInMinutes: 15 }) },
    {
      label: "quote, own footer",
      render: use(quoteEmail, { number: `DEV-2026-${index}`, contactName: value.name, sellerName: value.name, senderName: value.text.slice(0, 200), totalExclCents: 123_456 * index, totalInclCents: 148_147 * index, validUntil: new Date("2027-01-05T23:00:00Z") }),
    },
  ];
}

describe("system mail from compiled layouts", () => {
  it("gives exactly the mail MJML gives when compiling each one, for every template, language and tricky value", () => {
    let compared = 0;
    for (const [index, value] of tricky.entries()) {
      for (const testCase of casesFor(value, index)) {
        for (const locale of locales) {
          for (const override of overrides) {
            const cached = testCase.render(renderEmail, locale, override);
            const reference = testCase.render(renderEmailUncached, locale, override);
            expect(cached, `${testCase.label} (${locale}, value ${index})`).toEqual(reference);
            expect(cached.html).not.toMatch(/mjslot[0-9a-f]{16}n\d+z/);
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(tricky.length * 9 * locales.length * overrides.length);
  });

  it("escapes customer text exactly as before: no markup of theirs reaches the mail", () => {
    const mail = renderEmail(acknowledgementEmail, { ticketNumber: 7, subject: tricky[0].text, requesterName: tricky[0].name }, "fr", overrides[0]);
    expect(mail.html).toContain("Bonjour Marie &lt;Dupont&gt; &amp; &quot;fils&quot; l&#39;aîné,");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>gras</b>");
    const injected = renderEmail(agentReplyEmail, { ticketNumber: 9, subject: "x", agentName: "A", bodyText: tricky[4].text, solved: false }, "fr", overrides[0]);
    expect(injected.html).toContain("&lt;/mj-text&gt;&lt;/mj-column&gt;");
    expect(injected.html).not.toContain("<mj-");
  });

  it("compiles each structure once: new values reuse the compiled layout", () => {
    const compile = vi.mocked(mjml2html);
    const render = (index: number, locale: string) =>
      renderEmail(acknowledgementEmail, { ticketNumber: 5000 + index, subject: `Sujet ${index} <${"x".repeat(index)}>`, requesterName: index % 2 ? `Client ${index}` : "" }, locale, { publicUrl: "https://cache.exemple.fr", brandName: "Cache" });
    render(0, "fr");
    render(1, "en");
    compile.mockClear();
    for (let index = 2; index < 40; index++) render(index, index % 2 ? "en" : "fr");
    expect(compile).not.toHaveBeenCalled();

    // A structure not rendered yet is compiled once, then reused with other values.
    const note: EmailTemplate<{ text: string; href: string }> = {
      name: "test-note",
      subject: (props) => props.text,
      preview: (props) => props.text,
      body: (props) => mjSection(mjParagraphs(props.text, 'font-size="17px"'), mjButton(props.text, props.href)),
      text: (props) => props.text,
    };
    const first = renderEmail(note, { text: "premier", href: "https://a.exemple.fr/?x=1&y=2" }, "fr", overrides[0]);
    const second = renderEmail(note, { text: "second <b>\n\nparagraphe", href: 'https://b.exemple.fr/"z"' }, "fr", overrides[0]);
    expect(compile).toHaveBeenCalledTimes(1);
    expect(first.html).toContain('href="https://a.exemple.fr/?x=1&amp;y=2"');
    expect(second.html).toContain('<p style="margin:0 0 12px 0">second &lt;b&gt;</p><p style="margin:0 0 12px 0">paragraphe</p>');
    expect(second).toEqual(renderEmailUncached(note, { text: "second <b>\n\nparagraphe", href: 'https://b.exemple.fr/"z"' }, "fr", overrides[0]));
  });

  it("lets no customer text pull a web font into the mail (MJML compiling each mail adds one when the text names it)", () => {
    const props = { ticketNumber: 8, subject: "font-family: Lato", requesterName: "font-family: Lato" };
    expect(renderEmailUncached(acknowledgementEmail, props, "fr", overrides[0]).html).toContain("family=Lato");
    expect(renderEmail(acknowledgementEmail, props, "fr", overrides[0]).html).not.toContain("family=Lato");
    // The layout's own font (Roboto, in its font stack) is still linked as before.
    expect(renderEmail(acknowledgementEmail, props, "fr", overrides[0]).html).toContain("family=Roboto");
  });
});
