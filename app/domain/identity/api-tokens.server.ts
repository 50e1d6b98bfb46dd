import crypto from "node:crypto";
import { DomainError } from "~/domain/errors";
import { db } from "~/lib/db.server";
import { recordAudit } from "./audit.server";
import { can, isApiScope, usefulScopesFor, type ApiScope } from "./permissions";
import type { SessionUser } from "./sessions.server";

/**
 * Personal API tokens. A token is "cpt_" + 43 base64url characters (256 random bits); only its
 * SHA-256 is stored, so the database never holds a usable token. A token acts as its user (their
 * role, groups and record rules), narrowed to its scopes; it dies with its expiry, its revocation,
 * or its user's deactivation. Creation and revocation are audited.
 */

const TOKEN_PREFIX = "cpt_";
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** Last use is written at most this often per token (a busy integration would write every call). */
const TOUCH_INTERVAL_MS = 60_000;

export function hashApiToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** True when the text has the shape of one of our tokens (checked before any database read). */
export function looksLikeApiToken(text: string): boolean {
  return /^cpt_[A-Za-z0-9_-]{43}$/.test(text);
}

export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string;
  revokedAt: Date | null;
  user: { id: string; name: string; email: string };
};

const summarySelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const;

function parseScopes(raw: string): ApiScope[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter(isApiScope) : [];
  } catch {
    return [];
  }
}

function toSummary(row: { scopes: string } & Omit<ApiTokenSummary, "scopes">): ApiTokenSummary {
  return { ...row, scopes: parseScopes(row.scopes) };
}

export type NewApiToken = { name: string; scopes: ApiScope[]; expiresAt: Date | null };

/**
 * Creates a token for `userId` (the user themselves, or an admin from the command line) and
 * returns its secret, the only time it exists in clear. Scopes the user's role cannot use are
 * refused, so a token never promises more than it can do.
 */
export async function createApiToken(input: NewApiToken & { userId: string; actorId: string | null; now?: Date }): Promise<{ id: string; token: string; prefix: string }> {
  const now = input.now ?? new Date();
  const name = input.name.trim();
  if (!name) throw new DomainError("validation.required", "name");
  if (name.length > 100) throw new DomainError("validation.tooLong", "name");
  const user = await db().user.findUnique({ where: { id: input.userId }, select: { id: true, role: true, restrictToGroups: true, active: true } });
  if (!user || !user.active) throw new DomainError("errors.notFound");
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) throw new DomainError("api.tokens.validation.scopesRequired", "scopes");
  const useful = new Set(usefulScopesFor(user));
  if (scopes.some((scope) => !useful.has(scope))) throw new DomainError("api.tokens.validation.scopeNotForRole", "scopes");
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) throw new DomainError("api.tokens.validation.expiryPast", "expiresAt");

  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, SHOWN_PREFIX_LENGTH);
  const created = await db().$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { userId: user.id, name, scopes: JSON.stringify(scopes), tokenHash: hashApiToken(token), prefix, expiresAt: input.expiresAt, createdAt: now },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "api_token.created",
      entityType: "user",
      entityId: user.id,
      details: { tokenId: row.id, name, scopes, prefix, expiresAt: input.expiresAt?.toISOString() ?? null },
    });
    return row;
  });
  return { id: created.id, token, prefix };
}

/** A user's own tokens, newest first (revoked ones included, for the record). */
export async function listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
  const rows = await db().apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: summarySelect });
  return rows.map(toSummary);
}

/** Every token of the workspace, for administrators. */
export async function listAllApiTokens(options: { includeRevoked?: boolean } = {}): Promise<ApiTokenSummary[]> {
  const rows = await db().apiToken.findMany({
    where: options.includeRevoked ? {} : { revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: summarySelect,
  });
  return rows.map(toSummary);
}

/**
 * Revokes a token: its owner may, an administrator may revoke anyone's. Someone else's token is
 * "not found" for a non-admin. Revoking twice changes nothing.
 */
export async function revokeApiToken(input: { tokenId: string; actor: { id: string; role: string; restrictToGroups: boolean } | null; now?: Date }): Promise<void> {
  const row = await db().apiToken.findUnique({ where: { id: input.tokenId }, select: { id: true, userId: true, prefix: true, revokedAt: true } });
  const mayRevoke = row && (input.actor === null || row.userId === input.actor.id || can(input.actor, "manage:user"));
  if (!row || !mayRevoke) throw new DomainError("errors.notFound");
  if (row.revokedAt) return;
  await db().$transaction(async (tx) => {
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: input.now ?? new Date(), revokedById: input.actor?.id ?? null } });
    await recordAudit(tx, { actorId: input.actor?.id ?? null, action: "api_token.revoked", entityType: "user", entityId: row.userId, details: { tokenId: row.id, prefix: row.prefix } });
  });
}

export type ApiCaller = SessionUser & { tokenId: string; scopes: ApiScope[] };

/**
 * The caller behind a bearer token: the token exists, is not revoked nor expired, and its user is
 * active. Records the last use (at most once a minute). Null otherwise: the API answers 401
 * without saying which.
 */
export async function authenticateApiToken(token: string, context: { ipAddress: string; now?: Date }): Promise<ApiCaller | null> {
  if (!looksLikeApiToken(token)) return null;
  const now = context.now ?? new Date();
  const row = await db().apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, locale: true, restrictToGroups: true, writesKnowledge: true, active: true } },
    },
  });
  if (!row || row.revokedAt || !row.user.active) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now, lastUsedIp: context.ipAddress.slice(0, 64) } });
  }
  const { active: _active, ...user } = row.user;
  return { ...user, tokenId: row.id, scopes: parseScopes(row.scopes) };
}

/** Finds a token by its id or its shown prefix (command line). */
export async function findApiTokenId(idOrPrefix: string): Promise<string | null> {
  const row = await db().apiToken.findFirst({ where: { OR: [{ id: idOrPrefix }, { prefix: idOrPrefix }] }, select: { id: true } });
  return row?.id ?? null;
}
