import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { normalizeDomain, registrableDomain, websiteDomain } from "~/domain/customers/duplicates";
import { isFreeMailDomain } from "~/domain/customers/free-mail-domains";
import { DomainError } from "~/domain/errors";
import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { changeConsent } from "~/domain/marketing/consent/consent-changes.server";
import { isSuppressed } from "~/domain/marketing/consent/consent-states";
import { db, type TransactionClient } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { mayImport, type ImportEntity } from "./import-entities";
import type { ImportActor, ImportCounts } from "./import-jobs.server";
import { mappingProblems, safeParseImportMapping } from "./import-mapping";
import type { ImportMessage } from "./import-messages";
import { parseImportOptions, type ImportConsentStatement } from "./import-options";
import type { CompanyRef, PlannedRow } from "./import-plan";
import { forgetImportPreview, planJob, readJobRows, type ReadJobRows } from "./import-preview.server";
import type { RowOutcome } from "./import-status";
import type { ImportValue, ReadRow } from "./row-reading";

/**
 * Running an import (docs/decisions/017-import-runs-row-by-row-exactly-once.md).
 *
 * When the worker picks a queued job it plans it again against the base as it is then, and
 * freezes that plan in a file next to the data (the rows' outcomes and targets, the duplicate
 * decisions applied). It then applies the rows in file order, in batches: one transaction writes
 * a batch's records, its ImportRow lines (one per row), its ImportChange lines (what to undo)
 * and the job's counters. A kill loses at most the batch in flight, which rolled back; the next
 * start resumes at doneRows with the frozen plan, so no row is applied twice (the unique
 * (jobId, rowNumber) index would refuse it anyway). Each row re-checks what the plan assumed:
 * a target deleted since is created again, an address taken since is left with its owner.
 *
 * Per record, a `contact.saved` / `company.saved` / `deal.saved` event is recorded like any
 * other write, so webhooks and listeners hear about imported records.
 */

export const IMPORT_BATCH_SIZE = 250;

/** Queues a draft for the worker. Throws DomainError `import.error.*`. */
export async function startImportJob(actor: ImportActor, jobId: string): Promise<void> {
  const job = await db().importJob.findUnique({ where: { id: jobId }, select: { status: true, entity: true, fileName: true, totalRows: true, mapping: true, options: true } });
  if (!job) throw new DomainError("import.error.notFound");
  const entity = job.entity as ImportEntity;
  if (!mayImport(actor, entity)) throw new DomainError("import.error.forbiddenEntity");
  if (job.status !== "draft") throw new DomainError("import.error.notEditable");
  if (mappingProblems(entity, safeParseImportMapping(job.mapping) ?? []).length > 0) throw new DomainError("import.error.mappingInvalid");
  const options = parseImportOptions(job.options);
  await transactionWithEvents(async (tx, events) => {
    const queued = await tx.importJob.updateMany({ where: { id: jobId, status: "draft" }, data: { status: "queued" } });
    if (queued.count === 0) throw new DomainError("import.error.notEditable");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "import.started",
      entityType: "import",
      entityId: jobId,
      details: { entity, fileName: job.fileName, rows: job.totalRows, consent: options.consent, duplicates: options.duplicates.all, groupDecisions: Object.keys(options.duplicates.groups).length },
    });
    events.record("import.progressed", { jobId, status: "queued", totalRows: job.totalRows, doneRows: 0, counts: zeroCounts(), actorId: actor.id });
  });
  forgetImportPreview();
}

/** Stops a queued or running import between two batches; what was done stays (and can be undone). */
export async function cancelImportJob(actor: ImportActor, jobId: string): Promise<void> {
  await transactionWithEvents(async (tx, events) => {
    const job = await tx.importJob.findUnique({ where: { id: jobId }, select: { status: true, totalRows: true, doneRows: true, ...countSelect } });
    if (!job) throw new DomainError("import.error.notFound");
    if (job.status !== "queued" && job.status !== "running") throw new DomainError("import.error.notCancellable");
    const status = job.status === "queued" ? "cancelled" : "cancelling";
    await tx.importJob.update({ where: { id: jobId }, data: { status, ...(status === "cancelled" ? { finishedAt: new Date() } : {}) } });
    await recordAudit(tx, { actorId: actor.id, action: "import.cancelled", entityType: "import", entityId: jobId, details: { doneRows: job.doneRows, totalRows: job.totalRows } });
    events.record("import.progressed", { jobId, status, totalRows: job.totalRows, doneRows: job.doneRows, counts: countsOf(job), actorId: actor.id });
  });
}

