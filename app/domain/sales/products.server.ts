import { DomainError } from "~/domain/errors";
import { recordAudit } from "~/domain/identity/audit.server";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/lib/db.server";
import { decodeKeysetCursor, encodeKeysetCursor, keysetAfter, keysetOrderBy, type KeysetOrder } from "~/lib/keyset";
import type { ProductInput, ProductState } from "./product-schemas";

/**
 * The price list. A product copied onto a quote line stays there as a copy (reference, name, price,
 * VAT), so repricing or deactivating it never changes a quote; a product that was ever used on a
 * quote is deactivated, never deleted.
 */

const productListSelect = {
  id: true,
  reference: true,
  name: true,
  description: true,
  unit: true,
  unitPriceCents: true,
  vatRateBps: true,
  active: true,
  updatedAt: true,
  _count: { select: { quoteLines: true } },
} satisfies Prisma.ProductSelect;

/** What the quote editor's product picker needs to fill a line. */
export const productChoiceSelect = {
  id: true,
  reference: true,
  name: true,
  description: true,
  unit: true,
  unitPriceCents: true,
  vatRateBps: true,
} satisfies Prisma.ProductSelect;

export type ProductChoice = Prisma.ProductGetPayload<{ select: typeof productChoiceSelect }>;

const PAGE_SIZE = 200;

export async function listProducts(filters: { state: ProductState; search: string }) {
  const search = filters.search.trim();
  const where: Prisma.ProductWhereInput = {
    ...(filters.state === "all" ? {} : { active: filters.state === "active" }),
    ...(search ? { OR: [{ reference: { contains: search.toUpperCase() } }, { name: { contains: search } }] } : {}),
  };
  const [rows, total] = await Promise.all([
    db().product.findMany({ where, orderBy: [{ active: "desc" }, { name: "asc" }, { id: "asc" }], take: PAGE_SIZE, select: productListSelect }),
    db().product.count({ where }),
  ]);
  return { rows: rows.map(({ _count, ...product }) => ({ ...product, quoteLineCount: _count.quoteLines })), total, pageSize: PAGE_SIZE };
}

/** Active products for the quote editor's picker, by name. */
export async function productChoices(): Promise<ProductChoice[]> {
  return db().product.findMany({ where: { active: true }, orderBy: [{ name: "asc" }, { id: "asc" }], take: 1000, select: productChoiceSelect });
}

export async function getProduct(productId: string) {
  const product = await db().product.findUnique({ where: { id: productId }, select: productListSelect });
  if (!product) return null;
  const { _count, ...rest } = product;
  return { ...rest, quoteLineCount: _count.quoteLines };
}

function productData(input: ProductInput) {
  return {
    reference: input.reference,
    name: input.name,
    description: input.description,
    unit: input.unit,
    unitPriceCents: input.unitPrice,
    vatRateBps: input.vatRate,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

async function assertReferenceFree(reference: string, productId: string | null) {
  const taken = await db().product.findUnique({ where: { reference }, select: { id: true } });
  if (taken && taken.id !== productId) throw new DomainError("sales.product.validation.referenceTaken", "reference");
}

export async function createProduct(input: ProductInput, actorId: string): Promise<{ id: string }> {
  await assertReferenceFree(input.reference, null);
  try {
    return await db().$transaction(async (tx) => {
      const product = await tx.product.create({ data: productData(input), select: { id: true } });
      await recordAudit(tx, { actorId, action: "product.created", entityType: "Product", entityId: product.id, details: { reference: input.reference } });
      return product;
    });
  } catch (error) {
    // Another save took the reference between the check and the insert.
    if (isUniqueViolation(error)) throw new DomainError("sales.product.validation.referenceTaken", "reference");
    throw error;
  }
}

/** Saves the form over the product; refused when someone saved it since the form was loaded. */
export async function updateProduct(productId: string, input: ProductInput, actorId: string): Promise<{ changed: string[] }> {
  await assertReferenceFree(input.reference, productId);
  try {
    return await db().$transaction(async (tx) => {
      const before = await tx.product.findUnique({ where: { id: productId }, select: { reference: true, name: true, description: true, unit: true, unitPriceCents: true, vatRateBps: true, updatedAt: true } });
      if (!before) throw new DomainError("errors.notFound");
      if (input.version && before.updatedAt.toISOString() !== input.version) throw new DomainError("validation.staleRecord");
      const data = productData(input);
      const changed = (Object.keys(data) as Array<keyof typeof data>).filter((key) => before[key] !== data[key]);
      if (changed.length === 0) return { changed };
      await tx.product.update({ where: { id: productId }, data });
      await recordAudit(tx, { actorId, action: "product.updated", entityType: "Product", entityId: productId, details: { changed } });
      return { changed };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("sales.product.validation.referenceTaken", "reference");
    throw error;
  }
}

/** Takes a product off (or back onto) the price list: quotes already written keep their copy. */
export async function setProductActive(productId: string, active: boolean, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const updated = await tx.product.updateMany({ where: { id: productId, active: !active }, data: { active } });
    if (updated.count === 0) return;
    await recordAudit(tx, { actorId, action: active ? "product.reactivated" : "product.deactivated", entityType: "Product", entityId: productId });
  });
}

/** Deletes a product that was never used on a quote; one that was is only deactivated (the error says so). */
export async function deleteProduct(productId: string, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const product = await tx.product.findUnique({ where: { id: productId }, select: { reference: true, _count: { select: { quoteLines: true } } } });
    if (!product) throw new DomainError("errors.notFound");
    if (product._count.quoteLines > 0) throw new DomainError("sales.product.usedOnQuotes");
    await tx.product.delete({ where: { id: productId } });
    await recordAudit(tx, { actorId, action: "product.deleted", entityType: "Product", entityId: productId, details: { reference: product.reference } });
  });
}

// ───────────────────────────── records, page by page (public API) ─────────────────────────────

const productRecordSelect = {
  id: true,
  reference: true,
  name: true,
  description: true,
  unit: true,
  unitPriceCents: true,
  vatRateBps: true,
  active: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ProductSelect;
export type ProductRecord = Prisma.ProductGetPayload<{ select: typeof productRecordSelect }>;

const productOrder: KeysetOrder = [{ field: "name", direction: "asc" }];

export function readProductCursor(cursor: string) {
  return decodeKeysetCursor(cursor, "products:name", 1);
}

/** Products by name (active ones only unless told), `limit` at a time after a cursor; searched in reference and name. */
export async function listProductRecords(filters: { active: boolean | null; search: string }, page: { cursor?: string | null; limit: number }) {
  const search = filters.search.trim();
  const after = page.cursor ? readProductCursor(page.cursor) : null;
  const where: Prisma.ProductWhereInput = {
    AND: [
      filters.active === null ? {} : { active: filters.active },
      search ? { OR: [{ reference: { contains: search.toUpperCase() } }, { name: { contains: search } }] } : {},
      after ? (keysetAfter(productOrder, after) as Prisma.ProductWhereInput) : {},
    ],
  };
  const rows = await db().product.findMany({ where, orderBy: keysetOrderBy(productOrder) as Prisma.ProductOrderByWithRelationInput[], take: page.limit + 1, select: productRecordSelect });
  const products = rows.slice(0, page.limit);
  const last = products[products.length - 1];
  return { products, nextCursor: rows.length > page.limit && last ? encodeKeysetCursor("products:name", [last.name], last.id) : null };
}

export async function findProductRecord(productId: string): Promise<ProductRecord | null> {
  if (!productId || productId.length > 64) return null;
  return db().product.findUnique({ where: { id: productId }, select: productRecordSelect });
}
