import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { workspaceDayAfter } from "~/domain/sales/document-dates";
import { documentCounterName, formatDocumentNumber, takeDocumentNumber } from "~/domain/sales/document-numbers.server";
import { createQuote } from "~/domain/sales/quote-commands.server";
import { db } from "~/lib/db.server";
import { aCompany } from "../support/customers-factories.ts";
import { aUser } from "../support/factories.ts";
import { projectRoot } from "../support/paths.ts";

/**
 * Quote numbers under concurrent creation: several processes (each its own SQLite connection)
 * and this one create quotes at the same moment, some creations failing after their number was
 * taken. In the end the numbers are 1..N with no gap and no duplicate.
 */

const WORKERS = 4;
const PER_WORKER = 16; // 12 created and 4 refused each
const IN_PROCESS = 12;
const year = new Date().getFullYear();

function startWorker(ownerId: string, companyId: string): { child: ChildProcess; ready: Promise<void>; result: Promise<{ numbers: string[]; refused: number }> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "tests/support/sales-numbering-worker.ts"), ownerId, companyId, String(PER_WORKER)], {
    cwd: projectRoot,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "test" },
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) => child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes("ready\n")) resolve();
  }));
  const result = new Promise<{ numbers: string[]; refused: number }>((resolve, reject) =>
    child.once("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as { numbers: string[]; refused: number });
      else reject(new Error(`worker exited with ${code}: ${stderr.slice(-2000)}`));
    }),
  );
  return { child, ready, result };
}

describe("gapless quote numbers under concurrent creation", () => {
  it("formats numbers per kind and year", () => {
    expect(formatDocumentNumber("quote", 2026, 1)).toBe("DEV-2026-0001");
    expect(formatDocumentNumber("order", 2026, 42)).toBe("CMD-2026-0042");
    expect(formatDocumentNumber("quote", 2027, 12_345)).toBe("DEV-2027-12345");
    expect(documentCounterName("order", 2026)).toBe("order:2026");
  });

  it("starts each year at 0001 and gives a number back when its transaction rolls back", async () => {
    const taken = await db().$transaction((tx) => takeDocumentNumber(tx, "order", new Date("2031-03-01T10:00:00Z")));
    expect(taken).toBe("CMD-2031-0001");
    await expect(
      db().$transaction(async (tx) => {
        expect(await takeDocumentNumber(tx, "order", new Date("2031-06-01T10:00:00Z"))).toBe("CMD-2031-0002");
        throw new Error("refused after the number was taken");
      }),
    ).rejects.toThrow("refused");
    // New Year's Eve in Paris is already next year in the workspace's time zone.
    expect(await db().$transaction((tx) => takeDocumentNumber(tx, "order", new Date("2031-12-31T23:30:00Z")))).toBe("CMD-2032-0001");
    expect(await db().$transaction((tx) => takeDocumentNumber(tx, "order", new Date("2031-07-01T10:00:00Z")))).toBe("CMD-2031-0002");
  });

  it(`numbers 1..N without gap or duplicate across ${WORKERS} processes and this one`, async () => {
    const rep = await aUser({ role: "sales" });
    const company = await aCompany({ name: "Concurrence SARL", ownerId: rep.id });
    const workers = Array.from({ length: WORKERS }, () => startWorker(rep.id, company.id));
    try {
      await Promise.all(workers.map((worker) => worker.ready));
      for (const worker of workers) worker.child.stdin?.write("go\n");
      const viewer = { id: rep.id, role: "sales", restrictToGroups: false };
      const line = { productId: null, reference: "", description: "Ici", unit: "unit" as const, quantity: 1000, unitPrice: 100, discount: 0, vatRate: 2000 };
      const local: string[] = [];
      for (let index = 0; index < IN_PROCESS; index++) {
        const created = await createQuote(viewer, { companyId: company.id, dealId: null, contactId: null, validUntil: workspaceDayAfter(new Date(), 30), paymentTerms: "", notes: "", lines: [line] });
        local.push(created.number);
      }
      const results = await Promise.all(workers.map((worker) => worker.result));

      const all = [...local, ...results.flatMap((result) => result.numbers)];
      const expected = IN_PROCESS + WORKERS * (PER_WORKER - PER_WORKER / 4);
      expect(results.map((result) => result.refused)).toEqual(Array(WORKERS).fill(PER_WORKER / 4));
      expect(all).toHaveLength(expected);
      expect(new Set(all).size).toBe(expected);
      expect([...all].sort()).toEqual(Array.from({ length: expected }, (_, index) => formatDocumentNumber("quote", year, index + 1)));
      // The database agrees: one row per number, and the counter where the next one continues.
      expect(await db().quote.count({ where: { companyId: company.id } })).toBe(expected);
      expect(await db().counter.findUnique({ where: { name: documentCounterName("quote", year) } })).toMatchObject({ value: expected });
      // The workers really ran at the same time as this process (their quotes interleave with ours).
      const byNumber = await db().quote.findMany({ where: { companyId: company.id }, orderBy: { number: "asc" }, select: { notes: true } });
      const writers = byNumber.map((quote) => quote.notes.split(" #")[0]);
      const switches = writers.filter((writer, index) => index > 0 && writer !== writers[index - 1]).length;
      expect(switches).toBeGreaterThan(WORKERS);
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    }
  }, 120_000);
});
