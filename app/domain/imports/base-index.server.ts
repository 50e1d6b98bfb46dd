import { normalizeCompanyName, normalizeEmailForMatching, normalizePersonName, normalizePhone, registrableDomain } from "~/domain/customers/duplicates";
import { isFreeMailDomain } from "~/domain/customers/free-mail-domains";
import { db } from "~/lib/db.server";
import type { ImportEntity } from "./import-entities";
import { dealTitleKey, type BaseIndex, type ExistingRecord } from "./import-plan";

/**
 * The existing records an import is matched against, loaded once per preview or run into maps
 * keyed like the Doublons page's rules (import-plan.ts). 200,000 contacts take a few seconds and
 * some tens of megabytes; the alternative, a query per row and rule, is hundreds of thousands of
 * queries (phones are stored as typed and cannot be looked up by an index).
 */

type NamedCompany = ExistingRecord & { normalisedName: string };

function personName(firstName: string, lastName: string): string {
  return `${firstName} ${lastName}`.trim();
}

const nameBuckets = (name: string) => [`a:${name.slice(0, 3)}`, `z:${name.slice(-3)}`];

export async function loadBaseIndex(entity: ImportEntity): Promise<BaseIndex> {
  const client = db();
  const contactsByEmail = new Map<string, ExistingRecord>();
  const contactsByPhone = new Map<string, ExistingRecord>();
  const contactsByNameAtCompany = new Map<string, ExistingRecord>();
  const contactsByNameAtDomain = new Map<string, ExistingRecord>();
  const companiesBySiret = new Map<string, ExistingRecord>();
  const companiesBySiren = new Map<string, ExistingRecord>();
  const companiesByDomain = new Map<string, ExistingRecord>();
  const companiesByName = new Map<string, ExistingRecord>();
  const companiesByBucket = new Map<string, NamedCompany[]>();
  const companyPhones = new Map<string, string>();
  const productsByReference = new Map<string, ExistingRecord>();
  const dealsByTitle = new Map<string, ExistingRecord>();
  const setOnce = <T>(map: Map<string, T>, key: string, value: T) => {
    if (key && !map.has(key)) map.set(key, value);
  };

  if (entity === "companies" || entity === "contacts" || entity === "deals") {
    const companies = await client.company.findMany({ select: { id: true, name: true, siret: true, phone: true } });
    for (const company of companies) {
      const record = { id: company.id, name: company.name };
      const normalisedName = normalizeCompanyName(company.name);
      setOnce(companiesBySiret, company.siret, record);
      if (company.siret) setOnce(companiesBySiren, company.siret.slice(0, 9), record);
      setOnce(companiesByName, normalisedName, record);
      if (normalisedName.length >= 6) {
        for (const bucket of nameBuckets(normalisedName)) {
          const list = companiesByBucket.get(bucket) ?? [];
          list.push({ ...record, normalisedName });
          companiesByBucket.set(bucket, list);
        }
      }
      if (company.phone) companyPhones.set(company.id, company.phone);
    }
    const names = new Map(companies.map((company) => [company.id, company.name]));
    for (const domain of await client.companyDomain.findMany({ select: { domain: true, companyId: true } })) {
      setOnce(companiesByDomain, registrableDomain(domain.domain), { id: domain.companyId, name: names.get(domain.companyId) ?? "" });
    }
  }

  if (entity === "contacts" || entity === "deals") {
    const contacts = await client.contact.findMany({ where: { erasedAt: null }, select: { id: true, firstName: true, lastName: true, phone: true, companyId: true } });
    const byId = new Map<string, ExistingRecord & { normalised: string }>();
    for (const contact of contacts) {
      const record = { id: contact.id, name: personName(contact.firstName, contact.lastName), normalised: normalizePersonName(contact.firstName, contact.lastName) };
      byId.set(contact.id, record);
      const phone = normalizePhone(contact.phone);
      const switchboard = contact.companyId ? normalizePhone(companyPhones.get(contact.companyId) ?? "") : null;
      if (phone && phone !== switchboard) setOnce(contactsByPhone, phone, { id: record.id, name: record.name });
      if (contact.companyId && record.normalised.includes(" ")) setOnce(contactsByNameAtCompany, `${record.normalised}|${contact.companyId}`, { id: record.id, name: record.name });
    }
    for (const email of await client.contactEmail.findMany({ select: { address: true, contactId: true } })) {
      const contact = byId.get(email.contactId);
      if (!contact) continue;
      const record = { id: contact.id, name: contact.name || email.address };
      setOnce(contactsByEmail, normalizeEmailForMatching(email.address), record);
      const domain = email.address.slice(email.address.lastIndexOf("@") + 1);
      if (contact.normalised.includes(" ") && !isFreeMailDomain(domain)) setOnce(contactsByNameAtDomain, `${contact.normalised}|${registrableDomain(domain)}`, record);
    }
  }

  if (entity === "products") {
    for (const product of await client.product.findMany({ select: { id: true, reference: true, name: true } })) {
      setOnce(productsByReference, product.reference.toLowerCase(), { id: product.id, name: `${product.reference} · ${product.name}` });
    }
  }

  if (entity === "deals") {
    for (const deal of await client.deal.findMany({ select: { id: true, title: true, companyId: true } })) {
      setOnce(dealsByTitle, `${dealTitleKey(deal.title)}|${deal.companyId}`, { id: deal.id, name: deal.title });
    }
  }

  return {
    contactByEmail: (key) => contactsByEmail.get(key),
    contactByPhone: (phone) => contactsByPhone.get(phone),
    contactByNameAtCompany: (key) => contactsByNameAtCompany.get(key),
    contactByNameAtDomain: (key) => contactsByNameAtDomain.get(key),
    companyBySiret: (siret) => companiesBySiret.get(siret),
    companyBySiren: (siren) => companiesBySiren.get(siren),
    companyByDomain: (domain) => companiesByDomain.get(domain),
    companyByName: (name) => companiesByName.get(name),
    companiesNamedLike: (name) => {
      const seen = new Set<string>();
      const result: NamedCompany[] = [];
      for (const bucket of nameBuckets(name)) {
        for (const company of companiesByBucket.get(bucket) ?? []) {
          if (!seen.has(company.id)) {
            seen.add(company.id);
            result.push(company);
          }
        }
      }
      return result;
    },
    companyPhone: (companyId) => companyPhones.get(companyId),
    productByReference: (reference) => productsByReference.get(reference),
    dealByTitle: (key) => dealsByTitle.get(key),
  };
}
