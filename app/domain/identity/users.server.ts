import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { db } from "~/lib/db.server";
import type { Locale } from "~/lib/i18n/locales";
import { recordAudit } from "./audit.server";
import { hashPassword, verifyPassword } from "./passwords.server";
import type { CreateUserInput, UpdateUserInput } from "./user-schemas";

export async function listUsers() {
  return db().user.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      active: true,
      lastLoginAt: true,
      restrictToGroups: true,
      groups: { select: { id: true, name: true }, orderBy: { name: "asc" } },
      _count: { select: { sessions: { where: { revokedAt: null, expiresAt: { gt: new Date() } } } } },
    },
  });
}

export async function getUserForAdmin(userId: string) {
  return db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      active: true,
      locale: true,
      restrictToGroups: true,
      writesKnowledge: true,
      lastLoginAt: true,
      createdAt: true,
      updatedAt: true,
      groups: { select: { id: true } },
    },
  });
}

/** `writesKnowledge` may be left out by callers that do not set it (false on creation, unchanged on update). */
type WithOptionalAuthorFlag<T> = Omit<T, "writesKnowledge"> & { writesKnowledge?: boolean };

export async function createUser(input: WithOptionalAuthorFlag<CreateUserInput> & { actorId: string | null }): Promise<{ id: string }> {
  const existing = await db().user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new DomainError("validation.emailTaken", "email");
  const passwordHash = await hashPassword(input.password);
  return transactionWithEvents(async (tx, events) => {
    const created = await tx.user.create({
      data: {
        name: input.name,
        email: input.email,
        role: input.role,
        locale: input.locale,
        restrictToGroups: input.restrictToGroups,
        writesKnowledge: input.writesKnowledge ?? false,
        passwordHash,
        groups: { connect: input.groupIds.map((id) => ({ id })) },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "user.created",
      entityType: "user",
      entityId: created.id,
      details: { email: input.email, role: input.role, ...(input.writesKnowledge ? { writesKnowledge: true } : {}) },
    });
    events.record("user.created", { userId: created.id, actorId: input.actorId });
    return created;
  });
}

/**
 * Updates a staff account. Deactivating it (or changing its role) revokes its sessions, so the
 * change takes effect at once and not at the next sign-in. An admin cannot lock themselves out.
 */
export async function updateUser(userId: string, update: WithOptionalAuthorFlag<UpdateUserInput> & { actorId: string }): Promise<void> {
  const before = await db().user.findUnique({
    where: { id: userId },
    select: { email: true, role: true, active: true, name: true, restrictToGroups: true, writesKnowledge: true, locale: true, updatedAt: true, groups: { select: { id: true } } },
  });
  if (!before) throw new DomainError("errors.notFound");
  const input = { ...update, writesKnowledge: update.writesKnowledge ?? before.writesKnowledge };
  if (input.version && before.updatedAt.getTime() !== input.version.getTime()) throw new DomainError("validation.staleRecord");
  if (userId === input.actorId && (!input.active || input.role !== "admin")) throw new DomainError("admin.users.cannotLockSelf", "role");
  if (input.email !== before.email) {
    const taken = await db().user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (taken) throw new DomainError("validation.emailTaken", "email");
  }

  const changes: string[] = [];
  if (input.name !== before.name) changes.push("name");
  if (input.email !== before.email) changes.push("email");
  if (input.role !== before.role) changes.push("role");
  if (input.active !== before.active) changes.push("active");
  if (input.restrictToGroups !== before.restrictToGroups) changes.push("restrictToGroups");
  if (input.writesKnowledge !== before.writesKnowledge) changes.push("writesKnowledge");
  if (input.locale !== before.locale) changes.push("locale");
  const beforeGroups = before.groups.map((g) => g.id).sort().join(",");
  if ([...input.groupIds].sort().join(",") !== beforeGroups) changes.push("groups");
  const revokesSessions = changes.includes("active") && !input.active;

  await transactionWithEvents(async (tx, events) => {
    await tx.user.update({
      where: { id: userId },
      data: {
        name: input.name,
        email: input.email,
        role: input.role,
        active: input.active,
        locale: input.locale,
        restrictToGroups: input.restrictToGroups,
        writesKnowledge: input.writesKnowledge,
        groups: { set: input.groupIds.map((id) => ({ id })) },
      },
    });
    let revoked: string[] = [];
    if (revokesSessions) {
      const sessions = await tx.session.findMany({ where: { userId, revokedAt: null }, select: { id: true } });
      revoked = sessions.map((s) => s.id);
      await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    }
    if (changes.length > 0) {
      await recordAudit(tx, {
        actorId: input.actorId,
        action: revokesSessions ? "user.deactivated" : "user.updated",
        entityType: "user",
        entityId: userId,
        details: { changes, role: input.role, ...(changes.includes("writesKnowledge") ? { writesKnowledge: input.writesKnowledge } : {}) },
      });
      events.record("user.updated", { userId, actorId: input.actorId, changes });
    }
    if (revoked.length > 0) events.record("session.revoked", { sessionIds: revoked, userId });
  });
}

export async function setUserLocale(userId: string, locale: Locale): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { locale } });
}

export async function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(currentPassword, user.passwordHash))) throw new DomainError("account.wrongPassword", "currentPassword");
  const passwordHash = await hashPassword(newPassword);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await recordAudit(tx, { actorId: userId, action: "user.password_changed", entityType: "user", entityId: userId });
  });
}

/** True until a first admin exists: a real install then shows the first-run page. */
export async function needsFirstAdmin(): Promise<boolean> {
  return (await db().user.count({ where: { role: "admin", active: true } })) === 0;
}

/** Creates the first admin of a real install; refuses once any admin exists. */
export async function createFirstAdmin(input: { name: string; email: string; password: string }): Promise<{ id: string }> {
  if (!(await needsFirstAdmin())) throw new DomainError("firstRun.alreadyDone");
  return createUser({ ...input, role: "admin", groupIds: [], restrictToGroups: false, writesKnowledge: false, locale: "fr", actorId: null });
}

export async function listGroups() {
  return db().group.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, description: true, _count: { select: { users: true, tickets: true } } },
  });
}

export async function createGroup(input: { name: string; description: string; actorId: string }): Promise<{ id: string }> {
  const taken = await db().group.findUnique({ where: { name: input.name }, select: { id: true } });
  if (taken) throw new DomainError("validation.nameTaken", "name");
  return db().$transaction(async (tx) => {
    const group = await tx.group.create({ data: { name: input.name, description: input.description }, select: { id: true } });
    await recordAudit(tx, { actorId: input.actorId, action: "group.created", entityType: "group", entityId: group.id, details: { name: input.name } });
    return group;
  });
}
