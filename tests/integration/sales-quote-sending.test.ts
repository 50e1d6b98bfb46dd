import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueEmails } from "~/domain/channels/email/outbox-delivery.server";
import { createQuote, sendQuote } from "~/domain/sales/quote-commands.server";
import { quoteDelivery } from "~/domain/sales/quotes.server";
import { createSmtpTransport, type MailTransport } from "~/lib/mail/transport.server";
import { useMailSettings } from "../support/email-factories.ts";
import { aUser } from "../support/factories.ts";
import { aCustomerWithDeal, aLine, aSellerIdentity, pdfTextOf, quoteInput } from "../support/sales-documents-factories.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";

/**
 * A quote's journey through the outbox to a real SMTP server: the mail arrives in the contact's
 * language with the PDF attached, and the quote page's delivery state follows.
 */

let sink: SmtpSink;
let transport: MailTransport;
let restore: () => void;

beforeAll(async () => {
  sink = await startSmtpSink();
  transport = createSmtpTransport(sink.url);
  restore = useMailSettings({ MAIL_FROM: "Comptoir Informatique <ventes@comptoir-services.test>", SMTP_URL: sink.url });
  await aSellerIdentity();
});

afterAll(async () => {
  transport.close();
  await sink.stop();
  restore();
});

describe("sending a quote by mail", () => {
  it("delivers it with its PDF attached, and the quote shows the mail as sent", async () => {
    const rep = await aUser({ role: "sales", name: "Léa Commerciale" });
    const viewer = { id: rep.id, role: rep.role, restrictToGroups: false };
    const customer = await aCustomerWithDeal(rep.id, { companyName: "Boulangerie Lemoine", contactEmail: "julie@boulangerie-lemoine.test" });
    const { quoteId, number } = await createQuote(viewer, quoteInput({
      dealId: customer.deal.id,
      lines: [
        aLine({ reference: "POSTE-PRO", description: "Poste de travail", quantity: 2000, unitPrice: 94_900, vatRate: 2000 }),
        aLine({ reference: "GUIDE-HACCP", description: "Guide d'hygiène", quantity: 10_000, unitPrice: 3_500, discount: 1000, vatRate: 550 }),
      ],
    }));
    const { outboundEmailId } = await sendQuote(viewer, { quoteId, version: 1 });
    expect((await quoteDelivery(outboundEmailId))?.status).toBe("queued");

    expect(await deliverDueEmails(transport)).toMatchObject({ sent: 1, failed: 0 });
    const mail = await sink.waitForMessage((received) => received.envelope.to.includes("julie@boulangerie-lemoine.test"));
    expect(mail.parsed.subject).toBe(`Devis ${number} · Comptoir Informatique Services`);
    expect(mail.parsed.text).toContain("Bonjour Julie Lemoine,");
    expect(mail.parsed.text).toContain(`Veuillez trouver ci-joint notre devis ${number}.`);
    expect(mail.parsed.attachments).toHaveLength(1);
    const [pdf] = mail.parsed.attachments;
    expect(pdf).toMatchObject({ filename: `${number}.pdf`, contentType: "application/pdf" });
    const text = await pdfTextOf(pdf!.content);
    for (const expected of [number, "Boulangerie Lemoine", "Total HT 2 213,00 €", "TVA 20 % sur 1 898,00 € 379,60 €", "TVA 5,5 % sur 315,00 € 17,33 €", "Total TTC 2 609,93 €", "40 €", "Bon pour accord"]) {
      expect(text).toContain(expected);
    }

    const delivery = await quoteDelivery(outboundEmailId);
    expect(delivery).toMatchObject({ status: "sent", toAddress: "julie@boulangerie-lemoine.test" });
  });

  it("writes to an English-speaking contact in English, PDF included", async () => {
    const rep = await aUser({ role: "sales" });
    const viewer = { id: rep.id, role: rep.role, restrictToGroups: false };
    const customer = await aCustomerWithDeal(rep.id, { companyName: "Brighton Bakery", contactEmail: "julie@brighton-bakery.test", language: "en" });
    const { quoteId, number } = await createQuote(viewer, quoteInput({ companyId: customer.company.id, contactId: customer.contact.id, lines: [aLine({ description: "Oven maintenance", unitPrice: 123_456 })] }));
    await sendQuote(viewer, { quoteId, version: 1 });
    await deliverDueEmails(transport);
    const mail = await sink.waitForMessage((received) => received.envelope.to.includes("julie@brighton-bakery.test"));
    expect(mail.parsed.subject).toBe(`Quote ${number} · Comptoir Informatique Services`);
    expect(mail.parsed.text).toContain("€1,234.56 excl. VAT");
    const text = await pdfTextOf(mail.parsed.attachments[0]!.content);
    expect(text).toContain("QUOTE");
    expect(text).toContain("Total incl. VAT €1,481.47");
    expect(text).toContain("€40");
  });
});
