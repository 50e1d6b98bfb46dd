import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { can } from "~/domain/identity/permissions";
import { db, type TransactionClient } from "~/lib/db.server";
import { OwnedByAnotherRecordError } from "./customer-errors";
import { localDayInput } from "~/domain/sales/deal-schemas";
import { normaliseLifecycle } from "~/domain/sales/lifecycle";
import type { CompanyInput } from "./customer-schemas";

/**
 * Creating and editing companies. Everything a save touches (the company, its domains, the audit
 * entry) is written in one transaction: a refused domain leaves nothing half-saved.
 */

const editableFields = ["name", "sector", "size", "street", "postalCode", "city", "country", "phone", "website", "ownerId", "notes", "lifecycleStage", "prospectSource", "lostReason"] as const;
const lifecycleDates = ["clientSince", "lostAt"] as const;

/** Users who may own a company: active staff with access to the sales area. */
export async function listCompanyOwners() {
  const users = await db().user.findMany({
    where: { active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, role: true, restrictToGroups: true },
  });
  return users.filter((user) => can(user, "update:deal")).map(({ id, name }) => ({ id, name }));
}

async function assertOwner(tx: TransactionClient, ownerId: string | null, previousOwnerId: string | null = null) {
  if (!ownerId || ownerId === previousOwnerId) return;
  const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { active: true, role: true, restrictToGroups: true } });
  if (!owner || !owner.active || !can(owner, "update:deal")) throw new DomainError("customers.validation.ownerNotSales", "ownerId");
}

/** Refuses domains another company already holds, naming it. `fieldIndex` maps a domain to its input. */
async function assertDomainsFree(tx: TransactionClient, domains: string[], companyId: string | null) {
  if (domains.length === 0) return;
  const taken = await tx.companyDomain.findMany({
    where: { domain: { in: domains }, ...(companyId ? { companyId: { not: companyId } } : {}) },
    select: { domain: true, company: { select: { id: true, name: true } } },
  });
  const first = domains.map((domain, index) => ({ index, owner: taken.find((row) => row.domain === domain) })).find((entry) => entry.owner);
  if (first?.owner) {
    throw new OwnedByAnotherRecordError("customers.conflict.domainOwned", `domains.${first.index}`, {
      kind: "company",
      id: first.owner.company.id,
      name: first.owner.company.name,
    });
  }
}

/** A unique-constraint race (another save took the domain meanwhile) reported like the pre-check would. */
async function explainUniqueViolation(error: unknown, domains: string[], companyId: string | null): Promise<never> {
  if (isUniqueViolation(error)) await db().$transaction((tx) => assertDomainsFree(tx, domains, companyId));
  throw error;
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** The company's fields from the form, its lifecycle made coherent (a client has a date, a prospect no loss). */
function companyData(input: CompanyInput, now = new Date()) {
  const lifecycle = normaliseLifecycle(
    { lifecycleStage: input.lifecycleStage, clientSince: input.clientSince, lostAt: input.lostAt, lostReason: input.lostReason },
    now,
  );
  return {
    name: input.name,
    sector: input.sector,
    size: input.size,
    street: input.street,
    postalCode: input.postalCode,
    city: input.city,
    country: input.country,
    phone: input.phone,
    website: input.website,
    ownerId: input.ownerId,
    notes: input.notes,
    ...lifecycle,
    prospectSource: input.prospectSource,
  };
}

/** The same local day (the form edits days; a date set by an order also has a time). */
function sameDay(first: Date | null, second: Date | null): boolean {
  if (!first || !second) return first === second;
  return localDayInput(first) === localDayInput(second);
}

export async function createCompany(input: CompanyInput, actorId: string | null): Promise<{ id: string }> {
  let company: { id: string };
  try {
    company = await transactionWithEvents(async (tx, events) => {
      await assertOwner(tx, input.ownerId);
      await assertDomainsFree(tx, input.domains, null);
      const created = await tx.company.create({
        data: { ...companyData(input), domains: { create: input.domains.map((domain) => ({ domain })) } },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId,
        action: "company.created",
        entityType: "company",
        entityId: created.id,
        details: { name: input.name, domains: input.domains },
      });
      events.record("company.saved", { companyId: created.id, actorId, created: true });
      return created;
    });
  } catch (error) {
    return explainUniqueViolation(error, input.domains, null);
  }
  return company;
}

/**
 * Saves the form over the company. `input.version` (the updatedAt the form was loaded with)
 * refuses a save over someone else's newer changes.
 */
export async function updateCompany(companyId: string, input: CompanyInput, actorId: string | null): Promise<void> {
  try {
    await transactionWithEvents(async (tx, events) => {
      const before = await tx.company.findUnique({
        where: { id: companyId },
        select: {
          name: true,
          sector: true,
          size: true,
          street: true,
          postalCode: true,
          city: true,
          country: true,
          phone: true,
          website: true,
          ownerId: true,
          notes: true,
          lifecycleStage: true,
          prospectSource: true,
          clientSince: true,
          lostAt: true,
          lostReason: true,
          updatedAt: true,
          domains: { select: { id: true, domain: true } },
        },
      });
      if (!before) throw new DomainError("errors.notFound");
      if (input.version && before.updatedAt.getTime() !== input.version.getTime()) throw new DomainError("validation.staleRecord");
      await assertOwner(tx, input.ownerId, before.ownerId);
      await assertDomainsFree(tx, input.domains, companyId);

      const data = companyData(input);
      // A day left as it was keeps its stored instant.
      for (const field of lifecycleDates) if (sameDay(before[field], data[field])) data[field] = before[field];
      const changed: string[] = [...editableFields.filter((field) => before[field] !== data[field]), ...lifecycleDates.filter((field) => before[field]?.getTime() !== data[field]?.getTime())];
      const removed = before.domains.filter((row) => !input.domains.includes(row.domain));
      const added = input.domains.filter((domain) => !before.domains.some((row) => row.domain === domain));
      if (removed.length > 0 || added.length > 0) changed.push("domains");
      if (changed.length === 0) return changed;

      if (removed.length > 0) await tx.companyDomain.deleteMany({ where: { id: { in: removed.map((row) => row.id) } } });
      if (added.length > 0) await tx.companyDomain.createMany({ data: added.map((domain) => ({ domain, companyId })) });
      await tx.company.update({ where: { id: companyId }, data });
      await recordAudit(tx, {
        actorId,
        action: "company.updated",
        entityType: "company",
        entityId: companyId,
        details: { changes: changed, ...(added.length ? { domainsAdded: added } : {}), ...(removed.length ? { domainsRemoved: removed.map((row) => row.domain) } : {}) },
      });
      events.record("company.saved", { companyId, actorId, created: false });
      return changed;
    });
  } catch (error) {
    return explainUniqueViolation(error, input.domains, companyId);
  }
}

/** The company as the edit form shows it. */
export async function getCompanyForEdit(companyId: string) {
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
      ownerId: true,
      owner: { select: { id: true, name: true } },
      notes: true,
      lifecycleStage: true,
      prospectSource: true,
      clientSince: true,
      lostAt: true,
      lostReason: true,
      updatedAt: true,
      domains: { select: { domain: true }, orderBy: { domain: "asc" } },
    },
  });
  if (!company) return null;
  const { domains, updatedAt, owner, clientSince, lostAt, ...fields } = company;
  return {
    ...fields,
    clientSince: localDayInput(clientSince),
    lostAt: localDayInput(lostAt),
    currentOwner: owner,
    domains: domains.map((row) => row.domain),
    version: updatedAt.toISOString(),
  };
}
