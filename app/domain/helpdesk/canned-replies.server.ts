import { DomainError } from "~/domain/errors";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import { renderCannedReply, unknownPlaceholders, type CannedReplyContext } from "./canned-replies";

/**
 * Canned replies: administrators write them (Administration → Réponses types), agents insert
 * them in the composer with the placeholders filled for the ticket (canned-replies.ts).
 */

export class UnknownPlaceholderError extends DomainError {
  constructor(readonly placeholders: string[]) {
    super("helpdesk.canned.unknownPlaceholders", "body");
    this.name = "UnknownPlaceholderError";
  }
}

export async function listCannedReplies() {
  return db().cannedReply.findMany({
    orderBy: { title: "asc" },
    select: { id: true, title: true, body: true, updatedAt: true, createdBy: { select: { name: true } } },
  });
}

export async function getCannedReply(id: string) {
  return db().cannedReply.findUnique({ where: { id }, select: { id: true, title: true, body: true, updatedAt: true } });
}

function checkPlaceholders(body: string) {
  const unknown = unknownPlaceholders(body);
  if (unknown.length > 0) throw new UnknownPlaceholderError(unknown);
}

export async function createCannedReply(input: { title: string; body: string; actorId: string }): Promise<{ id: string }> {
  checkPlaceholders(input.body);
  return db().$transaction(async (tx) => {
    const reply = await tx.cannedReply.create({ data: { title: input.title, body: input.body, createdById: input.actorId }, select: { id: true } });
    await recordAudit(tx, { actorId: input.actorId, action: "canned_reply.created", entityType: "canned_reply", entityId: reply.id, details: { title: input.title } });
    return reply;
  });
}

/** Saves an edit unless someone saved the reply since `version` (its updatedAt when the form was loaded). */
export async function updateCannedReply(id: string, input: { title: string; body: string; actorId: string; version?: Date }): Promise<void> {
  checkPlaceholders(input.body);
  await db().$transaction(async (tx) => {
    const before = await tx.cannedReply.findUnique({ where: { id }, select: { updatedAt: true } });
    if (!before) throw new DomainError("errors.notFound");
    if (input.version && before.updatedAt.getTime() !== input.version.getTime()) throw new DomainError("validation.staleRecord");
    await tx.cannedReply.update({ where: { id }, data: { title: input.title, body: input.body } });
    await recordAudit(tx, { actorId: input.actorId, action: "canned_reply.updated", entityType: "canned_reply", entityId: id, details: { title: input.title } });
  });
}

export async function deleteCannedReply(id: string, actorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const reply = await tx.cannedReply.findUnique({ where: { id }, select: { title: true } });
    if (!reply) throw new DomainError("errors.notFound");
    await tx.cannedReply.delete({ where: { id } });
    await recordAudit(tx, { actorId, action: "canned_reply.deleted", entityType: "canned_reply", entityId: id, details: { title: reply.title } });
  });
}

/** Every canned reply filled for one ticket and agent, ready to insert in the composer. */
export async function cannedRepliesFor(context: CannedReplyContext) {
  const replies = await db().cannedReply.findMany({ orderBy: { title: "asc" }, select: { id: true, title: true, body: true } });
  return replies.map((reply) => ({ id: reply.id, title: reply.title, ...renderCannedReply(reply.body, context) }));
}
