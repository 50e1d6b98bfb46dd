import { db } from "~/lib/db.server";
import { describeImapError, openImapSession, type ImapSession } from "~/lib/imap/imap-client.server";
import { storeInboundEmail } from "./inbound-store.server";
import { mailboxImapSettings } from "./mailboxes.server";
import { processPendingInboundEmails } from "./process-inbound.server";

/**
 * One polling round of one mailbox: connect, open the folder, check UIDVALIDITY, fetch every UID
 * above the cursor (by UID, in batches, as raw bytes), store each one raw (which moves the cursor),
 * process what is pending, then apply the optional after-processing action. The \Seen flag is
 * never read: a person opening the mailbox in their mail client changes nothing here.
 */

export type PollResult = {
  stored: number;
  alreadyStored: number;
  uidValidityChanged: boolean;
  processed: { processed: number; ignored: number; failed: number; skipped: number };
  afterProcessing: number;
  error: string | null;
};

const BATCH_MESSAGES = 25;
const BATCH_BYTES = 24 * 1024 * 1024;

/** Groups UIDs into fetch batches of at most `maxCount` messages or `maxBytes` (a big mail goes alone). */
export function fetchBatches(uids: number[], sizes: Map<number, number>, maxCount = BATCH_MESSAGES, maxBytes = BATCH_BYTES): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const uid of uids) {
    const size = sizes.get(uid) ?? 0;
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(uid);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export async function pollMailbox(
  mailboxId: string,
  options: { shouldStop?: () => boolean; afterProcessingSince?: Date; process?: boolean } = {},
): Promise<PollResult> {
  const result: PollResult = { stored: 0, alreadyStored: 0, uidValidityChanged: false, processed: { processed: 0, ignored: 0, failed: 0, skipped: 0 }, afterProcessing: 0, error: null };
  const mailbox = await db().mailbox.findUnique({ where: { id: mailboxId } });
  if (!mailbox || !mailbox.active) return result;
  const startedAt = new Date();
  let session: ImapSession | null = null;
  try {
    session = await openImapSession(await mailboxImapSettings(mailbox));
    const folder = await session.openFolder(mailbox.folder);
    let lastUid = mailbox.lastUid;
    if (mailbox.uidValidity === null || mailbox.uidValidity !== folder.uidValidity) {
      // A new UIDVALIDITY renumbers the folder: start over from UID 1. Mail already stored is
      // recognised by its bytes or its Message-ID when processed, so nothing becomes a ticket twice.
      result.uidValidityChanged = mailbox.uidValidity !== null;
      await db().mailbox.update({ where: { id: mailbox.id }, data: { uidValidity: folder.uidValidity, lastUid: 0 } });
      lastUid = 0;
    }

    const uids = await session.uidsAfter(lastUid);
    if (uids.length > 0) {
      const sizes = await session.sizes(uids);
      for (const batch of fetchBatches(uids, sizes)) {
        if (options.shouldStop?.()) break;
        const sources = await session.fetchRaw(batch);
        for (const uid of batch) {
          const raw = sources.get(uid);
          // Expunged between SEARCH and FETCH: nothing to keep, and the cursor may pass it.
          if (!raw) continue;
          const stored = await storeInboundEmail({ mailboxId: mailbox.id, uidValidity: folder.uidValidity, uid, raw });
          if (stored.created) result.stored += 1;
          else result.alreadyStored += 1;
        }
        const highest = batch[batch.length - 1];
        await db().mailbox.updateMany({ where: { id: mailbox.id, uidValidity: folder.uidValidity, lastUid: { lt: highest } }, data: { lastUid: highest } });
      }
    }

    if (options.process !== false && !options.shouldStop?.()) {
      result.processed = await processPendingInboundEmails({ mailboxId: mailbox.id, limit: 1000, shouldStop: options.shouldStop });
    }
    if (mailbox.afterProcessing !== "leave" && !options.shouldStop?.()) {
      result.afterProcessing = await applyAfterProcessing(session, {
        id: mailbox.id,
        uidValidity: folder.uidValidity,
        action: mailbox.afterProcessing,
        moveToFolder: mailbox.moveToFolder,
        since: options.afterProcessingSince ?? new Date(startedAt.getTime() - 24 * 60 * 60 * 1000),
      });
    }
    await db().mailbox.update({ where: { id: mailbox.id }, data: { lastPolledAt: startedAt, lastError: null } });
  } catch (error) {
    result.error = describeImapError(error);
    await db().mailbox.update({ where: { id: mailbox.id }, data: { lastPolledAt: startedAt, lastError: result.error } });
  } finally {
    await session?.close();
  }
  return result;
}

/**
 * Marks seen or moves the mail we have processed since `since` and that is still in the folder.
 * Safe to repeat: after a crash the next round does what was left.
 */
async function applyAfterProcessing(
  session: ImapSession,
  mailbox: { id: string; uidValidity: bigint; action: string; moveToFolder: string; since: Date },
): Promise<number> {
  const done = await db().inboundEmail.findMany({
    where: { mailboxId: mailbox.id, uidValidity: mailbox.uidValidity, status: { in: ["processed", "ignored"] }, processedAt: { gte: mailbox.since } },
    select: { uid: true },
  });
  if (done.length === 0) return 0;
  const maxUid = Math.max(...done.map((row) => row.uid));
  const processed = new Set(done.map((row) => row.uid));
  if (mailbox.action === "seen") {
    const unseen = (await session.uidsUpTo(maxUid, ["UNSEEN"])).filter((uid) => processed.has(uid));
    await session.markSeen(unseen);
    return unseen.length;
  }
  if (mailbox.action === "move" && mailbox.moveToFolder) {
    const present = (await session.uidsUpTo(maxUid)).filter((uid) => processed.has(uid));
    await session.moveTo(present, mailbox.moveToFolder);
    return present.length;
  }
  return 0;
}
