import type { TransactionClient } from "~/lib/db.server";
import { emailDomain, isFreeMailDomain } from "./free-mail-domains";

export type ContactIdentity = {
  email: string;
  /** Display name as given ("Marie Dupont"), split into first and last name when creating. */
  name?: string;
  phone?: string;
  /** Company name typed in a form; used only when no company matches the email's domain. */
  companyName?: string;
  language?: "fr" | "en";
};

export function splitName(name: string | undefined): { firstName: string; lastName: string } {
  const cleaned = (name ?? "").replace(/["<>]/g, "").replace(/\s+/g, " ").trim();
  if (!cleaned) return { firstName: "", lastName: "" };
  const parts = cleaned.split(" ");
  if (parts.length === 1) return { firstName: parts[0], lastName: "" };
  return { firstName: parts.slice(0, -1).join(" "), lastName: parts[parts.length - 1] };
}

/**
 * The contact owning this address (any of their addresses), else a new contact. A new contact
 * joins the company that owns the address's domain, or one created from that domain, unless the
 * domain is a consumer provider (gmail.com, orange.fr...).
 */
export async function findOrCreateContactByEmail(
  tx: TransactionClient,
  identity: ContactIdentity,
): Promise<{ contactId: string; companyId: string | null; created: boolean }> {
  const address = identity.email.trim().toLowerCase();
  const existing = await tx.contactEmail.findUnique({
    where: { address },
    select: { contact: { select: { id: true, companyId: true } } },
  });
  if (existing) return { contactId: existing.contact.id, companyId: existing.contact.companyId, created: false };

  const companyId = await companyForAddress(tx, address, identity.companyName);
  const { firstName, lastName } = splitName(identity.name);
  const contact = await tx.contact.create({
    data: {
      firstName,
      lastName,
      phone: identity.phone?.trim() ?? "",
      language: identity.language ?? "fr",
      companyId,
      emails: { create: { address, isPrimary: true } },
    },
    select: { id: true },
  });
  return { contactId: contact.id, companyId, created: true };
}

async function companyForAddress(tx: TransactionClient, address: string, typedCompanyName?: string): Promise<string | null> {
  const domain = emailDomain(address);
  const freeMail = isFreeMailDomain(domain);
  if (!freeMail) {
    const owner = await tx.companyDomain.findUnique({ where: { domain }, select: { companyId: true } });
    if (owner) return owner.companyId;
  }
  const name = typedCompanyName?.trim();
  if (name) {
    const sameName = await tx.company.findFirst({ where: { name }, select: { id: true } });
    if (sameName) return sameName.id;
  }
  if (freeMail && !name) return null;
  const company = await tx.company.create({
    data: {
      name: name || companyNameFromDomain(domain),
      sector: "services",
      ...(freeMail ? {} : { domains: { create: { domain } } }),
    },
    select: { id: true },
  });
  return company.id;
}

/** "menuiserie-aubert.fr" → "Menuiserie Aubert": a readable default until someone edits it. */
export function companyNameFromDomain(domain: string): string {
  const label = domain.split(".").slice(0, -1).join(" ") || domain;
  return label
    .split(/[-_. ]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

/** "Marie Dupont" or the address when the contact has no name. */
export function contactDisplayName(contact: { firstName: string; lastName: string }, fallback = ""): string {
  return `${contact.firstName} ${contact.lastName}`.trim() || fallback;
}
