import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import { defaultWebFormSettings, type WebFormSettings, webRequestTypes, type WebRequestType } from "./web-form-schema";

const KEY = "webForm.settings";

/** The public form as the administrator configured it (defaults until then). */
export async function getWebFormSettings(): Promise<WebFormSettings> {
  const row = await db().setting.findUnique({ where: { key: KEY }, select: { value: true } });
  if (!row) return { ...defaultWebFormSettings, types: [...defaultWebFormSettings.types] };
  try {
    const stored = JSON.parse(row.value) as Partial<WebFormSettings>;
    const types = (stored.types ?? []).filter((type): type is WebRequestType => (webRequestTypes as readonly string[]).includes(type));
    return {
      titleFr: stored.titleFr ?? "",
      titleEn: stored.titleEn ?? "",
      introFr: stored.introFr ?? "",
      introEn: stored.introEn ?? "",
      types: types.length > 0 ? types : [...webRequestTypes],
    };
  } catch {
    return { ...defaultWebFormSettings, types: [...defaultWebFormSettings.types] };
  }
}

export async function saveWebFormSettings(settings: WebFormSettings, actorId: string): Promise<void> {
  const value = JSON.stringify(settings);
  await db().$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
    await recordAudit(tx, { actorId, action: "settings.web_form", entityType: "setting", entityId: KEY, details: { types: settings.types } });
  });
}
