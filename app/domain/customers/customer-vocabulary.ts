/** The customer vocabulary shared by the domain, the forms and the UI. */
export { companySectors, type CompanySector } from "~/domain/helpdesk/ticket-vocabulary";

export const companySizes = ["1-9", "10-49", "50-249", "250+"] as const;
export type CompanySize = (typeof companySizes)[number];

/** How a contact agreed to receive marketing mail (kept as proof, with the date). */
export const consentSources = ["web_form", "trade_show", "email", "phone", "portal", "contract", "import", "other"] as const;
export type ConsentSource = (typeof consentSources)[number];

/** Languages we write to customers in. */
export const contactLanguages = ["fr", "en"] as const;
export type ContactLanguage = (typeof contactLanguages)[number];

/** Rows per page of the companies and contacts lists. */
export const CUSTOMER_PAGE_SIZE = 25;
