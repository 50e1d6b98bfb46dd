import { z } from "zod";
import { companySectors } from "~/domain/helpdesk/ticket-vocabulary";
import { staffConsentStates } from "~/domain/marketing/consent/consent-states";
import { companySizes, contactLanguages } from "./customer-vocabulary";
import { normalizeDomain } from "./duplicates";
import { isFreeMailDomain } from "./free-mail-domains";
import { LIFECYCLE_STAGES, PROSPECT_SOURCES } from "~/domain/sales/lifecycle";

/**
 * The company and contact forms, shared by the actions (which validate) and the UI (which shows
 * each message next to its field). Messages are translation keys. Lists (domains, e-mails) are
 * repeated inputs; an error on the third one is reported on "emails.2".
 */

const text = (max: number) => z.string().trim().max(max, "validation.tooLong").default("");
const requiredText = (max: number) =>
  z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(max, "validation.tooLong");

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.undefined()])
  .transform((value) => value === "on" || value === "true");

/** Repeated inputs as a list, blanks kept so that error positions match the inputs. */
const repeated = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string().max(300, "validation.tooLong")).max(20, "validation.tooLong"),
);

const emptyToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const phoneField = z
  .string()
  .trim()
  .max(30, "validation.tooLong")
  .default("")
  .refine((value) => value === "" || (/^[+0-9 ().\-/]+$/.test(value) && /^\D*(\d\D*){6,20}$/.test(value)), "customers.validation.phone");

const websiteField = z
  .string()
  .trim()
  .max(300, "validation.tooLong")
  .default("")
  .transform((value, context) => {
    if (value === "") return "";
    const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
    try {
      const url = new URL(withScheme);
      if (!url.hostname.includes(".") || /\s/.test(value)) throw new Error("no host");
      return withScheme;
    } catch {
      context.addIssue({ code: z.ZodIssueCode.custom, message: "customers.validation.website" });
      return z.NEVER;
    }
  });

const hostname = /^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/;

/** A company's domains: normalised ("https://www.X.fr/" → "x.fr"), valid, not a consumer mail domain, each once. */
const domainList = repeated.transform((values, context) => {
  const domains: string[] = [];
  values.forEach((raw, index) => {
    if (raw.trim() === "") return;
    const domain = normalizeDomain(raw);
    if (!hostname.test(domain)) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: [index], message: "customers.validation.domain" });
    } else if (isFreeMailDomain(domain)) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: [index], message: "customers.validation.freeMailDomain" });
    } else if (domains.includes(domain)) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: [index], message: "customers.validation.duplicateInList" });
    } else domains.push(domain);
  });
  return domains;
});

const versionField = z.preprocess(emptyToNull, z.coerce.date().optional());

/** "2025-03-14" (a date input) as midday Paris-ish UTC, so it shows as the same day everywhere in France. */
const dateInput = z.preprocess(
  emptyToNull,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "customers.validation.date")
    .transform((value, context) => {
      const date = new Date(`${value}T12:00:00.000Z`);
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: "customers.validation.date" });
        return z.NEVER;
      }
      return date;
    })
    .nullable()
    .default(null),
);

export const companyFormSchema = z
  .object({
    name: requiredText(200),
    domains: domainList,
    sector: z.enum(companySectors, { errorMap: () => ({ message: "validation.choose" }) }),
    size: z.preprocess(emptyToNull, z.enum(companySizes, { errorMap: () => ({ message: "validation.choose" }) }).nullable().default(null)),
    street: text(200),
    postalCode: text(20),
    city: text(100),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .default("FR")
      .transform((value) => value || "FR")
      .pipe(z.string().regex(/^[A-Z]{2}$/, "customers.validation.country")),
    phone: phoneField,
    website: websiteField,
    ownerId: z.preprocess(emptyToNull, z.string().max(40).nullable().default(null)),
    notes: text(5000),
    // Lifecycle (app/domain/sales/lifecycle.ts): made coherent by normaliseLifecycle when saved.
    lifecycleStage: z.enum(LIFECYCLE_STAGES, { errorMap: () => ({ message: "validation.choose" }) }).default("prospect"),
    prospectSource: z.enum(["", ...PROSPECT_SOURCES], { errorMap: () => ({ message: "validation.choose" }) }).default(""),
    clientSince: dateInput,
    lostAt: dateInput,
    lostReason: text(300),
    version: versionField,
  })
  .superRefine((company, context) => {
    const tomorrow = Date.now() + 24 * 60 * 60 * 1000;
    for (const field of ["clientSince", "lostAt"] as const) {
      const date = company[field];
      if (date instanceof Date && date.getTime() > tomorrow) context.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: "customers.validation.dateInFuture" });
    }
    if (company.lifecycleStage === "former_client" && company.clientSince && company.lostAt && company.lostAt < company.clientSince) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["lostAt"], message: "sales.lifecycle.validation.lostBeforeClient" });
    }
    if (company.country === "FR" && company.postalCode !== "" && !/^\d{5}$/.test(company.postalCode)) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["postalCode"], message: "customers.validation.postalCode" });
    }
  });
