import { db } from "~/lib/db.server";

/** The latest audit entries, newest first. */
export async function listAuditEntries(take = 200) {
  const entries = await db().auditLog.findMany({
    orderBy: { at: "desc" },
    take,
    select: { id: true, at: true, action: true, entityType: true, entityId: true, details: true, actor: { select: { name: true } } },
  });
  return entries.map((entry) => ({ ...entry, details: JSON.parse(entry.details) as Record<string, unknown> }));
}
