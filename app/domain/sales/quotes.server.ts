import { deliverySelect, deliveryStateOf } from "~/domain/channels/email/delivery-state.server";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { db, type TransactionClient } from "~/lib/db.server";
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetOrderBy, type KeysetOrder } from "~/lib/keyset";
import { startOfWorkspaceDay } from "./document-dates";
import { documentTotals, type DocumentTotals } from "./money";
import { quoteStatuses, quoteStatusOn, type QuoteStatus } from "./quote-schemas";
import { accessFor } from "~/domain/identity/permissions";
import { listCompanyOwners } from "~/domain/customers/company-records.server";
import { customerSnapshotOf, parseCustomerSnapshot, parseSellerSnapshot, type CustomerSnapshot } from "./quote-snapshots";
import { ownedRecordsWhere, type SalesViewer } from "./sales-access";
import type { SellerIdentity } from "./seller-identity";
import { loadSellerIdentity } from "./seller-identity.server";

/**
 * Reading quotes, always under the sales record rule (a rep their own, managers and support all,
 * marketing none): a quote outside it is "not found". Drafts show the live customer and seller;
 * sent quotes show the copies taken when they were sent.
 */

type Client = PrismaClient | TransactionClient;

export const quoteLineSelect = {
  id: true,
  position: true,
  productId: true,
  reference: true,
  description: true,
  unit: true,
  quantityMilli: true,
  unitPriceCents: true,
  discountBps: true,
  vatRateBps: true,
  totalExclCents: true,
} satisfies Prisma.QuoteLineSelect;
export type QuoteLineRow = Prisma.QuoteLineGetPayload<{ select: typeof quoteLineSelect }>;

const primaryEmail = { orderBy: [{ isPrimary: "desc" }, { address: "asc" }], take: 1, select: { address: true } } satisfies Prisma.Contact$emailsArgs;

const quoteDocumentSelect = {
  id: true,
  number: true,
  status: true,
  issueDate: true,
  validUntil: true,
  paymentTerms: true,
  notes: true,
  customerSnapshot: true,
  sellerSnapshot: true,
  totalExclCents: true,
  totalVatCents: true,
  totalInclCents: true,
  sentAt: true,
  sentEmailId: true,
  acceptedAt: true,
  refusedAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  ownerId: true,
  owner: { select: { id: true, name: true } },
  companyId: true,
  company: { select: { id: true, name: true, street: true, postalCode: true, city: true, country: true } },
  contactId: true,
  contact: { select: { id: true, firstName: true, lastName: true, language: true, emails: primaryEmail } },
  dealId: true,
  deal: { select: { id: true, title: true } },
  order: { select: { id: true, number: true } },
  lines: { orderBy: { position: "asc" }, select: quoteLineSelect },
} satisfies Prisma.QuoteSelect;

export type QuoteDocument = {
  id: string;
  number: string;
  status: QuoteStatus;
  storedStatus: string;
  issueDate: Date;
  validUntil: Date;
  paymentTerms: string;
  notes: string;
  /** Live for a draft, the copy taken at sending otherwise. */
  customer: CustomerSnapshot;
  /** Live for a draft (null while Administration has not completed it), the copy taken at sending otherwise. */
  seller: SellerIdentity | null;
  sellerProblems: string[];
  language: "fr" | "en";
  lines: QuoteLineRow[];
  totals: DocumentTotals;
  sentAt: Date | null;
  sentEmailId: string | null;
  acceptedAt: Date | null;
  refusedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  owner: { id: string; name: string };
  company: { id: string; name: string };
  contact: { id: string; name: string; email: string | null; language: string } | null;
  deal: { id: string; title: string } | null;
  order: { id: string; number: string } | null;
};

/** A quote with everything its page and its PDF show. No record rule: callers apply it (quoteDocumentFor). */
export async function readQuoteDocument(client: Client, quoteId: string, now: Date): Promise<QuoteDocument | null> {
  const quote = await client.quote.findUnique({ where: { id: quoteId }, select: quoteDocumentSelect });
  if (!quote) return null;
  const draft = quote.status === "draft";
  const contact = quote.contact
    ? { id: quote.contact.id, name: `${quote.contact.firstName} ${quote.contact.lastName}`.trim(), email: quote.contact.emails[0]?.address ?? null, language: quote.contact.language }
    : null;
  let seller: SellerIdentity | null;
  let sellerProblems: string[] = [];
  if (draft) {
    const live = await loadSellerIdentity(client);
    seller = live.complete ? live.identity : null;
    sellerProblems = live.complete ? [] : live.problems;
  } else {
    seller = parseSellerSnapshot(quote.sellerSnapshot);
  }
  const customer = draft
    ? customerSnapshotOf(quote.company, quote.contact ? { ...quote.contact, email: contact?.email ?? null } : null)
    : parseCustomerSnapshot(quote.customerSnapshot);
  if (!draft && !customer.name) customer.name = quote.company.name;
  return {
    id: quote.id,
    number: quote.number,
    status: quoteStatusOn(quote, now),
    storedStatus: quote.status,
    issueDate: quote.issueDate,
    validUntil: quote.validUntil,
    paymentTerms: quote.paymentTerms,
    notes: quote.notes,
    customer,
    seller,
    sellerProblems,
    language: customer.language,
    lines: quote.lines,
    totals: documentTotals(quote.lines),
    sentAt: quote.sentAt,
    sentEmailId: quote.sentEmailId,
    acceptedAt: quote.acceptedAt,
    refusedAt: quote.refusedAt,
    version: quote.version,
    createdAt: quote.createdAt,
    updatedAt: quote.updatedAt,
    owner: quote.owner,
    company: { id: quote.company.id, name: quote.company.name },
    contact,
    deal: quote.deal,
    order: quote.order,
  };
}

