import { onDomainEvent } from "~/domain/events.server";
import { failImportJob, nextActiveImport, runImportBatch } from "~/domain/imports/import-run.server";

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
  let wakeUp: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeUp = null;
        resolve();
      }, ms);
      wakeUp = () => {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      };
    });

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
    if (status === "queued" || status === "cancelling") wakeUp?.();
  });
  const running = loop();

  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      offQueued();
      wakeUp?.();
      await running;
    },
  };
}
