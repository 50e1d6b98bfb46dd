import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { DomainEvents } from "~/domain/events.server";
import { workspaceDayAfter } from "~/domain/sales/document-dates";
import { acceptQuote, createQuote, duplicateQuote, QuoteConflictError, refuseQuote, saveQuoteDraft, sendQuote } from "~/domain/sales/quote-commands.server";
import { renderQuotePdf } from "~/domain/sales/quote-pdf.server";
import { formatCents } from "~/domain/sales/money";
import { quoteFormSchema } from "~/domain/sales/quote-schemas";
import { listQuotes, quoteDocumentFor, readQuoteDocument } from "~/domain/sales/quotes.server";
import { presetPeriod } from "~/domain/sales/order-periods";
import { listOrders, orderFor } from "~/domain/sales/orders.server";
import { deleteProduct, setProductActive, updateProduct } from "~/domain/sales/products.server";
import type { SalesViewer } from "~/domain/sales/sales-access";
import { db } from "~/lib/db.server";
import { fileStorePath } from "~/lib/files.server";
import { parseForm } from "~/lib/forms";
import { aUser } from "../support/factories.ts";
import { aCustomerWithDeal, aLine, aProduct, aSellerIdentity, pdfTextOf, quoteFormFields, quoteInput } from "../support/sales-documents-factories.ts";
import { watchEvents } from "../support/events.ts";

/**
 * Quotes in the domain: numbering, drafts saved all or nothing under optimistic locking, sending
 * with copies of the customer and the seller, the PDF, and acceptance as one transaction that
 * writes the order, wins the deal and makes the company a client.
 */

const viewerOf = (user: { id: string; role: string }): SalesViewer => ({ id: user.id, role: user.role, restrictToGroups: false });
const year = new Date().getFullYear();
let rep: SalesViewer;
let otherRep: SalesViewer;
let manager: SalesViewer;

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

/** What the commands after this call record under `name` (read back from the event stream). */
async function recordedEvents<Name extends keyof DomainEvents>(name: Name): Promise<() => Promise<Array<DomainEvents[Name]>>> {
  const recorded = await watchEvents();
  return async () => (await recorded.read(name)).map((event) => event.payload as DomainEvents[Name]);
}

beforeAll(async () => {
  rep = viewerOf(await aUser({ role: "sales", name: "Léa Commerciale" }));
  otherRep = viewerOf(await aUser({ role: "sales" }));
  manager = viewerOf(await aUser({ role: "manager" }));
});

