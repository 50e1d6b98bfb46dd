import { DomainError } from "~/domain/errors";
import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import { changeConsent } from "~/domain/marketing/consent/consent-changes.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { isUniqueViolation } from "./company-records.server";
import { OwnedByAnotherRecordError } from "./customer-errors";
import type { ContactInput } from "./customer-schemas";
import { contactDisplayName } from "./contacts.server";

/**
 * Creating and editing contacts from the Clients forms. The contact, its addresses (exactly one
 * primary), the consent proof and the audit entries are written in one transaction.
 */

type EmailInput = ContactInput["emails"][number];

const editableFields = ["firstName", "lastName", "jobTitle", "phone", "companyId", "language", "portalAccess", "companyManager"] as const;

async function assertCompanyExists(tx: TransactionClient, companyId: string | null) {
  if (!companyId) return;
  const company = await tx.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!company) throw new DomainError("customers.validation.companyMissing", "companyId");
}

/** Refuses addresses another contact already has, naming them. */
async function assertEmailsFree(tx: TransactionClient, emails: EmailInput[], contactId: string | null) {
  if (emails.length === 0) return;
  const taken = await tx.contactEmail.findMany({
    where: { address: { in: emails.map((email) => email.address) }, ...(contactId ? { contactId: { not: contactId } } : {}) },
    select: { address: true, contact: { select: { id: true, firstName: true, lastName: true } } },
  });
  const clash = emails.map((email) => ({ email, owner: taken.find((row) => row.address === email.address) })).find((entry) => entry.owner);
  if (clash?.owner) {
    throw new OwnedByAnotherRecordError("customers.conflict.emailOwned", `emails.${clash.email.formIndex}`, {
      kind: "contact",
      id: clash.owner.contact.id,
      name: contactDisplayName(clash.owner.contact, clash.owner.address),
    });
  }
}

async function explainUniqueViolation(error: unknown, emails: EmailInput[], contactId: string | null): Promise<never> {
  if (isUniqueViolation(error)) await db().$transaction((tx) => assertEmailsFree(tx, emails, contactId));
  throw error;
}

function contactData(input: ContactInput) {
  return {
    firstName: input.firstName,
    lastName: input.lastName,
    jobTitle: input.jobTitle,
    phone: input.phone,
    companyId: input.companyId,
    language: input.language,
    portalAccess: input.portalAccess,
    companyManager: input.companyManager,
  };
}

/**
 * The consent state typed on the form for the primary address, written through the one writer of
 * consent (source manual, with its basis). A suppression is lifted only with a stated basis;
 * otherwise the save is refused next to the basis field and nothing is written.
 */
async function recordFormConsent(
  tx: TransactionClient,
  events: EventRecorder,
  input: { contactId: string; emails: ContactInput["emails"]; state: ContactInput["consentState"]; basis: string; actorId: string | null; source: ConsentWriteSource },
) {
  if (!input.state) return false;
  const primary = input.emails.find((email) => email.isPrimary) ?? input.emails[0];
  if (!primary) return false;
  const outcome = await changeConsent(tx, events, { address: primary.address, contactId: input.contactId, state: input.state, source: input.source, basis: input.basis, actorId: input.actorId });
  if (outcome === "suppressed") throw new DomainError("consent.staff.suppressed", "consentBasis");
  return outcome === "changed";
}

/** Where a contact's consent was written from: the staff's form, or an integration (which never lifts a suppression). */
export type ConsentWriteSource = "manual" | "api";

