import { describe, expect, it } from "vitest";
import { quoteEmail } from "~/emails/quote.mjml";
import { renderEmail } from "~/lib/mail/render.server";

/** The mail that carries a quote: in the contact's language, amounts in their format, nothing unescaped, its own footer. */

const context = { publicUrl: "https://crm.exemple.fr", brandName: "Comptoir" };
const props = {
  number: "DEV-2026-0042",
  contactName: "Julie <Lemoine>",
  sellerName: "Comptoir Informatique Services",
  senderName: "Léa Commerciale",
  totalExclCents: 221_300,
  totalInclCents: 260_993,
  validUntil: new Date("2027-01-05T23:00:00Z"),
};

describe("quote mail", () => {
  it("says what the quote is worth and until when, in French", () => {
    const mail = renderEmail(quoteEmail, props, "fr", context);
    expect(mail.subject).toBe("Devis DEV-2026-0042 · Comptoir Informatique Services");
    expect(mail.text).toContain("Bonjour Julie <Lemoine>,");
    expect(mail.text).toContain("Montant : 2\u202f213,00\u00a0€ HT, soit 2\u202f609,93\u00a0€ TTC.");
    expect(mail.text).toContain("Cette offre est valable jusqu'au 6 janvier 2027.");
    expect(mail.text).toContain("Pièce jointe : DEV-2026-0042.pdf");
    expect(mail.html).toContain("Julie &lt;Lemoine&gt;");
    expect(mail.html).not.toContain("<Lemoine>");
    expect(mail.html).toContain("Ce message accompagne le devis joint.");
    expect(mail.html).not.toContain("demande d'assistance");
  });

  it("in English, with English formats", () => {
    const mail = renderEmail(quoteEmail, props, "en", context);
    expect(mail.subject).toBe("Quote DEV-2026-0042 · Comptoir Informatique Services");
    expect(mail.text).toContain("Amount: €2,213.00 excl. VAT, €2,609.93 incl. VAT.");
    expect(mail.text).toContain("valid until 6 January 2027");
  });
});
