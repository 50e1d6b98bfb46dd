/**
 * A scan that runs every `intervalMs` (the first one after `firstRunDelayMs`, so start-up is not
 * slowed), never two at once in this process: a slow scan delays the next one instead of
 * piling up. A failing scan is logged and the next tick tries again. `stop()` waits for the scan
 * in progress (graceful shutdown, tests).
 */
export type PeriodicScan<Args extends unknown[]> = { runOnce(...args: Args): Promise<number>; stop(): Promise<void> };

export function startPeriodicScan<Args extends unknown[]>(options: {
  name: string;
  intervalMs: number;
  firstRunDelayMs: number;
  /** One scan; returns how many things it did. */
  scan: (...args: Args) => Promise<number>;
}): PeriodicScan<Args> {
  let running: Promise<number> | null = null;
  let stopped = false;

  const runOnce = (...args: Args): Promise<number> => {
    running ??= options
      .scan(...args)
      .catch((error: unknown) => {
        console.error(`[${options.name}] scan failed`, error);
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const tick = () => {
    if (!stopped) void runOnce(...([] as unknown as Args));
  };
  const first = setTimeout(tick, options.firstRunDelayMs);
  const timer = setInterval(tick, options.intervalMs);
  first.unref();
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      if (running) await running;
    },
  };
}
