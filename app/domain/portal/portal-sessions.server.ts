import { db } from "~/lib/db.server";
import { randomToken, sha256Hex } from "~/lib/signed-tokens.server";

/**
 * Customer portal sessions: separate from staff sessions (own table, own cookie), same care:
 * the cookie holds a random token, only its SHA-256 is stored, the session slides with activity
 * and dies when an agent withdraws the contact's portal access.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
export const PORTAL_SESSION_DAYS = 14;
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export type PortalCustomer = {
  sessionId: string;
  contactId: string;
  firstName: string;
  lastName: string;
  /** Primary address (where mails go). */
  email: string;
  language: string;
  companyId: string | null;
  companyName: string | null;
  companyManager: boolean;
  hasPassword: boolean;
};

export async function openPortalSession(contactId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + PORTAL_SESSION_DAYS * DAY_MS);
  await db().portalSession.create({ data: { tokenHash: sha256Hex(token), contactId, expiresAt, createdAt: now, lastSeenAt: now } });
  return { token, expiresAt };
}

export async function findPortalSession(token: string, now = new Date()): Promise<PortalCustomer | null> {
  const session = await db().portalSession.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      lastSeenAt: true,
      contact: {
        select: {
          id: true,
          firstName: true,
          lastName: true,
          language: true,
          companyId: true,
          companyManager: true,
          portalAccess: true,
          portalPasswordHash: true,
          company: { select: { name: true } },
          emails: { orderBy: [{ isPrimary: "desc" }, { address: "asc" }], take: 1, select: { address: true } },
        },
      },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= now || !session.contact.portalAccess) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().portalSession.update({
      where: { id: session.id },
      data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + PORTAL_SESSION_DAYS * DAY_MS) },
    });
  }
  const { contact } = session;
  return {
    sessionId: session.id,
    contactId: contact.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.emails[0]?.address ?? "",
    language: contact.language,
    companyId: contact.companyId,
    companyName: contact.company?.name ?? null,
    // Following the company's tickets only makes sense with a company.
    companyManager: contact.companyManager && contact.companyId !== null,
    hasPassword: contact.portalPasswordHash !== null,
  };
}

export async function closePortalSession(sessionId: string): Promise<void> {
  await db().portalSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every portal session of a contact, except possibly the current one (password change). */
export async function closeOtherPortalSessions(contactId: string, keepSessionId?: string): Promise<number> {
  const { count } = await db().portalSession.updateMany({
    where: { contactId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}