describe("writing a quote", () => {
  it("numbers quotes without gaps per year and stores exact totals, rounded once per line and per VAT rate", async () => {
    const { deal, contact, company } = await aCustomerWithDeal(rep.id);
    const workstation = await aProduct({ reference: "POSTE-PRO", unitPriceCents: 94_900, vatRateBps: 2000 });
    const book = await aProduct({ reference: "GUIDE-HACCP", unitPriceCents: 3_500, vatRateBps: 550 });
    const first = await createQuote(rep, quoteInput({
      dealId: deal.id,
      lines: [
        aLine({ productId: workstation.id, reference: "POSTE-PRO", description: "Poste de travail", quantity: 2000, unitPrice: 94_900, vatRate: 2000 }),
        aLine({ productId: book.id, reference: "GUIDE-HACCP", description: "Guide HACCP", quantity: 10_000, unitPrice: 3_500, discount: 1000, vatRate: 550 }),
        aLine({ description: "Installation", unit: "hour", quantity: 1500, unitPrice: 8_500, discount: 500, vatRate: 2000 }),
      ],
    }));
    const second = await createQuote(rep, quoteInput({ companyId: company.id, lines: [aLine()] }));
    expect(first.number).toBe(`DEV-${year}-0001`);
    expect(second.number).toBe(`DEV-${year}-0002`);

    const stored = await db().quote.findUniqueOrThrow({ where: { id: first.quoteId }, include: { lines: { orderBy: { position: "asc" } } } });
    expect(stored).toMatchObject({ status: "draft", companyId: company.id, contactId: contact.id, dealId: deal.id, ownerId: rep.id, totalExclCents: 233_413, totalVatCents: 42_116, totalInclCents: 275_529 });
    expect(stored.lines.map((line) => line.totalExclCents)).toEqual([189_800, 31_500, 12_113]);
    expect(stored.lines.map((line) => line.productId)).toEqual([workstation.id, book.id, null]);
  });

  it("saves nothing when one line is invalid: the shared schema names the line and the field", async () => {
    const { company } = await aCustomerWithDeal(rep.id);
    const fields = quoteFormFields({ companyId: company.id, lines: [{ description: "Bon", unitPrice: "10" }, { description: "Mauvais", unitPrice: "douze", quantity: "-1" }, { description: "" }] });
    const parsed = parseForm(formOf(fields), quoteFormSchema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fieldErrors).toMatchObject({ "lines.1.unitPrice": "sales.money.invalid", "lines.1.quantity": "sales.money.negative", "lines.2.description": "validation.required" });
    expect(parsed.fieldErrors["lines.0.unitPrice"]).toBeUndefined();
  });

  it("edits a draft all or nothing, and refuses a save over a colleague's newer one", async () => {
    const { company, contact } = await aCustomerWithDeal(rep.id);
    const stranger = await aCustomerWithDeal(otherRep.id);
    const { quoteId } = await createQuote(rep, quoteInput({ companyId: company.id, contactId: contact.id, lines: [aLine({ description: "Avant" })] }));

    // A contact of another company: refused after the header was written, so everything rolls back.
    await expect(saveQuoteDraft(rep, quoteId, quoteInput({ version: 1, contactId: stranger.contact.id, lines: [aLine({ description: "Après" }), aLine()] }))).rejects.toMatchObject({ code: "sales.quote.validation.contact", field: "contactId" });
    const untouched = await db().quote.findUniqueOrThrow({ where: { id: quoteId }, include: { lines: true } });
    expect(untouched).toMatchObject({ version: 1, contactId: contact.id });
    expect(untouched.lines.map((line) => line.description)).toEqual(["Avant"]);

    await saveQuoteDraft(rep, quoteId, quoteInput({ version: 1, contactId: contact.id, lines: [aLine({ description: "Après", unitPrice: 12_345 }), aLine({ description: "Deuxième" })] }));
    await expect(saveQuoteDraft(rep, quoteId, quoteInput({ version: 1, lines: [aLine({ description: "Périmé" })] }))).rejects.toBeInstanceOf(QuoteConflictError);
    const saved = await db().quote.findUniqueOrThrow({ where: { id: quoteId }, include: { lines: { orderBy: { position: "asc" } } } });
    expect(saved.version).toBe(2);
    expect(saved.lines.map((line) => line.description)).toEqual(["Après", "Deuxième"]);
    expect(saved.totalExclCents).toBe(12_345 + 10_000);

    // Another rep's quote is not theirs to change; a manager's is.
    await expect(saveQuoteDraft(otherRep, quoteId, quoteInput({ version: 2, lines: [aLine()] }))).rejects.toMatchObject({ code: "errors.notFound" });
    await saveQuoteDraft(manager, quoteId, quoteInput({ version: 2, contactId: contact.id, lines: [aLine({ description: "Par la direction" })] }));
    expect(await db().quote.findUniqueOrThrow({ where: { id: quoteId }, select: { version: true, ownerId: true } })).toEqual({ version: 3, ownerId: rep.id });
  });

  it("refuses a validity date already past and a deal outside the rep's portfolio", async () => {
    const mine = await aCustomerWithDeal(rep.id);
    const theirs = await aCustomerWithDeal(otherRep.id);
    const before = await db().counter.findUnique({ where: { name: `quote:${year}` } });
    await expect(createQuote(rep, quoteInput({ companyId: mine.company.id, validUntil: workspaceDayAfter(new Date(), -1), lines: [aLine()] }))).rejects.toMatchObject({ code: "sales.quote.validation.validUntilPast" });
    await expect(createQuote(rep, quoteInput({ dealId: theirs.deal.id, lines: [aLine()] }))).rejects.toMatchObject({ code: "sales.quote.validation.deal" });
    // Refused creations gave their number back.
    expect(await db().counter.findUnique({ where: { name: `quote:${year}` } })).toEqual(before);
  });
});

