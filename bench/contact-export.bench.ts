/**
 * Export of every contact of the large dataset (200,000) as French Excel CSV: the contacts list's
 * export (its keyset query page by page through Prisma, the streamed CSV writer) against a bare
 * baseline in the same run: one SELECT joining the same columns, iterated row by row with
 * better-sqlite3 and written with the same cell quoting. Both write to a scratch file; reported
 * in rows per second and peak memory (RSS growth over the run).
 *
 * The export's audit row is left out (the large file is shared and only read): the stream is
 * built with csvStream and the list's own columns and pages, without the onEnd that writes it.
 *
 * Run by bench/index.ts in a child process whose DATABASE_URL is the large file. Standalone:
 * DATABASE_URL=file:data/large.db node --expose-gc --import tsx bench/contact-export.bench.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import Database from "better-sqlite3";
import { contactListExport } from "~/domain/customers/contact-export.server";
import { csvCell } from "~/lib/csv";
import { csvStream } from "~/lib/csv-export";
import { sqliteFilePath } from "~/lib/database-url";
import { databaseReady, disconnectDatabase } from "~/lib/db.server";
import { translator } from "~/lib/i18n/translate";

const databaseUrl = process.env.DATABASE_URL ?? "";
const raw = new Database(sqliteFilePath(databaseUrl), { readonly: true });
await databaseReady();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-export-bench-"));

type Run = { name: string; rows: number; seconds: number; peakRssMb: number; bytes: number };

/** Runs `work` once, sampling the process's RSS every 20 ms; the peak is measured from the RSS just before. */
async function run(name: string, work: (out: fs.WriteStream) => Promise<number>): Promise<Run> {
  (globalThis as { gc?: () => void }).gc?.();
  const file = path.join(scratch, `${name.replace(/\W+/g, "-")}.csv`);
  const out = fs.createWriteStream(file);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = process.hrtime.bigint();
  const rows = await work(out);
  out.end();
  await once(out, "finish");
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const bytes = fs.statSync(file).size;
  fs.rmSync(file);
  return { name, rows, seconds, peakRssMb: (peak - before) / 1024 / 1024, bytes };
}

async function write(out: fs.WriteStream, chunk: string | Uint8Array) {
  if (!out.write(chunk)) await once(out, "drain");
}

const baselineStatement = raw.prepare(`
  SELECT c."lastName", c."firstName", c."jobTitle", co."name" AS company, e."address", c."phone", c."language", mc."state", c."createdAt", c."updatedAt"
    FROM "Contact" c
    LEFT JOIN "Company" co ON co."id" = c."companyId"
    LEFT JOIN "ContactEmail" e ON e."contactId" = c."id" AND e."isPrimary" = 1
    LEFT JOIN "MarketingConsent" mc ON mc."address" = e."address"
   ORDER BY c."lastName", c."firstName", c."id"`);

const baseline = await run("bare SELECT + join, better-sqlite3", async (out) => {
  let rows = 0;
  let chunk = "\uFEFFNom;Prénom;Fonction;Société;E-mail;Téléphone;Langue;Consentement;Créé le;Modifié le\r\n";
  for (const row of baselineStatement.iterate() as Iterable<Record<string, string | number | null>>) {
    chunk += `${[row.lastName, row.firstName, row.jobTitle, row.company, row.address, row.phone, row.language, row.state ?? "none", row.createdAt, row.updatedAt].map((value) => csvCell(value === null ? null : String(value))).join(";")}\r\n`;
    rows += 1;
    if (chunk.length > 64_000) {
      await write(out, chunk);
      chunk = "";
    }
  }
  await write(out, chunk);
  return rows;
});

// Marketing exports contacts without the open-ticket column (it reads no tickets).
const viewer = { id: "bench-export", role: "marketing", restrictToGroups: false };
const subject = await run("contacts list export (keyset pages, stream)", async (out) => {
  const listExport = contactListExport(viewer, {}, translator("fr"));
  const reader = csvStream({ dialect: "excel", columns: listExport.columns, pages: listExport.pages }).getReader();
  let rows = -1;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    rows += Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength).toString("utf8").split("\r\n").length - 1;
    await write(out, chunk.value);
  }
  return rows;
});

const perSecond = (entry: Run) => entry.rows / entry.seconds;
console.log(`\n## Contacts export, ${subject.rows.toLocaleString("en")} rows (large dataset, French Excel CSV)`);
for (const entry of [subject, baseline]) {
  console.log(`  ${entry.name.padEnd(46)} ${perSecond(entry).toFixed(0).padStart(8)} rows/s  ${entry.seconds.toFixed(1).padStart(6)} s  peak RSS +${entry.peakRssMb.toFixed(0)} MB  ${(entry.bytes / 1024 / 1024).toFixed(1)} MB written`);
}
console.log(`  ratio (subject / baseline): throughput ×${(perSecond(subject) / perSecond(baseline)).toFixed(2)}, peak memory ×${(subject.peakRssMb / Math.max(1, baseline.peakRssMb)).toFixed(2)}`);
if (subject.rows !== baseline.rows) throw new Error(`The export wrote ${subject.rows} rows, the baseline ${baseline.rows}: they must agree.`);

fs.rmSync(scratch, { recursive: true, force: true });
raw.close();
await disconnectDatabase();
