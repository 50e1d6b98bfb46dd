import fs from "node:fs";
import path from "node:path";
import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { isSuppressed } from "~/domain/marketing/consent/consent-states";
import { db, type TransactionClient } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { fileStorePath } from "~/lib/files.server";
import { activitiesOfPerson, checkpointLog, messagesOfPerson, purgeSearchIndexes, rowsMentioning, searchCandidates, searchIndexSize, withSecureDelete } from "~/lib/sqlite-erasure.server";
import {
  ERASED_ACTIVITY_SUBJECT,
  ERASED_CONTACT_NAME,
  ERASED_MAIL_SUBJECT,
  ERASED_MARK,
  ERASED_MESSAGE_BODY,
  ERASED_TICKET_SUBJECT,
  jsonWithoutIdentifiers,
  mentionsIdentifier,
  personIdentifiers,
  withoutIdentifiers,
} from "./erasure-text";
import { erasedSuppressionKey } from "./suppression-key.server";

/**
 * Erasure of a person (RGPD art. 17): docs/gdpr.md « Effacement » and
 * docs/decisions/018-erasure-keeps-anonymous-records.md.
 *
 * The contact row and their tickets stay, without personal data, so every figure of the
 * dashboards holds: statuses, dates, SLA, assignees, ratings (good/bad), campaign results. What
 * identifies the person is deleted (addresses, portal access, consent history, attachments, raw
 * mails, archives) or replaced by neutral text (names, message bodies and subjects of their
 * tickets, stored mails), and their identifiers are cut out of other records that mention them
 * (audit details, events, webhook payloads, other messages, notes).
 *
 * Crash safety: every database change is one transaction, with the audit line and, in a
 * « pending » setting, the files to delete; the files go and the search index is purged after
 * commit. A crash in between leaves the database fully erased (nothing half-visible) and the
 * pending setting, which the next erasure, the daily retention run or finishPendingErasures()
 * completes.
 */

export type ErasureCounts = {
  addresses: number;
  tickets: number;
  messages: number;
  attachments: number;
  ratings: number;
  campaignDeliveries: number;
  consentRecords: number;
  inboundEmails: number;
  outboundEmails: number;
  portalAccesses: number;
  activities: number;
  archives: number;
  /** Other records that named the person (audit lines, events, webhook deliveries, others' messages, notes). */
  mentions: number;
};

export type ErasureReason = "request" | "retention";

const PENDING_PREFIX = "privacy.erasure.pending:";
type PendingCleanup = { files: string[]; archives: string[] };

/** What the person's data is: the ids and texts the erasure works on. */
type ErasureScope = {
  contactId: string;
  addresses: string[];
  emailIds: string[];
  identifiers: string[];
  /** Identifiers plus what only identifies them in records about them (a first name, a job title, their tickets' subjects). */
  linkedIdentifiers: string[];
  ticketIds: string[];
  messageIds: string[];
  counts: ErasureCounts;
};

