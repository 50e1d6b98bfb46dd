import type { ZodTypeAny } from "zod";
import { findCompanyRecord, listCompanyRecords, readCompanyCursor, companySorts, type CompanyRecord } from "~/domain/customers/company-queries.server";
import { createCompany, getCompanyForEdit, updateCompany } from "~/domain/customers/company-records.server";
import { contactSorts, findContactRecord, listContactRecords, readContactCursor, type ContactRecord } from "~/domain/customers/contact-queries.server";
import { createContact, getContactForEdit, updateContact } from "~/domain/customers/contact-records.server";
import { contactDisplayName } from "~/domain/customers/contacts.server";
import { companyFormSchema, contactFormSchema } from "~/domain/customers/customer-schemas";
import { companySectors, companySizes, contactLanguages } from "~/domain/customers/customer-vocabulary";
import { consentStates, isMailable, primaryConsentState, staffConsentStates } from "~/domain/marketing/consent/consent-states";
import { mergeCompanies, mergeContacts } from "~/domain/customers/merge.server";
import { LIFECYCLE_STAGES, PROSPECT_SOURCES } from "~/domain/sales/lifecycle";
import { localDayInput } from "~/domain/sales/deal-schemas";
import { env } from "~/lib/env.server";
import { defineEndpoint } from "../endpoint.server";
import { ApiProblem, fieldIssuesFromZod, validationProblem } from "../problem.server";
import { booleanQuery, instant, localDay, orNull, pageOf, pageQuery, recordId } from "../schemas";
import { z } from "../zod";
import { parseInstantQuery, updatedSinceQuery } from "./common.server";

/**
 * Contacts and companies over the API: lists (the Clients lists' filters, page by page by name or
 * by last change), read, create, update (If-Match on the record's last change, the forms' own
 * optimistic lock) and merge (the duplicates page's merge, with its rules). Writes go through the
 * forms' zod schemas, so an address, a domain or a phone number is refused exactly as in the
 * interface, with the same codes.
 */

const notFound = () => new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
const ref = () => z.object({ id: z.string(), name: z.string() });
const text = (max: number) => z.string().trim().max(max, "validation.tooLong");

/** Runs a form's schema over values built from the JSON body; its refusals become the API's field errors. */
function throughForm<Schema extends ZodTypeAny>(schema: Schema, values: Record<string, unknown>, rename: Record<string, string> = {}): z.output<Schema> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw validationProblem(fieldIssuesFromZod(parsed.error, { rename }));
  return parsed.data;
}

// ───────────────────────────── contacts ─────────────────────────────

const contactSchema = z
  .object({
    id: z.string(),
    name: z.string().openapi({ description: "publicApi.field.contactName" }),
    firstName: z.string(),
    lastName: z.string(),
    jobTitle: z.string(),
    phone: z.string(),
    language: z.enum(contactLanguages).openapi({ description: "publicApi.field.contactLanguage" }),
    emails: z.array(z.object({ address: z.string(), primary: z.boolean(), bounced: z.boolean().openapi({ description: "publicApi.field.emailBounced" }) })),
    company: ref().nullable(),
    marketingConsent: z.boolean().openapi({ description: "publicApi.field.marketingConsent" }),
    consentState: z.enum(consentStates).openapi({ description: "publicApi.field.consentState" }),
    portalAccess: z.boolean(),
    companyManager: z.boolean().openapi({ description: "publicApi.field.companyManager" }),
    version: z.number().int().openapi({ description: "publicApi.field.version" }),
    createdAt: instant(),
    updatedAt: instant(),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("Contact");

type ContactOut = z.input<typeof contactSchema>;

function contactOf(contact: ContactRecord): ContactOut {
  const primary = contact.emails.find((email) => email.isPrimary)?.address ?? contact.emails[0]?.address ?? "";
  return {
    id: contact.id,
    name: contactDisplayName(contact, primary),
    firstName: contact.firstName,
    lastName: contact.lastName,
    jobTitle: contact.jobTitle,
    phone: contact.phone,
    language: contact.language as ContactOut["language"],
    emails: contact.emails.map((email) => ({ address: email.address, primary: email.isPrimary, bounced: email.bouncedAt !== null })),
    company: contact.company,
    // Consent is the primary address's (docs/marketing.md): its state, and whether campaigns may write to it.
    marketingConsent: isMailable(primaryConsentState(primary, contact.marketingConsents)),
    consentState: primaryConsentState(primary, contact.marketingConsents),
    portalAccess: contact.portalAccess,
    companyManager: contact.companyManager,
    version: contact.updatedAt.getTime(),
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    webUrl: `${env().PUBLIC_URL}/clients/contacts/${contact.id}`,
  };
}

const contactFields = {
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  jobTitle: text(150).optional(),
  emails: z.array(z.string().max(254, "validation.tooLong")).max(20, "validation.tooLong").optional().openapi({ description: "publicApi.field.contactEmails" }),
  phone: text(30).optional(),
  companyId: recordId().nullable().optional(),
  language: z.enum(contactLanguages).optional(),
  consentState: z.enum(staffConsentStates).optional().openapi({ description: "publicApi.field.consentStateInput" }),
  consentBasis: text(500).optional().openapi({ description: "publicApi.field.consentBasis" }),
  portalAccess: z.boolean().optional(),
  companyManager: z.boolean().optional(),
};

const newContactBody = z.object(contactFields).strict().openapi("NewContact");
const contactChangesBody = z
  .object(contactFields)
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "publicApi.validation.emptyPatch" })
  .openapi("ContactChanges");

