import { onDomainEvent } from "~/domain/events.server";
import { failImportJob, nextActiveImport, runImportBatch } from "~/domain/imports/import-run.server";
import { wakeableSleep } from "./wakeable-sleep.ts";

/**
 * The import runner: works through queued imports one at a time, a batch of rows per
 * transaction (import-run.server.ts, ADR 017), so a restart resumes after the last recorded row.
 * A cancel takes effect between two batches. Woken at once when an import is queued.
 */

export type ImportRunner = { stop(): Promise<void>; wake(): void };

type Log = Pick<Console, "error">;

export function startImportRunner(options: { tickMs?: number; batchSize?: number; log?: Log } = {}): ImportRunner {
  const tickMs = options.tickMs ?? 2_000;
  const log = options.log ?? console;
  let stopped = false;
  const pause = wakeableSleep();

  const sleep = pause.sleep;

  const loop = async () => {
    while (!stopped) {
      let busy = false;
      const jobId = await nextActiveImport().catch((error: unknown) => {
        log.error("[imports] looking for work failed", error);
        return null;
      });
      if (jobId) {
        try {
          busy = (await runImportBatch(jobId, options.batchSize)) === "more";
        } catch (error) {
          log.error("[imports] import failed", error);
          await failImportJob(jobId, error).catch((failure: unknown) => log.error("[imports] could not record the failure", failure));
        }
      }
      if (!busy && !stopped) await sleep(tickMs);
    }
  };

  const offQueued = onDomainEvent("import.progressed", ({ status }) => {
    if (status === "queued" || status === "cancelling") pause.wake();
  });
  const running = loop();

  return {
    wake: () => pause.wake(),
    async stop() {
      stopped = true;
      offQueued();
      pause.wake();
      await running;
    },
  };
}
