import crypto from "node:crypto";
import { transactionWithEvents } from "~/domain/event-store.server";
import { db } from "~/lib/db.server";
import { recordAudit } from "./audit.server";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Activity refreshes lastSeenAt (and the expiry) at most this often, to spare writes. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export function hashSessionToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: string;
  locale: string;
  restrictToGroups: boolean;
  writesKnowledge: boolean;
};

export type ActiveSession = { id: string; user: SessionUser };

/** Opens a session and returns the secret token for the cookie; only its hash is stored. */
export async function openSession(input: {
  userId: string;
  userAgent: string;
  ipAddress: string;
  lifetimeDays: number;
}): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + input.lifetimeDays * DAY_MS);
  const session = await db().session.create({
    data: {
      tokenHash: hashSessionToken(token),
      userId: input.userId,
      userAgent: input.userAgent.slice(0, 300),
      ipAddress: input.ipAddress.slice(0, 64),
      expiresAt,
    },
    select: { id: true },
  });
  return { token, sessionId: session.id, expiresAt };
}

/**
 * The live session behind a cookie token: not expired, not revoked, and its user still active.
 * Sliding expiry: activity extends the session.
 */
export async function findActiveSession(token: string, lifetimeDays: number): Promise<ActiveSession | null> {
  const now = new Date();
  const session = await db().session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, name: true, role: true, locale: true, restrictToGroups: true, writesKnowledge: true, active: true } },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= now || !session.user.active) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().session.update({
      where: { id: session.id },
      data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + lifetimeDays * DAY_MS) },
    });
  }
  const { active: _active, ...user } = session.user;
  return { id: session.id, user };
}

export async function closeSession(sessionId: string): Promise<void> {
  await transactionWithEvents(async (tx, events) => {
    const { userId } = await tx.session.update({
      where: { id: sessionId },
      data: { revokedAt: new Date() },
      select: { userId: true },
    });
    events.record("session.revoked", { sessionIds: [sessionId], userId });
  });
}

export async function listSessions(userId: string) {
  return db().session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, ipAddress: true, createdAt: true, lastSeenAt: true },
  });
}

/** An admin (or the user) revokes sessions; audited. Returns how many were revoked. */
export async function revokeSessions(input: { actorId: string; userId: string; sessionId?: string }): Promise<number> {
  const where = { userId: input.userId, revokedAt: null, ...(input.sessionId ? { id: input.sessionId } : {}) };
  const revoked = await transactionWithEvents(async (tx, events) => {
    const sessions = await tx.session.findMany({ where, select: { id: true } });
    if (sessions.length === 0) return [];
    await tx.session.updateMany({ where: { id: { in: sessions.map((s) => s.id) } }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "session.revoked",
      entityType: "user",
      entityId: input.userId,
      details: { sessions: sessions.length },
    });
    events.record("session.revoked", { sessionIds: sessions.map((s) => s.id), userId: input.userId });
    return sessions.map((s) => s.id);
  });
  return revoked.length;
}

/** Removes sessions that ended long ago; run at boot and daily. */
export async function purgeEndedSessions(olderThanDays = 30): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanDays * DAY_MS);
  const { count } = await db().session.deleteMany({
    where: { OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] },
  });
  return count;
}

/** Of these sessions, the ones still usable now: not revoked, not expired, their user active. */
export async function stillActiveSessionIds(sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const sessions = await db().session.findMany({
    where: { id: { in: sessionIds }, revokedAt: null, expiresAt: { gt: new Date() }, user: { active: true } },
    select: { id: true },
  });
  return new Set(sessions.map((session) => session.id));
}

/** A user as their sessions carry them (after an admin changed their role or groups), or null if deactivated. */
export async function activeSessionUser(userId: string): Promise<SessionUser | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, locale: true, restrictToGroups: true, writesKnowledge: true, active: true },
  });
  if (!user?.active) return null;
  const { active: _active, ...sessionUser } = user;
  return sessionUser;
}
