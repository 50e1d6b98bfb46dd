import { DomainError } from "~/domain/errors";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { testImapConnection, type ConnectionTestResult, type ImapSettings } from "~/lib/imap/imap-client.server";
import { openSecret, sealSecret, SecretUnreadableError } from "~/lib/secret-box.server";
import type { MailboxForm } from "./mailbox-schemas";

/**
 * IMAP mailboxes: those added in Administration (password sealed with AES-256-GCM) and the one
 * defined by IMAP_* variables, mirrored as a read-only row so its cursor and history live in the
 * database like the others.
 */

export const ENVIRONMENT_MAILBOX_NAME = "IMAP_* (environment)";

export async function listMailboxes() {
  return db().mailbox.findMany({
    orderBy: [{ fromEnvironment: "desc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      host: true,
      port: true,
      tls: true,
      username: true,
      folder: true,
      afterProcessing: true,
      moveToFolder: true,
      pollSeconds: true,
      active: true,
      fromEnvironment: true,
      lastPolledAt: true,
      lastError: true,
      lastUid: true,
      defaultGroup: { select: { id: true, name: true } },
      _count: { select: { inboundEmails: true } },
    },
  });
}

export async function getMailbox(id: string) {
  return db().mailbox.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      host: true,
      port: true,
      tls: true,
      username: true,
      folder: true,
      defaultGroupId: true,
      afterProcessing: true,
      moveToFolder: true,
      pollSeconds: true,
      active: true,
      fromEnvironment: true,
      lastPolledAt: true,
      lastError: true,
      uidValidity: true,
      lastUid: true,
      _count: { select: { inboundEmails: true } },
    },
  });
}

async function checkGroup(groupId: string): Promise<string | null> {
  if (!groupId) return null;
  const group = await db().group.findUnique({ where: { id: groupId }, select: { id: true } });
  if (!group) throw new DomainError("validation.choose", "defaultGroupId");
  return group.id;
}

export async function createMailbox(input: MailboxForm & { actorId: string }) {
  if (!input.password) throw new DomainError("validation.required", "password");
  const defaultGroupId = await checkGroup(input.defaultGroupId);
  return db().$transaction(async (tx) => {
    const mailbox = await tx.mailbox.create({
      data: {
        name: input.name,
        host: input.host,
        port: input.port,
        tls: input.tls,
        username: input.username,
        passwordEncrypted: sealSecret(input.password),
        folder: input.folder,
        defaultGroupId,
        afterProcessing: input.afterProcessing,
        moveToFolder: input.afterProcessing === "move" ? input.moveToFolder : "",
        pollSeconds: input.pollSeconds,
        active: input.active,
      },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: input.actorId, action: "mailbox.created", entityType: "mailbox", entityId: mailbox.id, details: { name: input.name, host: input.host, username: input.username } });
    return mailbox;
  });
}

export async function updateMailbox(id: string, input: MailboxForm & { actorId: string }) {
  const existing = await db().mailbox.findUnique({ where: { id }, select: { id: true, fromEnvironment: true, host: true, port: true, username: true, folder: true } });
  if (!existing) throw new DomainError("errors.notFound");
  if (existing.fromEnvironment) throw new DomainError("email.mailbox.environmentReadOnly");
  const defaultGroupId = await checkGroup(input.defaultGroupId);
  // Another server, account or folder: the old cursor means nothing there.
  const moved = existing.host !== input.host || existing.port !== input.port || existing.username !== input.username || existing.folder !== input.folder;
  await db().$transaction(async (tx) => {
    await tx.mailbox.update({
      where: { id },
      data: {
        name: input.name,
        host: input.host,
        port: input.port,
        tls: input.tls,
        username: input.username,
        ...(input.password ? { passwordEncrypted: sealSecret(input.password) } : {}),
        folder: input.folder,
        defaultGroupId,
        afterProcessing: input.afterProcessing,
        moveToFolder: input.afterProcessing === "move" ? input.moveToFolder : "",
        pollSeconds: input.pollSeconds,
        active: input.active,
        lastError: null,
        ...(moved ? { uidValidity: null, lastUid: 0 } : {}),
      },
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "mailbox.updated",
      entityType: "mailbox",
      entityId: id,
      details: { name: input.name, host: input.host, username: input.username, passwordChanged: Boolean(input.password), cursorReset: moved },
    });
  });
}

