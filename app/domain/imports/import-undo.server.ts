import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { changeConsent } from "~/domain/marketing/consent/consent-changes.server";
import { isConsentState } from "~/domain/marketing/consent/consent-states";
import type { TransactionClient } from "~/lib/db.server";
import { mayImport, type ImportEntity } from "./import-entities";
import type { ImportActor } from "./import-jobs.server";
import type { ImportMessage } from "./import-messages";
import { isUndoableImport } from "./import-status";

/**
 * Undoing an import batch as a whole: records it created are removed, fields it changed get
 * their previous values back, consent it recorded returns to what it was; but only where nothing
 * else touched the record since (its updatedAt is still the one the import left, and it gained no
 * tickets, deals or other links). What is kept is reported, one plain sentence per record.
 */

export type UndoReport = { removed: number; restored: number; kept: ImportMessage[] };

type Change = { entityType: string; entityId: string; kind: string; before: string; after: string; afterAt: Date | null };

/** Dependents first: an address before its contact, a contact before its company. */
const undoOrder = ["consent", "contact_email", "company_domain", "deal", "contact", "product", "company"];

const dateFields = new Set(["expectedCloseDate"]);

function parseObject(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The values to put back: for each field, its value before the import first changed it. */
function restoredValues(changes: Change[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const change of changes) {
    if (change.kind !== "updated") continue;
    for (const [field, value] of Object.entries(parseObject(change.before))) {
      if (field in values) continue;
      values[field] = dateFields.has(field) && typeof value === "string" ? new Date(value) : value;
    }
  }
  return values;
}

type Current = { updatedAt: Date; name: string; inUse: boolean } | null;

async function currentRecord(tx: TransactionClient, entityType: string, id: string, createdByJob: Set<string>): Promise<Current> {
  switch (entityType) {
    case "company": {
      const company = await tx.company.findUnique({
        where: { id },
        select: { updatedAt: true, name: true, contacts: { select: { id: true } }, _count: { select: { tickets: true, deals: true, quotes: true, orders: true, contracts: true, activities: true, visitReports: true } } },
      });
      if (!company) return null;
      const links = Object.values(company._count).reduce((sum, count) => sum + count, 0);
      const foreignContacts = company.contacts.some((contact) => !createdByJob.has(`contact:${contact.id}`));
      return { updatedAt: company.updatedAt, name: company.name, inUse: links > 0 || foreignContacts };
    }
    case "contact": {
      const contact = await tx.contact.findUnique({
        where: { id },
        select: { updatedAt: true, firstName: true, lastName: true, _count: { select: { requestedTickets: true, authoredMessages: true, deals: true, quotes: true, orders: true, activities: true, campaignDeliveries: true } } },
      });
      if (!contact) return null;
      const links = Object.values(contact._count).reduce((sum, count) => sum + count, 0);
      return { updatedAt: contact.updatedAt, name: `${contact.firstName} ${contact.lastName}`.trim(), inUse: links > 0 };
    }
    case "product": {
      const product = await tx.product.findUnique({ where: { id }, select: { updatedAt: true, reference: true, _count: { select: { quoteLines: true } } } });
      return product ? { updatedAt: product.updatedAt, name: product.reference, inUse: product._count.quoteLines > 0 } : null;
    }
    case "deal": {
      const deal = await tx.deal.findUnique({ where: { id }, select: { updatedAt: true, title: true, _count: { select: { quotes: true, activities: true } } } });
      return deal ? { updatedAt: deal.updatedAt, name: deal.title, inUse: deal._count.quotes + deal._count.activities > 0 } : null;
    }
    default:
      return null;
  }
}

async function deleteRecord(tx: TransactionClient, entityType: string, id: string) {
  if (entityType === "company") await tx.company.delete({ where: { id } });
  else if (entityType === "contact") await tx.contact.delete({ where: { id } });
  else if (entityType === "product") await tx.product.delete({ where: { id } });
  else if (entityType === "deal") await tx.deal.delete({ where: { id } });
}

async function restoreRecord(tx: TransactionClient, entityType: string, id: string, values: Record<string, unknown>) {
  if (Object.keys(values).length === 0) return;
  if (entityType === "company") await tx.company.update({ where: { id }, data: values });
  else if (entityType === "contact") await tx.contact.update({ where: { id }, data: values });
  else if (entityType === "product") await tx.product.update({ where: { id }, data: values });
  else if (entityType === "deal") await tx.deal.update({ where: { id }, data: { ...values, version: { increment: 1 } } });
}

export async function undoImportJob(actor: ImportActor, jobId: string): Promise<UndoReport> {
  return transactionWithEvents(
    async (tx, events) => {
      const job = await tx.importJob.findUnique({ where: { id: jobId }, select: { status: true, entity: true } });
      if (!job) throw new DomainError("import.error.notFound");
      if (!mayImport(actor, job.entity as ImportEntity)) throw new DomainError("import.error.forbiddenEntity");
      if (!isUndoableImport(job.status)) throw new DomainError("import.error.notUndoable");
      const changes = await tx.importChange.findMany({ where: { jobId }, orderBy: { id: "asc" }, select: { entityType: true, entityId: true, kind: true, before: true, after: true, afterAt: true } });
      const byRecord = new Map<string, Change[]>();
      for (const change of changes) {
        const key = `${change.entityType}:${change.entityId}`;
        byRecord.set(key, [...(byRecord.get(key) ?? []), change]);
      }
      const createdByJob = new Set([...byRecord].filter(([, list]) => list.some((change) => change.kind === "created")).map(([key]) => key));
      const report: UndoReport = { removed: 0, restored: 0, kept: [] };
      const records = [...byRecord.entries()].sort(([a], [b]) => undoOrder.indexOf(a.split(":")[0]) - undoOrder.indexOf(b.split(":")[0]));
      const keptContacts = new Set<string>();

      for (const [key, list] of records) {
        const [entityType] = key.split(":");
        const entityId = key.slice(entityType.length + 1);
        const created = list.some((change) => change.kind === "created");
        const lastAfterAt = list.reduce<number>((latest, change) => Math.max(latest, change.afterAt?.getTime() ?? 0), 0);

        if (entityType === "consent") {
          const consent = await tx.marketingConsent.findUnique({ where: { address: entityId }, select: { changedAt: true } });
          if (!consent) continue;
          if (consent.changedAt.getTime() !== lastAfterAt) {
            report.kept.push({ key: "import.undo.kept", params: { kind: "import.undo.kind.consent", name: entityId } });
            continue;
          }
          const previous = parseObject(list[0].before).state;
          await changeConsent(tx, events, { address: entityId, state: isConsentState(previous) ? previous : "none", source: "import", basis: "annulation de l'import", actorId: actor.id });
          report.restored += 1;
          continue;
        }
        if (entityType === "contact_email") {
          const email = await tx.contactEmail.findUnique({ where: { id: entityId }, select: { contactId: true, isPrimary: true } });
          if (!email) continue;
          // The contact itself goes with its addresses when the import created it.
          if (createdByJob.has(`contact:${email.contactId}`)) continue;
          await tx.contactEmail.delete({ where: { id: entityId } });
          if (email.isPrimary) {
            const next = await tx.contactEmail.findFirst({ where: { contactId: email.contactId }, orderBy: { address: "asc" }, select: { id: true } });
            if (next) await tx.contactEmail.update({ where: { id: next.id }, data: { isPrimary: true } });
          }
          report.removed += 1;
          continue;
        }
        if (entityType === "company_domain") {
          const deleted = await tx.companyDomain.deleteMany({ where: { id: entityId } });
          report.removed += deleted.count;
          continue;
        }

        const current = await currentRecord(tx, entityType, entityId, new Set([...createdByJob].filter((record) => !keptContacts.has(record))));
        if (!current) continue;
        const untouched = current.updatedAt.getTime() === lastAfterAt;
        if (!untouched || (created && current.inUse)) {
          if (entityType === "contact") keptContacts.add(key);
          report.kept.push({ key: "import.undo.kept", params: { kind: `import.undo.kind.${entityType}`, name: current.name } });
          continue;
        }
        if (created) {
          await deleteRecord(tx, entityType, entityId);
          report.removed += 1;
        } else {
          await restoreRecord(tx, entityType, entityId, restoredValues(list));
          report.restored += 1;
        }
        if (entityType === "contact") events.record("contact.saved", { contactId: entityId, actorId: actor.id, created: false });
        if (entityType === "company") events.record("company.saved", { companyId: entityId, actorId: actor.id, created: false });
      }

      const finished = await tx.importJob.update({
        where: { id: jobId },
        data: { status: "undone", undoneAt: new Date(), undoneById: actor.id },
        select: { totalRows: true, doneRows: true, createdCount: true, updatedCount: true, mergedCount: true, skippedCount: true, rejectedCount: true },
      });
      await recordAudit(tx, { actorId: actor.id, action: "import.undone", entityType: "import", entityId: jobId, details: { removed: report.removed, restored: report.restored, kept: report.kept.length } });
      events.record("import.progressed", {
        jobId,
        status: "undone",
        totalRows: finished.totalRows,
        doneRows: finished.doneRows,
        counts: { created: finished.createdCount, updated: finished.updatedCount, merged: finished.mergedCount, skipped: finished.skippedCount, rejected: finished.rejectedCount },
        actorId: actor.id,
      });
      return report;
    },
    { timeout: 600_000 },
  );
}