async function loadScope(tx: TransactionClient, contactId: string): Promise<ErasureScope & { erasedAt: Date | null }> {
  const contact = await tx.contact.findUnique({
    where: { id: contactId },
    select: { id: true, firstName: true, lastName: true, phone: true, jobTitle: true, erasedAt: true, emails: { select: { id: true, address: true } } },
  });
  if (!contact) throw new DomainError("privacy.erasure.notFound");

  const [consentRows, consentChanges, links, recipients] = await Promise.all([
    tx.marketingConsent.findMany({ where: { contactId }, select: { address: true } }),
    tx.marketingConsentChange.findMany({ where: { contactId }, select: { address: true } }),
    tx.portalLoginLink.findMany({ where: { contactId }, select: { email: true } }),
    tx.campaignRecipient.findMany({ where: { contactId }, select: { address: true } }),
  ]);
  // Every address ever known for them: today's, and those kept by consent, sign-in links and campaign deliveries.
  const addresses = [
    ...new Set(
      [...contact.emails.map((email) => email.address), ...consentRows.map((row) => row.address), ...consentChanges.map((row) => row.address), ...links.map((row) => row.email), ...recipients.map((row) => row.address)]
        .map((address) => address.trim().toLowerCase())
        .filter((address) => address.includes("@")),
    ),
  ];
  const identifiers = contact.erasedAt ? [] : personIdentifiers({ firstName: contact.firstName, lastName: contact.lastName, phone: contact.phone, addresses });

  const tickets = await tx.ticket.findMany({ where: { requesterId: contactId }, select: { id: true, subject: true } });
  const ticketIds = tickets.map((ticket) => ticket.id);
  const messageIds = await messagesOfPerson(tx, contactId);
  const linkedIdentifiers = contact.erasedAt
    ? []
    : [...new Set([...identifiers, contact.firstName.trim(), contact.lastName.trim(), contact.jobTitle.trim(), ...tickets.map((ticket) => ticket.subject.trim())].filter((value) => value.length >= 3))].sort(
        (a, b) => b.length - a.length,
      );

  const [attachments, ratings, deliveries, consents, inbound, outbound, portalLinks, portalSessions, activities, archives] = await Promise.all([
    idsIn(messageIds, (chunk) => tx.attachment.findMany({ where: { messageId: { in: chunk } }, select: { id: true } })).then((ids) => ids.length),
    linkedIds(ticketIds, (where) => tx.satisfactionRating.findMany({ where: { ...where(contactId), comment: { not: "" } }, select: { id: true } })).then((ids) => ids.length),
    tx.campaignRecipient.count({ where: { OR: [{ contactId }, { address: { in: addresses } }] } }),
    tx.marketingConsentChange.count({ where: { OR: [{ contactId }, { address: { in: addresses } }] } }),
    inboundIds(tx, addresses, ticketIds, messageIds).then((ids) => ids.length),
    outboundIds(tx, addresses, ticketIds, messageIds).then((ids) => ids.length),
    tx.portalLoginLink.count({ where: { contactId } }),
    tx.portalSession.count({ where: { contactId } }),
    activitiesOfPerson(tx, contactId, ticketIds).then((ids) => ids.length),
    tx.personalDataExport.count({ where: { contactId, storedPath: { not: "" } } }),
  ]);

  return {
    contactId,
    erasedAt: contact.erasedAt,
    addresses,
    emailIds: contact.emails.map((email) => email.id),
    identifiers,
    linkedIdentifiers,
    ticketIds,
    messageIds,
    counts: {
      addresses: contact.emails.length,
      tickets: ticketIds.length,
      messages: messageIds.length,
      attachments,
      ratings,
      campaignDeliveries: deliveries,
      consentRecords: consents,
      inboundEmails: inbound,
      outboundEmails: outbound,
      portalAccesses: portalLinks + portalSessions,
      activities,
      archives,
      mentions: 0,
    },
  };
}

/** Runs `work` on slices of a long id list (SQL statements take a bounded number of parameters). */
async function inChunks(ids: readonly string[], work: (chunk: string[]) => Promise<unknown>, size = 500): Promise<void> {
  for (let start = 0; start < ids.length; start += size) await work(ids.slice(start, start + size));
}

/** The distinct ids `find` returns over the slices of `ids`. */
async function idsIn(ids: readonly string[], find: (chunk: string[]) => Promise<Array<{ id: string }>>): Promise<string[]> {
  const found = new Set<string>();
  await inChunks(ids, async (chunk) => {
    for (const row of await find(chunk)) found.add(row.id);
  });
  return [...found];
}

type LinkedWhere = (contactId: string) => { contactId: string } | { ticketId: { in: string[] } };

/** Rows linked to the contact or to one of their tickets (ratings), without a join over every row. */
async function linkedIds(ticketIds: readonly string[], find: (where: LinkedWhere) => Promise<Array<{ id: string }>>): Promise<string[]> {
  const found = new Set((await find((contactId) => ({ contactId }))).map((row) => row.id));
  for (const id of await idsIn(ticketIds, (chunk) => find(() => ({ ticketId: { in: chunk } })))) found.add(id);
  return [...found];
}

