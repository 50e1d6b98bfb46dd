import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import { db, type TransactionClient } from "~/lib/db.server";
import { changeConsent } from "../consent/consent-changes.server";
import { recipientIdFromToken } from "./tracking-links.server";

/**
 * What a recipient did with a campaign mail, as the public tracking endpoints report it (open
 * pixel, click redirect, unsubscribe page / one-click / mail). Every function takes the token from
 * the mail, never an id from the address bar: a tampered or forged token resolves to nobody, and a
 * valid token only ever touches its own recipient. Counters are atomic SQL increments (no
 * read-modify-write), so two opens at the same instant count two; the "first" times are set by a
 * compare-and-set on NULL, so the engagement event of a first open / click / unsubscribe is
 * recorded exactly once whatever the concurrency.
 *
 * Only a recipient whose mail left (sentAt set) can open, click or unsubscribe through its token:
 * an excluded or still-queued row has no mail, so a token naming it is as good as forged.
 */

type Recipient = { id: string; campaignId: string; contactId: string | null; address: string };

async function sentRecipient(tx: TransactionClient, recipientId: string): Promise<Recipient | null> {
  const recipient = await tx.campaignRecipient.findUnique({ where: { id: recipientId }, select: { id: true, campaignId: true, contactId: true, address: true, sentAt: true } });
  return recipient?.sentAt ? recipient : null;
}

/**
 * The open pixel was loaded. Returns whether the token named a recipient (for tests; the pixel
 * answers the same either way). A forged token costs no query; a valid one costs at most two
 * statements by primary key: the compare-and-set of the first open (plus reading the campaign id
 * for its event), or, when the mail was opened before, a plain increment.
 */
export async function recordOpen(token: string, now = new Date()): Promise<boolean> {
  const recipientId = recipientIdFromToken(token);
  if (!recipientId) return false;
  return transactionWithEvents(async (tx, events) => {
    const first = await tx.campaignRecipient.updateMany({
      where: { id: recipientId, sentAt: { not: null }, firstOpenedAt: null },
      data: { firstOpenedAt: now, opens: { increment: 1 } },
    });
    if (first.count === 1) {
      const { campaignId } = await tx.campaignRecipient.findUniqueOrThrow({ where: { id: recipientId }, select: { campaignId: true } });
      events.record("campaign.engagement", { campaignId, recipientId, kind: "open" });
      return true;
    }
    const again = await tx.campaignRecipient.updateMany({ where: { id: recipientId, sentAt: { not: null } }, data: { opens: { increment: 1 } } });
    return again.count === 1;
  });
}

/** Only web addresses redirect: a stored link of any other scheme (javascript:, data:) never does. */
export function isRedirectableUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * A click on link `position` of the mail. Returns the stored URL to redirect to, or null when the
 * token is not a sent recipient's or the position is not a link of THAT recipient's campaign
 * (another campaign's position, an invented one): then nothing is recorded and nothing redirects.
 * A click also counts as an open when none was recorded (images blocked: the person obviously
 * opened the mail to click in it).
 */
export async function recordClick(token: string, position: number, now = new Date()): Promise<string | null> {
  const recipientId = recipientIdFromToken(token);
  if (!recipientId || !Number.isSafeInteger(position) || position < 0) return null;
  return transactionWithEvents(async (tx, events) => {
    const recipient = await sentRecipient(tx, recipientId);
    if (!recipient) return null;
    const link = await tx.campaignLink.findUnique({ where: { campaignId_position: { campaignId: recipient.campaignId, position } }, select: { id: true, url: true } });
    if (!link || !isRedirectableUrl(link.url)) return null;
    await tx.campaignLinkClick.upsert({
      where: { recipientId_linkId: { recipientId, linkId: link.id } },
      create: { recipientId, linkId: link.id, firstClickedAt: now, clicks: 1 },
      update: { clicks: { increment: 1 } },
    });
    const first = await tx.campaignRecipient.updateMany({ where: { id: recipientId, firstClickedAt: null }, data: { firstClickedAt: now, clicks: { increment: 1 } } });
    if (first.count === 1) events.record("campaign.engagement", { campaignId: recipient.campaignId, recipientId, kind: "click" });
    else await tx.campaignRecipient.update({ where: { id: recipientId }, data: { clicks: { increment: 1 } } });
    const unopened = await tx.campaignRecipient.updateMany({ where: { id: recipientId, firstOpenedAt: null }, data: { firstOpenedAt: now, opens: { increment: 1 } } });
    if (unopened.count === 1) events.record("campaign.engagement", { campaignId: recipient.campaignId, recipientId, kind: "open" });
    return link.url;
  });
}

export type UnsubscribeChannel = "page" | "one_click" | "mail";

export type UnsubscribeOutcome = { recipientId: string; campaignId: string; address: string; firstTime: boolean } | null;

/** The recipient an unsubscribe token names (for the confirmation page), or null. */
export async function unsubscribeTarget(token: string) {
  const recipientId = recipientIdFromToken(token);
  if (!recipientId) return null;
  const recipient = await db().campaignRecipient.findUnique({
    where: { id: recipientId },
    select: { id: true, sentAt: true, address: true, unsubscribedAt: true, contact: { select: { language: true } }, campaign: { select: { fromName: true, language: true } } },
  });
  return recipient?.sentAt ? recipient : null;
}

/**
 * Unsubscribes the recipient a token names, in the caller's transaction: the address's consent
 * becomes `unsubscribed` through changeConsent (history line, audit entry, consent.changed) with
 * the campaign and the person's reason as the note; the recipient's unsubscribedAt is set once and
 * campaign.engagement "unsubscribe" recorded once. Unsubscribing again changes nothing (the
 * consent is already unsubscribed; if the person opted in again since, it is withdrawn again,
 * which is what they asked).
 */
export async function unsubscribeInTransaction(
  tx: TransactionClient,
  events: EventRecorder,
  token: string,
  input: { channel: UnsubscribeChannel; reason?: string; now?: Date },
): Promise<UnsubscribeOutcome> {
  const recipientId = recipientIdFromToken(token);
  if (!recipientId) return null;
  const recipient = await sentRecipient(tx, recipientId);
  if (!recipient) return null;
  const now = input.now ?? new Date();
  const first = await tx.campaignRecipient.updateMany({ where: { id: recipientId, unsubscribedAt: null }, data: { unsubscribedAt: now } });
  if (first.count === 1) events.record("campaign.engagement", { campaignId: recipient.campaignId, recipientId, kind: "unsubscribe" });
  const channelNote = { page: "page de désinscription", one_click: "désinscription en un clic (RFC 8058)", mail: "mail de désinscription" }[input.channel];
  const reason = (input.reason ?? "").trim();
  await changeConsent(tx, events, {
    address: recipient.address,
    contactId: recipient.contactId,
    state: "unsubscribed",
    source: "unsubscribe",
    campaignId: recipient.campaignId,
    note: reason ? `${channelNote} : ${reason}` : channelNote,
    actorId: null,
    at: now,
  });
  return { recipientId, campaignId: recipient.campaignId, address: recipient.address, firstTime: first.count === 1 };
}

export function unsubscribe(token: string, input: { channel: UnsubscribeChannel; reason?: string; now?: Date }): Promise<UnsubscribeOutcome> {
  return transactionWithEvents((tx, events) => unsubscribeInTransaction(tx, events, token, input));
}
