import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";

describe("embedded database connection", () => {
  it("runs in WAL mode with foreign keys enforced, before the first query of the process", async () => {
    const [journal] = await db().$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode");
    const [foreignKeys] = await db().$queryRawUnsafe<Array<{ foreign_keys: bigint }>>("PRAGMA foreign_keys");
    const [synchronous] = await db().$queryRawUnsafe<Array<{ synchronous: bigint }>>("PRAGMA synchronous");
    expect(journal.journal_mode).toBe("wal");
    expect(Number(foreignKeys.foreign_keys)).toBe(1);
    expect(Number(synchronous.synchronous)).toBe(1);
  });

  it("refuses a row that points to nothing", async () => {
    await expect(db().contactEmail.create({ data: { address: "orphelin@exemple.test", contactId: "n-existe-pas" } })).rejects.toThrow();
    expect(await db().contactEmail.count({ where: { address: "orphelin@exemple.test" } })).toBe(0);
  });
});
