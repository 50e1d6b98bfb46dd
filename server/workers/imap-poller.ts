import { pollMailbox, type PollResult } from "~/domain/channels/email/mailbox-poll.server";
import { syncEnvironmentMailbox } from "~/domain/channels/email/mailboxes.server";
import { processPendingInboundEmails } from "~/domain/channels/email/process-inbound.server";
import { db } from "~/lib/db.server";

/**
 * The IMAP poller: each active mailbox is polled on its own interval (pollSeconds), one at a time;
 * between rounds, stored mail whose retry time has come is processed again. stop() lets the
 * current message finish (its transaction commits or never starts) and closes the connection.
 */

export type ImapPoller = {
  stop(): Promise<void>;
  /** Polls every active mailbox now, whatever their interval (tests, "check now"). */
  pollNow(): Promise<void>;
};

export type ImapPollerOptions = {
  /** How often the schedule is checked (default 1 s). */
  tickMs?: number;
  log?: Pick<Console, "warn" | "error" | "info">;
  onPoll?: (mailboxId: string, result: PollResult) => void;
};

export function startImapPoller(options: ImapPollerOptions = {}): ImapPoller {
  const tickMs = options.tickMs ?? 1_000;
  const log = options.log ?? console;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let forceAll = false;
  /** Per mailbox: when its previous round started, so the after-processing action covers what was processed since. */
  const previousRound = new Map<string, Date>();
  const ready = syncEnvironmentMailbox().catch((error) => log.error("[imap] cannot read the IMAP_* mailbox", error));

  const round = async () => {
    await ready;
    const mailboxes = await db().mailbox.findMany({ where: { active: true }, select: { id: true, name: true, pollSeconds: true, lastPolledAt: true }, orderBy: { createdAt: "asc" } });
    const now = Date.now();
    const force = forceAll;
    forceAll = false;
    for (const mailbox of mailboxes) {
      if (stopped) return;
      const due = force || !mailbox.lastPolledAt || mailbox.lastPolledAt.getTime() + mailbox.pollSeconds * 1000 <= now;
      if (!due) continue;
      const startedAt = new Date();
      const result = await pollMailbox(mailbox.id, { shouldStop: () => stopped, afterProcessingSince: previousRound.get(mailbox.id) });
      previousRound.set(mailbox.id, new Date(startedAt.getTime() - 60_000));
      if (result.error) log.warn(`[imap] ${mailbox.name}: ${result.error}`);
      options.onPoll?.(mailbox.id, result);
    }
    if (!stopped) await processPendingInboundEmails({ limit: 200, shouldStop: () => stopped });
  };

  const run = (): Promise<void> => {
    running ??= round()
      .catch((error) => log.error("[imap] polling round failed", error))
      .finally(() => {
        running = null;
      });
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void run().finally(schedule), tickMs);
    timer.unref();
  };
  void run().finally(schedule);

  return {
    async pollNow() {
      await running;
      forceAll = true;
      await run();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
