import fs from "node:fs";
import path from "node:path";
import { queueTemplateEmailInTransaction } from "~/domain/channels/email/outbox.server";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { personalDataArchiveEmail } from "~/emails/personal-data-archive.mjml";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { formatters } from "~/lib/i18n/translate";
import { signToken, verifyToken } from "~/lib/signed-tokens.server";
import { writePersonalDataArchive } from "./personal-data-archive.server";
import { collectPersonalData } from "./personal-data.server";

/**
 * The life of an access archive (PersonalDataExport): requested (by staff from the contact page,
 * or by the person from the portal), built in the background by the worker, downloadable until
 * it expires, then deleted. One pending request per person at a time. Every request and every
 * download is audited; the audit holds who and when, never the data.
 */

/** How long an archive stays downloadable before the worker deletes it. */
export const ARCHIVE_LIFETIME_DAYS = 7;
const LINK_PURPOSE = "personal-data-archive";

export type ArchiveRequester = { via: "staff"; userId: string } | { via: "portal" };

function archivePath(exportId: string): string {
  return path.join(env().dataDir, "personal-data", `${exportId}.zip`);
}

/**
 * Asks for a person's archive. Returns the pending request when there already is one (it is not
 * duplicated), null when there is no such person (or they were erased).
 */
export async function requestPersonalDataExport(contactId: string, requester: ArchiveRequester): Promise<{ exportId: string; created: boolean } | null> {
  return transactionWithEvents(async (tx) => {
    const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { erasedAt: true } });
    if (!contact || contact.erasedAt) return null;
    const pending = await tx.personalDataExport.findFirst({ where: { contactId, status: "pending" }, select: { id: true } });
    if (pending) return { exportId: pending.id, created: false };
    const created = await tx.personalDataExport.create({
      data: { contactId, requestedVia: requester.via, requestedById: requester.via === "staff" ? requester.userId : null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: requester.via === "staff" ? requester.userId : null,
      action: "privacy.access_requested",
      entityType: "contact",
      entityId: contactId,
      details: { exportId: created.id, via: requester.via },
    });
    return { exportId: created.id, created: true };
  });
}

/**
 * Builds the pending archives, oldest first. A staff request ends "ready" (downloadable from the
 * contact page); a portal request ends "sent": the link is mailed to the person's primary address
 * (the one they sign in to the portal with) in the same transaction. Returns how many were built.
 */
export async function buildPendingPersonalDataExports(now = new Date(), take = 5): Promise<number> {
  const pending = await db().personalDataExport.findMany({ where: { status: "pending" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take, select: { id: true, contactId: true, requestedVia: true } });
  let built = 0;
  for (const request of pending) {
    const data = request.contactId ? await collectPersonalData(request.contactId, now) : null;
    if (!data) {
      await db().personalDataExport.update({ where: { id: request.id }, data: { status: "failed", error: "contact_missing" } });
      continue;
    }
    const target = archivePath(request.id);
    let size: number;
    try {
      size = await writePersonalDataArchive(data, env().mail.from.name, target);
    } catch (error) {
      console.error("[personal-data-exports] archive failed", request.id, error);
      await db().personalDataExport.update({ where: { id: request.id }, data: { status: "failed", error: error instanceof Error ? error.message.slice(0, 500) : "archive_failed" } });
      continue;
    }
    const expiresAt = new Date(now.getTime() + ARCHIVE_LIFETIME_DAYS * 86_400_000);
    const primary = data.contact.emails.find((email) => email.isPrimary)?.address ?? data.contact.emails[0]?.address ?? null;
    const mailed = request.requestedVia === "portal" && primary !== null;
    await transactionWithEvents(async (tx) => {
      await tx.personalDataExport.update({
        where: { id: request.id },
        data: { status: request.requestedVia === "portal" ? (mailed ? "sent" : "failed") : "ready", error: request.requestedVia === "portal" && !mailed ? "no_address" : "", storedPath: target, sizeBytes: size, readyAt: now, expiresAt },
      });
      if (mailed) {
        const token = signToken(LINK_PURPOSE, { e: request.id, x: expiresAt.getTime() });
        await queueTemplateEmailInTransaction(tx, {
          kind: "personal_data_archive",
          to: primary,
          automatic: "auto-generated",
          template: personalDataArchiveEmail,
          props: { firstName: data.contact.firstName, url: `${env().PUBLIC_URL}/portail/donnees/${token}`, expiresOn: formatters(data.language).date(expiresAt) },
          locale: data.language,
        });
      }
    });
    built += 1;
  }
  return built;
}

/** Deletes the archives past their expiry (the row stays, "expired", as a record of the request). */
export async function purgeExpiredPersonalDataExports(now = new Date()): Promise<number> {
  const expired = await db().personalDataExport.findMany({ where: { status: { in: ["ready", "sent"] }, expiresAt: { lte: now } }, select: { id: true, storedPath: true } });
  for (const archive of expired) {
    if (archive.storedPath) await fs.promises.rm(archive.storedPath, { force: true });
    await db().personalDataExport.update({ where: { id: archive.id }, data: { status: "expired", storedPath: "" } });
  }
  return expired.length;
}

/** The recent archives of a person, for the contact page. */
export async function personalDataExportsOf(contactId: string, take = 5) {
  return db().personalDataExport.findMany({
    where: { contactId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, status: true, requestedVia: true, createdAt: true, readyAt: true, expiresAt: true, sizeBytes: true, requestedBy: { select: { name: true } } },
  });
}

export type DownloadableArchive = { exportId: string; contactId: string; filePath: string; sizeBytes: number; fileName: string };

async function downloadable(where: { id: string; contactId?: string }, now: Date): Promise<DownloadableArchive | null> {
  const archive = await db().personalDataExport.findFirst({ where: { ...where, status: { in: ["ready", "sent"] }, expiresAt: { gt: now } }, select: { id: true, contactId: true, storedPath: true, sizeBytes: true, createdAt: true } });
  if (!archive || !archive.contactId || !archive.storedPath || !fs.existsSync(archive.storedPath)) return null;
  return { exportId: archive.id, contactId: archive.contactId, filePath: archive.storedPath, sizeBytes: archive.sizeBytes, fileName: `donnees-personnelles-${archive.createdAt.toISOString().slice(0, 10)}.zip` };
}

/** A staff download: the archive of this contact, if it is ready and not expired. */
export async function archiveForStaff(contactId: string, exportId: string, now = new Date()): Promise<DownloadableArchive | null> {
  if (!exportId || exportId.length > 64) return null;
  return downloadable({ id: exportId, contactId }, now);
}

/**
 * The archive a mailed link stands for: the signature must hold and the link not be past the
 * archive's expiry. Null otherwise, without saying why (a link never reveals whether an archive exists).
 */
export async function archiveForLink(token: string, now = new Date()): Promise<DownloadableArchive | null> {
  const payload = verifyToken<{ e?: unknown; x?: unknown }>(LINK_PURPOSE, token);
  if (!payload || typeof payload.e !== "string" || typeof payload.x !== "number" || payload.x <= now.getTime()) return null;
  return downloadable({ id: payload.e }, now);
}

/** Records a download in the audit log (who, which archive; never its content). */
export async function recordArchiveDownloaded(archive: DownloadableArchive, by: ArchiveRequester): Promise<void> {
  await transactionWithEvents(async (tx) => {
    await recordAudit(tx, {
      actorId: by.via === "staff" ? by.userId : null,
      action: "privacy.access_downloaded",
      entityType: "contact",
      entityId: archive.contactId,
      details: { exportId: archive.exportId, via: by.via, sizeBytes: archive.sizeBytes },
    });
  });
}