export type CompanyInput = z.infer<typeof companyFormSchema>;

export const contactFormSchema = z
  .object({
    firstName: text(100),
    lastName: text(100),
    jobTitle: text(150),
    emails: repeated,
    /** Position of the primary address among the e-mail inputs. */
    primaryEmail: z.coerce.number().int().min(0).max(19).default(0),
    phone: phoneField,
    companyId: z.preprocess(emptyToNull, z.string().max(40).nullable().default(null)),
    language: z.enum(contactLanguages, { errorMap: () => ({ message: "validation.choose" }) }).default("fr"),
    /** A consent state recorded by hand for the primary address ("" leaves it as it is). */
    consentState: z.preprocess((value) => (value === undefined ? "" : value), z.enum(["", ...staffConsentStates], { errorMap: () => ({ message: "validation.choose" }) })),
    /** How the consent was given: required for an explicit opt-in and to lift a suppression. */
    consentBasis: z.preprocess((value) => (typeof value === "string" ? value.trim() : ""), z.string().max(500, "validation.tooLong")),
    portalAccess: checkbox,
    companyManager: checkbox,
    version: versionField,
  })
  .superRefine((contact, context) => {
    const seen = new Set<string>();
    contact.emails.forEach((raw, index) => {
      const address = raw.trim().toLowerCase();
      if (address === "") return;
      if (!z.string().email().safeParse(address).success || address.length > 254) {
        context.addIssue({ code: z.ZodIssueCode.custom, path: ["emails", index], message: "validation.email" });
      } else if (seen.has(address)) {
        context.addIssue({ code: z.ZodIssueCode.custom, path: ["emails", index], message: "customers.validation.duplicateInList" });
      }
      seen.add(address);
    });
    const hasEmail = contact.emails.some((raw) => raw.trim() !== "");
    if (!hasEmail && contact.phone === "") {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["emails", 0], message: "customers.validation.emailOrPhone" });
    }
    if (!hasEmail && contact.firstName === "" && contact.lastName === "") {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["lastName"], message: "customers.validation.nameOrEmail" });
    }
    if (contact.consentState === "opt_in" && !contact.consentBasis) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["consentBasis"], message: "consent.staff.basisRequired" });
    }
    if (contact.companyManager && !contact.companyId) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["companyManager"], message: "customers.validation.managerNeedsCompany" });
    }
  })
  .transform(({ emails, primaryEmail, ...contact }) => {
    const kept = emails.map((raw, index) => ({ address: raw.trim().toLowerCase(), index })).filter((email) => email.address !== "");
    const primaryIndex = kept.some((email) => email.index === primaryEmail) ? primaryEmail : kept[0]?.index;
    return {
      ...contact,
      emails: kept.map((email) => ({ address: email.address, isPrimary: email.index === primaryIndex, formIndex: email.index })),
    };
  });
export type ContactInput = z.infer<typeof contactFormSchema>;

/** The duplicate pair a form is about. */
const pairShape = {
  kind: z.enum(["contact", "company"], { errorMap: () => ({ message: "validation.choose" }) }),
  firstId: requiredText(40),
  secondId: requiredText(40),
};

/** The merge form: the pair, and which of the two records stays (the other is merged into it). */
export const mergeFormSchema = z
  .object({ ...pairShape, keepId: z.string({ required_error: "validation.choose" }).min(1, "validation.choose") })
  .refine((form) => form.firstId !== form.secondId, { path: ["keepId"], message: "customers.merge.sameRecord" })
  .refine((form) => form.keepId === form.firstId || form.keepId === form.secondId, { path: ["keepId"], message: "validation.choose" })
  .transform((form) => ({ kind: form.kind, keepId: form.keepId, mergeId: form.keepId === form.firstId ? form.secondId : form.firstId }));

export const dismissDuplicateSchema = z.object(pairShape);