/** Deleting would delete the raw mail it received: only an unused mailbox can go; others are deactivated. */
export async function deleteMailbox(id: string, actorId: string) {
  const existing = await db().mailbox.findUnique({ where: { id }, select: { id: true, name: true, fromEnvironment: true, _count: { select: { inboundEmails: true } } } });
  if (!existing) throw new DomainError("errors.notFound");
  if (existing.fromEnvironment) throw new DomainError("email.mailbox.environmentReadOnly");
  if (existing._count.inboundEmails > 0) throw new DomainError("email.mailbox.hasMail");
  await db().$transaction(async (tx) => {
    await tx.mailbox.delete({ where: { id } });
    await recordAudit(tx, { actorId, action: "mailbox.deleted", entityType: "mailbox", entityId: id, details: { name: existing.name } });
  });
}

/**
 * Mirrors IMAP_* into the environment mailbox row (created on first start, updated when the
 * variables change, deactivated when they are removed). Returns its id, or null.
 */
export async function syncEnvironmentMailbox(): Promise<string | null> {
  const config = env().mail.imap;
  const existing = await db().mailbox.findFirst({ where: { fromEnvironment: true }, select: { id: true, host: true, port: true, username: true, folder: true } });
  if (!config) {
    if (existing) await db().mailbox.update({ where: { id: existing.id }, data: { active: false } });
    return null;
  }
  const data = {
    name: ENVIRONMENT_MAILBOX_NAME,
    host: config.host,
    port: config.port,
    tls: config.tls,
    username: config.username,
    // The password stays in the environment; nothing to store.
    passwordEncrypted: "",
    folder: config.folder,
    pollSeconds: config.pollSeconds,
    active: true,
    fromEnvironment: true,
  };
  if (!existing) return (await db().mailbox.create({ data, select: { id: true } })).id;
  const moved = existing.host !== config.host || existing.port !== config.port || existing.username !== config.username || existing.folder !== config.folder;
  await db().mailbox.update({ where: { id: existing.id }, data: { ...data, ...(moved ? { uidValidity: null, lastUid: 0 } : {}) } });
  return existing.id;
}

/** How to reach a mailbox: the stored settings with the password unsealed (or taken from IMAP_PASSWORD). */
export async function mailboxImapSettings(mailbox: { fromEnvironment: boolean; host: string; port: number; tls: boolean; username: string; passwordEncrypted: string }): Promise<ImapSettings> {
  const password = mailbox.fromEnvironment ? (env().mail.imap?.password ?? "") : openSecret(mailbox.passwordEncrypted);
  return { host: mailbox.host, port: mailbox.port, tls: mailbox.tls, username: mailbox.username, password };
}

/** "Test connection": the server's answer, for a saved mailbox or for the values being typed. */
export async function testMailboxConnection(input: { mailboxId?: string; form?: Pick<MailboxForm, "host" | "port" | "tls" | "username" | "password" | "folder"> }): Promise<ConnectionTestResult> {
  if (input.form) {
    let password = input.form.password;
    if (!password && input.mailboxId) {
      const stored = await db().mailbox.findUnique({ where: { id: input.mailboxId }, select: { passwordEncrypted: true, fromEnvironment: true, host: true, port: true, tls: true, username: true } });
      if (stored) {
        try {
          password = (await mailboxImapSettings(stored)).password;
        } catch (error) {
          if (error instanceof SecretUnreadableError) throw new DomainError("email.mailbox.secretUnreadable", "password");
          throw error;
        }
      }
    }
    return testImapConnection({ host: input.form.host, port: input.form.port, tls: input.form.tls, username: input.form.username, password }, input.form.folder);
  }
  const mailbox = input.mailboxId ? await db().mailbox.findUnique({ where: { id: input.mailboxId } }) : null;
  if (!mailbox) return { ok: false, error: "not found" };
  try {
    return await testImapConnection(await mailboxImapSettings(mailbox), mailbox.folder);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
