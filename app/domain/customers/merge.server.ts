import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { moveSalesRecordsInTransaction } from "./merge-sales-records.server";
import { visibleTicketsWhere, type TicketViewer } from "~/domain/helpdesk/ticket-access.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { contactDisplayName } from "./contacts.server";
import { pairKey } from "./duplicates";

/**
 * Merging two customer records into one. The kept record receives everything the other one had
 * (tickets, message authorship, addresses, domains, people, ratings, portal links and sessions),
 * its empty fields are filled from the other, the other is deleted, and the audit log says what
 * moved: all in one transaction, so a failure changes nothing.
 */

export type MergeInput = { keepId: string; mergeId: string; actorId: string | null };

export type ContactMergeFields = {
  firstName: string;
  lastName: string;
  jobTitle: string;
  phone: string;
  companyId: string | null;
  companyManager: boolean;
  portalPasswordHash: string | null;
};

/** What the kept contact takes from the merged one: its empty fields (consent follows each address, not the contact). Pure. */
export function contactFieldsToFill(kept: ContactMergeFields, merged: ContactMergeFields): { data: Partial<ContactMergeFields>; filled: string[] } {
  const data: Partial<ContactMergeFields> = {};
  for (const field of ["firstName", "lastName", "jobTitle", "phone"] as const) {
    if (kept[field].trim() === "" && merged[field].trim() !== "") data[field] = merged[field];
  }
  if (!kept.companyId && merged.companyId) data.companyId = merged.companyId;
  const companyAfter = data.companyId ?? kept.companyId;
  if (!kept.companyManager && merged.companyManager && companyAfter !== null && companyAfter === merged.companyId) data.companyManager = true;
  if (!kept.portalPasswordHash && merged.portalPasswordHash) data.portalPasswordHash = merged.portalPasswordHash;
  return { data, filled: Object.keys(data) };
}

export type CompanyMergeFields = {
  name: string;
  size: string | null;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  website: string;
  notes: string;
  customFields: string;
  ownerId: string | null;
};

/**
 * What the kept company takes from the merged one: its empty fields (the address as one block),
 * the merged one's notes appended under its name, and the custom fields it lacks. Pure.
 */
export function companyFieldsToFill(kept: CompanyMergeFields, merged: CompanyMergeFields): { data: Partial<CompanyMergeFields>; filled: string[] } {
  const data: Partial<CompanyMergeFields> = {};
  const filled: string[] = [];
  if (!kept.size && merged.size) data.size = merged.size;
  const keptHasAddress = [kept.street, kept.postalCode, kept.city].some((part) => part.trim() !== "");
  const mergedHasAddress = [merged.street, merged.postalCode, merged.city].some((part) => part.trim() !== "");
  if (!keptHasAddress && mergedHasAddress) {
    Object.assign(data, { street: merged.street, postalCode: merged.postalCode, city: merged.city, country: merged.country });
    filled.push("address");
  }
  for (const field of ["phone", "website"] as const) if (kept[field].trim() === "" && merged[field].trim() !== "") data[field] = merged[field];
  if (!kept.ownerId && merged.ownerId) data.ownerId = merged.ownerId;
  if (merged.notes.trim() !== "") {
    data.notes = kept.notes.trim() === "" ? merged.notes : `${kept.notes.trimEnd()}\n\n— ${merged.name} —\n${merged.notes.trim()}`;
  }
  const keptCustom = parseObject(kept.customFields);
  const mergedCustom = parseObject(merged.customFields);
  const missing = Object.keys(mergedCustom).filter((key) => !(key in keptCustom));
  if (missing.length > 0) data.customFields = JSON.stringify({ ...keptCustom, ...Object.fromEntries(missing.map((key) => [key, mergedCustom[key]])) });
  filled.push(...Object.keys(data).filter((field) => !["street", "postalCode", "city", "country"].includes(field)));
  return { data, filled };
}

