/**
 * A real worker process for the campaign crash test (tests/integration/campaign-crash.test.ts):
 * the campaign sender of server/workers on the test's DATABASE_URL and SMTP sink, with a short
 * lease so rows a killed process held are taken back quickly. The test kills it with SIGKILL at
 * random moments and starts it again.
 */
import { startCampaignSender } from "../../server/workers/campaign-sender.ts";

const sender = startCampaignSender({
  smtpUrl: process.env.CAMPAIGN_TEST_SMTP_URL!,
  tickMs: 50,
  leaseMs: Number(process.env.CAMPAIGN_TEST_LEASE_MS ?? 1_500),
  log: { warn: (...args) => console.warn(...args), error: (...args) => console.error(...args) },
});
const keepAlive = setInterval(() => undefined, 60_000);
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  clearInterval(keepAlive);
  void sender.stop().then(() => process.exit(0));
});
