import { queueTemplateEmailInTransaction } from "~/domain/channels/email/outbox.server";
import { DomainError } from "~/domain/errors";
import { transactionWithEvents, type EventRecorder } from "~/domain/event-store.server";
import { wakeOutboxSender } from "~/domain/channels/email/outbox-wake.server";
import { quoteEmail } from "~/emails/quote.mjml";
import { db, type TransactionClient } from "~/lib/db.server";
import { storeFile } from "~/lib/files.server";
import { moveDealInTransaction, wonStageIdInTransaction, type DealStageMove } from "./deal-stage-moves.server";
import { dayHasPassed, startOfWorkspaceDay, workspaceDayAfter } from "./document-dates";
import { takeDocumentNumber } from "./document-numbers.server";
import { markClientOnFirstOrderInTransaction } from "./lifecycle.server";
import { documentTotals } from "./money";
import { quotePdfFilename, renderQuotePdf } from "./quote-pdf.server";
import { moneyLineOf, type QuoteInput, type QuoteLineInput } from "./quote-schemas";
import { customerSnapshotOf } from "./quote-snapshots";
import { readQuoteDocument } from "./quotes.server";
import { canActOnOwned, mayAssignOwner, ownedRecordsWhere, type SalesViewer } from "./sales-access";
import { loadSellerIdentity } from "./seller-identity.server";

/**
 * Writing quotes: create (numbered without gaps in the creating transaction), edit a draft
 * (optimistic locking on `version`; a quote with one invalid line saves nothing, the schema sees
 * to that before we are called), duplicate, send (the PDF is attached to a mail queued in the
 * transaction that marks the quote sent, with the customer's and seller's details copied onto
 * it), accept (one transaction: the order, the deal won, the company a client) and refuse.
 *
 * Every write checks the sales record rule (sales-access.ts). In each transaction the first
 * statement is a write, so that concurrent processes on one SQLite file queue behind the write
 * lock instead of failing (see document-numbers.server.ts).
 */

/** Someone saved the quote since it was loaded: nothing was written. */
export class QuoteConflictError extends DomainError {
  constructor(readonly currentVersion: number) {
    super("sales.quote.conflict");
    this.name = "QuoteConflictError";
  }
}

type QuoteChange = "created" | "updated" | "sent" | "accepted" | "refused";

function announce(events: EventRecorder, quote: { id: string; ownerId: string }, change: QuoteChange, actorId: string | null) {
  events.record("quote.saved", { quoteId: quote.id, ownerId: quote.ownerId, actorId, change });
}

function lineRows(lines: QuoteLineInput[]) {
  const totals = documentTotals(lines.map(moneyLineOf));
  return {
    totals,
    rows: lines.map((line, position) => ({
      position,
      productId: line.productId,
      reference: line.reference,
      description: line.description,
      unit: line.unit,
      quantityMilli: line.quantity,
      unitPriceCents: line.unitPrice,
      discountBps: line.discount,
      vatRateBps: line.vatRate,
      totalExclCents: totals.lineTotalsCents[position]!,
    })),
  };
}

