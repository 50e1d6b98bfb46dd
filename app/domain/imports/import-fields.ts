import type { MessageKey } from "~/lib/i18n/messages/fr";
import type { ImportEntity } from "./import-entities";
import { choiceKey } from "./value-normalisation";

/**
 * The fields a file's columns can fill, per kind of import, with the header names that suggest
 * them (French and English, compared without accents, case or punctuation) and, for choices, the
 * words that mean each stored value.
 *
 * A contacts file carries the company on the same row: its `company.*` fields find or create the
 * contact's company. Custom fields (`custom:<name>`) are the company's (Company.customFields);
 * Comptoir's contacts have no custom fields, so on a contacts file they go to the row's company.
 */

export type ImportFieldKind =
  | "text"
  | "multiline"
  | "email"
  | "phone"
  | "date"
  | "postal_code"
  | "siret"
  | "money"
  | "vat_rate"
  | "boolean"
  | "website"
  | "domain"
  | "choice";

export type ImportField = {
  /** Stable key stored in saved mappings: "lastName", "company.name", "unitPrice"... */
  key: string;
  labelKey: MessageKey;
  kind: ImportFieldKind;
  /** The row is rejected without it. */
  required: boolean;
  maxLength: number;
  /** For choices: stored value → the words (folded) that mean it. */
  choices?: Record<string, readonly string[]>;
  /** Header names (folded, see headerKey) that suggest this field. */
  synonyms: readonly string[];
};

const sectorChoices = { industry: ["industry", "industrie", "industriel"], commerce: ["commerce", "retail", "negoce", "commercial"], services: ["services", "service"] };
const sizeChoices = { "1-9": ["1-9", "1 a 9", "0-9", "tpe"], "10-49": ["10-49", "10 a 49", "pme"], "50-249": ["50-249", "50 a 249", "eti"], "250+": ["250+", "250 et plus", "plus de 250", "ge"] };
const lifecycleChoices = { prospect: ["prospect", "lead"], client: ["client", "customer"], former_client: ["former_client", "ancien client", "former client", "ex-client", "perdu"] };
const languageChoices = { fr: ["fr", "francais", "french", "fra"], en: ["en", "anglais", "english", "eng"] };
const unitChoices = { unit: ["unit", "unite", "u", "piece", "pce"], hour: ["hour", "heure", "h"], day: ["day", "jour", "j"], month: ["month", "mois"], year: ["year", "an", "annee", "annuel"], flat: ["flat", "forfait", "forfaitaire"] };
const sourceChoices = {
  trade_show: ["trade_show", "salon", "trade show", "foire"],
  website: ["website", "site web", "site", "internet", "web"],
  referral: ["referral", "recommandation", "parrainage", "bouche a oreille"],
  campaign: ["campaign", "campagne", "emailing", "mailing"],
  inbound_call: ["inbound_call", "appel entrant", "telephone", "appel"],
  import: ["import"],
  other: ["other", "autre", "divers"],
};

const companyAddressFields = (prefix: "" | "company.", labelPrefix: "company" | "contactCompany"): ImportField[] => [
  { key: `${prefix}siret`, labelKey: `import.field.${labelPrefix}.siret`, kind: "siret", required: false, maxLength: 20, synonyms: ["siret", "siren", "n siret", "numero siret", "no siret", "siret siren"] },
  { key: `${prefix}street`, labelKey: `import.field.${labelPrefix}.street`, kind: "multiline", required: false, maxLength: 300, synonyms: ["adresse", "rue", "address", "street", "adresse 1", "adresse postale", "voie"] },
  { key: `${prefix}postalCode`, labelKey: `import.field.${labelPrefix}.postalCode`, kind: "postal_code", required: false, maxLength: 12, synonyms: ["cp", "code postal", "postal code", "zip", "zip code", "postcode"] },
  { key: `${prefix}city`, labelKey: `import.field.${labelPrefix}.city`, kind: "text", required: false, maxLength: 120, synonyms: ["ville", "city", "commune", "localite", "town"] },
  { key: `${prefix}country`, labelKey: `import.field.${labelPrefix}.country`, kind: "text", required: false, maxLength: 2, synonyms: ["pays", "country", "code pays"] },
  { key: `${prefix}website`, labelKey: `import.field.${labelPrefix}.website`, kind: "website", required: false, maxLength: 300, synonyms: ["site web", "site", "website", "url", "site internet", "web"] },
] as ImportField[];