/** The quote if the viewer may read it (or act on it, with action "update"), else null. */
export async function findQuoteForViewer(viewer: SalesViewer, quoteId: string, action: "read" | "update" = "read") {
  const rule = ownedRecordsWhere(viewer, action);
  if (!rule) return null;
  return db().quote.findFirst({ where: { id: quoteId, ...rule }, select: { id: true, number: true, ownerId: true, status: true, version: true, companyId: true, validUntil: true } });
}

/** The quote's page and PDF, for a viewer under the record rule; null when outside it. */
export async function quoteDocumentFor(viewer: SalesViewer, quoteId: string, now = new Date()): Promise<QuoteDocument | null> {
  if (!(await findQuoteForViewer(viewer, quoteId))) return null;
  return readQuoteDocument(db(), quoteId, now);
}

/** The delivery state of the mail that carried a sent quote (queued, sent, failed, with the server's reply). */
export async function quoteDelivery(sentEmailId: string | null) {
  if (!sentEmailId) return null;
  const rows = await db().outboundEmail.findMany({ where: { id: sentEmailId }, ...deliverySelect });
  return deliveryStateOf(rows);
}

// ───────────────────────────── the list ─────────────────────────────

export type QuoteFilters = { status: QuoteStatus | null; ownerId: string | null; companyId: string | null; number: string };

/** The stored conditions of an effective status (expiry is a day rule on the validity date). */
export function quoteStatusWhere(status: QuoteStatus, now: Date): Prisma.QuoteWhereInput {
  const today = startOfWorkspaceDay(now);
  switch (status) {
    case "sent":
      return { status: "sent", validUntil: { gte: today } };
    case "expired":
      return { status: "sent", validUntil: { lt: today } };
    default:
      return { status };
  }
}

export const QUOTES_PAGE_SIZE = 50;

/** The quotes list's conditions: the viewer's rule and the filters. Null when they read no quotes. */
export function quotesWhere(viewer: SalesViewer, filters: QuoteFilters, now: Date): Prisma.QuoteWhereInput | null {
  const rule = ownedRecordsWhere(viewer, "read");
  if (!rule) return null;
  const search = filters.number.trim().toUpperCase();
  return {
    AND: [
      rule,
      filters.status ? quoteStatusWhere(filters.status, now) : {},
      filters.ownerId ? { ownerId: filters.ownerId } : {},
      filters.companyId ? { companyId: filters.companyId } : {},
      search ? { number: { contains: search } } : {},
    ],
  };
}

/** The filters of /ventes/devis as its URL carries them (read once for the page and its export). */
export async function quoteListFilters(viewer: SalesViewer, params: URLSearchParams): Promise<{ filters: QuoteFilters; company: { id: string; name: string } | null; owners: Array<{ id: string; name: string }>; seesAll: boolean }> {
  const status = (quoteStatuses as readonly string[]).includes(params.get("etat") ?? "") ? (params.get("etat") as QuoteStatus) : null;
  const seesAll = accessFor(viewer, "read:deal") === "any";
  const owners = seesAll ? await listCompanyOwners() : [];
  const ownerId = seesAll && owners.some((owner) => owner.id === params.get("commercial")) ? params.get("commercial") : null;
  const companyParam = params.get("societe");
  const company = companyParam ? await companyForFilter(companyParam) : null;
  const number = (params.get("numero") ?? "").trim().slice(0, 30);
  return { filters: { status, ownerId, companyId: company?.id ?? null, number }, company, owners, seesAll };
}

export async function listQuotes(viewer: SalesViewer, filters: QuoteFilters, page: number, now = new Date()) {
  const where = quotesWhere(viewer, filters, now);
  if (!where) return { rows: [], total: 0, page: 1, pageCount: 1 };
  const total = await db().quote.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / QUOTES_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db().quote.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * QUOTES_PAGE_SIZE,
    take: QUOTES_PAGE_SIZE,
    select: {
      id: true,
      number: true,
      status: true,
      validUntil: true,
      issueDate: true,
      totalExclCents: true,
      totalInclCents: true,
      company: { select: { id: true, name: true } },
      owner: { select: { id: true, name: true } },
      deal: { select: { id: true, title: true } },
    },
  });
  return { rows: rows.map((row) => ({ ...row, status: quoteStatusOn(row, now) })), total, page: current, pageCount };
}

