/**
 * A real import runner process for the crash test (tests/integration/import-crash.test.ts): the
 * worker of server/workers, on the test's DATA_DIR / DATABASE_URL. The test kills it with SIGKILL
 * at planned points of the run and starts it again.
 */
import { startImportRunner } from "../../server/workers/import-runner.ts";

const runner = startImportRunner({ tickMs: 50, batchSize: 250 });
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void runner.stop().then(() => process.exit(0));
});