const fieldsByEntity: Record<ImportEntity, readonly ImportField[]> = {
  companies: [
    { key: "name", labelKey: "import.field.company.name", kind: "text", required: true, maxLength: 200, synonyms: ["raison sociale", "societe", "entreprise", "nom", "company", "company name", "name", "organisation", "organization", "nom de l entreprise", "denomination", "nom societe", "client"] },
    ...companyAddressFields("", "company"),
    { key: "phone", labelKey: "import.field.company.phone", kind: "phone", required: false, maxLength: 30, synonyms: ["tel", "telephone", "phone", "standard", "tel standard", "numero de telephone"] },
    { key: "domain", labelKey: "import.field.company.domain", kind: "domain", required: false, maxLength: 253, synonyms: ["domaine", "domain", "domaine e mail", "nom de domaine"] },
    { key: "sector", labelKey: "import.field.company.sector", kind: "choice", required: false, maxLength: 40, choices: sectorChoices, synonyms: ["secteur", "sector", "secteur d activite", "activite", "industry"] },
    { key: "size", labelKey: "import.field.company.size", kind: "choice", required: false, maxLength: 20, choices: sizeChoices, synonyms: ["effectif", "taille", "size", "tranche d effectif", "salaries"] },
    { key: "lifecycleStage", labelKey: "import.field.company.lifecycleStage", kind: "choice", required: false, maxLength: 20, choices: lifecycleChoices, synonyms: ["statut", "type", "cycle de vie", "lifecycle", "stage"] },
    { key: "notes", labelKey: "import.field.company.notes", kind: "multiline", required: false, maxLength: 5000, synonyms: ["notes", "note", "commentaire", "commentaires", "remarques", "observations", "comments"] },
  ],
  contacts: [
    { key: "firstName", labelKey: "import.field.contact.firstName", kind: "text", required: false, maxLength: 100, synonyms: ["prenom", "first name", "firstname", "given name", "prenom du contact"] },
    { key: "lastName", labelKey: "import.field.contact.lastName", kind: "text", required: false, maxLength: 100, synonyms: ["nom", "nom de famille", "last name", "lastname", "surname", "family name", "nom du contact"] },
    { key: "email", labelKey: "import.field.contact.email", kind: "email", required: false, maxLength: 254, synonyms: ["e mail", "email", "mail", "courriel", "adresse e mail", "adresse mail", "email address", "e mail address", "adresse electronique"] },
    { key: "phone", labelKey: "import.field.contact.phone", kind: "phone", required: false, maxLength: 30, synonyms: ["tel", "telephone", "phone", "portable", "mobile", "gsm", "tel portable", "tel direct", "ligne directe"] },
    { key: "jobTitle", labelKey: "import.field.contact.jobTitle", kind: "text", required: false, maxLength: 120, synonyms: ["fonction", "poste", "titre", "job title", "title", "position", "role"] },
    { key: "language", labelKey: "import.field.contact.language", kind: "choice", required: false, maxLength: 10, choices: languageChoices, synonyms: ["langue", "language"] },
    { key: "company.name", labelKey: "import.field.contactCompany.name", kind: "text", required: false, maxLength: 200, synonyms: ["raison sociale", "societe", "entreprise", "company", "company name", "organisation", "organization", "denomination", "nom de l entreprise", "nom societe"] },
    ...companyAddressFields("company.", "contactCompany"),
    { key: "company.phone", labelKey: "import.field.contactCompany.phone", kind: "phone", required: false, maxLength: 30, synonyms: ["standard", "tel standard", "telephone standard", "tel societe", "company phone"] },
  ],
  products: [
    { key: "reference", labelKey: "import.field.product.reference", kind: "text", required: true, maxLength: 60, synonyms: ["reference", "ref", "code", "code article", "sku", "article"] },
    { key: "name", labelKey: "import.field.product.name", kind: "text", required: true, maxLength: 200, synonyms: ["designation", "libelle", "nom", "produit", "name", "product", "intitule"] },
    { key: "description", labelKey: "import.field.product.description", kind: "multiline", required: false, maxLength: 5000, synonyms: ["description", "descriptif", "details"] },
    { key: "unit", labelKey: "import.field.product.unit", kind: "choice", required: false, maxLength: 20, choices: unitChoices, synonyms: ["unite", "unit", "u"] },
    { key: "unitPrice", labelKey: "import.field.product.unitPrice", kind: "money", required: true, maxLength: 30, synonyms: ["prix", "prix unitaire", "prix ht", "pu ht", "pu", "price", "unit price", "tarif", "prix unitaire ht"] },
    { key: "vatRate", labelKey: "import.field.product.vatRate", kind: "vat_rate", required: false, maxLength: 10, synonyms: ["tva", "taux tva", "taux de tva", "vat", "vat rate"] },
    { key: "active", labelKey: "import.field.product.active", kind: "boolean", required: false, maxLength: 10, synonyms: ["actif", "active", "en vente", "disponible"] },
  ],
  deals: [
    { key: "title", labelKey: "import.field.deal.title", kind: "text", required: true, maxLength: 200, synonyms: ["titre", "affaire", "intitule", "opportunite", "deal", "title", "nom de l affaire", "objet"] },
    { key: "company.name", labelKey: "import.field.deal.companyName", kind: "text", required: true, maxLength: 200, synonyms: ["societe", "entreprise", "raison sociale", "client", "company", "compte", "account"] },
    { key: "company.siret", labelKey: "import.field.deal.companySiret", kind: "siret", required: false, maxLength: 20, synonyms: ["siret", "siren"] },
    { key: "contactEmail", labelKey: "import.field.deal.contactEmail", kind: "email", required: false, maxLength: 254, synonyms: ["e mail", "email", "e mail du contact", "contact", "email contact", "courriel"] },
    { key: "amount", labelKey: "import.field.deal.amount", kind: "money", required: false, maxLength: 30, synonyms: ["montant", "montant ht", "amount", "valeur", "ca", "chiffre d affaires"] },
    { key: "expectedCloseDate", labelKey: "import.field.deal.expectedCloseDate", kind: "date", required: false, maxLength: 30, synonyms: ["date de cloture", "cloture prevue", "date de signature prevue", "close date", "expected close date", "echeance", "date prevue"] },
    { key: "stage", labelKey: "import.field.deal.stage", kind: "text", required: false, maxLength: 100, synonyms: ["etape", "stage", "phase", "statut"] },
    { key: "source", labelKey: "import.field.deal.source", kind: "choice", required: false, maxLength: 40, choices: sourceChoices, synonyms: ["source", "origine", "provenance"] },
    { key: "notes", labelKey: "import.field.deal.notes", kind: "multiline", required: false, maxLength: 5000, synonyms: ["notes", "note", "commentaire", "remarques", "description"] },
  ],
};