type ContactValues = {
  firstName: string;
  lastName: string;
  jobTitle: string;
  emails: string[];
  phone: string;
  companyId: string | null;
  language: string;
  consentState: string;
  consentBasis: string;
  portalAccess: boolean;
  companyManager: boolean;
};

/** The contact form's values (strings, checkboxes) from the API's; the first address is the primary one. */
function contactForm(values: ContactValues) {
  return throughForm(
    contactFormSchema,
    {
      firstName: values.firstName,
      lastName: values.lastName,
      jobTitle: values.jobTitle,
      emails: values.emails,
      primaryEmail: "0",
      phone: values.phone,
      companyId: values.companyId ?? "",
      language: values.language,
      consentState: values.consentState,
      consentBasis: values.consentBasis,
      portalAccess: values.portalAccess ? "true" : "false",
      companyManager: values.companyManager ? "true" : "false",
    },
    { primaryEmail: "emails" },
  );
}

const contactParams = z.object({ contact: recordId().openapi({ description: "publicApi.param.contact" }) });

const listContactsQuery = z
  .object({
    q: z.string().trim().max(200, "validation.tooLong").optional().openapi({ description: "publicApi.param.contactQuery" }),
    companyId: recordId().optional(),
    marketingConsent: booleanQuery().optional(),
    updatedSince: updatedSinceQuery(),
    sort: z.enum(contactSorts).default("name").openapi({ description: "publicApi.param.customerSort" }),
    ...pageQuery,
  })
  .superRefine((query, context) => {
    if (query.cursor && !readContactCursor(query.cursor, query.sort)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
  });

const listContacts = defineEndpoint({
  operationId: "listContacts",
  method: "get",
  path: "/contacts",
  tag: "contacts",
  summary: "publicApi.op.listContacts",
  description: "publicApi.op.listContacts.about",
  scope: "customers:read",
  permission: "read:customer",
  query: listContactsQuery,
  paginated: true,
  response: { status: 200, description: "publicApi.response.contactPage", schema: pageOf(contactSchema, "ContactPage") },
  example: { query: { q: "dupont", sort: "name", limit: "50" } },
  async handle({ query }) {
    const page = await listContactRecords(
      {
        query: query.q,
        companyId: query.companyId,
        consent: query.marketingConsent === undefined ? undefined : query.marketingConsent ? "yes" : "no",
        updatedSince: parseInstantQuery(query.updatedSince),
      },
      { sort: query.sort, cursor: query.cursor, limit: query.limit },
    );
    return { status: 200, body: { data: page.contacts.map(contactOf), next: page.nextCursor } };
  },
});

const getContact = defineEndpoint({
  operationId: "getContact",
  method: "get",
  path: "/contacts/{contact}",
  tag: "contacts",
  summary: "publicApi.op.getContact",
  scope: "customers:read",
  permission: "read:customer",
  params: contactParams,
  conditional: "read",
  response: { status: 200, description: "publicApi.response.contact", schema: contactSchema },
  example: { params: { contact: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ params }) {
    const contact = await findContactRecord(params.contact);
    if (!contact) throw notFound();
    return { status: 200, body: contactOf(contact), etag: contact.updatedAt.getTime() };
  },
});

const createContactEndpoint = defineEndpoint({
  operationId: "createContact",
  method: "post",
  path: "/contacts",
  tag: "contacts",
  summary: "publicApi.op.createContact",
  description: "publicApi.op.createContact.about",
  scope: "customers:write",
  permission: "create:customer",
  body: newContactBody,
  response: { status: 201, description: "publicApi.response.contactCreated", schema: contactSchema, location: true },
  example: { body: { firstName: "Marie", lastName: "Dupont", emails: ["marie.dupont@atelier-dupont.fr"], phone: "01 23 45 67 89", jobTitle: "Gérante" } },
  async handle({ caller, body, url }) {
    const input = contactForm({
      firstName: body.firstName ?? "",
      lastName: body.lastName ?? "",
      jobTitle: body.jobTitle ?? "",
      emails: body.emails ?? [],
      phone: body.phone ?? "",
      companyId: body.companyId ?? null,
      language: body.language ?? "fr",
      consentState: body.consentState ?? "",
      consentBasis: body.consentBasis ?? "",
      portalAccess: body.portalAccess ?? true,
      companyManager: body.companyManager ?? false,
    });
    const { id } = await createContact(input, caller.id, { consentSource: "api" });
    const contact = await findContactRecord(id);
    if (!contact) throw notFound();
    return { status: 201, body: contactOf(contact), etag: contact.updatedAt.getTime(), location: url(`/contacts/${id}`) };
  },
});

const updateContactEndpoint = defineEndpoint({
  operationId: "updateContact",
  method: "patch",
  path: "/contacts/{contact}",
  tag: "contacts",
  summary: "publicApi.op.updateContact",
  description: "publicApi.op.updateContact.about",
  scope: "customers:write",
  permission: "update:customer",
  params: contactParams,
  body: contactChangesBody,
  conditional: "required",
  response: { status: 200, description: "publicApi.response.contact", schema: contactSchema },
  example: { params: { contact: "cmf3k2x0p0001qv8h5t2d9a1b" }, body: { jobTitle: "Directrice administrative", phone: "01 23 45 67 00" } },
  async handle({ caller, params, body, expectedVersion }) {
    const current = await getContactForEdit(params.contact);
    if (!current) throw notFound();
    const version = await expectedVersion(async () => new Date(current.version).getTime());
    const input = contactForm({
      firstName: body.firstName ?? current.firstName,
      lastName: body.lastName ?? current.lastName,
      jobTitle: body.jobTitle ?? current.jobTitle,
      emails: body.emails ?? current.emails.map((email) => email.address),
      phone: body.phone ?? current.phone,
      companyId: body.companyId === undefined ? current.companyId : body.companyId,
      language: body.language ?? current.language,
      consentState: body.consentState ?? "",
      consentBasis: body.consentBasis ?? "",
      portalAccess: body.portalAccess ?? current.portalAccess,
      companyManager: body.companyManager ?? current.companyManager,
    });
    await updateContact(params.contact, { ...input, version: new Date(version) }, caller.id, { consentSource: "api" });
    const contact = await findContactRecord(params.contact);
    if (!contact) throw notFound();
    return { status: 200, body: contactOf(contact), etag: contact.updatedAt.getTime() };
  },
});

// ───────────────────────────── companies ─────────────────────────────

const companySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domains: z.array(z.string()).openapi({ description: "publicApi.field.domains" }),
    sector: z.enum(companySectors),
    size: orNull(z.enum(companySizes)),
    street: z.string(),
    postalCode: z.string(),
    city: z.string(),
    country: z.string().openapi({ description: "publicApi.field.country" }),
    phone: z.string(),
    website: z.string(),
    notes: z.string(),
    owner: ref().nullable().openapi({ description: "publicApi.field.companyOwner" }),
    lifecycleStage: z.enum(LIFECYCLE_STAGES),
    prospectSource: orNull(z.enum(PROSPECT_SOURCES)),
    clientSince: localDay().nullable(),
    lostAt: localDay().nullable(),
    lostReason: z.string(),
    version: z.number().int().openapi({ description: "publicApi.field.version" }),
    createdAt: instant(),
    updatedAt: instant(),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("Company");

type CompanyOut = z.input<typeof companySchema>;

function companyOf(company: CompanyRecord): CompanyOut {
  return {
    id: company.id,
    name: company.name,
    domains: company.domains.map((row) => row.domain),
    sector: company.sector as CompanyOut["sector"],
    size: (company.size || null) as CompanyOut["size"],
    street: company.street,
    postalCode: company.postalCode,
    city: company.city,
    country: company.country,
    phone: company.phone,
    website: company.website,
    notes: company.notes,
    owner: company.owner,
    lifecycleStage: company.lifecycleStage as CompanyOut["lifecycleStage"],
    prospectSource: (company.prospectSource || null) as CompanyOut["prospectSource"],
    clientSince: company.clientSince ? localDayInput(company.clientSince) : null,
    lostAt: company.lostAt ? localDayInput(company.lostAt) : null,
    lostReason: company.lostReason,
    version: company.updatedAt.getTime(),
    createdAt: company.createdAt,
    updatedAt: company.updatedAt,
    webUrl: `${env().PUBLIC_URL}/clients/societes/${company.id}`,
  };
}

const companyFields = {
  name: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  domains: z.array(z.string().max(300, "validation.tooLong")).max(20, "validation.tooLong").optional().openapi({ description: "publicApi.field.companyDomains" }),
  sector: z.enum(companySectors),
  size: orNull(z.enum(companySizes)).optional(),
  street: text(200).optional(),
  postalCode: text(20).optional(),
  city: text(100).optional(),
  country: z.string().trim().max(2, "customers.validation.country").optional().openapi({ description: "publicApi.field.country" }),
  phone: text(30).optional(),
  website: text(300).optional(),
  notes: text(5000).optional(),
  ownerId: recordId().nullable().optional().openapi({ description: "publicApi.field.companyOwner" }),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
  prospectSource: orNull(z.enum(PROSPECT_SOURCES)).optional(),
  clientSince: localDay().nullable().optional(),
  lostAt: localDay().nullable().optional(),
  lostReason: text(300).optional(),
};

const newCompanyBody = z.object(companyFields).strict().openapi("NewCompany");
const companyChangesBody = z
  .object(companyFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "publicApi.validation.emptyPatch" })
  .openapi("CompanyChanges");