const countSelect = { createdCount: true, updatedCount: true, mergedCount: true, skippedCount: true, rejectedCount: true } as const;
type CountRow = { createdCount: number; updatedCount: number; mergedCount: number; skippedCount: number; rejectedCount: number };
const zeroCounts = (): ImportCounts => ({ created: 0, updated: 0, merged: 0, skipped: 0, rejected: 0 });
const countsOf = (row: CountRow): ImportCounts => ({ created: row.createdCount, updated: row.updatedCount, merged: row.mergedCount, skipped: row.skippedCount, rejected: row.rejectedCount });

/** The oldest import the worker has to work on, or null. */
export async function nextActiveImport(): Promise<string | null> {
  const job = await db().importJob.findFirst({ where: { status: { in: ["queued", "running", "cancelling"] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  return job?.id ?? null;
}

// ───────────────────────────── the frozen plan ─────────────────────────────

type FrozenPlan = { jobId: string; rows: PlannedRow[] };

function planPath(jobId: string): string {
  return path.join(env().dataDir, "imports", `${jobId}.plan.json`);
}

async function writePlan(plan: FrozenPlan): Promise<void> {
  const target = planPath(plan.jobId);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  await fs.promises.writeFile(temporary, JSON.stringify(plan));
  await fs.promises.rename(temporary, target);
}

async function readPlan(jobId: string): Promise<FrozenPlan | null> {
  try {
    return JSON.parse(await fs.promises.readFile(planPath(jobId), "utf8")) as FrozenPlan;
  } catch {
    return null;
  }
}

/** Removes a finished job's frozen plan (the ImportRow lines are the record from then on). */
async function dropPlan(jobId: string): Promise<void> {
  await fs.promises.rm(planPath(jobId), { force: true });
}

/** What one process keeps about the job it runs (rebuilt from the database after a restart). */
type RunState = {
  jobId: string;
  entity: ImportEntity;
  actorId: string | null;
  consent: ImportConsentStatement;
  plan: PlannedRow[];
  readRows: ReadRow[];
  cells: string[][];
  /** Row number → the record the row ended in. */
  recordByRow: Map<number, string>;
  /** Row number → the company the row created. */
  companyByRow: Map<number, string>;
  defaultStageId: string | null;
  stagesByName: Map<string, { id: string; kind: string }>;
};

let running: RunState | null = null;

async function loadRunState(jobId: string): Promise<RunState | "gone"> {
  if (running?.jobId === jobId) return running;
  const job = await db().importJob.findUnique({
    where: { id: jobId },
    select: { id: true, status: true, entity: true, fileName: true, storedPath: true, encoding: true, separator: true, mapping: true, options: true, createdById: true },
  });
  if (!job) return "gone";
  // A job already running resumes with the plan it started with; a queued one is planned now.
  let frozen = job.status === "queued" ? null : await readPlan(jobId);
  let planned: ReadJobRows;
  if (frozen) planned = await readJobRows(job);
  else {
    const fresh = await planJob(job);
    planned = fresh;
    frozen = { jobId, rows: fresh.plan.rows };
    await writePlan(frozen);
  }
  const recordByRow = new Map<number, string>();
  for (const row of await db().importRow.findMany({ where: { jobId, entityId: { not: "" } }, select: { rowNumber: true, entityId: true } })) recordByRow.set(row.rowNumber, row.entityId);
  const companyByRow = new Map<number, string>();
  for (const change of await db().importChange.findMany({ where: { jobId, entityType: "company", kind: "created" }, select: { entityId: true, after: true } })) {
    const importRow = (JSON.parse(change.after) as { importRow?: number }).importRow;
    if (typeof importRow === "number") companyByRow.set(importRow, change.entityId);
  }
  const stages = await db().pipelineStage.findMany({ where: { active: true }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, name: true, kind: true } });
  running = {
    jobId,
    entity: job.entity as ImportEntity,
    actorId: job.createdById,
    consent: planned.options.consent,
    plan: frozen.rows,
    readRows: planned.readRows,
    cells: planned.cells,
    recordByRow,
    companyByRow,
    defaultStageId: stages.find((stage) => stage.kind === "open")?.id ?? null,
    stagesByName: new Map(stages.map((stage) => [stage.name.trim().toLowerCase(), { id: stage.id, kind: stage.kind }])),
  };
  return running;
}

/** Forgets the in-memory run (tests simulate a restart with it). */
export function forgetImportRun(): void {
  running = null;
}

// ───────────────────────────── one batch ─────────────────────────────

export type BatchResult = "more" | "finished" | "cancelled" | "idle";

/**
 * Works on the job: the next batch of rows in one transaction, or the move to cancelled or
 * completed. Returns "more" while rows remain.
 */
export async function runImportBatch(jobId: string, batchSize = IMPORT_BATCH_SIZE): Promise<BatchResult> {
  const job = await db().importJob.findUnique({ where: { id: jobId }, select: { status: true, doneRows: true, totalRows: true, createdById: true, ...countSelect } });
  if (!job || !["queued", "running", "cancelling"].includes(job.status)) return "idle";
  if (job.status === "cancelling") {
    await finishJob(jobId, "cancelled");
    return "cancelled";
  }
  const state = await loadRunState(jobId);
  if (state === "gone") return "idle";
  if (job.status === "queued") {
    await db().importJob.updateMany({ where: { id: jobId, status: "queued" }, data: { status: "running", startedAt: new Date(), totalRows: state.plan.length } });
  }
  const start = job.doneRows;
  if (start >= state.plan.length) {
    await finishJob(jobId, "completed");
    return "finished";
  }
  const batch = state.plan.slice(start, start + batchSize);
  const applied = new Map<number, string>();
  const companies = new Map<number, string>();
  await transactionWithEvents(
    async (tx, events) => {
      const current = await tx.importJob.findUnique({ where: { id: jobId }, select: { doneRows: true, status: true } });
      // Another runner moved on meanwhile: leave this batch to it.
      if (!current || current.doneRows !== start || current.status !== "running") throw new BatchRaced();
      const counts = zeroCounts();
      const rows: Array<{ jobId: string; rowNumber: number; outcome: string; entityType: string; entityId: string; messages: string; raw: string }> = [];
      const changes: RowContext["changes"] = [];
      const knownCompanies = new Set<string>();
      for (const planned of batch) {
        const context: RowContext = { tx, events, state, rowNumber: planned.rowNumber, applied, companies, changes, knownCompanies };
        const result = await applyRow(context, planned, state.readRows[planned.rowNumber - 1]);
        counts[result.outcome] += 1;
        if (result.entityId) applied.set(planned.rowNumber, result.entityId);
        rows.push({
          jobId,
          rowNumber: planned.rowNumber,
          outcome: result.outcome,
          entityType: result.entityId ? entityTypeOf(state.entity) : "",
          entityId: result.entityId ?? "",
          messages: JSON.stringify(result.messages),
          raw: result.outcome === "rejected" ? JSON.stringify(state.cells[planned.rowNumber - 1] ?? []) : "[]",
        });
      }
      await tx.importRow.createMany({ data: rows });
      if (changes.length > 0) await tx.importChange.createMany({ data: changes });
      const updated = await tx.importJob.update({
        where: { id: jobId },
        data: {
          doneRows: { increment: rows.length },
          createdCount: { increment: counts.created },
          updatedCount: { increment: counts.updated },
          mergedCount: { increment: counts.merged },
          skippedCount: { increment: counts.skipped },
          rejectedCount: { increment: counts.rejected },
        },
        select: { doneRows: true, totalRows: true, ...countSelect },
      });
      events.record("import.progressed", { jobId, status: "running", totalRows: updated.totalRows, doneRows: updated.doneRows, counts: countsOf(updated), actorId: state.actorId });
    },
    { timeout: 300_000 },
  ).catch((error: unknown) => {
    if (error instanceof BatchRaced) return;
    throw error;
  });
  for (const [row, id] of applied) state.recordByRow.set(row, id);
  for (const [row, id] of companies) state.companyByRow.set(row, id);
  return "more";
}

class BatchRaced extends Error {}

async function finishJob(jobId: string, status: "completed" | "cancelled" | "failed", error = ""): Promise<void> {
  await transactionWithEvents(async (tx, events) => {
    const job = await tx.importJob.findUnique({ where: { id: jobId }, select: { status: true, totalRows: true, doneRows: true, createdById: true, ...countSelect } });
    if (!job || !["queued", "running", "cancelling"].includes(job.status)) return;
    await tx.importJob.update({ where: { id: jobId }, data: { status, finishedAt: new Date(), error: error.slice(0, 2000) } });
    await recordAudit(tx, { actorId: job.createdById, action: `import.${status}`, entityType: "import", entityId: jobId, details: { doneRows: job.doneRows, totalRows: job.totalRows, counts: countsOf(job), ...(error ? { error: error.slice(0, 500) } : {}) } });
    events.record("import.progressed", { jobId, status, totalRows: job.totalRows, doneRows: job.doneRows, counts: countsOf(job), actorId: job.createdById });
  });
  if (running?.jobId === jobId) running = null;
  await dropPlan(jobId);
}

/** Marks the job failed after an unexpected error (the rows recorded stay, and can be undone). */
export async function failImportJob(jobId: string, error: unknown): Promise<void> {
  await finishJob(jobId, "failed", error instanceof Error ? error.message : String(error));
}

// ───────────────────────────── one row ─────────────────────────────

type RowContext = {
  tx: TransactionClient;
  events: EventRecorder;
  state: RunState;
  rowNumber: number;
  /** Records and companies of this batch's rows (committed with it). */
  applied: Map<number, string>;
  companies: Map<number, string>;
  /** ImportChange lines of the batch, written with it. */
  changes: Array<{ jobId: string; entityType: string; entityId: string; kind: string; before: string; after: string; afterAt: Date | null }>;
  /** Companies seen to exist in this batch's transaction (checked once). */
  knownCompanies: Set<string>;
};

type RowResult = { outcome: RowOutcome; entityId: string | null; messages: ImportMessage[] };

function entityTypeOf(entity: ImportEntity): string {
  return entity === "companies" ? "company" : entity === "contacts" ? "contact" : entity === "products" ? "product" : "deal";
}

const str = (value: ImportValue | undefined): string | undefined => (typeof value === "string" ? value : undefined);

/** Notes what to undo; the batch's notes are written together, in its transaction. */
async function recordChange(context: RowContext, change: { entityType: string; entityId: string; kind: "created" | "updated"; before?: object; after?: object; afterAt: Date | null }) {
  context.changes.push({ jobId: context.state.jobId, entityType: change.entityType, entityId: change.entityId, kind: change.kind, before: JSON.stringify(change.before ?? {}), after: JSON.stringify(change.after ?? {}), afterAt: change.afterAt });
}

async function applyRow(context: RowContext, planned: PlannedRow, read: ReadRow | undefined): Promise<RowResult> {
  const messages = [...planned.messages];
  if (planned.outcome === "rejected" || !read) return { outcome: "rejected", entityId: null, messages };
  if (planned.outcome === "skipped") return { outcome: "skipped", entityId: null, messages };
  switch (context.state.entity) {
    case "contacts":
      return applyContactRow(context, planned, read, messages);
    case "companies":
      return applyCompanyRow(context, planned, read, messages);
    case "products":
      return applyProductRow(context, planned, read, messages);
    case "deals":
      return applyDealRow(context, planned, read, messages);
  }
}

/** The record a planned update or merge targets, if it still exists. */
function targetId(context: RowContext, planned: PlannedRow): string | null {
  const target = planned.target;
  if (!target) return null;
  if (target.kind === "existing") return target.id;
  return context.applied.get(target.rowNumber) ?? context.state.recordByRow.get(target.rowNumber) ?? null;
}

/** Fields to write on an existing record: an update overwrites with the row's values, a merge fills empty fields only. */
function fieldChanges<T extends Record<string, unknown>>(current: T, proposed: Partial<T>, mode: "updated" | "merged"): { before: Partial<T>; after: Partial<T> } {
  const before: Partial<T> = {};
  const after: Partial<T> = {};
  for (const [field, value] of Object.entries(proposed) as Array<[keyof T, T[keyof T]]>) {
    if (value === undefined) continue;
    const existing = current[field];
    const isEmpty = existing === null || existing === "" || existing === undefined;
    if (existing === value) continue;
    if (value instanceof Date && existing instanceof Date && value.getTime() === existing.getTime()) continue;
    if (mode === "merged" && !isEmpty) continue;
    before[field] = existing;
    after[field] = value;
  }
  return { before, after };
}

const serialise = (values: object) => JSON.parse(JSON.stringify(values)) as object;

// ── companies (an entity of their own, or the company on a contacts/deals row) ──

function companyFields(values: Record<string, ImportValue>, prefix: "" | "company.") {
  const read = (key: string) => str(values[`${prefix}${key}`]);
  return {
    name: read("name"),
    siret: read("siret"),
    street: read("street"),
    postalCode: read("postalCode"),
    city: read("city"),
    country: read("country"),
    phone: read("phone"),
    website: read("website"),
    ...(prefix === ""
      ? { sector: read("sector"), size: read("size"), lifecycleStage: read("lifecycleStage"), notes: read("notes") }
      : {}),
  };
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function domainOfCompanyRow(values: Record<string, ImportValue>, prefix: "" | "company."): string {
  const explicit = prefix === "" ? normalizeDomain(str(values.domain) ?? "") : "";
  const fromWebsite = websiteDomain(str(values[`${prefix}website`]) ?? "");
  const domain = explicit || fromWebsite;
  return domain && domain.includes(".") && !isFreeMailDomain(domain) ? registrableDomain(domain) : "";
}

async function createCompany(context: RowContext, values: Record<string, ImportValue>, custom: Record<string, string>, prefix: "" | "company."): Promise<string> {
  const fields = definedOnly(companyFields(values, prefix));
  const created = await context.tx.company.create({
    data: { sector: "services", ...fields, name: fields.name ?? "", prospectSource: "import", customFields: JSON.stringify(custom) },
    select: { id: true, updatedAt: true },
  });
  const domain = domainOfCompanyRow(values, prefix);
  if (domain && !(await context.tx.companyDomain.findUnique({ where: { domain }, select: { id: true } }))) {
    await context.tx.companyDomain.create({ data: { domain, companyId: created.id } });
  }
  await recordChange(context, { entityType: "company", entityId: created.id, kind: "created", after: { importRow: context.rowNumber, ...fields, ...(domain ? { domain } : {}) }, afterAt: created.updatedAt });
  context.events.record("company.saved", { companyId: created.id, actorId: context.state.actorId, created: true });
  context.companies.set(context.rowNumber, created.id);
  context.knownCompanies.add(created.id);
  return created.id;
}

/** The company of a contacts or deals row at run time: the planned one if it still exists, else created. */
async function resolveCompany(context: RowContext, ref: CompanyRef, read: ReadRow, messages: ImportMessage[]): Promise<string | null> {
  if (!ref) return null;
  let id: string | null = null;
  if (ref.kind === "existing") id = ref.id;
  else if (ref.kind === "row") id = context.companies.get(ref.rowNumber) ?? context.state.companyByRow.get(ref.rowNumber) ?? null;
  if (id && context.knownCompanies.has(id)) return id;
  if (id && (await context.tx.company.findUnique({ where: { id }, select: { id: true } }))) {
    context.knownCompanies.add(id);
    return id;
  }
  if (ref.kind !== "new") messages.push({ key: "import.run.targetGone" });
  if (!str(read.values["company.name"])) return null;
  return createCompany(context, read.values, read.custom, "company.");
}

/** Writes the row's custom fields on the company; true when something changed. */
async function mergeCustomFields(context: RowContext, companyId: string, custom: Record<string, string>, mode: "updated" | "merged"): Promise<boolean> {
  if (Object.keys(custom).length === 0) return false;
  const company = await context.tx.company.findUnique({ where: { id: companyId }, select: { customFields: true } });
  if (!company) return false;
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(company.customFields) as Record<string, unknown>;
  } catch {
    current = {};
  }
  const next = { ...current };
  for (const [name, value] of Object.entries(custom)) if (mode === "updated" || next[name] === undefined || next[name] === "") next[name] = value;
  if (JSON.stringify(next) === JSON.stringify(current)) return false;
  const updated = await context.tx.company.update({ where: { id: companyId }, data: { customFields: JSON.stringify(next) }, select: { updatedAt: true } });
  await recordChange(context, { entityType: "company", entityId: companyId, kind: "updated", before: { customFields: company.customFields }, after: { customFields: JSON.stringify(next) }, afterAt: updated.updatedAt });
  return true;
}

async function applyCompanyRow(context: RowContext, planned: PlannedRow, read: ReadRow, messages: ImportMessage[]): Promise<RowResult> {
  const { tx } = context;
  let id = targetId(context, planned);
  const mode = planned.outcome === "updated" ? "updated" : "merged";
  const current = id
    ? await tx.company.findUnique({ where: { id }, select: { name: true, siret: true, street: true, postalCode: true, city: true, country: true, phone: true, website: true, sector: true, size: true, lifecycleStage: true, notes: true } })
    : null;
  if (id && !current) {
    messages.push({ key: "import.run.targetGone" });
    id = null;
  }
  if (!id || !current) {
    const created = await createCompany(context, read.values, read.custom, "");
    return { outcome: "created", entityId: created, messages };
  }
  const { before, after } = fieldChanges(current, definedOnly(companyFields(read.values, "")), mode);
  let changed = false;
  if (Object.keys(after).length > 0) {
    const updated = await tx.company.update({ where: { id }, data: after, select: { updatedAt: true } });
    await recordChange(context, { entityType: "company", entityId: id, kind: "updated", before, after, afterAt: updated.updatedAt });
    changed = true;
  }
  if (await mergeCustomFields(context, id, read.custom, mode)) changed = true;
  const domain = domainOfCompanyRow(read.values, "");
  if (domain && !(await tx.companyDomain.findUnique({ where: { domain }, select: { id: true } }))) {
    const added = await tx.companyDomain.create({ data: { domain, companyId: id }, select: { id: true } });
    await recordChange(context, { entityType: "company_domain", entityId: added.id, kind: "created", after: { domain, companyId: id }, afterAt: null });
    changed = true;
  }
  if (!changed) return { outcome: "skipped", entityId: id, messages: [...messages, { key: "import.run.nothingChanged" }] };
  context.events.record("company.saved", { companyId: id, actorId: context.state.actorId, created: false });
  return { outcome: mode, entityId: id, messages };
}

// ── contacts ──

/** Records the stated consent for an imported address; true when it was recorded. */
async function recordImportConsent(context: RowContext, address: string, contactId: string, messages: ImportMessage[]): Promise<boolean> {
  const statement = context.state.consent;
  if (statement.kind !== "record") return false;
  const current = await context.tx.marketingConsent.findUnique({ where: { address }, select: { state: true } });
  if (current && isSuppressed(current.state)) {
    messages.push({ key: "import.run.suppressed", params: { value: address } });
    return false;
  }
  // An import records consent where none is; it never overwrites one already stated.
  if (current && current.state !== "none") return false;
  const at = new Date();
  const outcome = await changeConsent(context.tx, context.events, { address, contactId, state: statement.legalBasis, source: "import", basis: statement.source, actorId: context.state.actorId, at });
  if (outcome === "changed") {
    await recordChange(context, { entityType: "consent", entityId: address, kind: current ? "updated" : "created", before: { state: current?.state ?? null }, after: { state: statement.legalBasis }, afterAt: at });
    return true;
  }
  return false;
}

async function applyContactRow(context: RowContext, planned: PlannedRow, read: ReadRow, messages: ImportMessage[]): Promise<RowResult> {
  const { tx, state } = context;
  const values = read.values;
  const companyId = await resolveCompany(context, planned.company, read, messages);
  const customChanged = companyId ? await mergeCustomFields(context, companyId, read.custom, "merged") : false;
  const email = planned.addEmail ? str(values.email) : undefined;
  const proposed = definedOnly({
    firstName: str(values.firstName),
    lastName: str(values.lastName),
    jobTitle: str(values.jobTitle),
    phone: str(values.phone),
    language: str(values.language),
    companyId: companyId ?? undefined,
  });

  let id = targetId(context, planned);
  const current = id ? await tx.contact.findUnique({ where: { id }, select: { firstName: true, lastName: true, jobTitle: true, phone: true, language: true, companyId: true, erasedAt: true } }) : null;
  if (id && (!current || current.erasedAt)) {
    messages.push({ key: "import.run.targetGone" });
    id = null;
  }

  if (!id || !current) {
    let address = email;
    if (address && (await tx.contactEmail.findUnique({ where: { address }, select: { id: true } }))) {
      messages.push({ key: "import.run.emailTaken", params: { value: address } });
      address = undefined;
    }
    const created = await tx.contact.create({
      data: { ...proposed, ...(address ? { emails: { create: { address, isPrimary: true } } } : {}) },
      select: { id: true, updatedAt: true },
    });
    await recordChange(context, { entityType: "contact", entityId: created.id, kind: "created", after: serialise({ ...proposed, email: address ?? "" }), afterAt: created.updatedAt });
    if (address) await recordImportConsent(context, address, created.id, messages);
    context.events.record("contact.saved", { contactId: created.id, actorId: state.actorId, created: true });
    return { outcome: "created", entityId: created.id, messages };
  }

  const mode = planned.outcome === "updated" ? "updated" : "merged";
  const { before, after } = fieldChanges(current, proposed, mode);
  let changed = customChanged;
  if (Object.keys(after).length > 0) {
    const updated = await tx.contact.update({ where: { id }, data: after, select: { updatedAt: true } });
    await recordChange(context, { entityType: "contact", entityId: id, kind: "updated", before: serialise(before), after: serialise(after), afterAt: updated.updatedAt });
    changed = true;
  }
  if (email) {
    const owner = await tx.contactEmail.findUnique({ where: { address: email }, select: { contactId: true } });
    if (!owner) {
      const hasPrimary = (await tx.contactEmail.count({ where: { contactId: id, isPrimary: true } })) > 0;
      const added = await tx.contactEmail.create({ data: { address: email, contactId: id, isPrimary: !hasPrimary }, select: { id: true } });
      await recordChange(context, { entityType: "contact_email", entityId: added.id, kind: "created", after: { address: email, contactId: id }, afterAt: null });
      changed = true;
    } else if (owner.contactId !== id) {
      messages.push({ key: "import.run.emailTaken", params: { value: email } });
    }
    if ((!owner || owner.contactId === id) && (await recordImportConsent(context, email, id, messages))) changed = true;
  }
  if (!changed) return { outcome: "skipped", entityId: id, messages: [...messages, { key: "import.run.nothingChanged" }] };
  context.events.record("contact.saved", { contactId: id, actorId: state.actorId, created: false });
  return { outcome: mode, entityId: id, messages };
}

// ── products ──

async function applyProductRow(context: RowContext, planned: PlannedRow, read: ReadRow, messages: ImportMessage[]): Promise<RowResult> {
  const { tx } = context;
  const values = read.values;
  const proposed = definedOnly({
    reference: str(values.reference),
    name: str(values.name),
    description: str(values.description),
    unit: str(values.unit),
    unitPriceCents: typeof values.unitPrice === "number" ? values.unitPrice : undefined,
    vatRateBps: typeof values.vatRate === "number" ? values.vatRate : undefined,
    active: typeof values.active === "boolean" ? values.active : undefined,
  });
  let id = targetId(context, planned);
  let mode: "updated" | "merged" = planned.outcome === "updated" ? "updated" : "merged";
  if (!id && proposed.reference) {
    const taken = await tx.product.findUnique({ where: { reference: proposed.reference }, select: { id: true } });
    if (taken) {
      messages.push({ key: "import.run.referenceTaken", params: { value: proposed.reference } });
      id = taken.id;
      mode = "updated";
    }
  }
  const current = id ? await tx.product.findUnique({ where: { id }, select: { reference: true, name: true, description: true, unit: true, unitPriceCents: true, vatRateBps: true, active: true } }) : null;
  if (id && !current) {
    messages.push({ key: "import.run.targetGone" });
    id = null;
  }
  if (!id || !current) {
    const created = await tx.product.create({ data: { ...proposed, reference: proposed.reference ?? "", name: proposed.name ?? "", unitPriceCents: proposed.unitPriceCents ?? 0 }, select: { id: true, updatedAt: true } });
    await recordChange(context, { entityType: "product", entityId: created.id, kind: "created", after: proposed, afterAt: created.updatedAt });
    return { outcome: "created", entityId: created.id, messages };
  }
  const { before, after } = fieldChanges(current, proposed, mode);
  if (Object.keys(after).length === 0) return { outcome: "skipped", entityId: id, messages: [...messages, { key: "import.run.nothingChanged" }] };
  const updated = await tx.product.update({ where: { id }, data: after, select: { updatedAt: true } });
  await recordChange(context, { entityType: "product", entityId: id, kind: "updated", before, after, afterAt: updated.updatedAt });
  return { outcome: mode, entityId: id, messages };
}

// ── deals ──

async function applyDealRow(context: RowContext, planned: PlannedRow, read: ReadRow, messages: ImportMessage[]): Promise<RowResult> {
  const { tx, state } = context;
  const values = read.values;
  const companyId = await resolveCompany(context, planned.company, read, messages);
  if (!companyId) return { outcome: "rejected", entityId: null, messages: [...messages, { key: "import.row.required", params: { row: read.rowNumber, field: "company" } }] };
  const contactEmail = str(values.contactEmail);
  const contact = contactEmail ? await tx.contactEmail.findUnique({ where: { address: contactEmail }, select: { contact: { select: { id: true, companyId: true } } } }) : null;
  const expected = str(values.expectedCloseDate);
  const proposed = definedOnly({
    title: str(values.title),
    companyId,
    contactId: contact && contact.contact.companyId === companyId ? contact.contact.id : undefined,
    amountCents: typeof values.amount === "number" ? values.amount : undefined,
    expectedCloseDate: expected ? new Date(`${expected}T00:00:00.000Z`) : undefined,
    source: str(values.source),
    notes: str(values.notes),
  });
  let id = targetId(context, planned);
  const current = id ? await tx.deal.findUnique({ where: { id }, select: { title: true, companyId: true, contactId: true, amountCents: true, expectedCloseDate: true, source: true, notes: true } }) : null;
  if (id && !current) {
    messages.push({ key: "import.run.targetGone" });
    id = null;
  }
  if (!id || !current) {
    if (!state.actorId) return { outcome: "rejected", entityId: null, messages: [...messages, { key: "import.row.required", params: { row: read.rowNumber, field: "owner" } }] };
    const stageName = str(values.stage);
    let stage = stageName ? state.stagesByName.get(stageName.trim().toLowerCase()) : undefined;
    if (stageName && !stage) messages.push({ key: "import.row.stageUnknown", params: { row: read.rowNumber, value: stageName } });
    if (!stage && state.defaultStageId) stage = { id: state.defaultStageId, kind: "open" };
    if (!stage) return { outcome: "rejected", entityId: null, messages: [...messages, { key: "import.row.stageUnknown", params: { row: read.rowNumber, value: stageName ?? "" } }] };
    const now = new Date();
    const created = await tx.deal.create({
      data: {
        ...proposed,
        title: proposed.title ?? "",
        companyId,
        source: proposed.source ?? "import",
        ownerId: state.actorId,
        stageId: stage.id,
        stageChangedAt: now,
        closedAt: stage.kind === "open" ? null : (proposed.expectedCloseDate ?? now),
        createdById: state.actorId,
      },
      select: { id: true, updatedAt: true },
    });
    await tx.dealStageChange.create({ data: { dealId: created.id, fromStageId: null, toStageId: stage.id, actorId: state.actorId, at: now } });
    await recordChange(context, { entityType: "deal", entityId: created.id, kind: "created", after: serialise(proposed), afterAt: created.updatedAt });
    context.events.record("deal.saved", { dealId: created.id, actorId: state.actorId, created: true });
    return { outcome: "created", entityId: created.id, messages };
  }
  const mode = planned.outcome === "updated" ? "updated" : "merged";
  const { before, after } = fieldChanges(current, proposed, mode);
  if (Object.keys(after).length === 0) return { outcome: "skipped", entityId: id, messages: [...messages, { key: "import.run.nothingChanged" }] };
  const updated = await tx.deal.update({ where: { id }, data: { ...after, version: { increment: 1 } }, select: { updatedAt: true } });
  await recordChange(context, { entityType: "deal", entityId: id, kind: "updated", before: serialise(before), after: serialise(after), afterAt: updated.updatedAt });
  context.events.record("deal.saved", { dealId: id, actorId: state.actorId, created: false });
  return { outcome: mode, entityId: id, messages };
}