describe("sending a quote", () => {
  it("refuses while the seller identity is incomplete or the contact has no address", async () => {
    await db().setting.deleteMany({ where: { key: "sales.seller" } });
    const { company, contact } = await aCustomerWithDeal(rep.id);
    const { quoteId } = await createQuote(rep, quoteInput({ companyId: company.id, contactId: contact.id, lines: [aLine()] }));
    await expect(sendQuote(rep, { quoteId, version: 1 })).rejects.toMatchObject({ code: "sales.quote.sellerIncomplete" });
    await aSellerIdentity({ siren: "123" });
    await expect(sendQuote(rep, { quoteId, version: 1 })).rejects.toMatchObject({ code: "sales.quote.sellerIncomplete" });
    await aSellerIdentity();
    await db().contactEmail.deleteMany({ where: { contactId: contact.id } });
    await expect(sendQuote(rep, { quoteId, version: 1 })).rejects.toMatchObject({ code: "sales.quote.noRecipient", field: "contactId" });
    expect(await db().quote.findUniqueOrThrow({ where: { id: quoteId }, select: { status: true, version: true } })).toEqual({ status: "draft", version: 1 });
    expect(await db().outboundEmail.count({ where: { kind: "quote" } })).toBe(0);
  });

  it("copies the customer and the seller, queues the mail with the PDF in the same transaction, and freezes the quote", async () => {
    await aSellerIdentity();
    const { company, contact } = await aCustomerWithDeal(rep.id, { companyName: "Boulangerie Lemoine" });
    const { quoteId, number } = await createQuote(rep, quoteInput({
      companyId: company.id,
      contactId: contact.id,
      lines: [aLine({ reference: "POSTE-PRO", description: "Poste de travail", quantity: 2000, unitPrice: 94_900 }), aLine({ reference: "GUIDE-HACCP", description: "Guide d'hygiène", quantity: 10_000, unitPrice: 3_500, discount: 1000, vatRate: 550 })],
    }));
    const sent = await recordedEvents("quote.saved");
    const { outboundEmailId } = await sendQuote(rep, { quoteId, version: 1 });

    const quote = await db().quote.findUniqueOrThrow({ where: { id: quoteId } });
    expect(quote).toMatchObject({ status: "sent", version: 2, sentEmailId: outboundEmailId });
    expect(JSON.parse(quote.customerSnapshot)).toMatchObject({ name: "Boulangerie Lemoine", street: "3 place du Marché", postalCode: "49300", city: "Cholet", contactName: "Julie Lemoine", language: "fr" });
    expect(JSON.parse(quote.sellerSnapshot)).toMatchObject({ legalName: "Comptoir Informatique Services", siren: "732829320", vatNumber: "FR44732829320" });
    expect(await sent()).toEqual([{ quoteId, ownerId: rep.id, actorId: rep.id, change: "sent" }]);

    const mail = await db().outboundEmail.findUniqueOrThrow({ where: { id: outboundEmailId } });
    expect(mail).toMatchObject({ kind: "quote", status: "queued" });
    expect(mail.subject).toBe(`Devis ${number} · Comptoir Informatique Services`);
    expect(mail.text).toContain(`Montant : ${formatCents(221_300)} HT, soit ${formatCents(260_993)} TTC.`);
    const [attachment] = JSON.parse(mail.attachments) as Array<{ sha256: string; filename: string; contentType: string }>;
    expect(attachment).toMatchObject({ filename: `${number}.pdf`, contentType: "application/pdf" });
    const pdfText = await pdfTextOf(fs.readFileSync(fileStorePath(attachment!.sha256)));
    expect(pdfText).toContain(number);
    expect(pdfText).toContain("Total TTC 2 609,93 €");
    expect(pdfText).toContain("Boulangerie Lemoine");

    // Sent means frozen: the editor refuses, a copy is the way to change it.
    await expect(saveQuoteDraft(rep, quoteId, quoteInput({ version: 2, lines: [aLine()] }))).rejects.toMatchObject({ code: "sales.quote.notDraft" });
    const copy = await duplicateQuote(rep, quoteId);
    const duplicated = await db().quote.findUniqueOrThrow({ where: { id: copy.quoteId }, include: { lines: { orderBy: { position: "asc" } } } });
    expect(duplicated).toMatchObject({ status: "draft", version: 1, contactId: contact.id, companyId: company.id, customerSnapshot: "{}", totalExclCents: quote.totalExclCents });
    expect(duplicated.lines.map((line) => line.description)).toEqual(["Poste de travail", "Guide d'hygiène"]);
    expect(copy.number).not.toBe(number);
  });

  it("never breaks an old quote's PDF: a deleted contact, a renamed company or a changed setting leave it as sent", async () => {
    await aSellerIdentity();
    const { company, contact } = await aCustomerWithDeal(rep.id, { companyName: "Pharmacie du Centre" });
    const { quoteId, number } = await createQuote(rep, quoteInput({ companyId: company.id, contactId: contact.id, lines: [aLine({ description: "Terminal de caisse", unitPrice: 159_000 })] }));
    await sendQuote(rep, { quoteId, version: 1 });
    const before = await pdfTextOf(await renderQuotePdf((await quoteDocumentFor(rep, quoteId))!));

    await db().contact.delete({ where: { id: contact.id } });
    await db().company.update({ where: { id: company.id }, data: { name: "Pharmacie Martin", street: "1 rue Neuve" } });
    await aSellerIdentity({ legalName: "Nouvelle Raison Sociale", paymentTerms: "À réception" });

    const document = await quoteDocumentFor(rep, quoteId);
    expect(document?.contact).toBeNull();
    const after = await pdfTextOf(await renderQuotePdf(document!));
    expect(after).toBe(before);
    for (const text of [number, "Pharmacie du Centre", "Julie Lemoine", "3 place du Marché", "Comptoir Informatique Services", "SIREN 732 829 320", "N° TVA intracommunautaire : FR44732829320", "Total TTC 1 908,00 €", "40 €", "Bon pour accord"]) {
      expect(after).toContain(text);
    }
    expect(after).not.toContain("Nouvelle Raison Sociale");
  });

  it("prints a draft whose contact was deleted, with the live seller and a draft mark", async () => {
    await aSellerIdentity();
    const { company, contact } = await aCustomerWithDeal(rep.id);
    const { quoteId } = await createQuote(rep, quoteInput({ companyId: company.id, contactId: contact.id, lines: [aLine({ description: "Œuvre « spéciale » 🎉 : ça coûte 1 €" })] }));
    await db().contact.delete({ where: { id: contact.id } });
    const text = await pdfTextOf(await renderQuotePdf((await readQuoteDocument(db(), quoteId, new Date()))!));
    expect(text).toContain("PROJET — NON ENVOYÉ");
    expect(text).toContain("Œuvre « spéciale » ? : ça coûte 1 €");
    expect(text).not.toContain("À l'attention de");
  });
});

