import { describe, expect, it } from "vitest";
import { acknowledgementEmail } from "~/emails/acknowledgement.mjml";
import { agentReplyEmail } from "~/emails/agent-reply.mjml";
import { ticketSolvedEmail } from "~/emails/ticket-solved.mjml";
import { loadEnvironment } from "~/lib/env.server";
import { parseMailbox } from "~/lib/mail/mail-environment.server";
import { baseSubject, EmailTemplateError, mjSection, renderEmail, subjectWithToken, type EmailTemplate } from "~/lib/mail/render.server";
import { decodeProcessingNotes, describeProcessingNote, encodeProcessingNotes } from "~/lib/mail/processing-note";
import { formatters, translator } from "~/lib/i18n/translate";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const context = { publicUrl: "https://support.exemple.fr", brandName: "Support Exemple" };

describe("system mail: MJML to responsive HTML plus text, in the contact's language", () => {
  it("acknowledgement (fr and en) with the number, the portal link and nothing unescaped", () => {
    const props = { ticketNumber: 1234, subject: "Re: <script>alert(1)</script> Imprimante", requesterName: "Marie <Dupont>" };
    const french = renderEmail(acknowledgementEmail, props, "fr", context);
    expect(french.subject).toBe("Demande reçue : <script>alert(1)</script> Imprimante [#1234]");
    expect(french.html).toContain("Elle porte le numéro #1234");
    expect(french.html).toContain('href="https://support.exemple.fr/portail"');
    expect(french.html).toContain("&lt;script&gt;");
    expect(french.html).not.toContain("<script>");
    expect(french.html).toContain("Bonjour Marie &lt;Dupont&gt;,");
    expect(french.html).toMatch(/@media only screen and \(min-width:480px\)/);
    expect(french.html).toContain('lang="fr"');
    expect(french.text).toContain("Suivre vos demandes : https://support.exemple.fr/portail");
    expect(french.text).toContain("Support Exemple");

    const english = renderEmail(acknowledgementEmail, props, "en", context);
    expect(english.subject).toBe("Request received: <script>alert(1)</script> Imprimante [#1234]");
    expect(english.text).toContain("Its number is #1234");
    expect(renderEmail(acknowledgementEmail, props, "de", context).subject).toMatch(/^Demande reçue/);
  });

  it("agent reply keeps the text's paragraphs and line breaks, and says when it solves the ticket", () => {
    const reply = renderEmail(agentReplyEmail, { ticketNumber: 9, subject: "RE: TR: Accès [#9]", agentName: "Julien Moreau", bodyText: "Bonjour,\n\nLigne 1\nLigne 2", solved: true }, "fr", context);
    expect(reply.subject).toBe("Re: Accès [#9]");
    expect(reply.html).toContain("Ligne 1<br />Ligne 2");
    expect(reply.html).toContain("Nous considérons votre demande comme résolue");
    expect(reply.text.startsWith("Bonjour,\n\nLigne 1\nLigne 2\n\nJulien Moreau")).toBe(true);
    const html = renderEmail(agentReplyEmail, { ticketNumber: 9, subject: "Accès", agentName: "J", bodyText: "x", bodyHtml: "<p><b>Gras</b></p>", solved: false }, "en", context);
    expect(html.html).toContain("<p><b>Gras</b></p>");
    expect(html.html).not.toContain("considérons");
  });

  it("ticket solved explains how to reopen", () => {
    const solved = renderEmail(ticketSolvedEmail, { ticketNumber: 5, subject: "Imprimante", requesterName: "" }, "fr", context);
    expect(solved.subject).toBe("Demande résolue : Imprimante [#5]");
    expect(solved.text).toContain("Bonjour,");
    expect(solved.text).toContain("répondez simplement à cet e-mail");
  });

  it("refuses a template whose MJML is invalid", () => {
    const broken: EmailTemplate<object> = { name: "broken", subject: () => "x", preview: () => "x", body: () => mjSection("<mj-unknown>x</mj-unknown>"), text: () => "x" };
    expect(() => renderEmail(broken, {}, "fr", context)).toThrow(EmailTemplateError);
  });

  it("builds subjects with our token once, without reply prefixes", () => {
    expect(baseSubject("RE: Re: TR: Fwd: AW: Imprimante [#12] [#12]")).toBe("Imprimante");
    expect(subjectWithToken("Re: Imprimante [#12]", 12)).toBe("Imprimante [#12]");
    expect(subjectWithToken("", 3)).toBe("— [#3]");
  });
});