/** Mails received from them, for their messages, or on their tickets. */
async function inboundIds(tx: TransactionClient, addresses: string[], ticketIds: string[], messageIds: string[]): Promise<string[]> {
  const ids = new Set((await tx.inboundEmail.findMany({ where: { fromAddress: { in: addresses } }, select: { id: true } })).map((row) => row.id));
  for (const id of await idsIn(ticketIds, (chunk) => tx.inboundEmail.findMany({ where: { ticketId: { in: chunk } }, select: { id: true } }))) ids.add(id);
  for (const id of await idsIn(messageIds, (chunk) => tx.inboundEmail.findMany({ where: { messageId: { in: chunk } }, select: { id: true } }))) ids.add(id);
  return [...ids];
}

/** Mails sent to them, for their messages, or on their tickets. */
async function outboundIds(tx: TransactionClient, addresses: string[], ticketIds: string[], messageIds: string[]): Promise<string[]> {
  const ids = new Set((await tx.outboundEmail.findMany({ where: { toAddress: { in: addresses } }, select: { id: true } })).map((row) => row.id));
  for (const id of await idsIn(ticketIds, (chunk) => tx.outboundEmail.findMany({ where: { ticketId: { in: chunk } }, select: { id: true } }))) ids.add(id);
  for (const id of await idsIn(messageIds, (chunk) => tx.outboundEmail.findMany({ where: { messageId: { in: chunk } }, select: { id: true } }))) ids.add(id);
  return [...ids];
}

/** What an erasure of the contact would remove or replace, per kind (the confirmation page). */
export async function erasurePreview(contactId: string): Promise<{ erasedAt: Date | null; counts: ErasureCounts }> {
  return db().$transaction(async (tx) => {
    const scope = await loadScope(tx, contactId);
    return { erasedAt: scope.erasedAt, counts: scope.counts };
  });
}

/**
 * Erases the contact (see the module comment). An already erased contact is not erased again:
 * only what an interrupted erasure left to do after its commit is finished.
 */
