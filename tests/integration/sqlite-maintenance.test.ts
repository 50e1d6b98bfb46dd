import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db, optimizeDatabase } from "~/lib/db.server";
import { withSearchIndexRepair } from "~/lib/search/sqlite-fts.server";
import { lastMessageAtSql, withLastMessageAtRepair } from "~/lib/sqlite.server";
import { aContact, aCustomerTicket } from "../support/customers-factories.ts";

describe("SQLite maintenance", () => {
  it("refreshes the planner statistics at start-up, in milliseconds, for tables whose indexes have none", async () => {
    for (let i = 0; i < 30; i++) await db().tag.create({ data: { name: `maintenance-${i}` } });
    const started = performance.now();
    await optimizeDatabase("start");
    expect(performance.now() - started).toBeLessThan(2000);
    const stats = await db().$queryRawUnsafe<Array<{ tbl: string }>>(`SELECT "tbl" FROM "sqlite_stat1" WHERE "tbl" = 'Tag'`);
    expect(stats.length).toBeGreaterThan(0);
    // The periodic run is a no-op when nothing changed much, and never fails.
    await optimizeDatabase("periodic");
  });

  it("brings the Ticket.lastMessageAt triggers back after a migration that rebuilds Message", async () => {
    // What Prisma's "redefine" does, in short (it keeps the keys; this copy does not, hence foreign keys off below).
    const rebuild = [
      'CREATE TABLE "new_Message" AS SELECT * FROM "Message";',
      'DROP TABLE "Message";',
      'ALTER TABLE "new_Message" RENAME TO "Message";',
    ].join("\n");
    expect(withLastMessageAtRepair('CREATE INDEX "x" ON "Message"("direction");')).toBe('CREATE INDEX "x" ON "Message"("direction");');
    const migration = withSearchIndexRepair(withLastMessageAtRepair(rebuild));
    expect(migration).toContain(lastMessageAtSql.createTriggers);

    const contact = await aContact();
    const ticket = await aCustomerTicket(contact, { createdAt: new Date("2025-05-01T08:00:00Z") });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "comptoir-last-message-"));
    const copy = path.join(dir, "copy.db");
    await db().$executeRawUnsafe(`VACUUM INTO '${copy}'`);
    const sqlite = new Database(copy);
    try {
      sqlite.pragma("foreign_keys = OFF");
      sqlite.exec(migration);
      const triggers = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ticket_last_message_%'`).pluck().all();
      expect([...triggers].sort()).toEqual([...lastMessageAtSql.triggerNames].sort());
      sqlite
        .prepare(`INSERT INTO "Message" ("id", "ticketId", "direction", "visibility", "bodyText", "hasRemoteContent", "createdAt") VALUES ('m-after-rebuild', ?, 'out', 'public', 'Suite', 0, '2025-05-03T08:00:00.000+00:00')`)
        .run(ticket.id);
      expect(sqlite.prepare(`SELECT "lastMessageAt" FROM "Ticket" WHERE "id" = ?`).pluck().get(ticket.id)).toBe("2025-05-03T08:00:00.000+00:00");
    } finally {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
