/**
 * A real worker process for the crash test (tests/integration/email-crash.test.ts): the IMAP
 * poller of server/workers, configured by IMAP_* and the test's DATA_DIR / DATABASE_URL, polling
 * every second. The test kills it with SIGKILL at random moments and starts it again.
 */
import { startImapPoller } from "../../server/workers/imap-poller.ts";

const poller = startImapPoller({ tickMs: 50, log: { info: () => {}, warn: (...args) => console.warn(...args), error: (...args) => console.error(...args) } });
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void poller.stop().then(() => process.exit(0));
});