export async function eraseContact(input: {
  contactId: string;
  actorId: string | null;
  reason: ErasureReason;
  now?: Date;
  /** False when the caller erases a batch and finishes once at the end. */
  finish?: boolean;
}): Promise<{ counts: ErasureCounts; alreadyErased: boolean }> {
  const now = input.now ?? new Date();
  const result = await withSecureDelete(async () => {
    // The scans for records that mention them run before the transaction: on a large base they take
    // seconds, and the transaction holds the database. Inside, each found row is read again by id.
    const outside = await db().$transaction((tx) => loadScope(tx, input.contactId));
    const found = outside.erasedAt ? null : await findMentions(outside);
    return transactionWithEvents(
      async (tx, events) => {
        const scope = await loadScope(tx, input.contactId);
        if (scope.erasedAt || !found) return { counts: scope.counts, alreadyErased: true };
        const cleanup: PendingCleanup = { files: [], archives: [] };
        const mentions = await eraseWithin(tx, scope, found, cleanup, now);
        const counts = { ...scope.counts, mentions };
        await tx.setting.create({ data: { key: PENDING_PREFIX + input.contactId, value: JSON.stringify(cleanup) } });
        // The audit line keeps the counts and the reason, never the erased data.
        await recordAudit(tx, { actorId: input.actorId, action: "contact.erased", entityType: "contact", entityId: input.contactId, details: { reason: input.reason, counts } });
        events.record("contact.saved", { contactId: input.contactId, actorId: input.actorId, created: false });
        for (const ticketId of scope.ticketIds) events.record("ticket.updated", { ticketId, actorId: input.actorId, changes: ["subject"] });
        return { counts, alreadyErased: false };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  });
  if (input.finish !== false) await finishPendingErasures();
  return result;
}

/** Rows outside the person's own records that may name them (candidates: the text is checked again in the transaction). */
type FoundMentions = { rows: Array<{ table: string; id: string }>; messageIds: string[]; ticketIds: string[]; webhookDeliveryIds: string[] };

async function findMentions(scope: ErasureScope): Promise<FoundMentions> {
  const rows: FoundMentions["rows"] = [];
  for (const { table, columns } of MENTION_COLUMNS) {
    for (const id of await rowsMentioning(db(), table, "id", columns, scope.identifiers)) rows.push({ table, id });
  }
  const candidates = await searchCandidates(db(), scope.identifiers);
  const deliveries = new Set<string>();
  const recordIds = [scope.contactId, ...scope.ticketIds, ...scope.messageIds];
  for (let start = 0; start < recordIds.length; start += 200) {
    for (const id of await rowsMentioning(db(), "WebhookDelivery", "id", ["payload"], recordIds.slice(start, start + 200))) deliveries.add(id);
  }
  for (const id of await rowsMentioning(db(), "WebhookDelivery", "id", ["payload", "responseBody"], scope.identifiers)) deliveries.add(id);
  return { rows, messageIds: candidates.messageIds, ticketIds: candidates.ticketIds, webhookDeliveryIds: [...deliveries] };
}

async function eraseWithin(tx: TransactionClient, scope: ErasureScope, found: FoundMentions, cleanup: PendingCleanup, now: Date): Promise<number> {
  const { contactId, addresses, ticketIds, messageIds, identifiers, linkedIdentifiers } = scope;
  let mentions = 0;

  // Messages: every message of their tickets (theirs and the agents' answers, which name them) and
  // the messages they wrote on other tickets. Timestamps, direction and authors stay.
  await inChunks(messageIds, async (chunk) => {
    const attachments = await tx.attachment.findMany({ where: { messageId: { in: chunk } }, select: { sha256: true } });
    cleanup.files.push(...attachments.map((attachment) => attachment.sha256));
    await tx.attachment.deleteMany({ where: { messageId: { in: chunk } } });
    await tx.message.updateMany({ where: { id: { in: chunk } }, data: { bodyText: ERASED_MESSAGE_BODY, bodyHtml: null, processingNote: null, hasRemoteContent: false } });
  });

  // Raw mails: the stored .eml goes; the row keeps its place in the mailbox cursor, without the sender or subject.
  await inChunks(await inboundIds(tx, addresses, ticketIds, messageIds), async (chunk) => {
    const inbound = await tx.inboundEmail.findMany({ where: { id: { in: chunk } }, select: { rawSha256: true } });
    cleanup.files.push(...inbound.map((row) => row.rawSha256).filter((sha) => sha.length > 0));
    // One still waiting to be processed would be read from its raw file: it is not processed any more.
    await tx.inboundEmail.updateMany({ where: { id: { in: chunk }, status: { in: ["received", "failed"] } }, data: { status: "ignored", classification: "erased", nextAttemptAt: null } });
    await tx.inboundEmail.updateMany({ where: { id: { in: chunk } }, data: { subject: "", fromAddress: "", rawSha256: "", error: null } });
  });

  // Mails we sent them or about their tickets: recipient, subject, bodies, headers and attachments.
  await inChunks(
    await outboundIds(tx, addresses, ticketIds, messageIds),
    async (chunk) => {
      const outbound = await tx.outboundEmail.findMany({ where: { id: { in: chunk } }, select: { attachments: true } });
      cleanup.files.push(...outbound.flatMap((row) => storedAttachmentHashes(row.attachments)));
      await tx.outboundEmail.updateMany({ where: { id: { in: chunk }, status: { in: ["queued", "sending"] } }, data: { status: "failed", lastError: "Effacé (RGPD) avant l'envoi" } });
      await tx.outboundEmail.updateMany({ where: { id: { in: chunk } }, data: { toAddress: "", subject: ERASED_MAIL_SUBJECT, html: "", text: "", headers: "{}", attachments: "[]" } });
    },
  );

  // Their tickets: an anonymous subject; status, dates, SLA, assignee, group, tags stay (statistics).
  await tx.ticket.updateMany({ where: { requesterId: contactId }, data: { subject: ERASED_TICKET_SUBJECT, version: { increment: 1 } } });
  await inChunks(ticketIds, async (chunk) => {
    for (const event of await tx.ticketEvent.findMany({ where: { ticketId: { in: chunk } }, select: { id: true, data: true } })) {
      const data = jsonWithoutIdentifiers(event.data, linkedIdentifiers);
      if (data !== event.data) await tx.ticketEvent.update({ where: { id: event.id }, data: { data } });
    }
    for (const notification of await tx.notification.findMany({ where: { ticketId: { in: chunk } }, select: { id: true, data: true } })) {
      await tx.notification.update({ where: { id: notification.id }, data: { data: anonymousNotificationData(notification.data, linkedIdentifiers) } });
    }
    await tx.intervention.updateMany({ where: { ticketId: { in: chunk } }, data: { address: "", notes: "" } });
    await tx.intervention.updateMany({ where: { ticketId: { in: chunk }, report: { not: null } }, data: { report: ERASED_MESSAGE_BODY } });
  });

  // Ratings keep good/bad (satisfaction rate); the comment goes.
  const ratings = await linkedIds(ticketIds, (where) => tx.satisfactionRating.findMany({ where: where(contactId), select: { id: true } }));
  await inChunks(ratings, (chunk) => tx.satisfactionRating.updateMany({ where: { id: { in: chunk } }, data: { comment: "" } }));

  // Sales activities about them or their tickets: counted on the agenda, without what was said.
  const activities = await activitiesOfPerson(tx, contactId, ticketIds);
  await inChunks(activities, (chunk) => tx.activity.updateMany({ where: { id: { in: chunk } }, data: { subject: ERASED_ACTIVITY_SUBJECT, notes: "", location: "" } }));

  // Campaign deliveries keep their status and engagement counts (campaign results); the address goes.
  const deliveries = await tx.campaignRecipient.findMany({ where: { OR: [{ contactId }, { address: { in: addresses } }] }, select: { id: true } });
  for (const delivery of deliveries) {
    await tx.campaignRecipient.update({ where: { id: delivery.id }, data: { address: `${ERASED_MARK} ${delivery.id}`, mergeValues: "{}", bounceDiagnostic: "", lastError: null } });
  }
  await inChunks(
    deliveries.map((delivery) => delivery.id),
    (chunk) => tx.campaignRecipient.updateMany({ where: { id: { in: chunk }, status: { in: ["queued", "sending"] } }, data: { status: "excluded", exclusionReason: "no_address", leaseUntil: null } }),
  );

  // Consent: the history goes; a suppression stays as a keyed hash of the address (suppression-key.server.ts).
  const consents = await tx.marketingConsent.findMany({ where: { OR: [{ contactId }, { address: { in: addresses } }] }, select: { address: true, state: true, source: true, changedAt: true } });
  for (const consent of consents) {
    await tx.marketingConsent.delete({ where: { address: consent.address } });
    if (!isSuppressed(consent.state)) continue;
    const key = erasedSuppressionKey(consent.address);
    await tx.marketingConsent.upsert({
      where: { address: key },
      create: { address: key, contactId: null, state: consent.state, source: consent.source, basis: "", changedAt: consent.changedAt, changedById: null },
      update: { state: consent.state, source: consent.source, changedAt: consent.changedAt },
    });
  }
  await tx.marketingConsentChange.deleteMany({ where: { OR: [{ contactId }, { address: { in: addresses } }] } });

  // Portal: no way in any more.
  await tx.portalLoginLink.deleteMany({ where: { contactId } });
  await tx.portalSession.deleteMany({ where: { contactId } });

  // Access archives already built hold everything: the files go, the rows say they expired.
  const archives = await tx.personalDataExport.findMany({ where: { contactId, storedPath: { not: "" } }, select: { storedPath: true } });
  cleanup.archives.push(...archives.map((archive) => archive.storedPath));
  await tx.personalDataExport.updateMany({ where: { contactId }, data: { status: "expired", storedPath: "", error: "" } });

  // Imports kept the rows of the file that made or changed them, and the uploaded file itself:
  // the file goes (the import's report and undo records stay, without the person).
  const importFiles = await tx.importJob.findMany({
    where: { storedPath: { not: "" }, OR: [{ rows: { some: { entityType: "contact", entityId: contactId } } }, { changes: { some: { entityId: { in: [contactId, ...scope.emailIds] } } } }] },
    select: { storedPath: true },
  });
  const importHashes = [...new Set(importFiles.map((job) => job.storedPath))];
  cleanup.files.push(...importHashes);
  if (importHashes.length > 0) await tx.importJob.updateMany({ where: { storedPath: { in: importHashes } }, data: { storedPath: "" } });
  await tx.importRow.updateMany({ where: { entityType: "contact", entityId: contactId }, data: { raw: "[]", messages: "[]" } });
  await tx.importChange.updateMany({ where: { entityId: { in: [contactId, ...scope.emailIds] } }, data: { before: "{}", after: "{}" } });

  // The person: no name, address, phone or password; the row stays for their anonymous tickets.
  await tx.contactEmail.deleteMany({ where: { contactId } });
  await tx.contact.update({
    where: { id: contactId },
    data: { firstName: "", lastName: ERASED_CONTACT_NAME, jobTitle: "", phone: "", portalPasswordHash: null, portalAccess: false, companyManager: false, erasedAt: now },
  });

  // Records about them: audit lines on the contact, their tickets or their addresses.
  const linkedAudit = await tx.auditLog.findMany({
    where: { OR: [{ entityType: "contact", entityId: contactId }, { entityId: { in: addresses } }] },
    select: { id: true, entityId: true, details: true },
  });
  await inChunks(ticketIds, async (chunk) => {
    linkedAudit.push(...(await tx.auditLog.findMany({ where: { entityType: "ticket", entityId: { in: chunk } }, select: { id: true, entityId: true, details: true } })));
  });
  for (const entry of linkedAudit) {
    const details = jsonWithoutIdentifiers(entry.details, linkedIdentifiers);
    const entityId = addresses.includes(entry.entityId) ? ERASED_MARK : entry.entityId;
    if (details !== entry.details || entityId !== entry.entityId) await tx.auditLog.update({ where: { id: entry.id }, data: { details, entityId } });
  }

  // Webhook deliveries about them or their tickets: the body goes; one not sent yet is not sent.
  mentions += await eraseWebhookDeliveries(tx, found.webhookDeliveryIds);

  // Anything else that names them: their addresses, phone or full name cut out of the text.
  mentions += await scrubMentions(tx, identifiers, found, new Set(messageIds), new Set(ticketIds));
  return mentions;
}

/**
 * Where a text column may name someone, outside the records erased above (table, columns, JSON or
 * text). Each is read whole (seconds on the large dataset, before the transaction). Ticket history
 * is not: it holds ids and states, and the history of their own tickets is cleaned above.
 */
const MENTION_COLUMNS: ReadonlyArray<{ table: string; columns: readonly string[]; json: boolean }> = [
  { table: "AuditLog", columns: ["details"], json: true },
  { table: "DomainEvent", columns: ["payload"], json: true },
  { table: "Notification", columns: ["data"], json: true },
  { table: "ImportRow", columns: ["raw", "messages"], json: true },
  { table: "ImportChange", columns: ["before", "after"], json: true },
  { table: "CampaignRecipient", columns: ["mergeValues", "bounceDiagnostic"], json: false },
  { table: "MarketingConsentChange", columns: ["note", "basis"], json: false },
  { table: "OutboundEmail", columns: ["toAddress", "subject", "html", "text", "headers", "lastError"], json: false },
  { table: "InboundEmail", columns: ["subject", "fromAddress", "error"], json: false },
  { table: "Intervention", columns: ["address", "notes", "report"], json: false },
  { table: "Activity", columns: ["subject", "notes", "location"], json: false },
  { table: "VisitReport", columns: ["attendees", "objectives", "discussion", "outcome"], json: false },
  { table: "Deal", columns: ["title", "notes", "lossNote"], json: false },
  { table: "Company", columns: ["notes"], json: false },
  { table: "SatisfactionRating", columns: ["comment"], json: false },
];

async function scrubMentions(tx: TransactionClient, identifiers: readonly string[], found: FoundMentions, erasedMessages: Set<string>, erasedTickets: Set<string>): Promise<number> {
  if (identifiers.length === 0) return 0;
  let changed = 0;
  for (const { table, id } of found.rows) {
    const { columns, json } = MENTION_COLUMNS.find((entry) => entry.table === table)!;
    const rows = await tx.$queryRawUnsafe<Array<Record<string, string | null>>>(`SELECT ${columns.map((column) => `"${column}"`).join(", ")} FROM "${table}" WHERE "id" = ?`, id);
    const row = rows[0];
    if (!row) continue;
    const updates: string[] = [];
    const values: Array<string | null> = [];
    for (const column of columns) {
      const value = row[column];
      if (typeof value !== "string") continue;
      const next = json ? jsonWithoutIdentifiers(value, identifiers) : withoutIdentifiers(withoutIdentifiers(value, identifiers), identifiers.map(htmlEscape));
      if (next !== value) {
        updates.push(`"${column}" = ?`);
        values.push(next);
      }
    }
    if (updates.length === 0) continue;
    await tx.$executeRawUnsafe(`UPDATE "${table}" SET ${updates.join(", ")} WHERE "id" = ?`, ...values, id);
    changed += 1;
  }
  // Messages and subjects of others that name them: found through the search index, not by reading every message.
  for (const id of found.messageIds) {
    if (erasedMessages.has(id)) continue;
    const message = await tx.message.findUnique({ where: { id }, select: { bodyText: true, bodyHtml: true } });
    if (!message || !mentionsIdentifier(`${message.bodyText}\n${message.bodyHtml ?? ""}`, [...identifiers, ...identifiers.map(htmlEscape)])) continue;
    await tx.message.update({
      where: { id },
      data: {
        bodyText: withoutIdentifiers(message.bodyText, identifiers),
        bodyHtml: message.bodyHtml === null ? null : withoutIdentifiers(withoutIdentifiers(message.bodyHtml, identifiers), identifiers.map(htmlEscape)),
      },
    });
    changed += 1;
  }
  for (const id of found.ticketIds) {
    if (erasedTickets.has(id)) continue;
    const ticket = await tx.ticket.findUnique({ where: { id }, select: { subject: true } });
    if (!ticket || !mentionsIdentifier(ticket.subject, identifiers)) continue;
    await tx.ticket.update({ where: { id }, data: { subject: withoutIdentifiers(ticket.subject, identifiers), version: { increment: 1 } } });
    changed += 1;
  }
  return changed;
}

async function eraseWebhookDeliveries(tx: TransactionClient, ids: readonly string[]): Promise<number> {
  await inChunks(ids, async (chunk) => {
    await tx.webhookDelivery.updateMany({ where: { id: { in: chunk }, status: { in: ["queued", "sending"] } }, data: { status: "failed", leaseUntil: null, lastError: "Effacé (RGPD) avant l'envoi" } });
    for (const delivery of await tx.webhookDelivery.findMany({ where: { id: { in: chunk } }, select: { id: true, eventType: true } })) {
      await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { payload: JSON.stringify({ type: delivery.eventType, erased: true }), responseBody: "" } });
    }
  });
  return ids.length;
}