describe("the customer's answer", () => {
  it("accepting writes the order, wins the deal and makes the company a client, in one transaction", async () => {
    await aSellerIdentity();
    const { company, contact, deal } = await aCustomerWithDeal(rep.id);
    const { quoteId } = await createQuote(rep, quoteInput({ dealId: deal.id, contactId: contact.id, lines: [aLine({ quantity: 3000, unitPrice: 94_900 })] }));
    await sendQuote(rep, { quoteId, version: 1 });
    const orders = await recordedEvents("order.created");
    const moves = await recordedEvents("deal.stage_changed");

    await expect(acceptQuote(rep, { quoteId, version: 1 })).rejects.toBeInstanceOf(QuoteConflictError);
    const accepted = await acceptQuote(rep, { quoteId, version: 2 });
    expect(accepted.orderNumber).toMatch(new RegExp(`^CMD-${year}-\\d{4}$`));
    const order = await db().order.findUniqueOrThrow({ where: { id: accepted.orderId } });
    expect(order).toMatchObject({ quoteId, companyId: company.id, dealId: deal.id, ownerId: rep.id, totalExclCents: 284_700, totalVatCents: 56_940, totalInclCents: 341_640 });
    expect(await db().quote.findUniqueOrThrow({ where: { id: quoteId }, select: { status: true, acceptedAt: true } })).toMatchObject({ status: "accepted", acceptedAt: expect.any(Date) });
    const wonDeal = await db().deal.findUniqueOrThrow({ where: { id: deal.id }, select: { stage: { select: { kind: true } }, closedAt: true, stageChanges: { select: { fromStageId: true, toStageId: true, actorId: true } } } });
    expect(wonDeal.stage.kind).toBe("won");
    expect(wonDeal.closedAt).not.toBeNull();
    expect(wonDeal.stageChanges).toContainEqual({ fromStageId: "stage_proposal", toStageId: "stage_won", actorId: rep.id });
    expect(await db().company.findUniqueOrThrow({ where: { id: company.id }, select: { lifecycleStage: true, clientSince: true } })).toMatchObject({ lifecycleStage: "client", clientSince: expect.any(Date) });
    expect(await orders()).toEqual([expect.objectContaining({ orderId: order.id, quoteId, dealId: deal.id, totalExclCents: 284_700 })]);
    expect(await moves()).toEqual([{ dealId: deal.id, fromStageId: "stage_proposal", toStageId: "stage_won", toKind: "won", actorId: rep.id }]);

    // Once is enough: the quote is no longer "sent".
    await expect(acceptQuote(rep, { quoteId, version: 3 })).rejects.toMatchObject({ code: "sales.quote.notSent" });
    expect(await db().order.count({ where: { quoteId } })).toBe(1);
  });

  it("an order number refused with its transaction is given back: the next order takes it", async () => {
    await aSellerIdentity();
    const { company, contact } = await aCustomerWithDeal(rep.id);
    const { quoteId } = await createQuote(rep, quoteInput({ companyId: company.id, contactId: contact.id, lines: [aLine()] }));
    await sendQuote(rep, { quoteId, version: 1 });
    // A won stage that is switched off makes the order's transaction fail after the number was taken.
    const { quoteId: withDeal } = await (async () => {
      const customer = await aCustomerWithDeal(rep.id);
      const created = await createQuote(rep, quoteInput({ dealId: customer.deal.id, lines: [aLine()] }));
      await sendQuote(rep, { quoteId: created.quoteId, version: 1 });
      return created;
    })();
    const before = await db().counter.findUnique({ where: { name: `order:${year}` } });
    await db().pipelineStage.updateMany({ where: { kind: "won" }, data: { active: false } });
    await expect(acceptQuote(rep, { quoteId: withDeal, version: 2 })).rejects.toMatchObject({ code: "sales.pipeline.noWonStage" });
    await db().pipelineStage.updateMany({ where: { kind: "won" }, data: { active: true } });
    expect(await db().counter.findUnique({ where: { name: `order:${year}` } })).toEqual(before);
    expect(await db().quote.findUniqueOrThrow({ where: { id: withDeal }, select: { status: true } })).toEqual({ status: "sent" });
    const next = await acceptQuote(rep, { quoteId, version: 2 });
    expect(next.orderNumber).toBe(`CMD-${year}-${String((before?.value ?? 0) + 1).padStart(4, "0")}`);
  });

  it("expires a sent quote after its validity day, everywhere: the page, the lists, and acceptance", async () => {
    await aSellerIdentity();
    const { company, contact } = await aCustomerWithDeal(rep.id, { companyName: "Garage Expiré" });
    const { quoteId } = await createQuote(rep, quoteInput({ companyId: company.id, contactId: contact.id, lines: [aLine()] }));
    await sendQuote(rep, { quoteId, version: 1 });
    expect((await quoteDocumentFor(rep, quoteId))?.status).toBe("sent");
    await db().quote.update({ where: { id: quoteId }, data: { validUntil: workspaceDayAfter(new Date(), -1) } });

    expect((await quoteDocumentFor(rep, quoteId))?.status).toBe("expired");
    const expired = await listQuotes(rep, { status: "expired", ownerId: null, companyId: company.id, number: "" }, 1);
    expect(expired.rows.map((row) => [row.id, row.status])).toEqual([[quoteId, "expired"]]);
    expect((await listQuotes(rep, { status: "sent", ownerId: null, companyId: company.id, number: "" }, 1)).rows).toEqual([]);
    await expect(acceptQuote(rep, { quoteId, version: 2 })).rejects.toMatchObject({ code: "sales.quote.expired" });
    await refuseQuote(rep, { quoteId, version: 2 });
    expect(await db().quote.findUniqueOrThrow({ where: { id: quoteId }, select: { status: true, refusedAt: true } })).toMatchObject({ status: "refused", refusedAt: expect.any(Date) });
  });

  it("lists a rep's own quotes only; managers see the team's", async () => {
    const { company } = await aCustomerWithDeal(otherRep.id, { companyName: "Société d'un collègue" });
    const { quoteId } = await createQuote(otherRep, quoteInput({ companyId: company.id, lines: [aLine()] }));
    expect((await listQuotes(rep, { status: null, ownerId: null, companyId: company.id, number: "" }, 1)).rows).toEqual([]);
    expect((await listQuotes(manager, { status: null, ownerId: null, companyId: company.id, number: "" }, 1)).rows.map((row) => row.id)).toEqual([quoteId]);
    expect(await quoteDocumentFor(rep, quoteId)).toBeNull();
  });
});