describe("processing notes are read in each agent's language", () => {
  it("encodes structured notes and describes them in French and English", () => {
    const stored = encodeProcessingNotes([{ code: "attachments_dropped", files: [{ name: "plans.dwg", size: 20 * 1024 * 1024, reason: "too_large" }], maxAttachmentBytes: 15 * 1024 * 1024, maxMessageBytes: 30 * 1024 * 1024 }]);
    const [note] = decodeProcessingNotes(stored) as Exclude<ReturnType<typeof decodeProcessingNotes>, string | null>;
    expect(describeProcessingNote(note, translator("fr"), formatters("fr"))).toBe(
      "Pièces jointes non conservées car trop volumineuses : plans.dwg (20 Mo) (limites : 15 Mo par fichier, 30 Mo par message). Le message d'origine complet est conservé.",
    );
    expect(describeProcessingNote(note, translator("en"), formatters("en"))).toContain("plans.dwg (20 MB)");
    expect(decodeProcessingNotes("Note écrite à la main")).toBe("Note écrite à la main");
    expect(encodeProcessingNotes([])).toBeNull();
  });
});

describe("mail settings from the environment", () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-mail-env-"));

  it("has safe defaults and derives the sender and Message-ID domain", () => {
    const config = loadEnvironment({ DATA_DIR: dir(), PUBLIC_URL: "https://support.exemple.fr" });
    expect(config.mail).toMatchObject({ imap: null, smtpUrl: null, from: { name: "Comptoir", address: "support@support.exemple.fr" }, messageIdDomain: "support.exemple.fr", acknowledgementsPerHour: 3 });
    expect(config.mail.maxAttachmentBytes).toBe(15 * 1024 * 1024);
  });

  it("reads an IMAP mailbox, SMTP and the sender, and explains what is wrong", () => {
    const config = loadEnvironment({
      DATA_DIR: dir(),
      IMAP_HOST: "imap.exemple.fr",
      IMAP_USER: "support@exemple.fr",
      IMAP_PASSWORD: "secret",
      IMAP_TLS: "true",
      SMTP_URL: "smtp://user:pass@smtp.exemple.fr:587",
      MAIL_FROM: '"Support Exemple" <Support@Exemple.fr>',
    });
    expect(config.mail.imap).toEqual({ host: "imap.exemple.fr", port: 993, tls: true, username: "support@exemple.fr", password: "secret", folder: "INBOX", pollSeconds: 60 });
    expect(config.mail.from).toEqual({ name: "Support Exemple", address: "support@exemple.fr" });
    expect(config.mail.smtpUrl).toBe("smtp://user:pass@smtp.exemple.fr:587");
    const plainImap = loadEnvironment({ DATA_DIR: dir(), IMAP_HOST: "imap.exemple.fr", IMAP_USER: "u", IMAP_PASSWORD: "p", IMAP_TLS: "false" });
    expect(plainImap.mail.imap?.port).toBe(143);

    expect(() => loadEnvironment({ DATA_DIR: dir(), IMAP_HOST: "imap.exemple.fr" })).toThrowError(/IMAP_USER: IMAP_USER is required[\s\S]*IMAP_PASSWORD/);
    expect(() => loadEnvironment({ DATA_DIR: dir(), SMTP_URL: "http://smtp" })).toThrowError(/SMTP_URL must look like/);
    expect(() => loadEnvironment({ DATA_DIR: dir(), MAIL_FROM: "pas une adresse" })).toThrowError(/MAIL_FROM must look like/);
    expect(() => loadEnvironment({ DATA_DIR: dir(), IMAP_POLL_SECONDS: "0" })).toThrowError(/IMAP_POLL_SECONDS/);
  });

  it("parses sender addresses", () => {
    expect(parseMailbox("support@exemple.fr")).toEqual({ name: "Comptoir", address: "support@exemple.fr" });
    expect(parseMailbox("Équipe Support <support@exemple.fr>")).toEqual({ name: "Équipe Support", address: "support@exemple.fr" });
    expect(parseMailbox("<>")).toBeNull();
  });
});