function anonymousNotificationData(data: string, identifiers: readonly string[]): string {
  try {
    const parsed = JSON.parse(jsonWithoutIdentifiers(data, identifiers)) as Record<string, unknown>;
    if ("subject" in parsed) parsed.subject = ERASED_TICKET_SUBJECT;
    if (typeof parsed.actorName === "string" && parsed.actorName.includes(ERASED_MARK)) parsed.actorName = ERASED_CONTACT_NAME;
    return JSON.stringify(parsed);
  } catch {
    return "{}";
  }
}

function htmlEscape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function storedAttachmentHashes(json: string): string[] {
  try {
    const list = JSON.parse(json) as Array<{ sha256?: unknown }>;
    return Array.isArray(list) ? list.map((entry) => entry.sha256).filter((sha): sha is string => typeof sha === "string") : [];
  } catch {
    return [];
  }
}

// ───────────────────────────── after commit ─────────────────────────────

async function fileStillUsed(sha256: string): Promise<boolean> {
  const [attachment, inbound, outbound] = await Promise.all([
    db().attachment.findFirst({ where: { sha256 }, select: { id: true } }),
    db().inboundEmail.findFirst({ where: { rawSha256: sha256 }, select: { id: true } }),
    db().outboundEmail.findFirst({ where: { attachments: { contains: sha256 } }, select: { id: true } }),
  ]);
  return Boolean(attachment || inbound || outbound);
}