describe("the price list under quotes", () => {
  it("a product used on a quote can be deactivated or repriced, not deleted, and the quote keeps its copy", async () => {
    const product = await aProduct({ reference: "MAINT-STD", name: "Maintenance Standard", unitPriceCents: 180_000 });
    const unused = await aProduct({ reference: "JAMAIS-VENDU" });
    const { company } = await aCustomerWithDeal(rep.id);
    const { quoteId } = await createQuote(rep, quoteInput({ companyId: company.id, lines: [aLine({ productId: product.id, reference: "MAINT-STD", description: "Maintenance Standard", unitPrice: 180_000, unit: "year" })] }));
    const editor = (await aUser({ role: "manager" })).id;

    await updateProduct(product.id, { reference: "MAINT-STD", name: "Maintenance Standard 2027", description: "", unit: "year", unitPrice: 199_000, vatRate: 2000 }, editor);
    await setProductActive(product.id, false, editor);
    await expect(deleteProduct(product.id, editor)).rejects.toMatchObject({ code: "sales.product.usedOnQuotes" });
    expect(await db().product.findUniqueOrThrow({ where: { id: product.id }, select: { active: true } })).toEqual({ active: false });
    const line = await db().quoteLine.findFirstOrThrow({ where: { quoteId } });
    expect(line).toMatchObject({ productId: product.id, description: "Maintenance Standard", unitPriceCents: 180_000, totalExclCents: 180_000 });

    await deleteProduct(unused.id, editor);
    expect(await db().product.findUnique({ where: { id: unused.id } })).toBeNull();
  });
});