// ───────────────────────────── what the editor offers ─────────────────────────────

/** The company's contacts a quote can be addressed to, with their address (the quote is mailed to it). */
export async function companyContactsForQuote(companyId: string) {
  const contacts = await db().contact.findMany({
    where: { companyId },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, firstName: true, lastName: true, emails: primaryEmail },
  });
  return contacts.map((contact) => ({ id: contact.id, name: `${contact.firstName} ${contact.lastName}`.trim() || (contact.emails[0]?.address ?? "—"), email: contact.emails[0]?.address ?? null }));
}

/**
 * Who a new quote is for: a deal the viewer may work on (its company and contact), or a company.
 * Null when the deal is outside the viewer's portfolio or the record does not exist.
 */
export async function newQuoteTarget(viewer: SalesViewer, input: { dealId: string | null; companyId: string | null }) {
  if (input.dealId) {
    const rule = ownedRecordsWhere(viewer, "update");
    if (!rule) return null;
    const deal = await db().deal.findFirst({ where: { id: input.dealId, ...rule }, select: { id: true, title: true, contactId: true, company: { select: { id: true, name: true } } } });
    if (!deal) return null;
    return { company: deal.company, deal: { id: deal.id, title: deal.title }, contactId: deal.contactId };
  }
  if (input.companyId) {
    const company = await db().company.findUnique({ where: { id: input.companyId }, select: { id: true, name: true } });
    return company ? { company, deal: null, contactId: null } : null;
  }
  return null;
}

/** What a colleague's save changed, for the conflict notice. */
export async function quoteConflictSummary(quoteId: string, now = new Date()) {
  const quote = await db().quote.findUnique({
    where: { id: quoteId },
    select: { status: true, validUntil: true, version: true, totalExclCents: true, updatedAt: true, _count: { select: { lines: true } } },
  });
  if (!quote) return null;
  return { status: quoteStatusOn(quote, now), version: quote.version, totalExclCents: quote.totalExclCents, lineCount: quote._count.lines, updatedAt: quote.updatedAt.toISOString() };
}

/** The company a list is narrowed to (?societe=), by id. */
export async function companyForFilter(companyId: string) {
  return db().company.findUnique({ where: { id: companyId }, select: { id: true, name: true } });
}

// ───────────────────────────── records, page by page (public API) ─────────────────────────────

const quoteSummarySelect = {
  id: true,
  number: true,
  status: true,
  issueDate: true,
  validUntil: true,
  totalExclCents: true,
  totalVatCents: true,
  totalInclCents: true,
  sentAt: true,
  acceptedAt: true,
  refusedAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  company: { select: { id: true, name: true } },
  owner: { select: { id: true, name: true } },
  deal: { select: { id: true, title: true } },
  order: { select: { id: true, number: true } },
} satisfies Prisma.QuoteSelect;

const quoteOrder: KeysetOrder = [{ field: "createdAt", direction: "desc" }];

export function readQuoteCursor(cursor: string) {
  return decodeKeysetCursor(cursor, "quotes:-createdAt", 1);
}

/**
 * The quotes the viewer may read, newest first, `limit` at a time after a cursor, with their
 * effective status (a sent quote past its validity day is expired). Null when they read none.
 */
export async function listQuoteRecords(
  viewer: SalesViewer,
  filters: { status?: QuoteStatus; ownerId?: string; companyId?: string; dealId?: string },
  page: { cursor?: string | null; limit: number },
  now = new Date(),
) {
  const rule = ownedRecordsWhere(viewer, "read");
  if (!rule) return null;
  const after = page.cursor ? readQuoteCursor(page.cursor) : null;
  const where: Prisma.QuoteWhereInput = {
    AND: [
      rule,
      filters.status ? quoteStatusWhere(filters.status, now) : {},
      filters.ownerId && !rule.ownerId ? { ownerId: filters.ownerId } : {},
      filters.companyId ? { companyId: filters.companyId } : {},
      filters.dealId ? { dealId: filters.dealId } : {},
      after ? (keysetAfter(quoteOrder, after) as Prisma.QuoteWhereInput) : {},
    ],
  };
  const rows = await db().quote.findMany({ where, orderBy: keysetOrderBy(quoteOrder) as Prisma.QuoteOrderByWithRelationInput[], take: page.limit + 1, select: quoteSummarySelect });
  const quotes = rows.slice(0, page.limit).map((row) => ({ ...row, status: quoteStatusOn(row, now) }));
  const last = quotes[quotes.length - 1];
  return { quotes, nextCursor: rows.length > page.limit && last ? encodeKeysetCursor("quotes:-createdAt", [last.createdAt], last.id) : null };
}