/** Product links that no longer exist are dropped (the line keeps its copy of the product's details). */
async function keepExistingProducts(tx: TransactionClient, lines: QuoteLineInput[]): Promise<QuoteLineInput[]> {
  const ids = [...new Set(lines.map((line) => line.productId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return lines;
  const existing = new Set((await tx.product.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((product) => product.id));
  return lines.map((line) => (line.productId && !existing.has(line.productId) ? { ...line, productId: null } : line));
}

async function assertContactOfCompany(tx: TransactionClient, contactId: string | null, companyId: string) {
  if (!contactId) return;
  const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { companyId: true } });
  if (!contact || contact.companyId !== companyId) throw new DomainError("sales.quote.validation.contact", "contactId");
}

function assertValidityAhead(validUntil: Date, now: Date) {
  if (dayHasPassed(validUntil, now)) throw new DomainError("sales.quote.validation.validUntilPast", "validUntil");
}

/** The defaults of a new quote: validity and payment terms from Administration (30 days when not set). */
export async function quoteDefaults(now = new Date()) {
  const seller = await loadSellerIdentity();
  const days = seller.complete ? seller.identity.quoteValidityDays : Number(seller.values.quoteValidityDays) || 30;
  return { validUntil: workspaceDayAfter(now, days), paymentTerms: seller.complete ? seller.identity.paymentTerms : (seller.values.paymentTerms ?? "") };
}

// ───────────────────────────── create, edit, duplicate ─────────────────────────────

/**
 * A new draft for a company, or for a deal (its company and, unless chosen, its contact). A rep
 * writes quotes for their own deals; a manager's quote for a rep's deal belongs to the deal's owner.
 */
export async function createQuote(viewer: SalesViewer, input: QuoteInput, now = new Date()): Promise<{ quoteId: string; number: string }> {
  if (!ownedRecordsWhere(viewer, "create")) throw new DomainError("errors.notFound");
  const created = await transactionWithEvents(async (tx, events) => {
    const number = await takeDocumentNumber(tx, "quote", now);
    let companyId = input.companyId;
    let contactId = input.contactId;
    let ownerId = viewer.id;
    if (input.dealId) {
      const deal = await tx.deal.findUnique({ where: { id: input.dealId }, select: { id: true, companyId: true, contactId: true, ownerId: true } });
      if (!deal || !canActOnOwned(viewer, deal.ownerId, "update")) throw new DomainError("sales.quote.validation.deal", "dealId");
      companyId = deal.companyId;
      contactId ??= deal.contactId;
      if (mayAssignOwner(viewer, deal.ownerId)) ownerId = deal.ownerId;
    }
    if (!companyId || !(await tx.company.findUnique({ where: { id: companyId }, select: { id: true } }))) throw new DomainError("sales.quote.validation.company", "companyId");
    await assertContactOfCompany(tx, contactId, companyId);
    assertValidityAhead(input.validUntil, now);
    const { totals, rows } = lineRows(await keepExistingProducts(tx, input.lines));
    const quote = await tx.quote.create({
      data: {
        number,
        companyId,
        contactId,
        dealId: input.dealId,
        ownerId,
        status: "draft",
        issueDate: startOfWorkspaceDay(now),
        validUntil: input.validUntil,
        paymentTerms: input.paymentTerms,
        notes: input.notes,
        totalExclCents: totals.totalExclCents,
        totalVatCents: totals.totalVatCents,
        totalInclCents: totals.totalInclCents,
        lines: { create: rows },
      },
      select: { id: true, number: true, ownerId: true },
    });
    announce(events, quote, "created", viewer.id);
    return quote;
  });
  return { quoteId: created.id, number: created.number };
}

/** Saves the editor over a draft: header fields and every line, all or nothing. */
export async function saveQuoteDraft(viewer: SalesViewer, quoteId: string, input: QuoteInput, now = new Date()): Promise<void> {
  const rule = ownedRecordsWhere(viewer, "update");
  if (!rule) throw new DomainError("errors.notFound");
  if (input.version === undefined) throw new DomainError("sales.quote.staleForm");
  const expectedVersion = input.version;
  await transactionWithEvents(async (tx, events) => {
    const lines = input.lines;
    const totals = documentTotals(lines.map(moneyLineOf));
    // The write first (see the header): it also checks version, state and record rule at once.
    const updated = await tx.quote.updateMany({
      where: { id: quoteId, version: expectedVersion, status: "draft", ...rule },
      data: {
        contactId: input.contactId,
        validUntil: input.validUntil,
        paymentTerms: input.paymentTerms,
        notes: input.notes,
        totalExclCents: totals.totalExclCents,
        totalVatCents: totals.totalVatCents,
        totalInclCents: totals.totalInclCents,
        version: { increment: 1 },
      },
    });
    const current = await tx.quote.findFirst({ where: { id: quoteId, ...rule }, select: { id: true, ownerId: true, status: true, version: true, companyId: true } });
    if (!current) throw new DomainError("errors.notFound");
    if (updated.count === 0) {
      if (current.status !== "draft") throw new DomainError("sales.quote.notDraft");
      throw new QuoteConflictError(current.version);
    }
    await assertContactOfCompany(tx, input.contactId, current.companyId);
    assertValidityAhead(input.validUntil, now);
    const { rows } = lineRows(await keepExistingProducts(tx, lines));
    await tx.quoteLine.deleteMany({ where: { quoteId } });
    await tx.quoteLine.createMany({ data: rows.map((row) => ({ ...row, quoteId })) });
    announce(events, current, "updated", viewer.id);
  });
}

/** A new draft with the same customer and lines (how a sent quote is "edited": its copy is). */
export async function duplicateQuote(viewer: SalesViewer, quoteId: string, now = new Date()): Promise<{ quoteId: string; number: string }> {
  const readRule = ownedRecordsWhere(viewer, "read");
  if (!readRule || !ownedRecordsWhere(viewer, "create")) throw new DomainError("errors.notFound");
  const defaults = await quoteDefaults(now);
  const created = await transactionWithEvents(async (tx, events) => {
    const number = await takeDocumentNumber(tx, "quote", now);
    const source = await tx.quote.findFirst({
      where: { id: quoteId, ...readRule },
      select: { companyId: true, contactId: true, dealId: true, ownerId: true, paymentTerms: true, notes: true, lines: { orderBy: { position: "asc" } } },
    });
    if (!source) throw new DomainError("errors.notFound");
    const ownerId = mayAssignOwner(viewer, source.ownerId) ? source.ownerId : viewer.id;
    const lines = source.lines.map((line) => ({
      productId: line.productId,
      reference: line.reference,
      description: line.description,
      unit: line.unit as QuoteLineInput["unit"],
      quantity: line.quantityMilli,
      unitPrice: line.unitPriceCents,
      discount: line.discountBps,
      vatRate: line.vatRateBps,
    }));
    const { totals, rows } = lineRows(lines);
    const copy = await tx.quote.create({
      data: {
        number,
        companyId: source.companyId,
        contactId: source.contactId,
        dealId: source.dealId,
        ownerId,
        status: "draft",
        issueDate: startOfWorkspaceDay(now),
        validUntil: defaults.validUntil,
        paymentTerms: source.paymentTerms || defaults.paymentTerms,
        notes: source.notes,
        totalExclCents: totals.totalExclCents,
        totalVatCents: totals.totalVatCents,
        totalInclCents: totals.totalInclCents,
        lines: { create: rows },
      },
      select: { id: true, number: true, ownerId: true },
    });
    announce(events, copy, "created", viewer.id);
    return copy;
  });
  return { quoteId: created.id, number: created.number };
}

// ───────────────────────────── send ─────────────────────────────

/**
 * Sends a draft to its contact: the customer's and seller's details are copied onto the quote,
 * the issue date becomes today, and in the same transaction a mail with the PDF attached is
 * written to the outbox. Refused while the seller identity is incomplete, without a contact
 * address, or when the validity date has passed.
 */
export async function sendQuote(viewer: SalesViewer, input: { quoteId: string; version: number }, now = new Date()): Promise<{ outboundEmailId: string }> {
  const rule = ownedRecordsWhere(viewer, "update");
  if (!rule) throw new DomainError("errors.notFound");
  const quote = await db().quote.findFirst({
    where: { id: input.quoteId, ...rule },
    select: {
      id: true,
      status: true,
      version: true,
      validUntil: true,
      ownerId: true,
      owner: { select: { name: true } },
      company: { select: { name: true, street: true, postalCode: true, city: true, country: true } },
      contact: { select: { firstName: true, lastName: true, language: true, emails: { orderBy: [{ isPrimary: "desc" }, { address: "asc" }], take: 1, select: { address: true } } } },
      _count: { select: { lines: true } },
    },
  });
  if (!quote) throw new DomainError("errors.notFound");
  if (quote.status !== "draft") throw new DomainError("sales.quote.notDraft");
  if (quote.version !== input.version) throw new QuoteConflictError(quote.version);
  const seller = await loadSellerIdentity();
  if (!seller.complete) throw new DomainError("sales.quote.sellerIncomplete");
  const recipient = quote.contact?.emails[0]?.address ?? null;
  if (!quote.contact || !recipient) throw new DomainError("sales.quote.noRecipient", "contactId");
  assertValidityAhead(quote.validUntil, now);
  if (quote._count.lines === 0) throw new DomainError("sales.quote.validation.noLines", "lines");

  const customer = customerSnapshotOf(quote.company, { ...quote.contact, email: recipient });
  const issueDate = startOfWorkspaceDay(now);
  // The PDF as the customer will see it: rendered from the copies about to be written.
  const document = await readQuoteDocument(db(), quote.id, now);
  if (!document) throw new DomainError("errors.notFound");
  const pdf = await renderQuotePdf({ ...document, status: "sent", storedStatus: "sent", issueDate, customer, seller: seller.identity, sellerProblems: [], language: customer.language });
  const stored = await storeFile(pdf);

  const queued = await transactionWithEvents(async (tx, events) => {
    const updated = await tx.quote.updateMany({
      where: { id: quote.id, version: input.version, status: "draft", ...rule },
      data: {
        status: "sent",
        sentAt: now,
        issueDate,
        customerSnapshot: JSON.stringify(customer),
        sellerSnapshot: JSON.stringify(seller.identity),
        version: { increment: 1 },
      },
    });
    if (updated.count === 0) {
      const current = await tx.quote.findUnique({ where: { id: quote.id }, select: { status: true, version: true } });
      if (current && current.status !== "draft") throw new DomainError("sales.quote.notDraft");
      throw new QuoteConflictError(current?.version ?? input.version);
    }
    const mail = await queueTemplateEmailInTransaction(tx, {
      kind: "quote",
      to: recipient,
      template: quoteEmail,
      props: {
        number: document.number,
        contactName: customer.contactName,
        sellerName: seller.identity.legalName,
        senderName: quote.owner.name,
        totalInclCents: document.totals.totalInclCents,
        totalExclCents: document.totals.totalExclCents,
        validUntil: document.validUntil,
      },
      locale: customer.language,
      attachments: [{ sha256: stored.sha256, filename: quotePdfFilename(document.number), contentType: "application/pdf" }],
    });
    await tx.quote.update({ where: { id: quote.id }, data: { sentEmailId: mail.outboundEmailId } });
    announce(events, quote, "sent", viewer.id);
    return mail;
  });
  wakeOutboxSender();
  return { outboundEmailId: queued.outboundEmailId };
}

// ───────────────────────────── accept, refuse ─────────────────────────────

/** Why a state change was refused, told from the quote as it is now. */
async function explainRefusal(tx: TransactionClient, quoteId: string, expectedVersion: number, rule: { ownerId?: string }, now: Date): Promise<never> {
  const current = await tx.quote.findFirst({ where: { id: quoteId, ...rule }, select: { status: true, version: true, validUntil: true } });
  if (!current) throw new DomainError("errors.notFound");
  if (current.version !== expectedVersion) throw new QuoteConflictError(current.version);
  if (current.status === "sent" && dayHasPassed(current.validUntil, now)) throw new DomainError("sales.quote.expired");
  throw new DomainError("sales.quote.notSent");
}

export type AcceptedQuote = { orderId: string; orderNumber: string; dealMove: DealStageMove | null; companyBecameClient: boolean };

/**
 * The customer accepted: in ONE transaction the quote is accepted, its order is written
 * (CMD-YYYY-NNNN, the quote's totals), its deal moves to the won stage and its company becomes a
 * client. An expired quote is not accepted (duplicate it to issue a new one).
 */
export async function acceptQuote(viewer: SalesViewer, input: { quoteId: string; version: number }, now = new Date()): Promise<AcceptedQuote> {
  const rule = ownedRecordsWhere(viewer, "update");
  if (!rule) throw new DomainError("errors.notFound");
  const result = await transactionWithEvents(async (tx, events) => {
    const accepted = await tx.quote.updateMany({
      where: { id: input.quoteId, version: input.version, status: "sent", validUntil: { gte: startOfWorkspaceDay(now) }, ...rule },
      data: { status: "accepted", acceptedAt: now, version: { increment: 1 } },
    });
    if (accepted.count === 0) await explainRefusal(tx, input.quoteId, input.version, rule, now);
    const orderNumber = await takeDocumentNumber(tx, "order", now);
    const quote = await tx.quote.findUniqueOrThrow({
      where: { id: input.quoteId },
      select: { id: true, companyId: true, contactId: true, dealId: true, ownerId: true, totalExclCents: true, totalVatCents: true, totalInclCents: true },
    });
    const order = await tx.order.create({
      data: {
        number: orderNumber,
        quoteId: quote.id,
        companyId: quote.companyId,
        contactId: quote.contactId,
        dealId: quote.dealId,
        ownerId: quote.ownerId,
        orderedAt: now,
        totalExclCents: quote.totalExclCents,
        totalVatCents: quote.totalVatCents,
        totalInclCents: quote.totalInclCents,
      },
      select: { id: true, number: true },
    });
    const dealMove = quote.dealId
      ? await moveDealInTransaction(tx, { dealId: quote.dealId, toStageId: await wonStageIdInTransaction(tx), actorId: viewer.id, at: now })
      : null;
    const companyBecameClient = await markClientOnFirstOrderInTransaction(tx, { companyId: quote.companyId, at: now });
    announce(events, quote, "accepted", viewer.id);
    events.record("order.created", { orderId: order.id, quoteId: quote.id, companyId: quote.companyId, dealId: quote.dealId, ownerId: quote.ownerId, totalExclCents: quote.totalExclCents, actorId: viewer.id });
    if (dealMove?.moved) {
      events.record("deal.stage_changed", { dealId: dealMove.dealId, fromStageId: dealMove.fromStageId, toStageId: dealMove.toStageId, toKind: dealMove.toKind, actorId: viewer.id });
    }
    if (companyBecameClient) events.record("company.saved", { companyId: quote.companyId, actorId: viewer.id, created: false });
    return { order, dealMove, companyBecameClient };
  });
  const { order, dealMove, companyBecameClient } = result;
  return { orderId: order.id, orderNumber: order.number, dealMove, companyBecameClient };
}

/** The customer said no (a sent quote, expired or not). */
export async function refuseQuote(viewer: SalesViewer, input: { quoteId: string; version: number }, now = new Date()): Promise<void> {
  const rule = ownedRecordsWhere(viewer, "update");
  if (!rule) throw new DomainError("errors.notFound");
  await transactionWithEvents(async (tx, events) => {
    const refused = await tx.quote.updateMany({
      where: { id: input.quoteId, version: input.version, status: "sent", ...rule },
      data: { status: "refused", refusedAt: now, version: { increment: 1 } },
    });
    if (refused.count === 0) await explainRefusal(tx, input.quoteId, input.version, rule, new Date(0));
    const quote = await tx.quote.findUniqueOrThrow({ where: { id: input.quoteId }, select: { id: true, ownerId: true } });
    announce(events, quote, "refused", viewer.id);
  });
}
