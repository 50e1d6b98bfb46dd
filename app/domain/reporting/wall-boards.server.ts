import crypto from "node:crypto";
import { DomainError } from "~/domain/errors";
import { transactionWithEvents } from "~/domain/event-store.server";
import { recordAudit } from "~/domain/identity/audit.server";
import { db } from "~/lib/db.server";
import { rateLimiter } from "~/lib/rate-limit.server";

/**
 * Wall screens: a read-only link to the live customers-waiting board (/ecran/<token>) that an
 * administrator creates for a team's TV and may revoke. The token is "ecr_" + 43 base64url
 * characters (256 random bits); only its SHA-256 is stored, as for API tokens, so the link is
 * shown once. The token reads exactly one board (its scope: one group, or every ticket) and
 * opens that board's socket room, nothing else. A revoked board is "not found" and its sockets
 * are disconnected (event "wall_board.revoked").
 */

const TOKEN_PREFIX = "ecr_";
/** Last sight of the screen is written at most this often (a TV reconnects and reloads). */
const TOUCH_INTERVAL_MS = 60_000;

export function hashWallBoardToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** True when the text has the shape of a board token (checked before any database read). */
export function looksLikeWallBoardToken(text: string): boolean {
  return /^ecr_[A-Za-z0-9_-]{43}$/.test(text);
}

/** What a board shows: every ticket (groupId null) or one group's. */
export type WallBoardScope = { groupId: string | null };

/** A board as its screen knows it. */
export type WallBoardAccess = { id: string; name: string; groupId: string | null; groupName: string | null };

export type WallBoardSummary = {
  id: string;
  name: string;
  group: { id: string; name: string } | null;
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
};

export async function listWallBoards(): Promise<WallBoardSummary[]> {
  return db().wallBoard.findMany({
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      createdAt: true,
      lastSeenAt: true,
      revokedAt: true,
      group: { select: { id: true, name: true } },
      createdBy: { select: { id: true, name: true } },
    },
  });
}

/**
 * Creates a board and returns its token, the only time it exists in clear. Audited.
 */
export async function createWallBoard(input: { name: string; groupId: string | null; actorId: string; now?: Date }): Promise<{ id: string; token: string }> {
  const name = input.name.trim();
  if (!name) throw new DomainError("validation.required", "name");
  if (name.length > 100) throw new DomainError("validation.tooLong", "name");
  if (input.groupId) {
    const group = await db().group.findUnique({ where: { id: input.groupId }, select: { id: true } });
    if (!group) throw new DomainError("wallBoard.validation.unknownGroup", "groupId");
  }
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const created = await db().$transaction(async (tx) => {
    const row = await tx.wallBoard.create({
      data: { name, groupId: input.groupId, tokenHash: hashWallBoardToken(token), createdById: input.actorId, createdAt: input.now ?? new Date() },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "wall_board.created",
      entityType: "wall_board",
      entityId: row.id,
      details: { name, groupId: input.groupId },
    });
    return row;
  });
  return { id: created.id, token };
}

/**
 * Revokes a board: its link answers 404 from now on and its screens are disconnected. Revoking
 * twice changes nothing; an unknown board is not found.
 */
export async function revokeWallBoard(input: { wallBoardId: string; actorId: string; now?: Date }): Promise<void> {
  const row = await db().wallBoard.findUnique({ where: { id: input.wallBoardId }, select: { id: true, name: true, revokedAt: true } });
  if (!row) throw new DomainError("errors.notFound");
  if (row.revokedAt) return;
  await transactionWithEvents(async (tx, events) => {
    await tx.wallBoard.update({ where: { id: row.id }, data: { revokedAt: input.now ?? new Date(), revokedById: input.actorId } });
    await recordAudit(tx, { actorId: input.actorId, action: "wall_board.revoked", entityType: "wall_board", entityId: row.id, details: { name: row.name } });
    events.record("wall_board.revoked", { wallBoardId: row.id, actorId: input.actorId });
  });
}

/**
 * The board behind a token, if it exists and is not revoked; records that its screen was seen
 * (at most once a minute). Null otherwise: the page answers 404 and the socket is refused.
 */
export async function authenticateWallBoard(token: string, now = new Date()): Promise<WallBoardAccess | null> {
  if (!looksLikeWallBoardToken(token)) return null;
  const row = await db().wallBoard.findUnique({
    where: { tokenHash: hashWallBoardToken(token) },
    select: { id: true, name: true, groupId: true, revokedAt: true, lastSeenAt: true, group: { select: { name: true } } },
  });
  if (!row || row.revokedAt) return null;
  if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().wallBoard.update({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  return { id: row.id, name: row.name, groupId: row.groupId, groupName: row.group?.name ?? null };
}

/** Unknown or revoked links tried from one address before it is refused for a while (guessing is hopeless anyway: 256 bits). */
export const WALL_BOARD_FAILED_LOOKUPS_PER_15_MIN = 30;

/**
 * The board a screen opens (page or socket), or "limited" when its address tried too many
 * unknown links lately; each failed lookup counts against the address.
 */
export async function openWallBoard(token: string, clientAddress: string, now = new Date()): Promise<WallBoardAccess | "limited" | null> {
  const limiter = rateLimiter("wall-board:ip", WALL_BOARD_FAILED_LOOKUPS_PER_15_MIN, 15 * 60_000);
  const key = clientAddress || "unknown";
  if (limiter.check(key, now.getTime()).limited) return "limited";
  const board = await authenticateWallBoard(token, now);
  if (!board) limiter.hit(key, now.getTime());
  return board;
}

/** The ids among `ids` of boards that are still active (the realtime layer's periodic check). */
export async function stillActiveWallBoardIds(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db().wallBoard.findMany({ where: { id: { in: ids }, revokedAt: null }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}
