import fs from "node:fs";
import path from "node:path";
import { createImportJob, getImportJob, updateImportJob, type ImportActor } from "~/domain/imports/import-jobs.server";
import type { ImportEntity } from "~/domain/imports/import-entities";
import { runImportBatch, startImportJob } from "~/domain/imports/import-run.server";
import { db } from "~/lib/db.server";
import { base } from "../fixtures/import/world.ts";

export const fixturePath = (name: string) => path.join(import.meta.dirname, "..", "fixtures", "import", name);
export const fixture = (name: string) => fs.readFileSync(fixturePath(name));

/** The base the French file is matched against: ids by key. */
export async function seedImportBase() {
  const companies: Record<string, string> = {};
  for (const company of base.companies) {
    const created = await db().company.create({
      data: { name: company.name, sector: "commerce", siret: company.siret, phone: company.phone, domains: { create: [{ domain: company.domain }] } },
      select: { id: true },
    });
    companies[company.key] = created.id;
  }
  const contacts: Record<string, string> = {};
  for (const contact of base.contacts) {
    const created = await db().contact.create({
      data: {
        firstName: contact.firstName,
        lastName: contact.lastName,
        phone: contact.phone,
        companyId: contact.company ? companies[contact.company] : null,
        emails: { create: [{ address: contact.email, isPrimary: true }] },
      },
      select: { id: true },
    });
    contacts[contact.key] = created.id;
    if ("unsubscribed" in contact && contact.unsubscribed) {
      await db().marketingConsent.create({ data: { address: contact.email, contactId: created.id, state: "unsubscribed", source: "unsubscribe" } });
    }
  }
  return { companies, contacts };
}

/** Uploads a fixture, lets `prepare` adjust the draft, starts it and runs it to the end. */
export async function importFixture(
  actor: ImportActor,
  entity: ImportEntity,
  name: string,
  prepare: (jobId: string) => Promise<void> = async () => undefined,
): Promise<string> {
  const { id } = await createImportJob(actor, { entity, fileName: name, bytes: fixture(name) });
  await prepare(id);
  await startImportJob(actor, id);
  await runToEnd(id);
  return id;
}

export async function runToEnd(jobId: string, batchSize = 7) {
  for (let guard = 0; guard < 100_000; guard++) {
    const result = await runImportBatch(jobId, batchSize);
    if (result !== "more") return result;
  }
  throw new Error("import did not finish");
}

/** Maps one more column on a draft (by header). */
export async function mapColumn(actor: ImportActor, jobId: string, header: string, target: string) {
  const job = await getImportJob(jobId);
  if (!job) throw new Error("no job");
  await updateImportJob(actor, jobId, { mapping: job.mapping.map((entry) => (entry.header === header ? { ...entry, target } : entry)) });
}

export async function rowOutcomes(jobId: string) {
  const rows = await db().importRow.findMany({ where: { jobId }, orderBy: { rowNumber: "asc" }, select: { rowNumber: true, outcome: true, entityId: true, messages: true } });
  return rows.map((row) => ({ ...row, messageKeys: (JSON.parse(row.messages) as Array<{ key: string }>).map((message) => message.key) }));
}
