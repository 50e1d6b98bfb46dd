import { db } from "~/lib/db.server";
import { contactDisplayName } from "./contacts.server";

/** What the company page shows about the company itself (figures and timeline come separately). */
export async function getCompanyProfile(companyId: string) {
  const company = await db().company.findUnique({
    where: { id: companyId },
    select: {
      id: true,
      name: true,
      sector: true,
      size: true,
      street: true,
      postalCode: true,
      city: true,
      country: true,
      phone: true,
      website: true,
      notes: true,
      createdAt: true,
      owner: { select: { id: true, name: true } },
      domains: { select: { domain: true }, orderBy: { domain: "asc" } },
    },
  });
  if (!company) return null;
  return { ...company, domains: company.domains.map((row) => row.domain) };
}

/** What the contact page shows about the person. */
export async function getContactProfile(contactId: string) {
  const contact = await db().contact.findUnique({
    where: { id: contactId },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      jobTitle: true,
      phone: true,
      language: true,
      portalAccess: true,
      companyManager: true,
      createdAt: true,
      company: { select: { id: true, name: true } },
      emails: { select: { address: true, isPrimary: true, bouncedAt: true }, orderBy: [{ isPrimary: "desc" }, { address: "asc" }] },
    },
  });
  if (!contact) return null;
  return { ...contact, name: contactDisplayName(contact, contact.emails[0]?.address ?? "") };
}
