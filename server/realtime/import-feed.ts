import { onDomainEvent } from "~/domain/events.server";
import { can } from "~/domain/identity/permissions";
import type { RealtimeServer, RealtimeSocket } from "./types.ts";

/**
 * Live import progress: a staff socket whose user may import joins `import:<id>` on request; the
 * runner's `import.progressed` events (counts and status, never the rows' data) reach that room.
 * A user who loses the permission is refused the next join.
 */

export const importRoom = (jobId: string) => `import:${jobId}`;

const validId = (value: unknown): value is string => typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);

export function handleImportJoin(socket: RealtimeSocket) {
  socket.on("import:join", (jobId, ack) => {
    const answer = typeof ack === "function" ? ack : () => undefined;
    if (!validId(jobId) || !can(socket.data.user, "create:import")) return answer({ ok: false });
    void socket.join(importRoom(jobId));
    answer({ ok: true });
  });
  socket.on("import:leave", (jobId) => {
    if (validId(jobId)) void socket.leave(importRoom(jobId));
  });
}

export function startImportFeed(io: RealtimeServer): () => void {
  const unsubscribe = onDomainEvent("import.progressed", ({ jobId, status, totalRows, doneRows, counts }) => {
    io.to(importRoom(jobId)).emit("import:progress", { jobId, status, totalRows, doneRows, counts });
  });
  return unsubscribe;
}
