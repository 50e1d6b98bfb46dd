import { addDays, fromZoned, parseIsoDate } from "~/domain/helpdesk/sla/business-calendar";
import { productUnits, type DocumentTotals } from "~/domain/sales/money";
import { listOrderRecords, orderFor, readOrderCursor } from "~/domain/sales/orders.server";
import { findProductRecord, listProductRecords, readProductCursor, type ProductRecord } from "~/domain/sales/products.server";
import { quoteStatuses } from "~/domain/sales/quote-schemas";
import { listQuoteRecords, quoteDocumentFor, readQuoteCursor, type QuoteLineRow } from "~/domain/sales/quotes.server";
import { localDayInput } from "~/domain/sales/deal-schemas";
import { env } from "~/lib/env.server";
import { WORKSPACE_TIME_ZONE } from "~/lib/workspace-time-zone";
import { defineEndpoint } from "../endpoint.server";
import { ApiProblem } from "../problem.server";
import { booleanQuery, instant, localDay, pageOf, pageQuery, recordId } from "../schemas";
import { z } from "../zod";

/**
 * The price list, quotes and orders over the API, read-only: they are written in the interface
 * (the quote editor, its PDF and mail, acceptance into an order). Quotes and orders under the
 * sales record rule; a quote's status is its effective one (a sent quote past its validity day
 * reads expired). Money in integer cents, rates and discounts in basis points, quantities in
 * thousandths.
 */

const notFound = () => new ApiProblem("not-found", { key: "publicApi.problem.notFound.detail" });
const ref = () => z.object({ id: z.string(), name: z.string() });
const url = (path: string) => `${env().PUBLIC_URL}${path}`;

// ───────────────────────────── products ─────────────────────────────

const productSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    name: z.string(),
    description: z.string(),
    unit: z.enum(productUnits),
    unitPriceCents: z.number().int().openapi({ description: "publicApi.field.unitPriceCents" }),
    vatRateBps: z.number().int().openapi({ description: "publicApi.field.vatRateBps" }),
    active: z.boolean().openapi({ description: "publicApi.field.productActive" }),
    createdAt: instant(),
    updatedAt: instant(),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("Product");

function productOf(product: ProductRecord): z.input<typeof productSchema> {
  return { ...product, unit: product.unit as z.input<typeof productSchema>["unit"], webUrl: url(`/ventes/produits/${product.id}`) };
}

