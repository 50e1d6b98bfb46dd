/**
 * A worker's pause between rounds that an event can cut short: `sleep(ms)` resolves after `ms`
 * or as soon as `wake()` is called (a campaign launched, an import queued, the process stopping).
 */
export function wakeableSleep() {
  let wakeUp: (() => void) | null = null;
  return {
    sleep: (ms: number) =>
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
      }),
    wake: () => wakeUp?.(),
  };
}
