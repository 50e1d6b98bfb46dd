import { reopenDaysLimits } from "~/domain/channels/web-form/web-form-schema";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";

const REOPEN_DAYS_KEY = "portal.reopenDays";

/** Days after a ticket is solved during which the customer may reopen it from the portal. */
export async function getReopenDays(): Promise<number> {
  const row = await db().setting.findUnique({ where: { key: REOPEN_DAYS_KEY }, select: { value: true } });
  const value = Number(row?.value);
  return row && Number.isInteger(value) && value >= reopenDaysLimits.min && value <= reopenDaysLimits.max ? value : reopenDaysLimits.default;
}

export async function saveReopenDays(days: number, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: REOPEN_DAYS_KEY }, create: { key: REOPEN_DAYS_KEY, value: String(days) }, update: { value: String(days) } });
    await recordAudit(tx, { actorId, action: "settings.portal", entityType: "setting", entityId: REOPEN_DAYS_KEY, details: { reopenDays: days } });
  });
}
