import { z } from "zod";
import { phoneField } from "~/domain/customers/customer-schemas";

/**
 * Who issues our quotes: the seller's identity and the legal mentions a French B2B quote carries
 * (name and legal form, share capital, address, SIREN/SIRET, RCS, intra-EU VAT number, payment
 * terms, late-payment penalties and the fixed 40 € recovery indemnity). Administration › Devis et
 * mentions edits it; it is stored as one JSON Setting and copied onto each quote when the quote is
 * sent, so a later change never alters an issued quote.
 *
 * The identifiers are checked, not just shaped: SIREN and SIRET carry a Luhn key (La Poste's
 * establishments excepted, by the INSEE rule), the French VAT number's key is computed from the
 * SIREN, an IBAN is checked modulo 97.
 */

export const SELLER_SETTING = "sales.seller";

// ───────────────────────────── identifiers ─────────────────────────────

const digitsOnly = (value: string) => value.replace(/[\s.\-\u00a0]/g, "");

/** The Luhn checksum INSEE uses for SIREN and SIRET. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** La Poste's establishments share one SIREN and are numbered outside the Luhn rule: their digits add up to a multiple of 5. */
const LA_POSTE_SIREN = "356000000";

export function isValidSiren(value: string): boolean {
  const digits = digitsOnly(value);
  return /^\d{9}$/.test(digits) && passesLuhn(digits);
}

export function isValidSiret(value: string): boolean {
  const digits = digitsOnly(value);
  if (!/^\d{14}$/.test(digits)) return false;
  if (digits.startsWith(LA_POSTE_SIREN)) return [...digits].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  return passesLuhn(digits);
}

/** The key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97, on two digits. */
export function frenchVatKey(siren: string): string {
  const key = (12 + 3 * (Number(digitsOnly(siren)) % 97)) % 97;
  return String(key).padStart(2, "0");
}

/** "FR 44 732829320" → "FR44732829320". */
export function normaliseVatNumber(value: string): string {
  return value.replace(/[\s.\-\u00a0]/g, "").toUpperCase();
}

/** A French intra-EU VAT number: FR, its key, and a valid SIREN whose key it is. */
export function isValidFrenchVatNumber(value: string): boolean {
  const match = /^FR(\d{2})(\d{9})$/.exec(normaliseVatNumber(value));
  if (!match) return false;
  const [, key, siren] = match as unknown as [string, string, string];
  return isValidSiren(siren) && frenchVatKey(siren) === key;
}

export function normaliseIban(value: string): string {
  return value.replace(/[\s\-\u00a0]/g, "").toUpperCase();
}