async function removeFile(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
}

/**
 * Up to this many messages the search index is purged right after an erasure (under a second);
 * beyond, the purge rewrites the index for seconds with the database held, so it is left to the
 * night (purgeDeferredSearchIndex, from the retention worker). Until then the erased words are
 * unreachable (the index answers no query with a deleted document) but still in its shadow tables.
 */
export const SEARCH_PURGE_NOW_LIMIT = 100_000;
const SEARCH_PURGE_KEY = "privacy.erasure.searchPurgePending";

/**
 * Finishes what committed erasures left to do outside the database: deletes their files (an
 * attachment also sent by someone else is stored once and kept while a record uses it), their
 * archives, then purges the search index (or leaves it to the night on a large base) and
 * checkpoints the log. Returns how many erasures it finished. Safe to run again: a pending setting
 * goes only once everything is done.
 */
export async function finishPendingErasures(options: { purgeIndexUpTo?: number } = {}): Promise<number> {
  const pending = await db().setting.findMany({ where: { key: { startsWith: PENDING_PREFIX } }, select: { key: true, value: true } });
  if (pending.length === 0) return 0;
  const { filesDir, dataDir } = env();
  for (const entry of pending) {
    const cleanup = JSON.parse(entry.value) as PendingCleanup;
    for (const sha256 of new Set(cleanup.files)) {
      if (!/^[0-9a-f]{64}$/.test(sha256) || (await fileStillUsed(sha256))) continue;
      await removeFile(fileStorePath(sha256, filesDir));
    }
    for (const archive of cleanup.archives) {
      const file = path.resolve(dataDir, archive);
      // Only files inside the data directory: a stored path is never trusted to point elsewhere.
      if (file.startsWith(path.resolve(dataDir) + path.sep)) await removeFile(file);
    }
  }
  const purgeNow = (await searchIndexSize()) <= (options.purgeIndexUpTo ?? SEARCH_PURGE_NOW_LIMIT);
  await withSecureDelete(async () => {
    if (purgeNow) await purgeSearchIndexes();
    await db().$transaction([
      db().setting.deleteMany({ where: { key: { in: pending.map((entry) => entry.key) } } }),
      ...(purgeNow ? [] : [db().setting.upsert({ where: { key: SEARCH_PURGE_KEY }, create: { key: SEARCH_PURGE_KEY, value: new Date().toISOString() }, update: {} })]),
    ]);
  });
  await checkpointLog();
  return pending.length;
}