/** The fields of one kind of import, in the order the mapping step lists them. */
export function importFields(entity: ImportEntity): readonly ImportField[] {
  return fieldsByEntity[entity];
}

export function importField(entity: ImportEntity, key: string): ImportField | undefined {
  return fieldsByEntity[entity].find((field) => field.key === key);
}

/** Custom fields (company's customFields JSON) are offered for these kinds. */
export function acceptsCustomFields(entity: ImportEntity): boolean {
  return entity === "companies" || entity === "contacts";
}

export const CUSTOM_FIELD_PREFIX = "custom:";
const customNamePattern = /^[\p{L}\p{N}][\p{L}\p{N} _'’.-]{0,59}$/u;

/** "custom:Code client" → "Code client"; null when the target is not a (valid) custom field. */
export function customFieldName(target: string): string | null {
  if (!target.startsWith(CUSTOM_FIELD_PREFIX)) return null;
  const name = target.slice(CUSTOM_FIELD_PREFIX.length).trim();
  return customNamePattern.test(name) ? name : null;
}

/** A header as compared with the synonyms: "Tél." → "tel", "E-mail" → "e mail", "N° SIRET" → "n siret". */
export function headerKey(header: string): string {
  return choiceKey(header)
    .replace(/[°º]/g, " ")
    .replace(/['’`]/g, " ")
    .replace(/[^a-z0-9+]+/g, " ")
    .trim();
}

/** The stored value a choice cell means, or null when it means none of them. */
export function choiceValue(field: ImportField, cell: string): string | null {
  const key = headerKey(cell);
  const underscored = choiceKey(cell).replace(/\s+/g, "_");
  for (const [value, words] of Object.entries(field.choices ?? {})) {
    if (value === underscored || words.includes(key) || words.includes(choiceKey(cell))) return value;
  }
  return null;
}
