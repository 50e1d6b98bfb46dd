import { DomainError } from "~/domain/errors";
import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import { changeConsent } from "~/domain/marketing/consent/consent-changes.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
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

/** The consent proof to store: when and how consent was given; nothing once withdrawn. */
export function consentToStore(
  input: Pick<ContactInput, "marketingConsent" | "consentAt" | "consentSource">,
  before: { marketingConsent: boolean; consentAt: Date | null } | null,
  now: Date,
): { marketingConsent: boolean; consentAt: Date | null; consentSource: string } {
  if (!input.marketingConsent) return { marketingConsent: false, consentAt: null, consentSource: "" };
  const keptDate = before?.marketingConsent ? before.consentAt : null;
  return { marketingConsent: true, consentAt: input.consentAt ?? keptDate ?? now, consentSource: input.consentSource ?? "" };
}

/**
 * Until the contact form edits consent per address, its consent box is carried to the primary
 * address through the one writer of consent: ticked records opt_in (manual, or import) with how
 * and when it was given as the basis; unticked after being ticked unsubscribes its mailable addresses.
 */
async function carryFormConsent(
  tx: TransactionClient,
  events: EventRecorder,
  input: { contactId: string; emails: ContactInput["emails"]; consent: ReturnType<typeof consentToStore>; withdrawn: boolean; actorId: string | null },
) {
  const primary = input.emails.find((email) => email.isPrimary) ?? input.emails[0];
  if (!primary) return;
  if (input.consent.marketingConsent) {
    const day = input.consent.consentAt ? input.consent.consentAt.toISOString().slice(0, 10) : "";
    await changeConsent(tx, events, {
      address: primary.address,
      contactId: input.contactId,
      state: "opt_in",
      source: input.consent.consentSource === "import" ? "import" : "manual",
      basis: `${input.consent.consentSource || "other"} ${day}`.trim(),
      actorId: input.actorId,
      at: input.consent.consentAt ?? undefined,
    });
  } else if (input.withdrawn) {
    // Withdrawn: every address of the contact that could be mailed is unsubscribed; nothing is invented for the others.
    const mailable = await tx.marketingConsent.findMany({ where: { address: { in: input.emails.map((email) => email.address) }, state: { in: ["opt_in", "b2b_interest"] } }, select: { address: true } });
    for (const { address } of mailable) {
      await changeConsent(tx, events, { address, contactId: input.contactId, state: "unsubscribed", source: "manual", note: "Consentement retiré sur la fiche contact", actorId: input.actorId });
    }
  }
}

export async function createContact(input: ContactInput, actorId: string | null, now = new Date()): Promise<{ id: string }> {
  let contact: { id: string };
  try {
    contact = await transactionWithEvents(async (tx, events) => {
      await assertCompanyExists(tx, input.companyId);
      await assertEmailsFree(tx, input.emails, null);
      const consent = consentToStore(input, null, now);
      const created = await tx.contact.create({
        data: {
          ...contactData(input),
          ...consent,
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
      if (consent.marketingConsent) {
        await recordAudit(tx, {
          actorId,
          action: "contact.consent_changed",
          entityType: "contact",
          entityId: created.id,
          details: { marketingConsent: true, consentAt: consent.consentAt, consentSource: consent.consentSource },
        });
        await carryFormConsent(tx, events, { contactId: created.id, emails: input.emails, consent, withdrawn: false, actorId });
      }
      events.record("contact.saved", { contactId: created.id, actorId, created: true });
      return created;
    });
  } catch (error) {
    return explainUniqueViolation(error, input.emails, null);
  }
  return contact;
}

/** Saves the form over the contact; refuses a save over someone else's newer changes (`version`). */
export async function updateContact(contactId: string, input: ContactInput, actorId: string | null, now = new Date()): Promise<void> {
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
          marketingConsent: true,
          consentAt: true,
          consentSource: true,
          updatedAt: true,
          emails: { select: { id: true, address: true, isPrimary: true } },
        },
      });
      if (!before) throw new DomainError("errors.notFound");
      if (input.version && before.updatedAt.getTime() !== input.version.getTime()) throw new DomainError("validation.staleRecord");
      if (input.companyId !== before.companyId) await assertCompanyExists(tx, input.companyId);
      await assertEmailsFree(tx, input.emails, contactId);

      const data = contactData(input);
      const consent = consentToStore(input, before, now);
      const changed: string[] = editableFields.filter((field) => before[field] !== data[field]);
      const consentChanged =
        consent.marketingConsent !== before.marketingConsent ||
        consent.consentSource !== before.consentSource ||
        (consent.consentAt?.getTime() ?? null) !== (before.consentAt?.getTime() ?? null);
      if (consentChanged) changed.push("marketingConsent");

      const removed = before.emails.filter((row) => !input.emails.some((email) => email.address === row.address));
      const added = input.emails.filter((email) => !before.emails.some((row) => row.address === email.address));
      const primaryChanged = input.emails.some((email) => before.emails.some((row) => row.address === email.address && row.isPrimary !== email.isPrimary));
      if (removed.length > 0 || added.length > 0 || primaryChanged) changed.push("emails");
      if (changed.length === 0) return changed;

      if (removed.length > 0) await tx.contactEmail.deleteMany({ where: { id: { in: removed.map((row) => row.id) } } });
      for (const email of input.emails) {
        const existing = before.emails.find((row) => row.address === email.address);
        if (existing && existing.isPrimary !== email.isPrimary) await tx.contactEmail.update({ where: { id: existing.id }, data: { isPrimary: email.isPrimary } });
      }
      if (added.length > 0) {
        await tx.contactEmail.createMany({ data: added.map(({ address, isPrimary }) => ({ address, isPrimary, contactId })) });
      }
      await tx.contact.update({ where: { id: contactId }, data: { ...data, ...consent } });
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
      if (consentChanged) {
        await recordAudit(tx, {
          actorId,
          action: "contact.consent_changed",
          entityType: "contact",
          entityId: contactId,
          details: { ...consent, before: { marketingConsent: before.marketingConsent, consentAt: before.consentAt, consentSource: before.consentSource } },
        });
        if (consent.marketingConsent !== before.marketingConsent) {
          await carryFormConsent(tx, events, { contactId, emails: input.emails, consent, withdrawn: before.marketingConsent && !consent.marketingConsent, actorId });
        }
      }
      events.record("contact.saved", { contactId, actorId, created: false });
      return changed;
    });
  } catch (error) {
    return explainUniqueViolation(error, input.emails, contactId);
  }
}

/** "2025-03-14": the calendar day in France, as a date input wants it. */
const parisDay = new Intl.DateTimeFormat("en-CA", { timeZone: WORKSPACE_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

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
      marketingConsent: true,
      consentAt: true,
      consentSource: true,
      portalAccess: true,
      companyManager: true,
      updatedAt: true,
      emails: { select: { address: true, isPrimary: true }, orderBy: [{ isPrimary: "desc" }, { address: "asc" }] },
    },
  });
  if (!contact) return null;
  const { updatedAt, consentAt, ...fields } = contact;
  return { ...fields, consentAt: consentAt ? parisDay.format(consentAt) : "", version: updatedAt.toISOString() };
}