describe("orders", () => {
  it("lists the order intake of a period (workspace days) and owner, with its total", async () => {
    const { company } = await aCustomerWithDeal(rep.id, { companyName: "Commandes & Cie" });
    const write = async (ownerId: string, iso: string, cents: number, index: number) => {
      const quote = await db().quote.create({
        data: { number: `DEV-1999-${index}`, companyId: company.id, ownerId, status: "accepted", issueDate: new Date(iso), validUntil: new Date(iso), totalExclCents: cents, totalVatCents: cents / 5, totalInclCents: cents * 1.2 },
      });
      return db().order.create({ data: { number: `CMD-1999-${index}`, quoteId: quote.id, companyId: company.id, ownerId, orderedAt: new Date(iso), totalExclCents: cents, totalVatCents: cents / 5, totalInclCents: cents * 1.2 } });
    };
    await write(rep.id, "2029-02-28T22:59:00Z", 10_000, 1); // 28 Feb, 23:59 in Paris
    await write(rep.id, "2029-02-28T23:00:00Z", 20_000, 2); // 1 March, 00:00 in Paris
    await write(rep.id, "2029-03-31T21:59:00Z", 40_000, 3); // 31 March, 23:59 in Paris (summer time)
    await write(otherRep.id, "2029-03-15T10:00:00Z", 80_000, 4);
    const march = { from: { year: 2029, month: 3, day: 1 }, to: { year: 2029, month: 3, day: 31 } };

    const mine = await listOrders(rep, { period: march, ownerId: null }, 1);
    expect(mine.rows.map((order) => order.number)).toEqual(["CMD-1999-3", "CMD-1999-2"]);
    expect(mine.sums).toEqual({ totalExclCents: 60_000, totalInclCents: 72_000 });
    const team = await listOrders(manager, { period: march, ownerId: null }, 1);
    expect(team.sums.totalExclCents).toBe(140_000);
    expect((await listOrders(manager, { period: march, ownerId: otherRep.id }, 1)).rows.map((order) => order.number)).toEqual(["CMD-1999-4"]);
    expect(await orderFor(rep, team.rows.find((order) => order.number === "CMD-1999-4")!.id)).toBeNull();

    expect(presetPeriod("last_month", new Date("2029-01-15T12:00:00Z"))).toEqual({ from: { year: 2028, month: 12, day: 1 }, to: { year: 2028, month: 12, day: 31 } });
    expect(presetPeriod("this_quarter", new Date("2029-05-15T12:00:00Z"))).toEqual({ from: { year: 2029, month: 4, day: 1 }, to: { year: 2029, month: 6, day: 30 } });
    expect(presetPeriod("this_month", new Date("2029-02-10T12:00:00Z"))).toEqual({ from: { year: 2029, month: 2, day: 1 }, to: { year: 2029, month: 2, day: 28 } });
    // 31 December at 23:30 UTC is already next year in Paris.
    expect(presetPeriod("this_year", new Date("2028-12-31T23:30:00Z")).from).toEqual({ year: 2029, month: 1, day: 1 });
  });
});