/** The search index purge left for the night, done now; false when none was waiting. */
export async function purgeDeferredSearchIndex(): Promise<boolean> {
  if (!(await db().setting.findUnique({ where: { key: SEARCH_PURGE_KEY } }))) return false;
  await withSecureDelete(async () => {
    await purgeSearchIndexes();
    await db().setting.deleteMany({ where: { key: SEARCH_PURGE_KEY } });
  });
  await checkpointLog();
  return true;
}

/** Whether and when the contact was erased (the contact page), null for a contact that does not exist. */
export async function contactErasure(contactId: string): Promise<{ erasedAt: Date | null } | null> {
  return db().contact.findUnique({ where: { id: contactId }, select: { erasedAt: true } });
}

/** The name the confirmation page shows (before erasure: the person's name or first address). */
export async function contactToErase(contactId: string): Promise<{ id: string; name: string; erasedAt: Date | null } | null> {
  const contact = await db().contact.findUnique({
    where: { id: contactId },
    select: { id: true, firstName: true, lastName: true, erasedAt: true, emails: { orderBy: [{ isPrimary: "desc" }, { address: "asc" }], take: 1, select: { address: true } } },
  });
  if (!contact) return null;
  const name = `${contact.firstName} ${contact.lastName}`.trim() || contact.emails[0]?.address || "";
  return { id: contact.id, name, erasedAt: contact.erasedAt };
}
