import { db } from "~/lib/db.server";
import { SELLER_SETTING, sellerIdentitySchema, type SellerIdentity } from "~/domain/sales/seller-identity";
import { dateInputValue, workspaceDayAfter } from "~/domain/sales/document-dates";
import { PDFParse } from "pdf-parse";
import type { QuoteInput } from "~/domain/sales/quote-schemas";
import { aCompany, aContact } from "./customers-factories.ts";

/** Factories of the sales documents stream: products, the seller identity, deals, quotes' form input. */

let sequence = 0;
const next = () => `${++sequence}${Date.now().toString(36)}`;

export const testSeller: SellerIdentity = sellerIdentitySchema.parse({
  legalName: "Comptoir Informatique Services",
  legalForm: "SAS",
  shareCapital: "50 000 €",
  street: "12 rue des Artisans",
  postalCode: "69007",
  city: "Lyon",
  country: "FR",
  siren: "732829320",
  siret: "73282932000074",
  vatNumber: "FR44732829320",
  rcsCity: "Lyon",
  phone: "04 78 00 00 00",
  email: "contact@comptoir.test",
  paymentTerms: "30 jours fin de mois",
  quoteValidityDays: "30",
  latePenalty: "Pénalités au taux de trois fois le taux d'intérêt légal.",
  iban: "FR7630006000011234567890189",
  bic: "AGRIFRPP",
  footer: "Merci de votre confiance.",
});

/** The seller identity as Administration would save it (complete unless told otherwise). */
export async function aSellerIdentity(overrides: Partial<Record<keyof SellerIdentity, string | number>> = {}) {
  const value = JSON.stringify({ ...testSeller, ...overrides });
  await db().setting.upsert({ where: { key: SELLER_SETTING }, create: { key: SELLER_SETTING, value }, update: { value } });
}

export async function aProduct(overrides: Partial<{ reference: string; name: string; description: string; unit: string; unitPriceCents: number; vatRateBps: number; active: boolean }> = {}) {
  return db().product.create({
    data: {
      reference: overrides.reference ?? `PROD-${next()}`.toUpperCase(),
      name: overrides.name ?? "Poste de travail",
      description: overrides.description ?? "",
      unit: overrides.unit ?? "unit",
      unitPriceCents: overrides.unitPriceCents ?? 94_900,
      vatRateBps: overrides.vatRateBps ?? 2000,
      active: overrides.active ?? true,
    },
    select: { id: true, reference: true, name: true, unitPriceCents: true, vatRateBps: true },
  });
}

/** A company with a contact (with an e-mail address) and a deal of `ownerId` at the qualification stage. */
export async function aCustomerWithDeal(ownerId: string, overrides: Partial<{ companyName: string; contactEmail: string; language: "fr" | "en" }> = {}) {
  const company = await aCompany({ name: overrides.companyName ?? `Boulangerie ${next()}`, ownerId });
  await db().company.update({ where: { id: company.id }, data: { street: "3 place du Marché", postalCode: "49300", city: "Cholet" } });
  const contact = await aContact({ firstName: "Julie", lastName: "Lemoine", companyId: company.id, emails: [overrides.contactEmail ?? `julie.${next()}@boulangerie.test`] });
  if (overrides.language) await db().contact.update({ where: { id: contact.id }, data: { language: overrides.language } });
  const deal = await db().deal.create({
    data: { title: "Renouvellement des postes", companyId: company.id, contactId: contact.id, ownerId, stageId: "stage_proposal", amountCents: 500_000 },
    select: { id: true, version: true },
  });
  return { company, contact, deal };
}

export type LineText = { productId?: string; reference?: string; description?: string; unit?: string; quantity?: string; unitPrice?: string; discount?: string; vatRate?: string };

/** The quote editor's fields as a browser posts them (lines.N.field). */
export function quoteFormFields(input: { contactId?: string; validUntil?: string; paymentTerms?: string; notes?: string; version?: number; companyId?: string; dealId?: string; lines: LineText[] }): Record<string, string> {
  const fields: Record<string, string> = {
    contactId: input.contactId ?? "",
    validUntil: input.validUntil ?? dateInputValue(workspaceDayAfter(new Date(), 30)),
    paymentTerms: input.paymentTerms ?? "30 jours fin de mois",
    notes: input.notes ?? "",
  };
  if (input.version !== undefined) fields.version = String(input.version);
  if (input.companyId) fields.companyId = input.companyId;
  if (input.dealId) fields.dealId = input.dealId;
  input.lines.forEach((line, index) => {
    const values = { productId: "", reference: "", description: "Prestation", unit: "unit", quantity: "1", unitPrice: "100", discount: "", vatRate: "2000", ...line };
    for (const [field, value] of Object.entries(values)) fields[`lines.${index}.${field}`] = value;
  });
  return fields;
}

/** The domain's input for a quote, already validated (what the schema gives the commands). */
export function quoteInput(input: Partial<QuoteInput> & { lines: QuoteInput["lines"] }): QuoteInput {
  return {
    version: input.version,
    companyId: input.companyId ?? null,
    dealId: input.dealId ?? null,
    contactId: input.contactId ?? null,
    validUntil: input.validUntil ?? workspaceDayAfter(new Date(), 30),
    paymentTerms: input.paymentTerms ?? "30 jours fin de mois",
    notes: input.notes ?? "",
    lines: input.lines,
  };
}

export function aLine(overrides: Partial<QuoteInput["lines"][number]> = {}): QuoteInput["lines"][number] {
  return { productId: null, reference: "", description: "Prestation", unit: "unit", quantity: 1000, unitPrice: 10_000, discount: 0, vatRate: 2000, ...overrides };
}

/** The text of a PDF as a reader extracts it, spaces (including no-break ones) collapsed. */
export async function pdfTextOf(pdf: Buffer | Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return result.text.replace(/[\s\u00a0]+/g, " ");
  } finally {
    await parser.destroy();
  }
}
