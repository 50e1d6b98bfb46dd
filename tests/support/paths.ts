import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * Scratch space of one vitest run (databases, data folders). Each run has its own, so runs can
 * overlap; the global setup removes those of finished runs.
 */
export const testRunsRoot = path.join(projectRoot, "test-results", "runs");
export const testRunDir = process.env.COMPTOIR_TEST_RUN_DIR ?? path.join(testRunsRoot, `run-${process.pid}`);
export const templateDatabase = path.join(testRunDir, "template.db");
