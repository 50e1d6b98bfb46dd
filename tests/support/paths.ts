import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Scratch space of the test run (databases, data folders); removed and remade by the global setup. */
export const testRunDir = path.join(projectRoot, "test-results", "run");
export const templateDatabase = path.join(testRunDir, "template.db");