export async function createContact(input: ContactInput, actorId: string | null, options: { consentSource?: ConsentWriteSource } = {}): Promise<{ id: string }> {
  let contact: { id: string };
  try {
    contact = await transactionWithEvents(async (tx, events) => {
      await assertCompanyExists(tx, input.companyId);
      await assertEmailsFree(tx, input.emails, null);
      const created = await tx.contact.create({
        data: {
          ...contactData(input),
          emails: { create: input.emails.map(({ address, isPrimary }) => ({ address, isPrimary })) },
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId,
        action: "contact.created",
        entityType: "contact",
        entityId: created.id,
        details: { emails: input.emails.map((email) => email.address), companyId: input.companyId },
      });
      await recordFormConsent(tx, events, { contactId: created.id, emails: input.emails, state: input.consentState, basis: input.consentBasis, actorId, source: options.consentSource ?? "manual" });
      events.record("contact.saved", { contactId: created.id, actorId, created: true });
      return created;
    });
  } catch (error) {
    return explainUniqueViolation(error, input.emails, null);
  }
  return contact;
}

/** Saves the form over the contact; refuses a save over someone else's newer changes (`version`). */
export async function updateContact(contactId: string, input: ContactInput, actorId: string | null, options: { consentSource?: ConsentWriteSource } = {}): Promise<void> {
  try {
    await transactionWithEvents(async (tx, events) => {
      const before = await tx.contact.findUnique({
        where: { id: contactId },
        select: {
          firstName: true,
          lastName: true,
          jobTitle: true,
          phone: true,
          companyId: true,
          language: true,
          portalAccess: true,
          companyManager: true,
          updatedAt: true,
          erasedAt: true,
          emails: { select: { id: true, address: true, isPrimary: true } },
        },
      });
      if (!before) throw new DomainError("errors.notFound");
      // An erased person's record stays anonymous (docs/gdpr.md): someone who comes back is a new contact.
      if (before.erasedAt) throw new DomainError("privacy.erasure.readOnly");
      if (input.version && before.updatedAt.getTime() !== input.version.getTime()) throw new DomainError("validation.staleRecord");
      if (input.companyId !== before.companyId) await assertCompanyExists(tx, input.companyId);
      await assertEmailsFree(tx, input.emails, contactId);

      const data = contactData(input);
      const changed: string[] = editableFields.filter((field) => before[field] !== data[field]);

      const removed = before.emails.filter((row) => !input.emails.some((email) => email.address === row.address));
      const added = input.emails.filter((email) => !before.emails.some((row) => row.address === email.address));
      const primaryChanged = input.emails.some((email) => before.emails.some((row) => row.address === email.address && row.isPrimary !== email.isPrimary));
      if (removed.length > 0 || added.length > 0 || primaryChanged) changed.push("emails");
      // The consent is the primary address's (written after the addresses, which it follows).
      const consentPending = Boolean(input.consentState);
      if (changed.length === 0 && !consentPending) return changed;

      if (removed.length > 0) await tx.contactEmail.deleteMany({ where: { id: { in: removed.map((row) => row.id) } } });
      for (const email of input.emails) {
        const existing = before.emails.find((row) => row.address === email.address);
        if (existing && existing.isPrimary !== email.isPrimary) await tx.contactEmail.update({ where: { id: existing.id }, data: { isPrimary: email.isPrimary } });
      }
      if (added.length > 0) {
        await tx.contactEmail.createMany({ data: added.map(({ address, isPrimary }) => ({ address, isPrimary, contactId })) });
      }
      if (changed.length > 0) await tx.contact.update({ where: { id: contactId }, data });
      if (await recordFormConsent(tx, events, { contactId, emails: input.emails, state: input.consentState, basis: input.consentBasis, actorId, source: options.consentSource ?? "manual" })) changed.push("marketingConsent");
      if (changed.length === 0) return changed;
      await recordAudit(tx, {
        actorId,
        action: "contact.updated",
        entityType: "contact",
        entityId: contactId,
        details: {
          changes: changed,
          ...(added.length ? { emailsAdded: added.map((email) => email.address) } : {}),
          ...(removed.length ? { emailsRemoved: removed.map((row) => row.address) } : {}),
        },
      });
      events.record("contact.saved", { contactId, actorId, created: false });
      return changed;
    });
  } catch (error) {
    return explainUniqueViolation(error, input.emails, contactId);
  }
}


/** The contact as the edit form shows it. */
export async function getContactForEdit(contactId: string) {
  const contact = await db().contact.findUnique({
    where: { id: contactId },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      jobTitle: true,
      phone: true,
      companyId: true,
      company: { select: { id: true, name: true } },
      language: true,
      portalAccess: true,
      companyManager: true,
      updatedAt: true,
      emails: { select: { address: true, isPrimary: true }, orderBy: [{ isPrimary: "desc" }, { address: "asc" }] },
    },
  });
  if (!contact) return null;
  const { updatedAt, ...fields } = contact;
  return { ...fields, version: updatedAt.toISOString() };
}
