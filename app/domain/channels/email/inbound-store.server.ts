import { simpleParser } from "mailparser";
import { transactionWithEvents } from "~/domain/event-store.server";
import { storeFile } from "~/lib/files.server";
import { normaliseMessageId } from "~/lib/mail/message-id.server";

/**
 * Raw first: a fetched mail is written to the file store and recorded as an InboundEmail
 * (unique per mailbox + UIDVALIDITY + UID) in the same transaction that moves the mailbox's
 * cursor past it. Only then is it processed. A crash before the commit fetches it again; a crash
 * after it finds it stored; nothing is fetched twice into two rows and nothing is skipped.
 */

export type StoredInbound = { inboundEmailId: string; created: boolean };

/** Subject, sender and Message-ID for the lists, read from the header block only (cheap). */
export async function peekHeaders(raw: Buffer): Promise<{ subject: string; fromAddress: string; messageId: string | null }> {
  const text = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const headerBlock = raw.subarray(0, end >= 0 ? end : Math.min(raw.length, 64 * 1024));
  try {
    const parsed = await simpleParser(Buffer.concat([headerBlock, Buffer.from("\r\n\r\n")]), { skipHtmlToText: true, skipTextToHtml: true });
    const from = Array.isArray(parsed.from) ? parsed.from[0] : parsed.from;
    return {
      subject: (parsed.subject ?? "").replace(/\s+/g, " ").trim().slice(0, 500),
      fromAddress: (from?.value.find((entry: { address?: string }) => entry.address)?.address ?? "").toLowerCase().slice(0, 320),
      messageId: normaliseMessageId(parsed.messageId),
    };
  } catch {
    return { subject: "", fromAddress: "", messageId: null };
  }
}

export async function storeInboundEmail(input: { mailboxId: string; uidValidity: bigint; uid: number; raw: Buffer }): Promise<StoredInbound> {
  const { sha256, size } = await storeFile(input.raw);
  const headers = await peekHeaders(input.raw);
  return transactionWithEvents(async (tx, events) => {
    const key = { mailboxId_uidValidity_uid: { mailboxId: input.mailboxId, uidValidity: input.uidValidity, uid: input.uid } };
    const existing = await tx.inboundEmail.findUnique({ where: key, select: { id: true } });
    const row =
      existing ??
      (await tx.inboundEmail.create({
        data: {
          mailboxId: input.mailboxId,
          uidValidity: input.uidValidity,
          uid: input.uid,
          rawSha256: sha256,
          size,
          subject: headers.subject,
          fromAddress: headers.fromAddress,
          messageIdHeader: headers.messageId,
          status: "received",
        },
        select: { id: true },
      }));
    await tx.mailbox.updateMany({ where: { id: input.mailboxId, uidValidity: input.uidValidity, lastUid: { lt: input.uid } }, data: { lastUid: input.uid } });
    if (!existing) events.record("email.inbound", { inboundEmailId: row.id, mailboxId: input.mailboxId, status: "received", ticketId: null });
    return { inboundEmailId: row.id, created: !existing };
  });
}