/** ISO 13616: country, two check digits, up to 30 characters, the whole modulo 97 equal to 1. */
export function isValidIban(value: string): boolean {
  const iban = normaliseIban(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character >= "A" && character <= "Z" ? String(character.charCodeAt(0) - 55) : character;
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export function isValidBic(value: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value.replace(/\s/g, "").toUpperCase());
}

/** "732829320" → "732 829 320"; "73282932000074" → "732 829 320 00074". */
export function formatSiren(value: string): string {
  const digits = digitsOnly(value);
  if (digits.length === 9) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  if (digits.length === 14) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`;
  return value;
}

/** "FR7630006000011234567890189" → "FR76 3000 6000 0112 3456 7890 189". */
export function formatIban(value: string): string {
  return normaliseIban(value).replace(/(.{4})(?=.)/g, "$1 ");
}

// ───────────────────────────── the form and the stored value ─────────────────────────────

const text = (max: number) => z.string().trim().max(max, "validation.tooLong").default("");
const required = (max: number) =>
  z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(max, "validation.tooLong");

/** Payment terms people usually write; the field is free text. */
export const paymentTermSuggestions = ["À réception", "30 jours date de facture", "30 jours fin de mois", "45 jours fin de mois", "60 jours date de facture"] as const;

export const defaultLatePenalty =
  "En cas de retard de paiement, pénalités au taux de trois fois le taux d'intérêt légal, exigibles dès le lendemain de l'échéance.";

/**
 * The Administration form, and the shape the stored value must have for a quote to be sent (an
 * identity that does not pass it is incomplete). Messages are translation keys.
 */
export const sellerIdentitySchema = z
  .object({
    legalName: required(200),
    legalForm: required(60),
    shareCapital: text(60),
    street: required(200),
    postalCode: required(20),
    city: required(100),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .default("FR")
      .transform((value) => value || "FR")
      .pipe(z.string().regex(/^[A-Z]{2}$/, "customers.validation.country")),
    siren: required(20)
      .transform(digitsOnly)
      .refine(isValidSiren, "sales.seller.validation.siren"),
    siret: text(20)
      .transform(digitsOnly)
      .refine((value) => value === "" || isValidSiret(value), "sales.seller.validation.siret"),
    vatNumber: required(20)
      .transform(normaliseVatNumber)
      .refine(isValidFrenchVatNumber, "sales.seller.validation.vatNumber"),
    rcsCity: text(100),
    phone: phoneField,
    email: required(254).pipe(z.string().email("validation.email")),
    paymentTerms: required(300),
    quoteValidityDays: z.coerce
      .number({ invalid_type_error: "sales.seller.validation.validityDays" })
      .int("sales.seller.validation.validityDays")
      .min(1, "sales.seller.validation.validityDays")
      .max(365, "sales.seller.validation.validityDays"),
    latePenalty: required(500),
    iban: text(42)
      .transform(normaliseIban)
      .refine((value) => value === "" || isValidIban(value), "sales.seller.validation.iban"),
    bic: text(11)
      .transform((value) => value.replace(/\s/g, "").toUpperCase())
      .refine((value) => value === "" || isValidBic(value), "sales.seller.validation.bic"),
    footer: text(500),
  })
  .superRefine((seller, context) => {
    if (seller.country === "FR" && !/^\d{5}$/.test(seller.postalCode)) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["postalCode"], message: "customers.validation.postalCode" });
    }
    if (seller.siret !== "" && isValidSiren(seller.siren) && !seller.siret.startsWith(seller.siren)) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["siret"], message: "sales.seller.validation.siretNotSiren" });
    }
    const vat = /^FR\d{2}(\d{9})$/.exec(seller.vatNumber);
    if (vat && isValidSiren(seller.siren) && vat[1] !== seller.siren) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["vatNumber"], message: "sales.seller.validation.vatNotSiren" });
    }
    if ((seller.iban === "") !== (seller.bic === "")) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: [seller.iban === "" ? "iban" : "bic"], message: "sales.seller.validation.ibanWithBic" });
    }
  });

export type SellerIdentity = z.infer<typeof sellerIdentitySchema>;
export type SellerIdentityField = keyof SellerIdentity;

/**
 * The stored value as a complete identity, or the fields that are missing or wrong (the quote page
 * names them; Administration shows what was stored so far).
 */
export function readSellerIdentity(stored: string | null | undefined): { complete: true; identity: SellerIdentity } | { complete: false; values: Record<string, string>; problems: string[] } {
  let raw: unknown = {};
  try {
    raw = stored ? JSON.parse(stored) : {};
  } catch {
    raw = {};
  }
  const values: Record<string, string> = {};
  if (raw && typeof raw === "object") {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof value === "string" || typeof value === "number") values[key] = String(value);
    }
  }
  const parsed = sellerIdentitySchema.safeParse(values);
  if (parsed.success) return { complete: true, identity: parsed.data };
  return { complete: false, values, problems: [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "form")))] };
}

/** The lines under the seller's name on a quote: legal form and capital, identifiers, registration, VAT number. */
export function sellerLegalLines(seller: SellerIdentity, t: (key: "sales.pdf.capital" | "sales.pdf.siren" | "sales.pdf.siret" | "sales.pdf.rcs" | "sales.pdf.vatNumber", params?: Record<string, string>) => string): string[] {
  return [
    seller.shareCapital ? t("sales.pdf.capital", { form: seller.legalForm, capital: seller.shareCapital }) : seller.legalForm,
    [t("sales.pdf.siren", { siren: formatSiren(seller.siren) }), seller.rcsCity ? t("sales.pdf.rcs", { city: seller.rcsCity, siren: formatSiren(seller.siren) }) : ""].filter(Boolean).join(" · "),
    seller.siret ? t("sales.pdf.siret", { siret: formatSiren(seller.siret) }) : "",
    t("sales.pdf.vatNumber", { number: seller.vatNumber }),
  ].filter(Boolean);
}