function parseObject(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function forgetDismissals(tx: TransactionClient, kind: "contact" | "company", recordId: string) {
  await tx.duplicateDismissal.deleteMany({ where: { kind, OR: [{ firstId: recordId }, { secondId: recordId }] } });
}

const contactMergeSelect = {
  id: true,
  firstName: true,
  lastName: true,
  jobTitle: true,
  phone: true,
  companyId: true,
  companyManager: true,
  portalPasswordHash: true,
  erasedAt: true,
  emails: { select: { id: true, address: true, isPrimary: true } },
} as const;

/** How a ticket's history names a contact that may no longer exist after the merge. */
function contactLabel(contact: { firstName: string; lastName: string; emails: Array<{ address: string; isPrimary: boolean }> }): string {
  const name = `${contact.firstName} ${contact.lastName}`.trim();
  return name || (contact.emails.find((email) => email.isPrimary) ?? contact.emails[0])?.address || "—";
}

/** Merges contact `mergeId` into `keepId`. Returns what moved (also written to the audit log). */
export async function mergeContacts({ keepId, mergeId, actorId }: MergeInput) {
  if (keepId === mergeId) throw new DomainError("customers.merge.sameRecord");
  const result = await transactionWithEvents(async (tx, events) => {
    const [kept, merged] = await Promise.all([
      tx.contact.findUnique({ where: { id: keepId }, select: contactMergeSelect }),
      tx.contact.findUnique({ where: { id: mergeId }, select: contactMergeSelect }),
    ]);
    if (!kept || !merged) throw new DomainError("customers.merge.recordGone");
    // Merging into or from an erased record would bring personal data back to it (docs/gdpr.md).
    if (kept.erasedAt || merged.erasedAt) throw new DomainError("privacy.erasure.readOnly");

    const tickets = await tx.ticket.findMany({ where: { requesterId: mergeId }, select: { id: true, number: true } });
    const ticketIds = tickets.map((ticket) => ticket.id);
    const { data: filledData, filled } = contactFieldsToFill(kept, merged);
    const companyAfter = filledData.companyId ?? kept.companyId;

    if (ticketIds.length > 0) {
      await tx.ticket.updateMany({ where: { id: { in: ticketIds } }, data: { requesterId: keepId, version: { increment: 1 } } });
      // A ticket the merged contact opened without a company joins the kept contact's company.
      if (companyAfter) await tx.ticket.updateMany({ where: { id: { in: ticketIds }, companyId: null }, data: { companyId: companyAfter } });
      await tx.ticketEvent.createMany({
        data: ticketIds.map((ticketId) => ({ ticketId, actorId, kind: "requester", data: JSON.stringify({ from: mergeId, to: keepId, fromName: contactLabel(merged), toName: contactLabel(kept), reason: "contact_merge" }) })),
      });
    }
    const messages = await tx.message.updateMany({ where: { authorContactId: mergeId }, data: { authorContactId: keepId } });
    // The kept contact keeps its primary address; the other's become secondary (or stay primary if it had none).
    const keepPrimary = kept.emails.length > 0;
    await tx.contactEmail.updateMany({ where: { contactId: mergeId }, data: { contactId: keepId, ...(keepPrimary ? { isPrimary: false } : {}) } });
    const ratings = await tx.satisfactionRating.updateMany({ where: { contactId: mergeId }, data: { contactId: keepId } });
    const portalLinks = await tx.portalLoginLink.updateMany({ where: { contactId: mergeId }, data: { contactId: keepId } });
    const portalSessions = await tx.portalSession.updateMany({ where: { contactId: mergeId }, data: { contactId: keepId } });
    // Marketing consent is the address's: its state (a suppression included), its history and its campaign deliveries follow it.
    await tx.marketingConsent.updateMany({ where: { contactId: mergeId }, data: { contactId: keepId } });
    await tx.marketingConsentChange.updateMany({ where: { contactId: mergeId }, data: { contactId: keepId } });
    await tx.campaignRecipient.updateMany({ where: { contactId: mergeId }, data: { contactId: keepId } });
    const sales = await moveSalesRecordsInTransaction(tx, "contact", mergeId, keepId);
    if (Object.keys(filledData).length > 0) await tx.contact.update({ where: { id: keepId }, data: filledData });
    else await tx.contact.update({ where: { id: keepId }, data: { updatedAt: new Date() } });
    await forgetDismissals(tx, "contact", mergeId);
    await tx.contact.delete({ where: { id: mergeId } });

    const moved = {
      tickets: ticketIds.length,
      ticketNumbers: tickets.map((ticket) => ticket.number),
      messages: messages.count,
      emails: merged.emails.map((email) => email.address),
      ratings: ratings.count,
      portalLinks: portalLinks.count,
      portalSessions: portalSessions.count,
      ...sales,
    };
    await recordAudit(tx, {
      actorId,
      action: "contact.merged",
      entityType: "contact",
      entityId: keepId,
      details: {
        merged: { id: mergeId, name: contactDisplayName(merged, merged.emails.find((email) => email.isPrimary)?.address ?? "") },
        moved,
        filled,
      },
    });
    events.record("customers.merged", { kind: "contact", keptId: keepId, mergedId: mergeId, actorId, ticketIds });
    for (const ticketId of ticketIds) events.record("ticket.updated", { ticketId, actorId, changes: ["requester"] });
    return { ticketIds, moved, filled };
  });
  return { moved: result.moved, filled: result.filled };
}

const companyMergeSelect = {
  id: true,
  name: true,
  size: true,
  street: true,
  postalCode: true,
  city: true,
  country: true,
  phone: true,
  website: true,
  notes: true,
  customFields: true,
  ownerId: true,
  domains: { select: { domain: true } },
  slaPolicies: { select: { id: true, priority: true, name: true, firstResponseMinutes: true, resolutionMinutes: true } },
} as const;

/** Merges company `mergeId` into `keepId`. Returns what moved (also written to the audit log). */
export async function mergeCompanies({ keepId, mergeId, actorId }: MergeInput) {
  if (keepId === mergeId) throw new DomainError("customers.merge.sameRecord");
  const result = await transactionWithEvents(async (tx, events) => {
    const [kept, merged] = await Promise.all([
      tx.company.findUnique({ where: { id: keepId }, select: companyMergeSelect }),
      tx.company.findUnique({ where: { id: mergeId }, select: companyMergeSelect }),
    ]);
    if (!kept || !merged) throw new DomainError("customers.merge.recordGone");

    const tickets = await tx.ticket.findMany({ where: { companyId: mergeId }, select: { id: true, number: true } });
    const ticketIds = tickets.map((ticket) => ticket.id);
    if (ticketIds.length > 0) {
      await tx.ticket.updateMany({ where: { id: { in: ticketIds } }, data: { companyId: keepId, version: { increment: 1 } } });
      await tx.ticketEvent.createMany({
        data: ticketIds.map((ticketId) => ({ ticketId, actorId, kind: "company", data: JSON.stringify({ from: mergeId, to: keepId, fromName: merged.name, toName: kept.name, reason: "company_merge" }) })),
      });
    }
    const contacts = await tx.contact.findMany({ where: { companyId: mergeId }, select: { id: true } });
    await tx.contact.updateMany({ where: { companyId: mergeId }, data: { companyId: keepId } });
    await tx.companyDomain.updateMany({ where: { companyId: mergeId }, data: { companyId: keepId } });
    // SLA policies are unique per (priority, company): the kept company's own policy wins.
    const keptPriorities = new Set(kept.slaPolicies.map((policy) => policy.priority));
    const movedPolicies = merged.slaPolicies.filter((policy) => !keptPriorities.has(policy.priority));
    const droppedPolicies = merged.slaPolicies.filter((policy) => keptPriorities.has(policy.priority));
    if (movedPolicies.length > 0) await tx.slaPolicy.updateMany({ where: { id: { in: movedPolicies.map((policy) => policy.id) } }, data: { companyId: keepId } });
    const sales = await moveSalesRecordsInTransaction(tx, "company", mergeId, keepId);
    const { data: filledData, filled } = companyFieldsToFill(kept, merged);
    await tx.company.update({ where: { id: keepId }, data: Object.keys(filledData).length > 0 ? filledData : { updatedAt: new Date() } });
    await forgetDismissals(tx, "company", mergeId);
    await tx.company.delete({ where: { id: mergeId } });

    const moved = {
      tickets: ticketIds.length,
      ticketNumbers: tickets.map((ticket) => ticket.number),
      contacts: contacts.length,
      domains: merged.domains.map((row) => row.domain),
      slaPolicies: movedPolicies.length,
      slaPoliciesDropped: droppedPolicies.map(({ id: _id, ...policy }) => policy),
      ...sales,
    };
    await recordAudit(tx, {
      actorId,
      action: "company.merged",
      entityType: "company",
      entityId: keepId,
      details: { merged: { id: mergeId, name: merged.name }, moved, filled },
    });
    events.record("customers.merged", { kind: "company", keptId: keepId, mergedId: mergeId, actorId, ticketIds });
    for (const ticketId of ticketIds) events.record("ticket.updated", { ticketId, actorId, changes: ["company"] });
    return { ticketIds, moved, filled };
  });
  return { moved: result.moved, filled: result.filled };
}

/** Declares a suggested pair "not duplicates": the Doublons page stops proposing it. Idempotent. */
export async function dismissDuplicate(input: { kind: "contact" | "company"; firstId: string; secondId: string; actorId: string | null }) {
  if (input.firstId === input.secondId) throw new DomainError("customers.merge.sameRecord");
  const [firstId, secondId] = pairKey(input.firstId, input.secondId).split("|");
  await db().$transaction(async (tx) => {
    const exists =
      input.kind === "contact"
        ? await tx.contact.count({ where: { id: { in: [firstId, secondId] } } })
        : await tx.company.count({ where: { id: { in: [firstId, secondId] } } });
    if (exists !== 2) throw new DomainError("customers.merge.recordGone");
    await tx.duplicateDismissal.upsert({
      where: { kind_firstId_secondId: { kind: input.kind, firstId, secondId } },
      create: { kind: input.kind, firstId, secondId, dismissedById: input.actorId },
      update: {},
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "duplicate.dismissed",
      entityType: input.kind,
      entityId: firstId,
      details: { otherId: secondId },
    });
  });
}

/** The two records side by side before a merge, with what would move (tickets as the viewer may see them). */
export async function mergePreview(viewer: TicketViewer, kind: "contact" | "company", firstId: string, secondId: string) {
  const visible = await visibleTicketsWhere(viewer);
  if (kind === "contact") {
    const contacts = await db().contact.findMany({
      where: { id: { in: [firstId, secondId] } },
      select: {
        id: true,
        firstName: true,
        lastName: true,
        jobTitle: true,
        phone: true,
        language: true,
        createdAt: true,
        company: { select: { id: true, name: true } },
        emails: { select: { address: true, isPrimary: true }, orderBy: [{ isPrimary: "desc" }, { address: "asc" }] },
        _count: { select: { requestedTickets: { where: visible }, authoredMessages: true, portalSessions: true } },
      },
    });
    if (contacts.length !== 2 || firstId === secondId) return null;
    return {
      kind,
      records: [firstId, secondId].map((id) => {
        const { _count, ...contact } = contacts.find((row) => row.id === id)!;
        return { ...contact, name: contactDisplayName(contact, contact.emails[0]?.address ?? ""), tickets: _count.requestedTickets, messages: _count.authoredMessages };
      }),
    } as const;
  }
  const companies = await db().company.findMany({
    where: { id: { in: [firstId, secondId] } },
    select: {
      id: true,
      name: true,
      sector: true,
      city: true,
      phone: true,
      website: true,
      createdAt: true,
      owner: { select: { name: true } },
      domains: { select: { domain: true }, orderBy: { domain: "asc" } },
      _count: { select: { tickets: { where: visible }, contacts: true } },
    },
  });
  if (companies.length !== 2 || firstId === secondId) return null;
  return {
    kind,
    records: [firstId, secondId].map((id) => {
      const { _count, ...company } = companies.find((row) => row.id === id)!;
      return { ...company, tickets: _count.tickets, contacts: _count.contacts };
    }),
  } as const;
}
