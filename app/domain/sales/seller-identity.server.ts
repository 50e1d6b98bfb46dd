import { recordAudit } from "~/domain/identity/audit.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { db, type TransactionClient } from "~/lib/db.server";
import { readSellerIdentity, SELLER_SETTING, type SellerIdentity } from "./seller-identity";

/** The seller identity as stored (Setting "sales.seller"): complete, or what is there so far and what is missing. */
export async function loadSellerIdentity(client: TransactionClient | PrismaClient = db()) {
  const setting = await client.setting.findUnique({ where: { key: SELLER_SETTING }, select: { value: true } });
  return readSellerIdentity(setting?.value);
}

/** Saves the Administration form (already validated by sellerIdentitySchema), audited with the fields that changed. */
export async function saveSellerIdentity(identity: SellerIdentity, actorId: string): Promise<{ changed: string[] }> {
  const value = JSON.stringify(identity);
  return db().$transaction(async (tx) => {
    const before = await loadSellerIdentity(tx);
    const previous: Record<string, unknown> = before.complete ? before.identity : before.values;
    const changed = Object.keys(identity).filter((key) => String(previous[key] ?? "") !== String(identity[key as keyof SellerIdentity]));
    if (changed.length === 0) return { changed };
    await tx.setting.upsert({ where: { key: SELLER_SETTING }, create: { key: SELLER_SETTING, value }, update: { value } });
    await recordAudit(tx, { actorId, action: "sales.seller.updated", entityType: "Setting", entityId: SELLER_SETTING, details: { changed } });
    return { changed };
  });
}
