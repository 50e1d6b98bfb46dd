/**
 * A real worker process for the webhooks crash test (tests/integration/webhooks-crash.test.ts):
 * the event dispatcher running the durable "webhooks" consumer and the webhook sender, on the
 * test's DATABASE_URL, polling fast. The test kills it with SIGKILL at chosen moments and starts
 * it again. Its lease owner is stable across restarts (a restarted node keeps its name), so the
 * new process takes the consumer back at once instead of waiting out the dead one's lease.
 */
import { webhookConsumer } from "~/domain/webhooks/webhook-queue.server";
import { createSafeHttpClient } from "~/lib/net/safe-http-client.server";
import { startEventDispatcher } from "../../server/workers/event-dispatcher.ts";
import { startWebhookSender } from "../../server/workers/webhook-sender.ts";

const dispatcher = await startEventDispatcher({ consumers: [webhookConsumer], localFanOut: false, pollMs: 50, owner: "webhooks-crash-worker" });
const sender = startWebhookSender({
  intervalMs: 50,
  leaseMs: Number(process.env.WEBHOOK_TEST_LEASE_MS ?? 1_000),
  client: createSafeHttpClient({ allowPrivateNetworks: true, connectTimeoutMs: 2_000, totalTimeoutMs: 5_000 }),
});
// The workers' timers do not hold the process (in the app the HTTP server does): keep it running.
const keepAlive = setInterval(() => undefined, 60_000);
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  clearInterval(keepAlive);
  void Promise.all([sender.stop(), dispatcher.stop()]).then(() => process.exit(0));
});
