import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import tsconfigPaths from "vite-tsconfig-paths";

/**
 * The crash tests (a child process killed again and again while it works) are the longest files by
 * far, the 50,000-row import one above all: they start first, so the other files run beside them
 * instead of after them.
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
    sequence: { sequencer: CrashTestsFirst },
  },
});
