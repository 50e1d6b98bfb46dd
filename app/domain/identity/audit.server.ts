import type { TransactionClient } from "~/lib/db.server";

export type AuditEntry = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
};

/** Records a sensitive action, inside the caller's transaction so both commit or neither. */
export async function recordAudit(tx: TransactionClient, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      details: JSON.stringify(entry.details ?? {}),
    },
  });
}
