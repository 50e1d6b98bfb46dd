import { readSellerIdentity, type SellerIdentity } from "./seller-identity";

/**
 * What a quote keeps of the customer and of the seller once it is sent: a deleted contact, a
 * moved company or a changed seller setting never alters a quote already issued. Drafts read the
 * live records; sent quotes (and their PDF) read these copies.
 */

export type CustomerSnapshot = {
  /** The company's name. */
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  contactName: string;
  contactEmail: string;
  /** fr | en: the language the quote and its mail were written in. */
  language: "fr" | "en";
};

const asText = (value: unknown) => (typeof value === "string" ? value : "");

export function parseCustomerSnapshot(json: string): CustomerSnapshot {
  let raw: Record<string, unknown> = {};
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === "object") raw = value as Record<string, unknown>;
  } catch {
    raw = {};
  }
  return {
    name: asText(raw.name),
    street: asText(raw.street),
    postalCode: asText(raw.postalCode),
    city: asText(raw.city),
    country: asText(raw.country) || "FR",
    contactName: asText(raw.contactName),
    contactEmail: asText(raw.contactEmail),
    language: raw.language === "en" ? "en" : "fr",
  };
}

export function customerSnapshotOf(
  company: { name: string; street: string; postalCode: string; city: string; country: string },
  contact: { firstName: string; lastName: string; language: string; email: string | null } | null,
): CustomerSnapshot {
  return {
    name: company.name,
    street: company.street,
    postalCode: company.postalCode,
    city: company.city,
    country: company.country || "FR",
    contactName: contact ? `${contact.firstName} ${contact.lastName}`.trim() : "",
    contactEmail: contact?.email ?? "",
    language: contact?.language === "en" ? "en" : "fr",
  };
}

/**
 * The seller as copied on a sent quote. Read leniently: a copy is what was printed, so a rule
 * added to the Administration form later never makes an old quote unreadable. Null when the
 * quote carries no seller at all.
 */
export function parseSellerSnapshot(json: string): SellerIdentity | null {
  const read = readSellerIdentity(json);
  if (read.complete) return read.identity;
  const values = read.values;
  if (!values.legalName) return null;
  const text = (key: keyof SellerIdentity) => values[key] ?? "";
  return {
    legalName: text("legalName"),
    legalForm: text("legalForm"),
    shareCapital: text("shareCapital"),
    street: text("street"),
    postalCode: text("postalCode"),
    city: text("city"),
    country: text("country") || "FR",
    siren: text("siren"),
    siret: text("siret"),
    vatNumber: text("vatNumber"),
    rcsCity: text("rcsCity"),
    phone: text("phone"),
    email: text("email"),
    paymentTerms: text("paymentTerms"),
    quoteValidityDays: Number(values.quoteValidityDays) || 30,
    latePenalty: text("latePenalty"),
    iban: text("iban"),
    bic: text("bic"),
    footer: text("footer"),
  };
}
