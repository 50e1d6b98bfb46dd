import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import tsconfigPaths from "vite-tsconfig-paths";

/**
 * The crash tests (a child process killed again and again while it works) are the longest files by
 * far, the 50,000-row import one above all: they start first, so the other files run beside them
 * instead of after them (on the second worker: see maxWorkers).
 */
class CrashTestsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isCrashTest = (file: TestSpecification) => /-crash\.test\.ts$/.test(file.moduleId);
    return [...sorted.filter(isCrashTest), ...sorted.filter((file) => !isCrashTest(file))];
  }
}

// Separate from vite.config.ts on purpose: the Remix plugin must not load under vitest.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/support/vitest-global-setup.ts"],
    setupFiles: ["tests/support/vitest-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default in a run is one worker per core minus one: a single worker on the 2-core
    // machines we and CI run on, so every file waited for the 3-minute import crash test. Two
    // forks: a crash test's own process waits on its child most of the time. (Measured: 645 s →
    // 373 s for the whole suite, same results.)
    maxWorkers: 2,
    minWorkers: 1,
    sequence: { sequencer: CrashTestsFirst },
  },
});