type CompanyValues = {
  name: string;
  domains: string[];
  sector: string;
  size: string | null;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  website: string;
  notes: string;
  ownerId: string | null;
  lifecycleStage: string;
  prospectSource: string | null;
  clientSince: string | null;
  lostAt: string | null;
  lostReason: string;
};

function companyForm(values: CompanyValues) {
  return throughForm(companyFormSchema, {
    ...values,
    size: values.size ?? "",
    ownerId: values.ownerId ?? "",
    prospectSource: values.prospectSource ?? "",
    clientSince: values.clientSince ?? "",
    lostAt: values.lostAt ?? "",
  });
}

const companyParams = z.object({ company: recordId().openapi({ description: "publicApi.param.company" }) });

const listCompaniesQuery = z
  .object({
    q: z.string().trim().max(200, "validation.tooLong").optional().openapi({ description: "publicApi.param.companyQuery" }),
    sector: z.enum(companySectors).optional(),
    ownerId: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/, "publicApi.validation.id").optional().openapi({ description: "publicApi.param.ownerIdOrNone" }),
    city: z.string().trim().max(100, "validation.tooLong").optional(),
    lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
    updatedSince: updatedSinceQuery(),
    sort: z.enum(companySorts).default("name").openapi({ description: "publicApi.param.customerSort" }),
    ...pageQuery,
  })
  .superRefine((query, context) => {
    if (query.cursor && !readCompanyCursor(query.cursor, query.sort)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
  });

const listCompanies = defineEndpoint({
  operationId: "listCompanies",
  method: "get",
  path: "/companies",
  tag: "companies",
  summary: "publicApi.op.listCompanies",
  description: "publicApi.op.listCompanies.about",
  scope: "customers:read",
  permission: "read:customer",
  query: listCompaniesQuery,
  paginated: true,
  response: { status: 200, description: "publicApi.response.companyPage", schema: pageOf(companySchema, "CompanyPage") },
  example: { query: { lifecycleStage: "client", sort: "-updatedAt" } },
  async handle({ query }) {
    const page = await listCompanyRecords(
      {
        query: query.q,
        sector: query.sector,
        ownerId: query.ownerId === "none" ? null : query.ownerId,
        city: query.city,
        lifecycleStage: query.lifecycleStage,
        updatedSince: parseInstantQuery(query.updatedSince),
      },
      { sort: query.sort, cursor: query.cursor, limit: query.limit },
    );
    return { status: 200, body: { data: page.companies.map(companyOf), next: page.nextCursor } };
  },
});

const getCompany = defineEndpoint({
  operationId: "getCompany",
  method: "get",
  path: "/companies/{company}",
  tag: "companies",
  summary: "publicApi.op.getCompany",
  scope: "customers:read",
  permission: "read:customer",
  params: companyParams,
  conditional: "read",
  response: { status: 200, description: "publicApi.response.company", schema: companySchema },
  example: { params: { company: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ params }) {
    const company = await findCompanyRecord(params.company);
    if (!company) throw notFound();
    return { status: 200, body: companyOf(company), etag: company.updatedAt.getTime() };
  },
});

const createCompanyEndpoint = defineEndpoint({
  operationId: "createCompany",
  method: "post",
  path: "/companies",
  tag: "companies",
  summary: "publicApi.op.createCompany",
  description: "publicApi.op.createCompany.about",
  scope: "customers:write",
  permission: "create:customer",
  body: newCompanyBody,
  response: { status: 201, description: "publicApi.response.companyCreated", schema: companySchema, location: true },
  example: { body: { name: "Atelier Dupont", sector: "industry", domains: ["atelier-dupont.fr"], city: "Lyon", postalCode: "69003" } },
  async handle({ caller, body, url }) {
    const input = companyForm({
      name: body.name,
      domains: body.domains ?? [],
      sector: body.sector,
      size: body.size ?? null,
      street: body.street ?? "",
      postalCode: body.postalCode ?? "",
      city: body.city ?? "",
      country: body.country ?? "FR",
      phone: body.phone ?? "",
      website: body.website ?? "",
      notes: body.notes ?? "",
      ownerId: body.ownerId ?? null,
      lifecycleStage: body.lifecycleStage ?? "prospect",
      prospectSource: body.prospectSource ?? null,
      clientSince: body.clientSince ?? null,
      lostAt: body.lostAt ?? null,
      lostReason: body.lostReason ?? "",
    });
    const { id } = await createCompany(input, caller.id);
    const company = await findCompanyRecord(id);
    if (!company) throw notFound();
    return { status: 201, body: companyOf(company), etag: company.updatedAt.getTime(), location: url(`/companies/${id}`) };
  },
});

const updateCompanyEndpoint = defineEndpoint({
  operationId: "updateCompany",
  method: "patch",
  path: "/companies/{company}",
  tag: "companies",
  summary: "publicApi.op.updateCompany",
  description: "publicApi.op.updateCompany.about",
  scope: "customers:write",
  permission: "update:customer",
  params: companyParams,
  body: companyChangesBody,
  conditional: "required",
  response: { status: 200, description: "publicApi.response.company", schema: companySchema },
  example: { params: { company: "cmf3k2x0p0001qv8h5t2d9a1b" }, body: { phone: "04 72 00 00 00", lifecycleStage: "client" } },
  async handle({ caller, params, body, expectedVersion }) {
    const current = await getCompanyForEdit(params.company);
    if (!current) throw notFound();
    const version = await expectedVersion(async () => new Date(current.version).getTime());
    const pick = <Key extends keyof CompanyValues>(key: Key, fallback: CompanyValues[Key]): CompanyValues[Key] => (body[key as keyof typeof body] === undefined ? fallback : (body[key as keyof typeof body] as CompanyValues[Key]));
    const input = companyForm({
      name: pick("name", current.name),
      domains: pick("domains", current.domains),
      sector: pick("sector", current.sector),
      size: pick("size", current.size),
      street: pick("street", current.street),
      postalCode: pick("postalCode", current.postalCode),
      city: pick("city", current.city),
      country: pick("country", current.country),
      phone: pick("phone", current.phone),
      website: pick("website", current.website),
      notes: pick("notes", current.notes),
      ownerId: pick("ownerId", current.ownerId),
      lifecycleStage: pick("lifecycleStage", current.lifecycleStage),
      prospectSource: pick("prospectSource", current.prospectSource || null),
      clientSince: pick("clientSince", current.clientSince || null),
      lostAt: pick("lostAt", current.lostAt || null),
      lostReason: pick("lostReason", current.lostReason),
    });
    await updateCompany(params.company, { ...input, version: new Date(version) }, caller.id);
    const company = await findCompanyRecord(params.company);
    if (!company) throw notFound();
    return { status: 200, body: companyOf(company), etag: company.updatedAt.getTime() };
  },
});

// ───────────────────────────── merge ─────────────────────────────

const mergeBody = z.object({ duplicateId: recordId().openapi({ description: "publicApi.field.duplicateId" }) }).strict().openapi("MergeRequest");

const mergedSummary = z.object({
  id: z.string().openapi({ description: "publicApi.field.mergedId" }),
  tickets: z.number().int().openapi({ description: "publicApi.field.mergedTickets" }),
});

function mergeEndpoint(kind: "contact" | "company") {
  const params = kind === "contact" ? contactParams : companyParams;
  const schema = kind === "contact" ? z.object({ contact: contactSchema, merged: mergedSummary }).openapi("ContactMerge") : z.object({ company: companySchema, merged: mergedSummary }).openapi("CompanyMerge");
  return defineEndpoint({
    operationId: kind === "contact" ? "mergeContacts" : "mergeCompanies",
    method: "post",
    path: kind === "contact" ? "/contacts/{contact}/merge" : "/companies/{company}/merge",
    tag: kind === "contact" ? "contacts" : "companies",
    summary: kind === "contact" ? "publicApi.op.mergeContacts" : "publicApi.op.mergeCompanies",
    description: kind === "contact" ? "publicApi.op.mergeContacts.about" : "publicApi.op.mergeCompanies.about",
    scope: "customers:write",
    permission: "update:customer",
    params,
    body: mergeBody,
    refusals: [409],
    response: { status: 200, description: "publicApi.response.merged", schema },
    example: { params: { [kind]: "cmf3k2x0p0001qv8h5t2d9a1b" }, body: { duplicateId: "cmf3k2x0p0002qv8h7r4e1c2d" } },
    async handle({ caller, params: path, body }) {
      const keepId = (path as Record<string, string>)[kind]!;
      const exists = kind === "contact" ? findContactRecord : findCompanyRecord;
      if (!(await exists(keepId))) throw notFound();
      if (body.duplicateId === keepId) throw validationProblem([{ field: "duplicateId", code: "customers.merge.sameRecord" }]);
      if (!(await exists(body.duplicateId))) throw validationProblem([{ field: "duplicateId", code: "customers.merge.recordGone" }]);
      const input = { keepId, mergeId: body.duplicateId, actorId: caller.id };
      const result = kind === "contact" ? await mergeContacts(input) : await mergeCompanies(input);
      const merged = { id: body.duplicateId, tickets: result.moved.tickets };
      if (kind === "contact") {
        const contact = await findContactRecord(keepId);
        if (!contact) throw notFound();
        return { status: 200, body: { contact: contactOf(contact), merged }, etag: contact.updatedAt.getTime() };
      }
      const company = await findCompanyRecord(keepId);
      if (!company) throw notFound();
      return { status: 200, body: { company: companyOf(company), merged }, etag: company.updatedAt.getTime() };
    },
  });
}

export const customerEndpoints = [
  listContacts,
  getContact,
  createContactEndpoint,
  updateContactEndpoint,
  mergeEndpoint("contact"),
  listCompanies,
  getCompany,
  createCompanyEndpoint,
  updateCompanyEndpoint,
  mergeEndpoint("company"),
];