const listProducts = defineEndpoint({
  operationId: "listProducts",
  method: "get",
  path: "/products",
  tag: "products",
  summary: "publicApi.op.listProducts",
  description: "publicApi.op.listProducts.about",
  scope: "sales:read",
  permission: "read:product",
  query: z
    .object({
      q: z.string().trim().max(100, "validation.tooLong").optional().openapi({ description: "publicApi.param.productQuery" }),
      active: booleanQuery().optional().openapi({ description: "publicApi.param.productActive" }),
      ...pageQuery,
    })
    .superRefine((query, context) => {
      if (query.cursor && !readProductCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
    }),
  paginated: true,
  response: { status: 200, description: "publicApi.response.productPage", schema: pageOf(productSchema, "ProductPage") },
  example: { query: { q: "maintenance" } },
  async handle({ query }) {
    const page = await listProductRecords({ active: query.active === undefined ? true : query.active, search: query.q ?? "" }, { cursor: query.cursor, limit: query.limit });
    return { status: 200, body: { data: page.products.map(productOf), next: page.nextCursor } };
  },
});

const getProduct = defineEndpoint({
  operationId: "getProduct",
  method: "get",
  path: "/products/{product}",
  tag: "products",
  summary: "publicApi.op.getProduct",
  scope: "sales:read",
  permission: "read:product",
  params: z.object({ product: recordId().openapi({ description: "publicApi.param.product" }) }),
  conditional: "read",
  response: { status: 200, description: "publicApi.response.product", schema: productSchema },
  example: { params: { product: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ params }) {
    const product = await findProductRecord(params.product);
    if (!product) throw notFound();
    return { status: 200, body: productOf(product), etag: product.updatedAt.getTime() };
  },
});

// ───────────────────────────── quotes ─────────────────────────────

const lineSchema = z
  .object({
    position: z.number().int(),
    productId: z.string().nullable(),
    reference: z.string(),
    description: z.string(),
    unit: z.string(),
    quantityMilli: z.number().int().openapi({ description: "publicApi.field.quantityMilli" }),
    unitPriceCents: z.number().int().openapi({ description: "publicApi.field.unitPriceCents" }),
    discountBps: z.number().int().openapi({ description: "publicApi.field.discountBps" }),
    vatRateBps: z.number().int().openapi({ description: "publicApi.field.vatRateBps" }),
    totalExclCents: z.number().int().openapi({ description: "publicApi.field.lineTotal" }),
  })
  .openapi("DocumentLine");

const totalsSchema = z
  .object({
    totalExclCents: z.number().int(),
    vatByRate: z.array(z.object({ rateBps: z.number().int(), baseCents: z.number().int(), vatCents: z.number().int() })).openapi({ description: "publicApi.field.vatByRate" }),
    totalVatCents: z.number().int(),
    totalInclCents: z.number().int(),
  })
  .openapi("DocumentTotals");

function linesOf(lines: QuoteLineRow[]): Array<z.input<typeof lineSchema>> {
  return lines.map(({ id: _id, ...line }) => line);
}

function totalsOf(totals: DocumentTotals): z.input<typeof totalsSchema> {
  return { totalExclCents: totals.totalExclCents, vatByRate: totals.vatByRate, totalVatCents: totals.totalVatCents, totalInclCents: totals.totalInclCents };
}

const quoteSummary = z
  .object({
    id: z.string(),
    number: z.string().openapi({ description: "publicApi.field.quoteNumber" }),
    status: z.enum(quoteStatuses).openapi({ description: "publicApi.field.quoteStatus" }),
    issueDate: localDay(),
    validUntil: localDay(),
    totalExclCents: z.number().int(),
    totalVatCents: z.number().int(),
    totalInclCents: z.number().int(),
    company: ref(),
    owner: ref(),
    deal: z.object({ id: z.string(), title: z.string() }).nullable(),
    order: z.object({ id: z.string(), number: z.string() }).nullable(),
    sentAt: instant().nullable(),
    acceptedAt: instant().nullable(),
    refusedAt: instant().nullable(),
    version: z.number().int().openapi({ description: "publicApi.field.version" }),
    createdAt: instant(),
    updatedAt: instant(),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("QuoteSummary");

const quoteSchema = quoteSummary
  .extend({
    paymentTerms: z.string(),
    notes: z.string(),
    contact: z.object({ id: z.string(), name: z.string(), email: z.string().nullable() }).nullable(),
    customer: z
      .object({ name: z.string(), street: z.string(), postalCode: z.string(), city: z.string(), country: z.string(), contactName: z.string(), contactEmail: z.string(), language: z.enum(["fr", "en"]) })
      .openapi({ description: "publicApi.field.quoteCustomer" }),
    lines: z.array(lineSchema),
    totals: totalsSchema,
  })
  .openapi("Quote");

type QuoteOut = z.input<typeof quoteSummary>;

const day = (value: Date) => localDayInput(value);

const listQuotes = defineEndpoint({
  operationId: "listQuotes",
  method: "get",
  path: "/quotes",
  tag: "quotes",
  summary: "publicApi.op.listQuotes",
  description: "publicApi.op.listQuotes.about",
  scope: "sales:read",
  permission: "read:deal",
  query: z
    .object({
      status: z.enum(quoteStatuses).optional(),
      ownerId: recordId().optional().openapi({ description: "publicApi.param.dealOwner" }),
      companyId: recordId().optional(),
      dealId: recordId().optional(),
      ...pageQuery,
    })
    .superRefine((query, context) => {
      if (query.cursor && !readQuoteCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
    }),
  paginated: true,
  response: { status: 200, description: "publicApi.response.quotePage", schema: pageOf(quoteSummary, "QuotePage") },
  example: { query: { status: "sent" } },
  async handle({ caller, query }) {
    const page = await listQuoteRecords(caller, { status: query.status, ownerId: query.ownerId, companyId: query.companyId, dealId: query.dealId }, { cursor: query.cursor, limit: query.limit });
    if (!page) throw new ApiProblem("forbidden", { key: "publicApi.problem.forbidden.detail" });
    const data = page.quotes.map(
      (quote): QuoteOut => ({ ...quote, issueDate: day(quote.issueDate), validUntil: day(quote.validUntil), webUrl: url(`/ventes/devis/${quote.id}`) }),
    );
    return { status: 200, body: { data, next: page.nextCursor } };
  },
});

const getQuote = defineEndpoint({
  operationId: "getQuote",
  method: "get",
  path: "/quotes/{quote}",
  tag: "quotes",
  summary: "publicApi.op.getQuote",
  description: "publicApi.op.getQuote.about",
  scope: "sales:read",
  permission: "read:deal",
  params: z.object({ quote: recordId().openapi({ description: "publicApi.param.quote" }) }),
  conditional: "read",
  response: { status: 200, description: "publicApi.response.quote", schema: quoteSchema },
  example: { params: { quote: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ caller, params }) {
    const quote = await quoteDocumentFor(caller, params.quote);
    if (!quote) throw notFound();
    return {
      status: 200,
      etag: quote.version,
      body: {
        id: quote.id,
        number: quote.number,
        status: quote.status,
        issueDate: day(quote.issueDate),
        validUntil: day(quote.validUntil),
        totalExclCents: quote.totals.totalExclCents,
        totalVatCents: quote.totals.totalVatCents,
        totalInclCents: quote.totals.totalInclCents,
        company: quote.company,
        owner: quote.owner,
        deal: quote.deal,
        order: quote.order,
        sentAt: quote.sentAt,
        acceptedAt: quote.acceptedAt,
        refusedAt: quote.refusedAt,
        version: quote.version,
        createdAt: quote.createdAt,
        updatedAt: quote.updatedAt,
        webUrl: url(`/ventes/devis/${quote.id}`),
        paymentTerms: quote.paymentTerms,
        notes: quote.notes,
        contact: quote.contact ? { id: quote.contact.id, name: quote.contact.name, email: quote.contact.email } : null,
        customer: quote.customer,
        lines: linesOf(quote.lines),
        totals: totalsOf(quote.totals),
      },
    };
  },
});

// ───────────────────────────── orders ─────────────────────────────

const orderSummary = z
  .object({
    id: z.string(),
    number: z.string().openapi({ description: "publicApi.field.orderNumber" }),
    orderedAt: instant(),
    totalExclCents: z.number().int(),
    totalVatCents: z.number().int(),
    totalInclCents: z.number().int(),
    company: ref(),
    owner: ref(),
    quote: z.object({ id: z.string(), number: z.string() }),
    deal: z.object({ id: z.string(), title: z.string() }).nullable(),
    createdAt: instant(),
    webUrl: z.string().url().openapi({ description: "publicApi.field.webUrl" }),
  })
  .openapi("OrderSummary");

const orderSchema = orderSummary
  .extend({ contactName: z.string(), paymentTerms: z.string(), lines: z.array(lineSchema), totals: totalsSchema })
  .openapi("Order");

const startOfDay = (value: string, offset = 0) => fromZoned(addDays(parseIsoDate(value)!, offset), 0, WORKSPACE_TIME_ZONE);

const listOrders = defineEndpoint({
  operationId: "listOrders",
  method: "get",
  path: "/orders",
  tag: "orders",
  summary: "publicApi.op.listOrders",
  description: "publicApi.op.listOrders.about",
  scope: "sales:read",
  permission: "read:deal",
  query: z
    .object({
      ownerId: recordId().optional().openapi({ description: "publicApi.param.dealOwner" }),
      companyId: recordId().optional(),
      from: localDay().optional().openapi({ description: "publicApi.param.orderedFrom" }),
      to: localDay().optional().openapi({ description: "publicApi.param.orderedTo" }),
      ...pageQuery,
    })
    .superRefine((query, context) => {
      if (query.cursor && !readOrderCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "publicApi.validation.cursor" });
      for (const field of ["from", "to"] as const) if (query[field] && !parseIsoDate(query[field]!)) context.addIssue({ code: "custom", path: [field], message: "publicApi.validation.day" });
    }),
  paginated: true,
  response: { status: 200, description: "publicApi.response.orderPage", schema: pageOf(orderSummary, "OrderPage") },
  example: { query: { from: "2026-01-01", to: "2026-03-31" } },
  async handle({ caller, query }) {
    const page = await listOrderRecords(
      caller,
      { ownerId: query.ownerId, companyId: query.companyId, from: query.from ? startOfDay(query.from) : undefined, to: query.to ? startOfDay(query.to, 1) : undefined },
      { cursor: query.cursor, limit: query.limit },
    );
    if (!page) throw new ApiProblem("forbidden", { key: "publicApi.problem.forbidden.detail" });
    return { status: 200, body: { data: page.orders.map((order) => ({ ...order, webUrl: url(`/ventes/commandes/${order.id}`) })), next: page.nextCursor } };
  },
});

const getOrder = defineEndpoint({
  operationId: "getOrder",
  method: "get",
  path: "/orders/{order}",
  tag: "orders",
  summary: "publicApi.op.getOrder",
  scope: "sales:read",
  permission: "read:deal",
  params: z.object({ order: recordId().openapi({ description: "publicApi.param.order" }) }),
  response: { status: 200, description: "publicApi.response.order", schema: orderSchema },
  example: { params: { order: "cmf3k2x0p0001qv8h5t2d9a1b" } },
  async handle({ caller, params }) {
    const order = await orderFor(caller, params.order);
    if (!order) throw notFound();
    const { quote, totals, ...fields } = order;
    return {
      status: 200,
      body: {
        ...fields,
        totalExclCents: totals.totalExclCents,
        totalVatCents: totals.totalVatCents,
        totalInclCents: totals.totalInclCents,
        quote: { id: quote.id, number: quote.number },
        paymentTerms: quote.paymentTerms,
        lines: linesOf(quote.lines),
        totals: totalsOf(totals),
        webUrl: url(`/ventes/commandes/${order.id}`),
      },
    };
  },
});

export const documentEndpoints = [listProducts, getProduct, listQuotes, getQuote, listOrders, getOrder];

