/**
 * Import of contacts with their companies (20 % of the rows repeat a person of the file), in its
 * own process on its own scratch database, in the same run:
 *
 *   subject   the real import: the file read and planned against the base (the Doublons rules),
 *             then applied by the runner's batches: records, ImportRow and ImportChange lines,
 *             events, in one transaction per batch (docs/decisions/017-import-runs-row-by-row-exactly-once.md);
 *   baseline  a bare batched insert of the same distinct companies, contacts and addresses
 *             (createMany, 1,000 rows per transaction) into the same schema.
 *
 * Both are reported in file rows per second. IMPORT_BENCH_ROWS sets the size (100,000 by default).
 */
import fs from "node:fs";
import { useScratchWorkspace } from "./context.ts";

const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 100_000);
const COMPANIES = Math.max(1, Math.floor(ROWS / 10));
/** Every 5th row repeats the person of 3 rows before: 20 % duplicates within the file. */
const isRepeat = (index: number) => index % 5 === 4;

const { dataDir, databaseUrl } = useScratchWorkspace();
const { applyMigrations } = await import("../server/bootstrap/migrate.ts");
const { db, databaseReady, disconnectDatabase } = await import("~/lib/db.server");
const { createUser } = await import("~/domain/identity/users.server");
const { createImportJob } = await import("~/domain/imports/import-jobs.server");
const { runImportBatch, startImportJob } = await import("~/domain/imports/import-run.server");

function luhnSiret(prefix: string): string {
  for (let last = 0; last <= 9; last++) {
    const candidate = `${prefix}${last}`;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let digit = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error("unreachable");
}

type Person = { company: number; lastName: string; firstName: string; email: string; phone: string };
const personOf = (index: number): Person => {
  const person = isRepeat(index) ? index - 3 : index;
  const company = person % COMPANIES;
  return { company, lastName: `Nom${person}`, firstName: `Prénom${person}`, email: `personne${person}@entreprise-${company}.fr`, phone: `06${String(10_000_000 + person).slice(-8)}` };
};
const companyName = (company: number) => `Entreprise ${company}`;
const companySiret = (company: number) => luhnSiret(String(100_000_000_000 + company * 7).padStart(13, "0"));

async function baseline(): Promise<number> {
  const started = process.hrtime.bigint();
  const companyIds = new Map<number, string>();
  for (let start = 0; start < COMPANIES; start += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, COMPANIES - start) }, (_, index) => start + index);
    await db().company.createMany({ data: batch.map((company) => ({ id: `bench-company-${company}`, name: companyName(company), siret: companySiret(company), sector: "services", city: "Lyon" })) });
    for (const company of batch) companyIds.set(company, `bench-company-${company}`);
  }
  const people = Array.from({ length: ROWS }, (_, index) => index).filter((index) => !isRepeat(index));
  for (let start = 0; start < people.length; start += 1_000) {
    const batch = people.slice(start, start + 1_000);
    await db().$transaction(async (tx) => {
      await tx.contact.createMany({ data: batch.map((index) => { const person = personOf(index); return { id: `bench-contact-${index}`, firstName: person.firstName, lastName: person.lastName, phone: `+33${person.phone.slice(1)}`, companyId: companyIds.get(person.company)! }; }) });
      await tx.contactEmail.createMany({ data: batch.map((index) => ({ contactId: `bench-contact-${index}`, address: personOf(index).email, isPrimary: true })) });
    });
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function subject(): Promise<{ seconds: number; counts: Record<string, number> }> {
  const { id: userId } = await createUser({ name: "Banc Import", email: "banc-import@comptoir.test", role: "admin", groupIds: [], restrictToGroups: false, locale: "fr", password: "banc-import-2026", actorId: null });
  const actor = { id: userId, role: "admin", restrictToGroups: false };
  const lines = ["Raison sociale;SIRET;Nom;Prénom;E-mail;Tél.;Ville"];
  for (let index = 0; index < ROWS; index++) {
    const person = personOf(index);
    lines.push([companyName(person.company), companySiret(person.company), person.lastName, person.firstName, person.email, person.phone, "Lyon"].join(";"));
  }
  const started = process.hrtime.bigint();
  const { id } = await createImportJob(actor, { entity: "contacts", fileName: "banc.csv", bytes: Buffer.from(lines.join("\r\n"), "utf8") });
  await startImportJob(actor, id);
  while ((await runImportBatch(id)) === "more");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const job = await db().importJob.findUniqueOrThrow({ where: { id } });
  return { seconds, counts: { created: job.createdCount, merged: job.mergedCount, updated: job.updatedCount, skipped: job.skippedCount, rejected: job.rejectedCount } };
}

await applyMigrations(databaseUrl);
await databaseReady();
try {
  const bare = await baseline();
  // The same rows again through the import, on an empty base.
  await db().contactEmail.deleteMany();
  await db().contact.deleteMany();
  await db().company.deleteMany();
  const run = await subject();
  const bareRate = ROWS / bare;
  const importRate = ROWS / run.seconds;
  console.log(`\n## Import of ${ROWS.toLocaleString("en")} contacts with companies (20 % duplicates)`);
  console.log(`baseline  bare batched insert       ${bareRate.toFixed(0)} rows/s (${bare.toFixed(1)} s)`);
  console.log(`subject   import (plan + run)       ${importRate.toFixed(0)} rows/s (${run.seconds.toFixed(1)} s) ${JSON.stringify(run.counts)}`);
  console.log(`ratio     import / bare insert      ×${(importRate / bareRate).toFixed(3)}`);
} finally {
  await disconnectDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
