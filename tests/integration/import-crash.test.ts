import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createImportJob } from "~/domain/imports/import-jobs.server";
import { startImportJob } from "~/domain/imports/import-run.server";
import { db } from "~/lib/db.server";
import { validSiret } from "../fixtures/import/world.ts";
import { aUser } from "../support/factories.ts";
import { projectRoot } from "../support/paths.ts";

/**
 * Crash test: a runner process imports 50,000 contacts with their companies while we kill it
 * (SIGKILL, no chance to clean up) at planned points of its progress and start it again. In the
 * end every row must have exactly one outcome and its records exist once: no row lost, none
 * applied twice.
 */

const ROWS = 50_000;
const COMPANIES = 2_000;
/** Each company with its SIRET, so its rows find it by SIRET whatever their names look like. */
const companySiret = (company: number) => validSiret(String(100_000_000_000 + company * 7).padStart(13, "0"));
/** Every 10th row repeats the person of 5 rows before (same address, a job title to fill in). */
const isRepeat = (index: number) => index % 10 === 9;

function fileText(): string {
  const lines = ["Raison sociale;SIRET;Nom;Prénom;E-mail;Tél.;Ville;Fonction"];
  for (let index = 0; index < ROWS; index++) {
    const person = isRepeat(index) ? index - 5 : index;
    const company = person % COMPANIES;
    const phone = `06${String(10_000_000 + person).slice(-8)}`;
    lines.push([`Entreprise ${company}`, companySiret(company), `Nom${person}`, `Prénom${person}`, `personne${person}@entreprise-${company}.fr`, phone, "Lyon", isRepeat(index) ? "Acheteur" : ""].join(";"));
  }
  return lines.join("\r\n") + "\r\n";
}

/** The companies the file names (a repeat row names its original person's company). */
function companiesInFile(): number {
  const companies = new Set<number>();
  for (let index = 0; index < ROWS; index++) companies.add((isRepeat(index) ? index - 5 : index) % COMPANIES);
  return companies.size;
}

function startWorker(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "tests/support/import-crash-worker.ts")], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "test" },
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("crash test: SIGKILL at planned points of a 50,000-row import", () => {
  it("records every row exactly once and creates every record once", async () => {
    const admin = await aUser({ role: "admin" });
    const { id: jobId } = await createImportJob(admin, { entity: "contacts", fileName: "gros-fichier.csv", bytes: Buffer.from(fileText(), "utf8") });
    await startImportJob(admin, jobId);
    const progress = async () => (await db().importJob.findUniqueOrThrow({ where: { id: jobId }, select: { doneRows: true, status: true } })).doneRows;

    const kills: Array<{ at: string; done: number }> = [];
    let stderr = "";
    const deadline = Date.now() + 1_100_000;
    let child: ChildProcess | null = null;
    const launch = () => {
      const worker = startWorker();
      worker.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const ready = new Promise<void>((resolve) => worker.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
      return { worker, ready };
    };
    try {
      // Kill points follow progress, not the clock: once while the plan is being made (before
      // the first batch), then at spread-out shares of the rows, with jitter.
      const jitter = () => Math.floor(Math.random() * ROWS * 0.05);
      const plan: Array<{ kind: "planning" } | { kind: "done"; target: number }> = [
        { kind: "planning" },
        ...[0.12, 0.32, 0.52, 0.72, 0.9].map((share) => ({ kind: "done" as const, target: Math.floor(ROWS * share) + jitter() })),
      ];
      for (const step of plan) {
        if (Date.now() >= deadline) break;
        const before = await progress();
        if (before === ROWS) break;
        const launched = launch();
        child = launched.worker;
        await launched.ready;
        let at = "planning";
        if (step.kind === "planning") await sleep(300);
        else {
          const target = Math.max(step.target, before + 1);
          at = `done ≥ ${target}`;
          while (Date.now() < deadline) {
            const now = await progress();
            if (now >= target || now === ROWS) break;
            await sleep(20 + Math.random() * 30);
          }
        }
        child.kill("SIGKILL");
        await exited(child);
        kills.push({ at, done: await progress() });
      }
      child = launch().worker;
      while (Date.now() < deadline && (await db().importJob.findUniqueOrThrow({ where: { id: jobId }, select: { status: true } })).status !== "completed") await sleep(250);
      child.kill("SIGTERM");
      await exited(child);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    console.info(`[import crash test] ${kills.length} kills: ${kills.map((kill) => `${kill.at} → ${kill.done} done`).join("; ")}`);
    expect(kills.filter((kill) => kill.done > 0 && kill.done < ROWS).length, "kills in the middle of the rows").toBeGreaterThanOrEqual(4);

    const job = await db().importJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job, stderr.slice(-2000)).toMatchObject({ status: "completed", doneRows: ROWS, totalRows: ROWS });
    // One outcome per row, and the counters agree with the rows (no batch counted twice).
    expect(await db().importRow.count({ where: { jobId } })).toBe(ROWS);
    const byOutcome = Object.fromEntries((await db().importRow.groupBy({ by: ["outcome"], where: { jobId }, _count: true })).map((group) => [group.outcome, group._count]));
    const repeats = ROWS / 10;
    expect(byOutcome).toEqual({ created: ROWS - repeats, merged: repeats });
    expect(job).toMatchObject({ createdCount: ROWS - repeats, mergedCount: repeats, updatedCount: 0, skippedCount: 0, rejectedCount: 0 });
    // Every record exactly once.
    expect(await db().contact.count()).toBe(ROWS - repeats);
    expect(await db().company.count()).toBe(companiesInFile());
    expect(await db().contactEmail.count()).toBe(ROWS - repeats);
    expect(await db().contact.count({ where: { jobTitle: "Acheteur" } })).toBe(repeats);
    expect(await db().importChange.count({ where: { jobId, entityType: "contact", kind: "created" } })).toBe(ROWS - repeats);
    expect(await db().importChange.count({ where: { jobId, entityType: "company", kind: "created" } })).toBe(companiesInFile());
    // A merged row lands on the record of the row it repeats.
    const rows = await db().importRow.findMany({ where: { jobId, rowNumber: { in: [5, 10, 49_995, 50_000] } }, orderBy: { rowNumber: "asc" }, select: { entityId: true } });
    expect(rows[0].entityId).toBe(rows[1].entityId);
    expect(rows[2].entityId).toBe(rows[3].entityId);
  }, 1_200_000);
});
