/** Tiny benchmark harness: timings with warm-up, percentiles, and ratios to a baseline measured in the same run. */

export type Timing = {
  name: string;
  iterations: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  perSecond: number;
  /** CPU time of this process per run (ms): what the work costs whatever else loads the machine. */
  cpuMean?: number;
};

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Runs `task` sequentially, after a warm-up, and returns its latency distribution in milliseconds. */
export async function measure(name: string, task: () => Promise<unknown>, options: { iterations?: number; warmup?: number } = {}): Promise<Timing> {
  const iterations = options.iterations ?? 300;
  for (let i = 0; i < (options.warmup ?? 30); i++) await task();
  const samples: number[] = [];
  const cpuStarted = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    await task();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuStarted);
  samples.sort((a, b) => a - b);
  return {
    name,
    iterations,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    mean: samples.reduce((sum, value) => sum + value, 0) / samples.length,
    perSecond: (iterations / totalMs) * 1000,
    cpuMean: (cpu.user + cpu.system) / 1000 / iterations,
  };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

/** Prints a subject against its baseline: how many times slower (or the baseline's share of the subject). */
export function reportRatio(title: string, subject: Timing, baseline: Timing): { ratioP50: number; ratioP95: number } {
  const ratioP50 = subject.p50 / baseline.p50;
  const ratioP95 = subject.p95 / baseline.p95;
  console.log(`\n## ${title}`);
  console.log(`  ${subject.name.padEnd(44)} p50 ${ms(subject.p50).padStart(10)}  p95 ${ms(subject.p95).padStart(10)}  ${subject.perSecond.toFixed(0).padStart(6)}/s`);
  console.log(`  ${baseline.name.padEnd(44)} p50 ${ms(baseline.p50).padStart(10)}  p95 ${ms(baseline.p95).padStart(10)}  ${baseline.perSecond.toFixed(0).padStart(6)}/s`);
  console.log(`  ratio (subject / baseline): p50 ×${ratioP50.toFixed(1)}  p95 ×${ratioP95.toFixed(1)}`);
  return { ratioP50, ratioP95 };
}
