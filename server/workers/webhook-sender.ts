import { deliverDueWebhooks, pruneWebhookDeliveries, type SenderContext } from "~/domain/webhooks/webhook-delivery.server";
import { onWebhookWake } from "~/domain/webhooks/webhook-wake.server";
import { createSafeHttpClient, type SafeHttpClient } from "~/lib/net/safe-http-client.server";

/**
 * The webhook delivery worker (docs/webhooks.md): every few seconds, and at once when deliveries
 * are queued, replayed or an endpoint is reactivated, it sends what is due — each endpoint's
 * deliveries in order, several endpoints at once — through the SSRF-safe client. stop() waits
 * for the calls in flight (graceful shutdown, tests). Every six hours it drops finished deliveries
 * older than the log's retention (30 days).
 */

export type WebhookSender = { stop(): Promise<void>; wake(): void; runOnce(): Promise<void> };

export type WebhookSenderOptions = {
  intervalMs?: number;
  /** Default: a client following WEBHOOKS_ALLOW_PRIVATE_NETWORKS. */
  client?: SafeHttpClient;
  clock?: () => Date;
  leaseMs?: number;
  concurrency?: number;
  log?: Pick<Console, "error">;
};

export function startWebhookSender(options: WebhookSenderOptions = {}): WebhookSender {
  const intervalMs = options.intervalMs ?? 2_000;
  const log = options.log ?? console;
  const ownClient = options.client === undefined;
  const client = options.client ?? createSafeHttpClient();
  const context: SenderContext & { concurrency?: number } = { client, clock: options.clock, leaseMs: options.leaseMs, concurrency: options.concurrency };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const cycle = async () => {
    try {
      await deliverDueWebhooks(context);
    } catch (error) {
      log.error("[webhooks] sending failed", error);
    }
  };

  const runOnce = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await cycle();
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  const wake = () => {
    if (!stopped) void runOnce();
  };
  const unsubscribe = onWebhookWake(wake);
  void runOnce().finally(schedule);
  const prune = () => {
    pruneWebhookDeliveries(options.clock?.()).catch((error: unknown) => log.error("[webhooks] pruning the log failed", error));
  };
  const pruneTimer = setInterval(prune, 6 * 60 * 60 * 1000);
  pruneTimer.unref();

  return {
    wake,
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(pruneTimer);
      unsubscribe();
      await running;
      if (ownClient) client.close();
    },
  };
}
