import { deliverDueEmails } from "~/domain/channels/email/outbox-delivery.server";
import { onOutboxWake } from "~/domain/channels/email/outbox-wake.server";
import { onDomainEvent } from "~/domain/events.server";
import { smtpTransport, type MailTransport } from "~/lib/mail/transport.server";

/**
 * The outbound mail worker: every few seconds (and at once when something is queued) it sends
 * what the outbox holds. Without SMTP_URL it does nothing and mail stays queued. stop() waits for
 * the mail being sent, for graceful shutdown and tests.
 */

export type OutboxSender = { stop(): Promise<void>; wake(): void; runOnce(): Promise<void> };

export function startOutboxSender(options: { intervalMs?: number; transport?: MailTransport | null; log?: Pick<Console, "warn" | "error"> } = {}): OutboxSender {
  const intervalMs = options.intervalMs ?? 5_000;
  const log = options.log ?? console;
  const transport = options.transport === undefined ? smtpTransport() : options.transport;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const cycle = async () => {
    if (!transport) return;
    try {
      // Keep going while there is more due than one batch.
      for (let round = 0; round < 20 && !stopped; round++) {
        const result = await deliverDueEmails(transport);
        if (result.due < 25) break;
      }
    } catch (error) {
      log.error("[outbox] sending failed", error);
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
    if (!stopped && transport) void runOnce();
  };
  const unsubscribe = [
    onOutboxWake(wake),
    onDomainEvent("message.added", wake),
    onDomainEvent("ticket.created", wake),
    onDomainEvent("ticket.updated", wake),
  ];

  if (!transport) log.warn("[outbox] SMTP_URL is not set: mail stays in the outbox (Administration → Boîte d'envoi).");
  void runOnce().finally(schedule);

  return {
    wake,
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      unsubscribe.forEach((off) => off());
      await running;
    },
  };
}
